"""Run a batch: every report as an asyncio task, one extractor, one throttle, one cache.

Flow per report (:meth:`Runner.one`): load → look up the finished-report cache
(hit: write its files again if they differ, status ``skipped``, 0 requests) →
prepare → extract (each chunk answer is looked up in, then committed to, the
chunk cache) → merge and verify → write ``<name>.json``/``.md`` → store the
document. Any exception becomes that report's ``failed`` outcome; the others go on.

Resume and crash safety:

* every chunk answer is committed to SQLite the moment it arrives, so a run
  killed (SIGKILL, power) mid-way resumes with only the missing requests;
* results are written atomically as each report finishes;
* Ctrl-C (SIGINT) or SIGTERM cancels the run task: unfinished reports are
  cancelled, ``index.jsonl``/``run.json``/``summary.md``/``numbers.csv`` are
  written with what finished (the rest marked ``pending``), then the
  cancellation propagates (the CLI exits 130). A rerun does only the rest.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import signal
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..chunk import Chunk
from ..config import Settings, require_llm
from ..errors import EXIT_FAILED, EXIT_OK, BatchError, ModelError, SummarizerError, UsageError
from ..extract import ChunkResult, Extraction
from ..load import RawDocument, load
from ..models import SCHEMA_VERSION, SummaryDocument, Usage
from ..pipeline import Extractor, make_extractor, summarize_prepared
from ..throttle import Throttle
from ..verify import warm_up
from .cache import DEFAULT_DB_NAME, BatchCache, ReportKey
from .heap import tuned_gc
from .inputs import ReportJob, expand_inputs
from .outputs import (
    ReportOutcome,
    RunFacts,
    RunTotals,
    Written,
    rewrite_report,
    totals,
    write_report,
    write_rollups,
)
from .progress import Progress, make_progress
from .stages import Finished, FinishJob, InlineStages, Stages, make_stages

if TYPE_CHECKING:
    from rich.console import Console

EXIT_INTERRUPTED = 130
# Settings that change a finished document but are not part of the report key.
_OPTION_FIELDS = (
    "mode",
    "chunk_size",
    "chunk_overlap",
    "max_tokens",
    "temperature",
    "passes",
    "corrective_attempts",
    "validation_retries",
    "spam_lexicon",
    "spin_table",
    "prompt_dir",
)


@dataclass(frozen=True)
class BatchOptions:
    """What ``summarize batch INPUT... --out DIR`` asks for (besides the Settings)."""

    inputs: tuple[str, ...]
    out_dir: Path
    db_path: Path | None = None
    force: bool = False
    retry_failed: bool = False  # ask again where an earlier run failed for good
    submit: str | None = None
    export_jsonl: Path | None = None
    processes: bool | None = None  # a worker process for the CPU stages; None: by run size

    @property
    def db(self) -> Path:
        """``--db PATH``, else ``DIR/.summarizer.db``."""
        return self.db_path or self.out_dir / DEFAULT_DB_NAME


@dataclass(frozen=True, repr=False)
class BatchResult:
    outcomes: tuple[ReportOutcome, ...]
    totals: RunTotals

    def __repr__(self) -> str:
        """Short: asyncio formats the main task's result when it restores SIGINT's handler."""
        return f"BatchResult({len(self.outcomes)} reports, exit {self.exit_code})"

    @property
    def exit_code(self) -> int:
        return self.totals.exit_code


@dataclass
class Meter:
    """Requests and tokens spent in this run (fresh answers only, never cache hits)."""

    requests: int = 0
    usage: Usage = field(default_factory=Usage)

    def add(self, requests: int, usage: Usage) -> None:
        self.requests += requests
        self.usage = self.usage + usage


@dataclass
class MeteredCache:
    """The ``ChunkCache`` handed to the extractor: counts every fresh answer it stores.

    With ``read=False`` (``--force``) lookups miss, but answers are still stored;
    with ``read_failures=False`` (``--retry-failed``) remembered failures are asked again.
    """

    cache: BatchCache
    meter: Meter
    progress: Progress
    read: bool = True
    read_failures: bool = True

    def get_chunk(self, key: str) -> ChunkResult | None:
        return self.cache.get_chunk(key) if self.read else None

    def get_failure(self, key: str) -> tuple[str, str] | None:
        return self.cache.get_failure(key) if self.read and self.read_failures else None

    def put_failure(self, key: str, kind: str, message: str) -> None:
        self.cache.put_failure(key, kind, message)

    def put_chunk(self, key: str, result: ChunkResult) -> None:
        self.cache.put_chunk(key, result)
        self.meter.add(result.requests, result.usage)
        tokens = result.usage.prompt_tokens + result.usage.completion_tokens
        self.progress.requests(result.requests, tokens)


def options_key(settings: Settings) -> str:
    """A short hash of the settings that change a document but are not in the key.

    >>> from summarizer.config import load_settings
    >>> s = load_settings({"backend": "rules"}, environ={})
    >>> options_key(s) == options_key(s.with_overrides(concurrency=3))
    True
    >>> options_key(s) == options_key(s.with_overrides(chunk_size=800))
    False
    """
    values = {name: str(getattr(settings, name)) for name in _OPTION_FIELDS}
    blob = json.dumps(values, sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def report_key(sha256: str, settings: Settings) -> ReportKey:
    backend = settings.resolved_backend
    return ReportKey(
        sha256=sha256,
        backend=backend,
        model=(settings.credentials.model or "") if backend == "llm" else "",
        prompt_version=settings.prompt_version,
        schema_version=SCHEMA_VERSION,
        options=options_key(settings),
    )


def redact(text: str, secret: str | None) -> str:
    """>>> redact("bad key sk-abcdef", "sk-abcdef")
    'bad key ***'
    """
    return text.replace(secret, "***") if secret and len(secret) >= 4 else text


def describe(error: BaseException, secret: str | None) -> str:
    """A one-line, key-free description of why a report failed."""
    if isinstance(error, SummarizerError):
        text = str(error)
        chunk = getattr(error, "chunk_index", None)
        if isinstance(error, ModelError) and chunk is not None and "chunk" not in text:
            text = f"chunk {chunk}: {text}"
    else:
        text = f"internal error: {type(error).__name__}: {error}"
    return redact(" ".join(text.split()), secret)


@dataclass
class Runner:
    """Summarize reports concurrently; collect one outcome per report."""

    parts: RunParts
    extractor: Extractor
    stages: Stages
    outcomes: dict[int, ReportOutcome] = field(default_factory=dict)

    @property
    def settings(self) -> Settings:
        return self.parts.settings

    @property
    def secret(self) -> str | None:
        return self.settings.credentials.api_key

    async def run(self) -> None:
        """All reports; at most ``2 × concurrency + 2`` in progress at once.

        The window keeps cleaning close to the requests that need it: a report is
        prepared when a slot is near, not all of them up front.
        """
        window = asyncio.Semaphore(self.settings.concurrency * 2 + 2)
        jobs = enumerate(self.parts.jobs)
        tasks = [asyncio.create_task(self._guarded(k, job, window)) for k, job in jobs]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

    async def _guarded(self, k: int, job: ReportJob, window: asyncio.Semaphore) -> None:
        async with window:
            outcome = await self.one(job)
        self.outcomes[k] = outcome
        self.parts.progress.report_done(outcome)

    async def one(self, job: ReportJob) -> ReportOutcome:
        """One report, never raising (except cancellation)."""
        try:
            raw = load(job.path)
        except Exception as e:
            return ReportOutcome(str(job.path), job.name, "failed", error=describe(e, self.secret))
        try:
            return await self._summarize(job, raw)
        except Exception as e:
            attempts = getattr(e, "attempts", None)
            self.parts.meter.add(attempts if isinstance(attempts, int) else 0, Usage())
            error = describe(e, self.secret)
            return ReportOutcome(raw.path, job.name, "failed", raw.sha256, error=error)

    async def _summarize(self, job: ReportJob, raw: RawDocument) -> ReportOutcome:
        """Reuse the finished report if the cache has it, else summarize it now."""
        if job.expected_sha256 and raw.sha256 != job.expected_sha256:
            raise BatchError(
                f"{raw.path} changed since the batch was submitted (sha256 {raw.sha256[:12]}, "
                f"expected {job.expected_sha256[:12]}): submit it again"
            )
        key = report_key(raw.sha256, self.settings)
        cached = None if self.parts.force else self.parts.cache.get_report(key)
        if cached is not None:
            doc = self._reuse(job, raw, key, cached)
            return ReportOutcome(raw.path, job.name, "skipped", raw.sha256, doc)
        done = await self._fresh(job, raw)
        doc = done.document
        self.parts.cache.put_report(key, doc, done.written)
        return ReportOutcome(
            raw.path,
            job.name,
            "ok",
            raw.sha256,
            doc,
            requests=doc.run.requests,
            usage=doc.run.usage,
        )

    def _reuse(
        self,
        job: ReportJob,
        raw: RawDocument,
        key: ReportKey,
        cached: tuple[SummaryDocument, Written],
    ) -> SummaryDocument:
        """The cached document, at this path; its files rewritten only if they differ."""
        doc = _relocated(cached[0], raw.path)
        written = rewrite_report(self.parts.out_dir, job.name, doc, cached[1])
        if written != cached[1]:
            self.parts.cache.put_report(key, doc, written)
        return doc

    async def _fresh(self, job: ReportJob, raw: RawDocument) -> Finished:
        """Prepare, extract, finish (verify, write); the CPU stages maybe in a worker."""
        out_dir = self.parts.out_dir
        if isinstance(self.extractor, LazyExtractor) and not self.extractor.built:
            # the client starts up once this report (and the others starting) went to the worker
            asyncio.get_running_loop().call_soon(self.extractor.build_quietly)
        prepared = await self.stages.prepare(raw)
        if self.settings.passes == 2:  # the gleaning pass lives in the pipeline
            doc = await summarize_prepared(prepared, self.extractor, self.settings)
            return Finished(doc, write_report(out_dir, job.name, doc))
        started = time.monotonic()
        extraction = await self.extractor.extract(prepared.chunks)
        elapsed = time.monotonic() - started
        return await self.stages.finish(FinishJob(prepared, extraction, elapsed, out_dir, job.name))


def _relocated(doc: SummaryDocument, path: str) -> SummaryDocument:
    """A cached document moved to where the same bytes are now (renamed or copied file)."""
    if doc.source.path == path:
        return doc
    return doc.model_copy(update={"source": doc.source.model_copy(update={"path": path})})


# ------------------------------------------------------------------ the run


def prepare_out_dir(out_dir: Path) -> Path:
    """Create ``DIR``; refuse a path that exists and is not a directory."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {out_dir} is a file: pass a directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"Cannot create --out {out_dir}: {e.strerror}: choose another path") from e
    return out_dir


