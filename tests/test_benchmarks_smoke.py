"""The scale benchmark keeps working: generated records are valid, and a tiny run completes.

No timing is asserted here: the budgets are checked by ``python -m benchmarks.run`` itself.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

from loaders import load_record

if str(ROOT) not in sys.path:  # benchmarks/ is not an installed package
    sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate


def test_generated_record_is_valid_and_uses_every_date_form(tmp_path):
    path = generate(tmp_path / "rec", 300, 3, seed=7)
    record = load_record(path)
    assert len(record.events) == 300 and len(record.sources) == 3
    assert all(1 <= len(e.citations) <= 3 for e in record.events)
    assert {d.precision for d in record.dates.values()} == {"day", "month", "season", "year", "decade", "span"}
    assert any(d.approximate for d in record.dates.values()) and any(d.uncertain for d in record.dates.values())
    assert any(e.contested for e in record.events)
    assert all(40 <= len(c.quote) <= 320 for e in record.events for c in e.citations)
    sizes = [(path.parent / s.file).stat().st_size for s in record.sources.values()]
    assert all(50_000 <= size <= 160_000 for size in sizes)


def test_generation_is_deterministic_for_a_seed(tmp_path):
    a = generate(tmp_path / "a", 50, 2, seed=3)
    b = generate(tmp_path / "b", 50, 2, seed=3)
    c = generate(tmp_path / "c", 50, 2, seed=4)
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    assert (a.parent / "sources" / "doc-0001.txt").read_bytes() == (b.parent / "sources" / "doc-0001.txt").read_bytes()


def test_benchmark_runs_at_a_tiny_size(tmp_path):
    out = subprocess.run(
        [
            *(sys.executable, "-m", "benchmarks.run", "--sizes", "30,60", "--app-at", "60", "--reps", "1"),
            *("--data", str(tmp_path / "data"), "--json", str(tmp_path / "results.json")),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode in (0, 1), out.stderr  # 1: over budget, which a tiny size may well be
    for stage in ("(a) yaml.load", "(b) load_record", "(c) events_frame", "(d) filter", "(e) timeline", "(f) app"):
        assert stage in out.stdout, stage
    assert "ratio (b)/(a)" in out.stdout and "growth per 10x of N" in out.stdout and "peak memory" in out.stdout
    assert "(b) <= 3x (a) at N=30" in out.stdout
    assert (tmp_path / "results.json").is_file()
    assert not (ROOT / "benchmarks" / "data").exists()
