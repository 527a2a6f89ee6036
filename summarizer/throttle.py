"""Bound concurrent model requests, and requests and tokens per minute.

One :class:`Throttle` is shared by every chunk of every report in a run, so
``--concurrency 16 --rpm 500 --tpm 200000`` holds for the batch as a whole.
Clock and sleep are injectable: tests run the limiter without real waiting.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

WINDOW_S = 60.0


class Throttle:
    """A semaphore plus a sliding one-minute window over requests and tokens."""

    def __init__(
        self,
        concurrency: int,
        requests_per_minute: int | None = None,
        tokens_per_minute: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._sem = asyncio.Semaphore(concurrency)
        self._rpm = requests_per_minute
        self._tpm = tokens_per_minute
        self._clock = clock
        self._sleep = sleep
        self._window: deque[tuple[float, int]] = deque()
        self._lock = asyncio.Lock()
        self.waited_s = 0.0

    @asynccontextmanager
    async def slot(self, estimated_tokens: int = 0) -> AsyncIterator[None]:
        """Hold one concurrency slot for the duration of a request."""
        async with self._sem:
            if self._rpm or self._tpm:
                await self._admit(estimated_tokens)
            yield

    async def _admit(self, tokens: int) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                while self._window and self._window[0][0] <= now - WINDOW_S:
                    self._window.popleft()
                if self._fits(tokens):
                    self._window.append((now, tokens))
                    return
                delay = self._window[0][0] + WINDOW_S - now
                self.waited_s += delay
                await self._sleep(delay)

    def _fits(self, tokens: int) -> bool:
        if not self._window:
            return True
        if self._rpm is not None and len(self._window) >= self._rpm:
            return False
        used = sum(t for _, t in self._window)
        return self._tpm is None or used + tokens <= self._tpm
