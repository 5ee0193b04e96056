"""Benchmark of the one-voice-per-passage check: many speakers cost no more than one.

``python -m benchmarks.voices`` validates generated records of N citations (20,000 and 40,000 by
default), each citing its own sentence of one document, twice: once with every citation naming
a speaker of its own, once with all of them naming one shared speaker. Only the speakers differ,
so the loader's other work is the same in both; the budget is that N distinct speakers take at
most 2x the time of one (a check per speaker made this quadratic). It also times the check's
sweep alone (``loaders.passages.voice_clashes``) on N passages that all overlap.

Each load is ``load_record(..., cache=False)`` in this process, the median of ``--reps`` runs.
Exit status 0 when every ratio is within the budget, 1 otherwise.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: python benchmarks/voices.py
    sys.path.insert(0, str(ROOT))

from loaders import load_record  # noqa: E402
from loaders.passages import voice_clashes  # noqa: E402

SIZES = (20_000, 40_000)
RATIO = 2.0
"""N distinct speakers may take at most this many times the time of one shared speaker."""


def write_record(folder: Path, n: int, *, distinct: bool) -> Path:
    """A valid record of ``n`` events, each citing its own sentence of one document."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences = [f"Entry {i} of the ledger records the harbour dues paid that day." for i in range(n)]
    (folder / "ledger.txt").write_text("\n".join(sentences) + "\n", encoding="utf-8")
    speakers = range(n) if distinct else range(1)
    lines = [
        "title: Ledger",
        "period: {start: 1900, end: 1950}",
        "perspectives:\n  - {id: clerks, label: Clerks}",
        "categories:\n  - {id: dues, label: Dues}",
        "actors:\n  - {id: harbour, name: Harbour board, kind: organisation}",
        "speakers:",
        *(f"  - {{id: s{i}, name: Clerk {i}, perspective: clerks, basis: The ledger's hand {i}.}}" for i in speakers),
        "sources:\n  - {id: ledger, file: ledger.txt, title: Ledger, publisher: Harbour board, speaker: s0}",
        "events:",
    ]
    for i in range(n):
        speaker = i if distinct else 0
        lines.append(
            f"  - {{id: e{i}, date: 1920, title: Dues {i}, summary: Dues were paid., actors: [harbour], "
            f"category: dues, citations: [{{source: ledger, quote: 'Entry {i} of the ledger records', "
            f"speaker: s{speaker}}}]}}"
        )
    path = folder / "events.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def median_time(fn: Callable[[], object], reps: int) -> float:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="numbers of citations, comma-separated")
    parser.add_argument("--reps", type=int, default=3, help="repetitions of each load (median)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    failed = []
    print(f"{'citations':>10} {'one speaker (s)':>16} {'distinct (s)':>13} {'ratio':>6} {'sweep alone (ms)':>17}")
    with tempfile.TemporaryDirectory(prefix="mek-timeline-voices-") as tmp:
        for n in sizes:
            timed = {}
            for distinct in (False, True):
                path = write_record(Path(tmp) / f"{n}-{distinct}", n, distinct=distinct)
                record = load_record(path, cache=False)  # a warm-up, and a check that the record is valid
                assert len(record.events) == n
                timed[distinct] = median_time(lambda p=path: load_record(p, cache=False), args.reps)
            passages = [(i, 10 * n + i, i, f"s{i}") for i in range(n)]
            sweep = median_time(lambda p=passages: voice_clashes(p), args.reps) * 1000
            ratio = timed[True] / timed[False]
            print(f"{n:>10,} {timed[False]:>16.2f} {timed[True]:>13.2f} {ratio:>6.2f} {sweep:>17.1f}")
            if ratio > RATIO:
                failed.append(f"{n:,} distinct speakers took {ratio:.2f}x the time of one (budget {RATIO:g}x)")
    for line in failed:
        print(f"over budget: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
