"""A progress bar for long commands: one line on a terminal, redrawn in place; nothing at all elsewhere (a log, a
pipe, a test), so output that is read by programs stays as it was."""

import time

from django.core.management.base import OutputWrapper

WIDTH = 30


class ProgressBar:
    """`update(done, fraction)` redraws `label [#####.....]  42%  12,500 rows  4,100 rows/s`, at most ten times a
    second; `close()` ends the line. Writes to `stream` only when `enabled`."""

    def __init__(self, stream, *, label: str, enabled: bool, unit: str = "rows"):
        self.stream, self.label, self.enabled, self.unit = stream, label, enabled, unit
        self.started = time.monotonic()
        self.drawn_at = None

    def update(self, done: int, fraction: float) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self.drawn_at is not None and now - self.drawn_at < 0.1 and fraction < 1:
            return
        self.drawn_at = now
        filled = int(WIDTH * min(max(fraction, 0.0), 1.0))
        rate = done / max(now - self.started, 1e-9)
        self._write(
            f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {fraction:4.0%}  {done:,} {self.unit}  "
            f"{rate:,.0f} {self.unit}/s"
        )

    def close(self) -> None:
        if self.enabled and self.drawn_at is not None:
            self._write("\n")

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):  # a command's stdout/stderr: it would add a newline and colour
            self.stream.write(text, style_func=str, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()
