"""Text search: the trigram bit-planes of ``dashboard.filters.text`` against SQLite FTS5's ``trigram`` tokenizer.

    python -m benchmarks.search_fts                  # N = 10,000 and 100,000 (about 4 minutes on 2 cores)
    python -m benchmarks.search_fts --sizes 10000    # one size

On the records ``benchmarks.run`` generates (seed 1, 20 documents per 1,000 events, kept in the
same folder and made the same way), the text the search filter reads (``search_texts`` of the
events frame: title, summary, quotes, note, place, tags, actors' names) is indexed by each engine
in a fresh process of its own:

- **bit-planes**: ``Haystack.of``, as the app builds it: every row folded (``fold``: case,
  accents, apostrophes, hyphens, the ezafe), joined, and its :class:`GramIndex` of signatures;
  a query is ``Haystack.keep_matching`` on a mask of every row.
- **FTS5 (detail=full)**: the same folded rows (``Haystack.of(..., indexed=False)``, the same
  fold), inserted into ``fts5(x, tokenize='trigram case_sensitive 1')`` in an in-memory
  database in one transaction, then ``optimize``; each term of the project's ``terms(query)``
  (every word, in any order; a quoted phrase as written) of three characters or more is a quoted
  FTS5 phrase, all joined with ``AND``; a shorter term (which a trigram index cannot hold) is
  tested with ``instr`` on the rows left.
- **FTS5 (detail=none)**: as above with ``detail=none`` (a smaller index without positions,
  which FTS5 does not allow phrase queries on), each term a ``GLOB '*term*'`` (which FTS5 answers
  from its trigrams and checks in the text).

Case and accents are left to the project's fold (``case_sensitive 1``), so each engine answers the
same question: does the folded row hold every folded term. Every query's rows are compared
across the engines; a difference is an error (exit status 1).

Measured per engine: the build (folding included; the fold alone is given too), the memory held
(the folded text, its row offsets and the index for the bit-planes; the database's pages for
FTS5, which holds the text itself and needs no other copy), the growth of the process's resident
memory from before the build to after it and of its peak resident memory during the build
(Linux; the peak reset through ``/proc/self/clear_refs``), and the median time of each query
after a warm-up, the query's rows turned into row positions as the filter needs them. Ratios are
of FTS5 to the bit-planes, measured in the same run. Nothing here is asserted by a test:
``tests/test_benchmarks_smoke.py`` runs it at a tiny size and compares the engines' rows.
"""

from __future__ import annotations

import argparse
import gc
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: python benchmarks/search_fts.py
    sys.path.insert(0, str(ROOT))

from benchmarks.generate import SEARCH_TERM  # noqa: E402
from benchmarks.run import default_data_dir, machine, markdown_table, measure, record_for  # noqa: E402
from dashboard.filters.text import Haystack, terms  # noqa: E402

SIZES = (10_000, 100_000)
QUERIES = (
    ("one word", SEARCH_TERM),
    ("two words, in any order", f"embassy {SEARCH_TERM}"),
    ("a quoted phrase", f'"the {SEARCH_TERM}"'),
    ("a 3-character string", "Zür"),
    ("a 2-character string", "ïv"),
    ("no match", "quetzal"),
)
"""(what it is, the query as typed): words of the generated prose (``benchmarks.generate``); "Zür" and
"ïv" are folded to "zur" (of "Zürich") and "iv" (of "naïve" and others)."""
ENGINES = ("bitplanes", "fts5", "fts5-none")
NAMES = {"bitplanes": "bit-planes", "fts5": "FTS5 (detail=full)", "fts5-none": "FTS5 (detail=none)"}


# --- the engines -------------------------------------------------------------------------------


def folded_rows(texts: list[str]) -> list[str]:
    """Each text folded as the search folds it (the same pass ``Haystack.of`` makes), one string a row."""
    haystack = Haystack.of(texts, indexed=False)
    return haystack.joined.decode("utf-8").split("\x00") if len(haystack) else []


class BitPlanes:
    """The product's search: a :class:`Haystack` with its :class:`GramIndex`."""

    def __init__(self, texts: list[str]) -> None:
        self.haystack = Haystack.of(texts, indexed=True)

    def held(self) -> int:
        """Bytes held: the folded text, the list of row offsets and the index."""
        index, starts = self.haystack.index, self.haystack.starts
        offsets = sys.getsizeof(starts) + sum(map(sys.getsizeof, starts))
        return len(self.haystack.joined) + offsets + (index.nbytes if index is not None else 0)

    def rows(self, query: str) -> np.ndarray:
        mask = np.ones(len(self.haystack), dtype=bool)
        self.haystack.keep_matching(query, mask)
        return np.flatnonzero(mask)


