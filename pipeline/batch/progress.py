"""A one-line progress bar on a terminal's stderr: done/total, documents/s, ETA.

Silent when the stream is not a terminal (logs, pipes, tests).
"""
from __future__ import annotations

import sys
import time
from typing import Optional, TextIO

# Redraws at most this often (s): fast enough to look live, rare enough to cost nothing.
REDRAW_SECONDS = 0.2
BAR_WIDTH = 24


class Progress:
    """Counts finished documents of a known total and redraws one status line."""

    def __init__(self, total: int, label: str = "parse", stream: Optional[TextIO] = None,
                 enabled: Optional[bool] = None):
        self.total = total
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.started = time.perf_counter()
        self._drawn = 0.0

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.perf_counter()
        if self.enabled and (now - self._drawn >= REDRAW_SECONDS or self.done >= self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now - self.started))
            self.stream.flush()

    def line(self, elapsed: float) -> str:
        """The status line after `elapsed` seconds."""
        share = self.done / self.total if self.total else 1.0
        filled = int(share * BAR_WIDTH)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else None
        return (f"{self.label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total} "
                f"{share:4.0%}  {rate:6.1f} docs/s  ETA {_clock(eta)}  ")

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: Optional[float]) -> str:
    if seconds is None:
        return "--:--"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
