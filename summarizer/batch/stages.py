"""The CPU-heavy stages of a report, in this process or in one worker process.

Cleaning and chunking (``prepare``), then merging, verifying, rendering and
writing (``finish``) cost ~10 ms of CPU per report; each model request costs
~7 ms more in openai and instructor. On one event-loop thread the sum, not the
model's latency, caps a large run's throughput. :class:`ProcessStages` runs the
per-report half in a single forked worker, so the loop only sends requests.

The worker is forked before the cache database is opened (a SQLite connection
must not cross a fork), ignores SIGINT (Ctrl-C is the parent's to handle), warms
up (converters) while the parent starts up and the rest (cn2an) once the first
reports are cleaned, and exits within a second of
the parent's death, even by SIGKILL (a watchdog thread: the worker holds its own
queue's write end, so it would never see EOF). If it dies, the stages run here.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from ..config import Settings
from ..extract import ChunkResult, Extraction
from ..load import RawDocument, decode
from ..models import SummaryDocument, UnionWorkReport
from ..pipeline import Prepared, finish, prepare
from .outputs import Written, write_report

MIN_JOBS_FOR_PROCESS = 8
T = TypeVar("T")


class Stages(Protocol):
    async def prepare(self, raw: RawDocument) -> Prepared: ...

    async def finish(self, job: FinishJob) -> Finished: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class FinishJob:
    """Everything ``finish`` needs: merge, verify, write ``DIR/<name>.json`` and ``.md``."""

    prepared: Prepared
    extraction: Extraction
    elapsed_s: float
    out_dir: Path
    name: str


@dataclass(frozen=True)
class Finished:
    document: SummaryDocument
    written: Written


def run_finish(job: FinishJob) -> Finished:
    doc = finish(job.prepared, job.extraction, job.elapsed_s)
    return Finished(doc, write_report(job.out_dir, job.name, doc))


class InlineStages:
    """Both stages on the event loop's thread (small runs, tests, ``--passes 2``)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def prepare(self, raw: RawDocument) -> Prepared:
        return prepare(raw, self.settings)

    async def finish(self, job: FinishJob) -> Finished:
        return run_finish(job)

    def close(self) -> None:
        return None


_WORKER_SETTINGS: list[Settings] = []  # set once in the worker process
_WORKER_PREPARED: list[Prepared] = []  # the warm-up report, for ``finish``'s warm-up
_WORKER_PREPARES = [0]  # reports prepared so far
_WARM_UP = "某县总工会2024年工作报告\n全年新增会员五百零四人，发放慰问金3.59万元。\n"


def _worker_init(settings: Settings, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with suppress(OSError):
        os.nice(5)  # on a busy machine, the event loop (and its requests) go first
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    _WORKER_SETTINGS.append(settings)
    _WORKER_PREPARED.append(prepare(decode(_WARM_UP.encode("utf-8"), "warm-up"), settings))


def _warm_finish(prepared: Prepared) -> None:
    """Import what ``finish`` needs (cn2an: 0.2-1 s) beside the ``prepare`` jobs."""
    finish(prepared, Extraction(results=(), backend="rules"), 0.0)


def _exit_with_parent(parent: int) -> None:
    """Exit once the parent is gone (re-parented: ``getppid`` changes)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _worker_prepare(raw: RawDocument) -> Prepared:
    """One report cleaned and chunked. After the first ``concurrency`` of them (the
    reports the first requests need, which the parent waits for), ``finish`` warms
    up in a thread: the first answers come back a request's latency later."""
    settings = _WORKER_SETTINGS[0]
    prepared = prepare(raw, settings)
    _WORKER_PREPARES[0] += 1
    if _WORKER_PREPARES[0] == settings.concurrency and _WORKER_PREPARED:
        threading.Thread(target=_warm_finish, args=_WORKER_PREPARED, daemon=True).start()
    return prepared


def _ready() -> bool:
    return True


class ProcessStages:
    """Both stages in one forked worker process; in this process if the worker dies."""

    def __init__(self, settings: Settings) -> None:
        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=context,
            initializer=_worker_init,
            initargs=(settings, os.getpid()),
        )
        self._pool.submit(_ready)  # forks now (before any database); warms up meanwhile
        self._inline = InlineStages(settings)
        self._broken = False

    async def prepare(self, raw: RawDocument) -> Prepared:
        if not self._broken:
            with suppress(BrokenProcessPool):
                return await self._run(_worker_prepare, raw)
            self._broken = True
        return await self._inline.prepare(raw)

    async def finish(self, job: FinishJob) -> Finished:
        if not self._broken:
            with suppress(BrokenProcessPool):
                return await self._run(
                    run_finish, replace(job, extraction=picklable(job.extraction))
                )
            self._broken = True
        return await self._inline.finish(job)

    async def _run(self, fn: Callable[[Any], T], arg: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, arg)

    def close(self) -> None:
        """Cancel queued jobs, let a running one (milliseconds) end, reap the worker."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def picklable(extraction: Extraction) -> Extraction:
    """Chunk reports as plain ``UnionWorkReport`` (instructor answers with a derived class)."""
    return replace(extraction, results=tuple(_plain_result(r) for r in extraction.results))


def _plain_result(result: ChunkResult) -> ChunkResult:
    report = result.report
    if type(report) is UnionWorkReport:
        return result
    values: dict[str, Any] = {name: getattr(report, name) for name in UnionWorkReport.model_fields}
    return replace(result, report=UnionWorkReport.model_construct(**values))


def make_stages(settings: Settings, jobs: Sequence[Any], processes: bool | None) -> Stages:
    """A worker process for runs of ``MIN_JOBS_FOR_PROCESS`` reports or more (or when asked)."""
    wanted = len(jobs) >= MIN_JOBS_FOR_PROCESS if processes is None else processes
    if wanted and settings.passes == 1 and "fork" in multiprocessing.get_all_start_methods():
        return ProcessStages(settings)
    return InlineStages(settings)