def _glob(term: str) -> str:
    """A GLOB pattern matching any text that holds ``term`` (its ``*``, ``?`` and ``[`` taken literally)."""
    return "*" + "".join(f"[{c}]" if c in "*?[" else c for c in term) + "*"


class Fts5:
    """The folded rows in an in-memory FTS5 table with the ``trigram`` tokenizer (rowid = row position)."""

    def __init__(self, texts: list[str], *, detail: str = "full") -> None:
        self.detail = detail
        self.db = sqlite3.connect(":memory:")
        self.db.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram case_sensitive 1', detail={detail})")
        with self.db:
            self.db.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", enumerate(folded_rows(texts)))
            self.db.execute("INSERT INTO t(t) VALUES ('optimize')")

    def held(self) -> int:
        """Bytes of the database's pages (the table's text, the index and FTS5's other tables)."""
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        return pages * self.db.execute("PRAGMA page_size").fetchone()[0]

    def sql(self, query: str) -> tuple[str, list[str]]:
        """The statement, and its parameters, selecting the rowids of the rows that hold every term of ``query``."""
        found = terms(query)
        if not found:
            return "SELECT rowid FROM t ORDER BY rowid", []
        if self.detail != "full":
            return "SELECT rowid FROM t WHERE " + " AND ".join(["x GLOB ?"] * len(found)) + " ORDER BY rowid", [
                _glob(t) for t in found
            ]
        long = [t for t in found if len(t) >= 3]
        short = [t for t in found if len(t) < 3]
        where = (["t MATCH ?"] if long else []) + ["instr(x, ?) > 0"] * len(short)
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in long)
        return "SELECT rowid FROM t WHERE " + " AND ".join(where) + " ORDER BY rowid", [match] * bool(long) + short

    def rows(self, query: str) -> np.ndarray:
        statement, params = self.sql(query)
        found = self.db.execute(statement, params).fetchall()
        return np.fromiter((r for (r,) in found), dtype=np.int64, count=len(found))


def build(engine: str, texts: list[str]) -> BitPlanes | Fts5:
    """The engine's index of ``texts``."""
    if engine == "bitplanes":
        return BitPlanes(texts)
    return Fts5(texts, detail="none" if engine == "fts5-none" else "full")


# --- measuring, in a child process per engine and N ---------------------------------------------


def _status_kb(field: str) -> int | None:
    """A ``/proc/self/status`` line's value in kB (``VmRSS``, ``VmHWM``), None where there is none."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            return next((int(line.split()[1]) for line in f if line.startswith(field + ":")), None)
    except OSError:
        return None


def _reset_peak() -> bool:
    """Reset the process's peak resident memory (``VmHWM``) to its current size; False where Linux does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def watched(fn: Callable[[], Any]) -> tuple[Any, float, float | None, float | None]:
    """One call of ``fn``: its result, its seconds, and how much the process's peak resident memory and its
    resident memory (after a collection) grew from before the call (MB; None where Linux does not say)."""
    gc.collect()
    before = _status_kb("VmRSS")
    peak_known = _reset_peak()
    t = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - t
    peak = _status_kb("VmHWM")
    gc.collect()
    after = _status_kb("VmRSS")
    peak_mb = (peak - before) / 1024 if peak_known and peak and before else None
    resident_mb = (after - before) / 1024 if after and before else None
    return result, seconds, peak_mb, resident_mb


