"""Progress of a harvest: a bar with count, rate and time left on a terminal; elsewhere (a log,
a pipe) a line now and then, so the log shows the run is moving."""
from __future__ import annotations

import time
from typing import Callable, TextIO

LOG_EVERY_SECONDS = 30.0


class ProgressLine:
    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic, width: int = 24):
        self.stream = stream
        self.clock = clock
        self.width = width
        self.on_terminal = stream.isatty()
        self.started = clock()
        self.last_log = self.started
        self.shown = False

    def __call__(self, done: int, expected: int | None, label: str) -> None:
        now = self.clock()
        if self.on_terminal:
            self.stream.write("\r" + self.line(done, expected, label, now) + "\033[K")
            self.shown = True
        elif now - self.last_log >= LOG_EVERY_SECONDS:
            self.stream.write(self.line(done, expected, label, now) + "\n")
            self.last_log = now
        self.stream.flush()

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()

    def line(self, done: int, expected: int | None, label: str, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        parts = []
        if expected and expected >= done:
            filled = int(self.width * done / expected)
            parts.append(f"[{'#' * filled}{'.' * (self.width - filled)}] {done}/{expected}")
        else:
            parts.append(f"{done}")
        parts.append(f"{_decimal(rate)}/s")
        if expected and expected > done and rate > 0:
            parts.append(f"nog {_duration((expected - done) / rate)}")
        name = label if len(label) <= 32 else "…" + label[-31:]
        return " · ".join(parts + [name])


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
