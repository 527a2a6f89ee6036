"""Progress of a batch run: a rich progress bar on a terminal, plain log lines otherwise.

Both take the console as a parameter (the CLI passes its stderr console) and
receive the same events: ``start``, ``requests`` (each fresh chunk answer),
``report_done`` and ``message``. Under cron (no terminal) each finished report
is one line with running totals and an ETA::

    2026-11-23 02:00:13 [ 12/200] ok      hunan_2024 (8 numbers, 0 flags) · 25 requests ·
    31,204 tokens · ETA 0:01:10          (one line; wrapped here)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from .outputs import ReportOutcome

if TYPE_CHECKING:
    from rich.console import Console


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def requests(self, requests: int, tokens: int) -> None: ...

    def report_done(self, outcome: ReportOutcome) -> None: ...

    def message(self, text: str) -> None: ...

    def close(self) -> None: ...


def make_progress(console: Console | None) -> Progress:
    """A rich bar when ``console`` is a terminal, log lines when not, nothing without one."""
    if console is None:
        return QuietProgress()
    if console.is_terminal and not console.is_dumb_terminal:
        return RichProgress(console)
    return LogProgress(console)


class QuietProgress:
    """No console: nothing to show."""

    def start(self, total: int) -> None:
        return None

    def requests(self, requests: int, tokens: int) -> None:
        return None

    def report_done(self, outcome: ReportOutcome) -> None:
        return None

    def message(self, text: str) -> None:
        return None

    def close(self) -> None:
        return None


class _Tally:
    """Running counts shared by both displays."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.started = clock()
        self.total = self.done = self.failed = self.requests = self.tokens = 0

    def eta(self) -> str:
        """Remaining time at the average pace so far (``H:MM:SS``), or ``?``.

        >>> t = _Tally(lambda: 100.0); t.total, t.done = 10, 4; t.started = 60.0
        >>> t.eta()
        '0:01:00'
        """
        if not self.done or self.done >= self.total:
            return "0:00:00" if self.done >= self.total else "?"
        seconds = int((self.clock() - self.started) / self.done * (self.total - self.done))
        return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class LogProgress:
    """One plain line per event (for cron and pipes: no colours, no cursor moves)."""

    def __init__(self, console: Console, clock: Callable[[], float] = time.monotonic) -> None:
        self.console = console
        self.tally = _Tally(clock)

    def _say(self, text: str) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        self.console.print(f"{stamp} {text}", markup=False, highlight=False, soft_wrap=True)

    def start(self, total: int) -> None:
        self.tally.total = total
        self._say(f"batch: {total} report(s) to do")

    def requests(self, requests: int, tokens: int) -> None:
        self.tally.requests += requests
        self.tally.tokens += tokens

    def report_done(self, outcome: ReportOutcome) -> None:
        t = self.tally
        t.done += 1
        t.failed += outcome.status == "failed"
        width = len(str(t.total))
        what = f"({outcome.numbers} numbers, {outcome.flags} flags)"
        if outcome.error:
            what = f"error: {outcome.error}"
        self._say(
            f"[{t.done:>{width}}/{t.total}] {outcome.status:<7} {outcome.name} {what} · "
            f"{t.requests} requests · {t.tokens:,} tokens · ETA {t.eta()}"
        )

    def message(self, text: str) -> None:
        self._say(text)

    def close(self) -> None:
        t = self.tally
        self._say(
            f"batch: {t.done}/{t.total} done, {t.failed} failed, {t.requests} requests, "
            f"{t.tokens:,} tokens, {t.clock() - t.started:.1f} s"
        )


class RichProgress:
    """A live bar: reports done and failed, requests, tokens and ETA."""

    def __init__(self, console: Console) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("[bold]reports"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("[red]{task.fields[failed]} failed"),
            TextColumn("{task.fields[requests]} requests"),
            TextColumn("{task.fields[tokens]} tokens"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
        )
        self._task: Any = None
        self._counts = {"failed": 0, "requests": 0, "tokens": 0}

    def start(self, total: int) -> None:
        c = self._counts
        self._task = self._bar.add_task(
            "batch",
            total=total,
            failed=c["failed"],
            requests=c["requests"],
            tokens=f"{c['tokens']:,}",
        )
        self._bar.start()

    def _refresh(self, advance: float = 0) -> None:
        if self._task is None:
            return
        c = self._counts
        self._bar.update(
            self._task,
            advance=advance,
            failed=c["failed"],
            requests=c["requests"],
            tokens=f"{c['tokens']:,}",
        )

    def requests(self, requests: int, tokens: int) -> None:
        self._counts["requests"] += requests
        self._counts["tokens"] += tokens
        self._refresh()

    def report_done(self, outcome: ReportOutcome) -> None:
        self._counts["failed"] += outcome.status == "failed"
        if outcome.error:
            self.message(f"✗ {outcome.name}: {outcome.error}")
        self._refresh(advance=1)

    def message(self, text: str) -> None:
        self._bar.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        self._bar.stop()