def child(engine: str, texts_path: Path, reps: int) -> dict[str, Any]:
    """Build one engine's index of the texts in ``texts_path`` (JSON list) and time every query."""
    texts = json.loads(texts_path.read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    index, out["build"], out["peak_growth_mb"], out["resident_growth_mb"] = watched(lambda: build(engine, texts))
    out["held_mb"] = index.held() / 1e6
    out["queries"] = {}
    for _label, query in QUERIES:
        seconds, rows = measure(lambda q=query: index.rows(q), reps)
        out["queries"][query] = {"s": seconds, "rows": rows.tolist()}
    if engine == "bitplanes":  # the fold alone, as both engines make it (after the build: its memory is the build's)
        del index
        _, _, out["fold_peak_growth_mb"], _ = watched(lambda: Haystack.of(texts, indexed=False))
        out["fold"], _ = measure(lambda: Haystack.of(texts, indexed=False), reps)
    return out


def search_texts_of(path: Path) -> list[str]:
    """The text the search filter reads, one string per event of the record at ``path`` (loaded as the app loads it)."""
    from dashboard.filters.kinds import search_texts
    from dashboard.frame import events_frame
    from loaders import load_record

    return search_texts(events_frame(load_record(path)))


def run_engine(engine: str, texts_path: Path, reps: int) -> dict[str, Any]:
    """One engine measured in a fresh process (so its memory is its own)."""
    cmd = [sys.executable, "-m", "benchmarks.search_fts", "--child", engine, str(texts_path), "--reps", str(reps)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{engine} failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure_size(texts: list[str], reps: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Every engine on ``texts``: ``{engine: child results}``."""
    with tempfile.TemporaryDirectory(prefix="search-fts-") as tmp:
        texts_path = Path(tmp) / "texts.json"
        texts_path.write_text(json.dumps(texts), encoding="utf-8")
        results = {}
        for engine in ENGINES:
            log(f"  {NAMES[engine]} ...")
            results[engine] = run_engine(engine, texts_path, reps)
    return results


def differences(results: dict[str, Any]) -> list[str]:
    """One line per query whose rows differ between the bit-planes and an FTS5 engine."""
    base = results["bitplanes"]["queries"]
    return [
        f"{NAMES[engine]} finds other rows than the bit-planes for {query!r}"
        for engine in ENGINES[1:]
        for query, found in results[engine]["queries"].items()
        if found["rows"] != base[query]["rows"]
    ]


def _ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:.2f}" if value is not None and base else ""


def table(n: int, results: dict[str, Any]) -> str:
    """One size's measures: a row per measure, a column per engine, and each FTS5 engine's ratio to the bit-planes."""
    head = [f"N={n:,}", NAMES["bitplanes"]]
    for engine in ENGINES[1:]:
        head += [NAMES[engine], "ratio"]
    lines = [head]

    def row(label: str, get: Callable[[dict[str, Any]], float | None], fmt: str) -> None:
        base = get(results["bitplanes"])
        cells = [label, format(base, fmt) if base is not None else ""]
        for engine in ENGINES[1:]:
            value = get(results[engine])
            cells += [format(value, fmt) if value is not None else "", _ratio(value, base)]
        lines.append(cells)

    fold = results["bitplanes"]["fold"]
    row("build, fold included (s)", lambda r: r["build"], ".2f")
    lines.append(["  of which the fold (s)", f"{fold:.2f}", f"{fold:.2f}", "", f"{fold:.2f}", ""])
    row("memory held (MB)", lambda r: r["held_mb"], ".1f")
    row("resident memory growth, build (MB)", lambda r: r["resident_growth_mb"], ".1f")
    row("peak memory growth, build (MB)", lambda r: r["peak_growth_mb"], ".0f")
    fold_peak = results["bitplanes"].get("fold_peak_growth_mb")
    fold_peak_text = f"{fold_peak:.0f}" if fold_peak is not None else ""
    lines.append(["  of which the fold alone (MB)", fold_peak_text, fold_peak_text, "", fold_peak_text, ""])
    for label, query in QUERIES:
        found = len(results["bitplanes"]["queries"][query]["rows"])
        row(f"{label}: {query} ({found:,} rows) (ms)", lambda r, q=query: r["queries"][q]["s"] * 1000, ".2f")
    return markdown_table(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Text search: trigram bit-planes against SQLite FTS5 (trigram).")
    parser.add_argument("--sizes", help="comma-separated event counts (default 10000,100000)")
    parser.add_argument("--reps", type=int, default=7, help="repetitions of each query after a warm-up (default 7)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data", type=Path, default=None, help="where generated records are kept")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "TEXTS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), args.reps)))
        return 0

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",")) if args.sizes else SIZES
    data_dir = args.data or default_data_dir()
    started = time.perf_counter()
    results: dict[int, dict[str, Any]] = {}
    for n in sizes:
        path = record_for(n, args.seed, data_dir, log=log)
        log(f"measuring N={n:,} ...")
        texts = search_texts_of(path)
        try:
            results[n] = measure_size(texts, args.reps, log)
        except RuntimeError as exc:
            log(str(exc))
            return 2
        results[n]["text_mb"] = sum(map(len, texts)) / 1e6
        del texts

    print(f"SQLite {sqlite3.sqlite_version}; {machine()}")
    print(f"Queries: the median of {args.reps} after a warm-up; ratios are FTS5 / bit-planes, from this run.")
    for n, r in results.items():
        print()
        print(f"N={n:,}: {r['text_mb']:.1f} M characters searched")
        print(table(n, r))
    problems = [line for n, r in results.items() for line in differences(r)]
    print()
    print("\n".join(problems) if problems else "every engine finds the same rows for every query")
    print(f"total time {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results}) + "\n", encoding="utf-8")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
