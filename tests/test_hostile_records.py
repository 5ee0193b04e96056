"""Every hostile record in tests/hostile_records.py is refused the same way everywhere.

``python -m loaders validate`` exits 1 with one located line per problem and no traceback,
within a CPU-time and memory allowance enforced on the child process (the kernel stops it
past 5 CPU seconds; its peak resident memory must stay under 1 GiB). The dashboard shows the
same problems as a list, never an exception; ``coverage`` and ``export`` print them too.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys

import pytest
from conftest import ROOT
from hostile_records import CASES, build, environment

CPU_SECONDS = 5
MEMORY_KIB = 1024 * 1024  # ru_maxrss is in KiB on Linux


def _limit_cpu() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 1))


def test_the_corpus_has_at_least_sixty_records():
    assert len(CASES) >= 60


def _run_validate(path, tmp_path, env: dict[str, str]) -> tuple[int, str, str, int]:
    """Exit code, output, errors and peak resident memory (KiB) of ``validate`` on ``path``."""
    out_file, err_file = tmp_path / "stdout", tmp_path / "stderr"
    with out_file.open("wb") as out, err_file.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "loaders", "validate", str(path)],
            cwd=ROOT,
            stdout=out,
            stderr=err,
            preexec_fn=_limit_cpu,
            env={**os.environ, **env},
        )
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own resource use
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = (out_file.read_text("utf-8", "replace"), err_file.read_text("utf-8", "replace"))
    return proc.returncode, *text, usage.ru_maxrss


@pytest.mark.parametrize("name", sorted(CASES))
def test_validate_refuses_with_located_one_line_problems(name, tmp_path):
    path = build(name, tmp_path)
    rc, out, err, peak = _run_validate(path, tmp_path, environment(name, tmp_path))
    assert rc == 1, (rc, out[-500:], err[-500:])
    assert "Traceback" not in out + err
    lines = out.splitlines()
    assert lines, err
    located = re.compile(re.escape(str(path)) + r":[1-9]\d*:[1-9]\d*: \S")
    assert all(located.match(line) for line in lines), lines[:3]
    # one line a problem: the summary's count is the number of lines printed
    summary = err.strip().splitlines()
    assert summary == [f"{path}: {len(lines)} problem{'s' if len(lines) != 1 else ''}"]
    assert all(len(line) < 2_000 for line in lines)  # values are shortened, never echoed whole
    assert peak < MEMORY_KIB, f"{peak / 1024:.0f} MiB"


@pytest.mark.parametrize(
    "name",
    [
        *("date-c-repeated-50000", "source-symlink-loop", "doc-nul-byte", "source-path-nul"),
        *("cache-forged-plain-sha256-trailer", "cache-negative-list-offset", "cache-unknown-actor"),
    ],
)
@pytest.mark.parametrize(
    "command", [["coverage", "{record}"], ["export", "--record", "{record}", "--format", "csv", "--out", "{out}"]]
)
def test_coverage_and_export_print_the_same_problems(name, command, tmp_path, capsys, monkeypatch):
    from dashboard.cli import main

    folder = tmp_path / "record"
    folder.mkdir()
    path = build(name, folder)
    for key, value in environment(name, folder).items():
        monkeypatch.setenv(key, value)
    args = [a.replace("{out}", str(tmp_path / "out.csv")).replace("{record}", str(path)) for a in command]
    assert main(args) == 1
    out = capsys.readouterr().out.splitlines()
    assert out and all(line.startswith(f"{path}:") for line in out)
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_dashboard_lists_the_problems_and_raises_nothing(name, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    path = build(name, tmp_path)
    for key, value in {**environment(name, tmp_path), "MEK_TIMELINE_RECORD": str(path)}.items():
        monkeypatch.setenv(key, value)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.error and "problem" in at.error[0].value
    shown = at.code[0].value.splitlines()
    assert shown and all(line.startswith(f"{path}:") for line in shown)
    assert "Traceback" not in at.code[0].value
