"""A one-line text progress bar for training runs, written to standard error.

It redraws itself with a carriage return, so it shows only where that makes sense: when asked
(``show=True``), or, by default, when standard error is a terminal. A page of the book runs
with standard error captured, not on a terminal, so its output never holds a bar.
"""

from __future__ import annotations

import sys
from typing import TextIO


class ProgressBar:
    """``label [#######.............]  12/300  cost 0.1234``, redrawn on ``update``.

    ``show=None`` shows the bar only if ``stream`` (standard error by default) is a terminal.
    It redraws at most about 100 times per run, and always at the end.
    """

    def __init__(self, total: int, label: str = "training", show: bool | None = None,
                 stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = sys.stderr if stream is None else stream
        if show is None:
            isatty = getattr(self.stream, "isatty", None)
            show = bool(isatty and isatty())
        self.show = bool(show)
        self.total = max(int(total), 1)
        self.label = label
        self.width = width
        self._every = max(self.total // 100, 1)

    def update(self, done: int, cost: float) -> None:
        """Redraw the bar for ``done`` of ``total`` steps and the latest ``cost``."""
        if not self.show or (done % self._every and done != self.total):
            return
        filled = self.width * min(done, self.total) // self.total
        bar = "#" * filled + "." * (self.width - filled)
        digits = len(str(self.total))
        self.stream.write(f"\r{self.label} [{bar}] {done:>{digits}}/{self.total}  cost {cost:.4f}")
        self.stream.flush()

    def close(self) -> None:
        """End the line the bar was drawn on."""
        if self.show:
            self.stream.write("\n")
            self.stream.flush()
