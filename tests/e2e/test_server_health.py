"""A record that takes work to refuse never stalls the server: other requests are answered meanwhile."""

from __future__ import annotations

import time
import urllib.request

from hostile_records import build

from .conftest import serve

HEALTH_BOUND_S = 1.0


def _health_seconds(url: str) -> float:
    t = time.perf_counter()
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=30) as r:
        assert r.status == 200
    return time.perf_counter() - t


def test_health_answers_promptly_while_a_page_loads_a_record_with_a_15kb_missing_quote(browser, tmp_path):
    record = build("quote-missing-15kb", tmp_path)
    with serve(record) as url:
        page = browser.new_page()
        try:
            page.goto(url, wait_until="commit")
            times = []
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                times.append(_health_seconds(url))
                if "not found in doc.txt" in page.inner_text("body"):
                    break
                time.sleep(0.05)
            assert "not found in doc.txt" in page.inner_text("body"), "the page lists the missing quote"
            times.append(_health_seconds(url))  # and again after the failed load
            assert max(times) < HEALTH_BOUND_S, times
        finally:
            page.close()
