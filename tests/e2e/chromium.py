"""Finding Chromium for the browser tests: skipped with a reason locally, a failure in CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Flags for a headless Chromium in a container."""

INSTALL = "install it with `apt-get install chromium` (Debian) or set BROWSER_PATH"


def find() -> str | None:
    """$BROWSER_PATH, else Debian's /usr/bin/chromium, else a chromium on PATH."""
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def require() -> str:
    """The Chromium to use; without one, skip (fail when $CI is set: CI must run these tests)."""
    found = find()
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but no Chromium was found: {INSTALL}")
    pytest.skip(f"no Chromium found; {INSTALL}")