def plan_jobs(options: BatchOptions) -> list[ReportJob]:
    """Expand the inputs (never reading ``DIR`` itself); refuse to overwrite an input."""
    out_dir = prepare_out_dir(options.out_dir)
    jobs = expand_inputs(options.inputs, exclude=[out_dir])
    root = out_dir.resolve()
    for job in jobs:
        targets = {(root / f"{job.name}{ext}").resolve() for ext in (".json", ".md")}
        if job.path.resolve() in targets:
            raise UsageError(
                f"--out {out_dir} would overwrite the input {job.path}: choose another --out"
            )
    return jobs


@dataclass(frozen=True)
class RunParts:
    """What a run is made of; :func:`execute` drives it (shared by live runs and collect)."""

    settings: Settings
    out_dir: Path
    cache: BatchCache
    progress: Progress
    meter: Meter
    jobs: tuple[ReportJob, ...]
    force: bool = False
    stages: Stages | None = None  # default: in this process


async def execute(parts: RunParts, extractor: Extractor) -> BatchResult:
    """Run every job; write the roll-ups at the end, or with what finished if cancelled."""
    started, clock = _now(), time.monotonic()
    runner = Runner(parts, extractor, parts.stages or InlineStages(parts.settings))

    def facts(interrupted: bool) -> RunFacts:
        meter = parts.meter
        wall = time.monotonic() - clock
        return RunFacts(
            parts.settings, started, _now(), wall, meter.requests, meter.usage, interrupted
        )

    parts.progress.start(len(parts.jobs))
    before = asyncio.all_tasks()
    try:
        await runner.run()
        await drain(before, parts.settings.timeout)
    except asyncio.CancelledError:
        finish(parts, runner.outcomes, facts(interrupted=True))
        raise
    return finish(parts, runner.outcomes, facts(interrupted=False))


