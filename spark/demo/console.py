"""What the demo prints: numbered steps, plain lines, and progress that redraws one line on
a terminal and prints only milestones elsewhere (CI logs, pipes)."""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO


class Console:
    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.live = self.out.isatty()
        self._status = ""
        self._lock = threading.Lock()
        self._started = time.monotonic()

    def elapsed(self) -> str:
        seconds = int(time.monotonic() - self._started)
        return f"{seconds // 60}:{seconds % 60:02d}"

    def step(self, number: int, total: int, title: str) -> None:
        self.line(f"\n[{number}/{total}] {title}  (at {self.elapsed()})")

    def line(self, text: str = "") -> None:
        with self._lock:
            self._clear()
            print(text, file=self.out, flush=True)
            if self._status:
                self._draw()

    def status(self, text: str) -> None:
        """A progress line, redrawn in place on a terminal; ignored elsewhere, where only
        :meth:`line` milestones are printed."""
        with self._lock:
            self._clear()
            self._status = text
            self._draw()

    def done(self) -> None:
        with self._lock:
            self._clear()
            self._status = ""

    def _clear(self) -> None:
        if self.live and self._status:
            print("\r\033[K", end="", file=self.out, flush=True)

    def _draw(self) -> None:
        if self.live and self._status:
            print(self._status[:160], end="", file=self.out, flush=True)
