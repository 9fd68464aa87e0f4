"""A plain-text progress bar on stderr, updated once per finished submission.

On a terminal it redraws one line; otherwise (a log file, CI) it prints one line per update, so
the log shows how the run went. No dependency.
"""

from __future__ import annotations

import sys
import time


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ProgressBar:
    """``bar = ProgressBar(60, "a0_orientation"); bar.update(done, attention); bar.close()``."""

    def __init__(self, total: int, label: str, stream=None, width: int = 30):
        self.total, self.label, self.width = total, label, width
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.last = ""

    def line(self, done: int, attention: int = 0) -> str:
        frac = done / self.total if self.total else 1.0
        filled = int(round(frac * self.width))
        elapsed = time.monotonic() - self.start
        left = f", about {_clock(elapsed / done * (self.total - done))} left" if 0 < done < self.total else ""
        flag = f", {attention} need{'s' if attention == 1 else ''} attention" if attention else ""
        return (f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} "
                f"graded{flag}, {_clock(elapsed)} elapsed{left}")

    def update(self, done: int, attention: int = 0) -> None:
        self.last = self.line(done, attention)
        if self.tty:
            self.stream.write("\r" + self.last + "\x1b[K")
        else:
            self.stream.write(self.last + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty and self.last:
            self.stream.write("\n")
            self.stream.flush()