async def drain(before: set[asyncio.Task[Any]], timeout: float) -> None:
    """Let chunk requests orphaned by a failed report finish, so their answers are cached.

    When one chunk of a report fails, ``asyncio.gather`` in the extractor returns
    at once while the report's other chunk requests are still in flight; waiting
    for them here (at most ``timeout``) means a rerun does not ask for them again.
    """
    current = asyncio.current_task()
    left = [t for t in asyncio.all_tasks() - before if t is not current and not t.done()]
    if left:
        await asyncio.wait(left, timeout=timeout)


def finish(parts: RunParts, done: dict[int, ReportOutcome], facts: RunFacts) -> BatchResult:
    """Outcomes in input order (``pending`` where none), totals, roll-up files."""
    outcomes = tuple(
        done.get(k) or ReportOutcome(str(job.path), job.name, "pending", job.expected_sha256)
        for k, job in enumerate(parts.jobs)
    )
    run = totals(outcomes, facts, exit_code_for(outcomes, parts.settings, facts.interrupted))
    write_rollups(parts.out_dir, outcomes, run)
    parts.progress.close()
    return BatchResult(outcomes, run)


def exit_code_for(outcomes: Sequence[ReportOutcome], settings: Settings, interrupted: bool) -> int:
    """0 all ok; 1 a report failed, or ``--strict`` and a flag; 130 interrupted."""
    if interrupted:
        return EXIT_INTERRUPTED
    failed = any(o.status == "failed" for o in outcomes)
    flagged = settings.strict and any(o.flags for o in outcomes)
    return EXIT_FAILED if failed or flagged else EXIT_OK


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


