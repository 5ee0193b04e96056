"""`mek-timeline serve`: the dashboard bound to 127.0.0.1 with statistics off, from any folder."""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard import cli


def test_serve_binds_loopback_with_statistics_off_and_an_absolute_app_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    command = cli.serve_command(None, 8600)
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert Path(command[4]).is_absolute() and Path(command[4]).name == "app.py" and Path(command[4]).is_file()
    pairs = dict(zip(command[5::2], command[6::2], strict=True))
    assert pairs == {
        "--server.address": "127.0.0.1",
        "--server.port": "8600",
        "--browser.gatherUsageStats": "false",
        "--server.enableStaticServing": "true",  # the map's world shapes, served by the app itself
    }


def test_a_record_is_passed_to_the_app_as_an_absolute_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    command = cli.serve_command("my/events.yaml", 8501)
    assert command[-2:] == ["--", str(tmp_path / "my" / "events.yaml")]


def test_serve_runs_that_command(monkeypatch):
    ran = []
    monkeypatch.setattr(cli.os, "execv", lambda path, args: ran.append((path, args)))
    assert cli.main(["serve", "--port", "8602"]) == 0
    assert ran == [(sys.executable, cli.serve_command(None, 8602))]


def test_a_bad_port_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setattr(cli.os, "execv", lambda *a: (_ for _ in ()).throw(AssertionError("must not start")))
    assert cli.main(["serve", "--port", "70000"]) == 2
    assert capsys.readouterr().err.strip() == "error: --port must be 1 to 65535, got 70000"
