"""Saying how far opening a record has gone: the stages a load reports, and a terminal line showing them.

A load reports ``progress(stage, done)``: what it is doing ("Reading events.yaml") and how much of the
whole load is done (0 to 1). The dashboard shows it as a progress bar; the command line as one line on
standard error when that is a terminal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str, float], None]
"""Called with the stage a load has reached and the share of the load done (0 to 1)."""

READ, CHECK, ANCHOR, SAVE = 0.0, 0.4, 0.6, 0.95
"""Where each stage of reading and checking a record starts, as a share of the whole load (roughly its time)."""


def silent(stage: str, done: float) -> None:
    """A progress that shows nothing."""


def anchoring(progress: Progress, sources_done: int, sources: int) -> None:
    """Report quotes being anchored in their sources, ``sources_done`` of ``sources`` done."""
    share = sources_done / sources if sources else 1.0
    progress(f"Anchoring quotes in their sources ({sources_done:,} of {sources:,})", ANCHOR + (SAVE - ANCHOR) * share)


def throttled(progress: Progress, *, every: float = 0.1) -> Progress:
    """``progress`` called at most every ``every`` seconds (the first report always), so a load of many sources
    does not report each one."""
    last = [-every]

    def report(stage: str, done: float) -> None:
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            progress(stage, done)

    return report


class TerminalLine:
    """Progress on one line of a terminal, written over in place; nothing at all when the stream is no terminal.

    :meth:`close` clears the line.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = bool(getattr(stream, "isatty", lambda: False)())
        self._width = 0

    def __call__(self, stage: str, done: float) -> None:
        if not self.live:
            return
        line = f"{stage}… {min(max(done, 0.0), 1.0):4.0%}"
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = max(self._width, len(line))

    def close(self) -> None:
        """Clear the line, so what is printed next starts on a clean one."""
        if self.live and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def __enter__(self) -> TerminalLine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
