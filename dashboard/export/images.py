"""Images rendered by kaleido 1.x in a headless Chrome or Chromium, one browser kept open for several."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Coroutine, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from types import TracebackType
from typing import Any

import plotly.graph_objects as go

from ..geo import topojson_file_url
from ..options import IMAGE_FORMATS
from .charts import figure_height
from .common import INSTALL_HINT, BrowserMissing, ExportError, ImageSize

# --- Images (kaleido, headless Chromium) ------------------------------------------------------


def find_browser() -> str:
    """The Chrome/Chromium kaleido will use ($BROWSER_PATH first); raise :class:`BrowserMissing` if none."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override
        raise BrowserMissing(f"BROWSER_PATH={override} is not an executable file; {INSTALL_HINT}")
    from choreographer.browsers.chromium import Chromium

    found = Chromium.find_browser(skip_local=False)
    if not found:
        raise BrowserMissing(f"no Chrome or Chromium found to render images; {INSTALL_HINT}")
    return found


class ImageRenderer:
    """One headless browser (kaleido 1.x) kept open to render several images, as a context manager.

    Opening costs a few seconds; each image after that a fraction of one. The browser runs
    on its own event loop in a background thread, so this works from any thread (the CLI,
    a Streamlit script); errors and timeouts come back as exceptions, never as a hang.
    """

    _lock = threading.Lock()

    def __init__(self, *, timeout: float = 120.0) -> None:
        self.timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._held = False

    def __enter__(self) -> ImageRenderer:
        find_browser()
        self._lock.acquire()
        self._held = True
        try:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
            self._thread.start()
            self._kaleido = self._run(self._open())
        except BaseException:
            self._shutdown()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._shutdown()

    async def _open(self) -> Any:
        import kaleido

        k = kaleido.Kaleido(n=1, mathjax=False, timeout=self.timeout)
        await k.open()
        return k

    def _run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(self.timeout)
        except FutureTimeout as exc:
            future.cancel()
            raise ExportError(f"the browser did not answer within {self.timeout:g} s") from exc

    def render(self, fig: go.Figure, fmt: str, size: ImageSize) -> bytes:
        """The figure as PNG, SVG or PDF bytes at ``size``."""
        if fmt not in IMAGE_FORMATS:
            raise ExportError(f"{fmt!r} is not an image format; choose one of {', '.join(IMAGE_FORMATS)}")
        if self._kaleido is None:
            raise RuntimeError("use ImageRenderer as a context manager")
        opts = {"format": fmt, "width": size.width, "height": figure_height(fig, size), "scale": size.scale}
        # a map's shapes are read from the project's own file: nothing is fetched
        data = self._run(self._kaleido.calc_fig(fig, opts=opts, topojson=topojson_file_url()))
        return bytes(data)

    def _shutdown(self) -> None:
        try:
            if self._kaleido is not None and self._loop is not None:
                with contextlib.suppress(Exception):  # closing a broken browser: nothing more to do
                    self._run(self._kaleido.close())
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(10)
            if self._loop is not None and not self._loop.is_running():
                self._loop.close()
        finally:
            self._kaleido = self._loop = self._thread = None
            if self._held:
                self._held = False
                self._lock.release()


def render_images(jobs: Sequence[tuple[go.Figure, str]], size: ImageSize) -> list[bytes]:
    """Several figures (``(figure, format)`` pairs) rendered with one browser, in order."""
    if not jobs:
        return []
    with ImageRenderer() as renderer:
        return [renderer.render(fig, fmt, size) for fig, fmt in jobs]
