"""Shared fixtures of the browser tests: one Chromium and one Streamlit server for the whole run."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from . import chromium

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
TIMELINEJS = Path(__file__).resolve().parent / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
STARTUP_SECONDS = 90


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium driven by Playwright, shared by every browser test."""
    path = chromium.require()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=chromium.ARGS)
        yield b
        b.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions of the test's page, in order."""
    return []


@pytest.fixture
def page(browser, console_errors) -> Iterator[object]:
    """A fresh page in its own context (so a new Streamlit session), its errors kept in ``console_errors``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.on("console", lambda m: console_errors.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: console_errors.append(f"page error: {e}"))
    yield pg
    context.close()


WINDOWS = {"1280": (1280, 800), "1440": (1440, 900)}
"""The browser windows a reader commonly opens the app in: width and height in CSS pixels."""


@contextmanager
def window_page(browser, window: str) -> Iterator[object]:
    """A fresh page (a new Streamlit session) in a browser window of one of :data:`WINDOWS`' sizes."""
    width, height = WINDOWS[window]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def output_dir(request) -> Path:
    """test-output/e2e/<test name>/: where a test leaves screenshots and files to look at."""
    folder = OUTPUT / request.node.name.replace("/", "_")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(record: Path | None = None) -> Iterator[str]:
    """``streamlit run dashboard/app.py`` on 127.0.0.1 and a free port, on ``record`` (default: the shipped one)."""
    port = _free_port()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    log = OUTPUT / f"streamlit-{port}.log"
    env = {k: v for k, v in os.environ.items() if k != "MEK_TIMELINE_RECORD"}
    if record is not None:
        env["MEK_TIMELINE_RECORD"] = str(record)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "dashboard" / "app.py"),
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(port),
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"streamlit exited with {proc.returncode}: {log.read_text()[-2000:]}")
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail(f"streamlit not healthy after {STARTUP_SECONDS} s: {log.read_text()[-2000:]}")
                time.sleep(0.25)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


@pytest.fixture(scope="session")
def app_url(browser) -> Iterator[str]:
    """The dashboard on the shipped record, up for the whole run."""
    with serve() as url:
        yield url


@pytest.fixture(scope="session")
def timelinejs_dist() -> Path:
    """TimelineJS 3 from npm (tests/e2e/node_modules, installed by `npm ci --prefix tests/e2e`)."""
    if (TIMELINEJS / "js" / "timeline.js").is_file():
        return TIMELINEJS
    message = "TimelineJS is not installed: run `npm ci --prefix tests/e2e`"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)