async def run_batch_async(
    options: BatchOptions,
    settings: Settings,
    console: Console | None = None,
    client: Any | None = None,
    **extras: Any,
) -> BatchResult:
    """The live batch run. ``client``/``extras`` (e.g. ``sleep=``) are for tests."""
    if settings.resolved_backend == "llm":
        require_llm(settings.credentials)  # a usage error now, not 200 failed reports
    jobs = plan_jobs(options)
    progress = make_progress(console)
    meter = Meter()
    stages = make_stages(settings, jobs, options.processes)  # forks: before the database
    with closing(stages), BatchCache.open(options.db) as cache, tuned_gc() as settle_heap:
        shared: dict[str, Any] = {
            "cache": MeteredCache(
                cache, meter, progress, not options.force, not options.retry_failed
            ),
            "modes": cache,
            "throttle": Throttle(
                settings.concurrency, settings.requests_per_minute, settings.tokens_per_minute
            ),
            **extras,
        }
        extractor = LazyExtractor(settings, client, progress.message, shared, settle_heap)
        parts = RunParts(
            settings, options.out_dir, cache, progress, meter, tuple(jobs), options.force, stages
        )
        try:
            return await execute(parts, extractor)
        finally:
            await extractor.close()


@dataclass
class LazyExtractor:
    """Builds the extractor (and its client) at the first report that needs a request.

    A warm run, where every report is reused, never imports openai or instructor.
    Once it is built, ``settle`` tunes the garbage collector (:mod:`.heap`).
    """

    settings: Settings
    client: Any | None
    notice: Callable[[str], None]
    shared: dict[str, Any]
    settle: Callable[[], None] = lambda: None
    _real: Any = None
    _own_client: Any = None
    _chunks_sent: int = 0

    @property
    def built(self) -> bool:
        return self._real is not None

    def build(self) -> None:
        """The client and extractor, and what the first request would build (``warm``)."""
        warm = getattr(self._get(), "warm", None)
        if warm is not None:
            warm()

    def build_quietly(self) -> None:
        """``build`` as a loop callback: a failure is left for the first ``extract`` to
        raise, where it becomes that report's error (a callback's would be a traceback)."""
        with suppress(Exception):
            self.build()

    def _get(self) -> Any:
        if self._real is None:
            client = self.client
            if client is None and self.settings.resolved_backend == "llm":
                from ..extract.llm import make_client

                client = self._own_client = make_client(self.settings)
            self._real = make_extractor(self.settings, client, self.notice, **self.shared)
            self.settle()
        return self._real

    async def extract(self, chunks: Sequence[Chunk]) -> Extraction:
        real = self._get()
        self._warm_up_when_busy(len(chunks))
        return await real.extract(chunks)

    def _warm_up_when_busy(self, chunks: int) -> None:
        """Import what the grounding check needs (cn2an: ~0.2 s) in a thread, once the
        first ``concurrency`` chunks are on their way: the loop then waits for answers,
        and the first one, checked on the loop, finds it done. Started earlier, the
        thread would share the interpreter with the first requests being built."""
        before = self._chunks_sent
        self._chunks_sent += chunks
        limit = self.settings.concurrency
        if self._own_client is not None and before < limit <= self._chunks_sent:
            threading.Thread(target=warm_up, daemon=True).start()

    def __getattr__(self, name: str) -> Any:
        """Anything else (``glean`` for ``--passes 2``) is the real extractor's, if it has it."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._get(), name)

    async def close(self) -> None:
        if self._own_client is not None:
            await self._own_client.close()


def cancel_on_sigterm() -> None:
    """Treat SIGTERM (cron timeouts, ``kill``) like Ctrl-C: cancel the current task."""
    task = asyncio.current_task()
    if task is None:
        return
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
        return
