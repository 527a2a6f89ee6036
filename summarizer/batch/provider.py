"""Provider batch mode: OpenAI's Batch API, or a JSONL file for vLLM's ``run-batch``.

Submit (``--submit openai-batch`` and/or ``--export-jsonl FILE``):

1. each report is loaded, cleaned and chunked as in a live run; reports whose
   document, and chunks whose answer, is already cached are not sent;
2. one JSONL line per remaining chunk request, ``custom_id = <sha256[:40]>:<chunk>``,
   its body built by instructor exactly like the live request
   (:func:`summarizer.extract.batch_api.build_request_body`);
3. ``--export-jsonl`` writes the file; ``--submit`` uploads it (``POST /files``,
   ``purpose=batch``) and creates a batch (``POST /batches``, 24 h window);
4. the batch (id, mode, chunking settings, each source's path/name/sha256, each
   line's chunk key) is stored in the cache database.

Collect (``collect BATCH_ID`` or ``collect --from-jsonl RESULTS``):

1. download the output and error files (or read vLLM's output file), join the
   lines on ``custom_id`` (order is not guaranteed), validate each answer into
   ``UnionWorkReport`` with instructor's parser, and store it in the chunk cache;
   a failed line (HTTP error, invalid or cut-off answer) is remembered per line;
2. run the normal batch pipeline over the stored sources, re-read and re-cleaned
   (a source whose sha256 changed fails with a clear error), with an extractor
   that only reads the cache: a chunk with no valid answer fails its report.
   ``--retry-live`` sends those chunks through the live path instead (re-asks,
   splitting of cut-off answers).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..errors import BatchError, InputError, UsageError
from ..extract import ChunkResult, Extraction
from ..load import load
from ..outputs import write_bytes_atomic
from ..pipeline import Extractor, Prepared, make_extractor, prepare
from ..prompts import Prompt, load_prompt
from ..throttle import Throttle
from .cache import DEFAULT_DB_NAME, BatchCache, BatchItem, BatchRecord, BatchSource
from .inputs import ReportJob
from .progress import Progress, make_progress
from .runner import (
    BatchOptions,
    BatchResult,
    Meter,
    MeteredCache,
    RunParts,
    execute,
    plan_jobs,
    redact,
    report_key,
)

if TYPE_CHECKING:
    from rich.console import Console

    from ..extract.batch_api import BatchInfo, LineResult

SUBMIT_TARGETS = ("openai-batch",)
MAX_LINES = 50_000
MAX_BYTES = 200 * 1024 * 1024
_SNAPSHOT_FIELDS = ("chunk_size", "chunk_overlap", "max_tokens", "temperature", "prompt_version")


def custom_id(sha256: str, chunk_index: int) -> str:
    """``<first 40 hex of the sha256>:<chunk index>``: unique per request, ≤ 64 characters.

    >>> custom_id("ab" * 32, 3)
    'abababababababababababababababababababab:3'
    """
    return f"{sha256[:40]}:{chunk_index}"


def batch_mode(settings: Settings, cache: BatchCache) -> str:
    """``--mode``, else the mode remembered for this endpoint, else the provider's first."""
    if settings.mode != "auto":
        return settings.mode
    creds = settings.credentials
    known = cache.get_mode(creds.base_url or "", creds.model or "")
    return known or creds.provider.modes[0]


def snapshot(settings: Settings) -> dict[str, Any]:
    """The non-secret settings a collect needs to rebuild the same chunks and keys."""
    values = {name: getattr(settings, name) for name in _SNAPSHOT_FIELDS}
    return {**values, "model": settings.credentials.model or ""}


def restore(settings: Settings, record: BatchRecord) -> Settings:
    """Settings for collecting ``record``: its model, chunking and mode; one pass."""
    snap = record.settings
    creds = replace(settings.credentials, model=snap["model"])
    values = {name: snap[name] for name in _SNAPSHOT_FIELDS if name in snap}
    return settings.with_overrides(
        credentials=creds, backend="llm", mode=record.mode, passes=1, **values
    )


# ------------------------------------------------------------------ submit


@dataclass
class BatchPlan:
    """The lines to send and what they map to."""

    sources: list[BatchSource] = field(default_factory=list)
    items: list[BatchItem] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    reused_reports: int = 0
    cached_chunks: int = 0
    failures: list[str] = field(default_factory=list)

    def data(self) -> bytes:
        return "".join(line + "\n" for line in self.lines).encode("utf-8")


@dataclass(frozen=True)
class Planner:
    """Turns reports into batch lines (settings, prompt and mode fixed for the batch)."""

    settings: Settings
    prompt: Prompt
    mode: str
    cache: BatchCache
    force: bool = False

    def plan(self, jobs: Sequence[ReportJob]) -> BatchPlan:
        plan = BatchPlan()
        for job in jobs:
            try:
                self._add(plan, job)
            except InputError as e:
                plan.failures.append(f"{job.path}: {e}")
        return plan

    def _add(self, plan: BatchPlan, job: ReportJob) -> None:
        raw = load(job.path)
        plan.sources.append(BatchSource(raw.path, job.name, raw.sha256))
        if not self.force and self.cache.get_report(report_key(raw.sha256, self.settings)):
            plan.reused_reports += 1
            return
        self._add_chunks(plan, prepare(raw, self.settings))

    def _add_chunks(self, plan: BatchPlan, prepared: Prepared) -> None:
        from ..extract.batch_api import batch_line, build_request_body, chunk_cache_key

        sha = prepared.raw.sha256
        taken = {item.custom_id for item in plan.items}
        for chunk in prepared.chunks:
            key = chunk_cache_key(chunk.text, self.prompt, self.settings.credentials.model or "")
            cid = custom_id(sha, chunk.index)
            if cid in taken:  # the same bytes under two names: ask once
                continue
            if not self.force and self.cache.get_chunk(key) is not None:
                plan.cached_chunks += 1
                continue
            plan.items.append(BatchItem(cid, sha, chunk.index, key))
            body = build_request_body(chunk.text, self.prompt, self.settings, self.mode)
            plan.lines.append(batch_line(cid, body))


@dataclass(frozen=True, repr=False)
class Submitted:
    """What ``submit`` did: the batch id to collect, and the plan behind it."""

    batch_id: str | None
    plan: BatchPlan
    jsonl: Path | None

    def __repr__(self) -> str:  # short: see BatchResult.__repr__
        return f"Submitted({self.batch_id!r}, {len(self.plan.lines)} lines)"


async def submit_async(
    options: BatchOptions, settings: Settings, console: Console | None = None, client: Any = None
) -> Submitted:
    """Plan the lines, write/upload them, record the batch in the cache database."""
    if not settings.credentials.model:
        raise UsageError("Batch requests need a model name: pass --model or set SUMMARIZER_MODEL")
    if options.submit:
        _require_endpoint(settings)
    settings = settings.with_overrides(backend="llm", passes=1)
    jobs = plan_jobs(options)
    progress = make_progress(console)
    with BatchCache.open(options.db) as cache:
        mode = batch_mode(settings, cache)
        settings = settings.with_overrides(mode=mode)
        prompt = load_prompt(settings.prompt_version, settings.prompt_dir)
        plan = Planner(settings, prompt, mode, cache, options.force).plan(jobs)
        for failure in plan.failures:
            progress.message(f"skipped: {redact(failure, settings.credentials.api_key)}")
        data = plan.data()
        _check_limits(len(plan.lines), data)
        jsonl = _write_jsonl(options, data)
        if not plan.lines:
            return Submitted(None, plan, jsonl)
        batch_id, kind = await _send(options, settings, data, client)
        cache.put_batch(
            BatchRecord(
                id=batch_id,
                kind=kind,
                status="submitted",
                settings=snapshot(settings),
                mode=mode,
                sources=tuple(plan.sources),
                items=tuple(plan.items),
            )
        )
        return Submitted(batch_id, plan, jsonl)


def _check_limits(lines: int, data: bytes) -> None:
    if lines > MAX_LINES or len(data) > MAX_BYTES:
        raise UsageError(
            f"{lines} requests ({len(data) // 2**20} MB) exceed the Batch API limits "
            f"({MAX_LINES} lines, 200 MB per file): submit fewer reports at a time"
        )


def _write_jsonl(options: BatchOptions, data: bytes) -> Path | None:
    """``--export-jsonl FILE``, else (when submitting) a copy under ``DIR/.batches/``."""
    if options.export_jsonl is not None:
        path = options.export_jsonl
    elif data:
        path = options.out_dir / ".batches" / f"requests-{_digest(data)}.jsonl"
    else:
        return None
    write_bytes_atomic(path, data)
    return path


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


async def _send(
    options: BatchOptions, settings: Settings, data: bytes, client: Any
) -> tuple[str, str]:
    """Upload and create the batch (``--submit``), or name the exported file's batch."""
    if options.submit is None:
        return f"jsonl-{_digest(data)}", "jsonl"
    from ..extract.batch_api import create_batch, upload_batch_file

    own = client is None
    client = client or _batch_client(settings)
    try:
        file_id = await upload_batch_file(client, data, "summarizer-requests.jsonl")
        info = await create_batch(client, file_id, {"tool": "summarizer"})
    finally:
        if own:
            await client.close()
    return info.id, options.submit


def _require_endpoint(settings: Settings) -> None:
    from ..config import require_llm

    require_llm(settings.credentials)


def _batch_client(settings: Settings) -> Any:
    from ..extract.llm import make_client

    _require_endpoint(settings)
    return make_client(settings)


# ------------------------------------------------------------------ collect


@dataclass(frozen=True)
class CollectOptions:
    """What ``summarize batch collect (BATCH_ID | --from-jsonl FILE) --out DIR`` asks for."""

    out_dir: Path
    batch_id: str | None = None
    from_jsonl: Path | None = None
    db_path: Path | None = None
    wait: bool = False
    poll_s: float = 60.0
    retry_live: bool = False

    @property
    def db(self) -> Path:
        return self.db_path or self.out_dir / DEFAULT_DB_NAME


@dataclass
class CachedOnlyExtractor:
    """Answers every chunk from the cache (filled from the batch output), never the network."""

    cache: BatchCache
    prompt: Prompt
    settings: Settings
    errors: dict[str, str]  # chunk key -> why the batch has no valid answer
    batch_id: str

    async def extract(self, chunks: Sequence[Any]) -> Extraction:
        from ..extract.batch_api import chunk_cache_key

        model = self.settings.credentials.model or ""
        results = []
        for chunk in chunks:
            key = chunk_cache_key(chunk.text, self.prompt, model)
            hit = self.cache.get_chunk(key)
            if hit is None:
                why = self.errors.get(key, f"no answer in batch {self.batch_id}")
                raise BatchError(f"chunk {chunk.index}: {why}")
            results.append(replace(hit, chunk_index=chunk.index))
        return Extraction(tuple(results), "llm", model, self.settings.mode, self.prompt.version)


def parse_jsonl(text: str, origin: str) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL text, one per non-blank line."""
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            raise UsageError(f"{origin}, line {number}: not JSON ({e.msg}): check the file") from e
        if not isinstance(item, dict) or "custom_id" not in item:
            raise UsageError(f"{origin}, line {number}: no custom_id: not a batch output file")
        lines.append(item)
    return lines


def ingest(
    record: BatchRecord, lines: Sequence[dict[str, Any]], cache: BatchCache, meter: Meter
) -> dict[str, str]:
    """Validate each line into the chunk cache; return chunk key → error for the rest."""
    from ..extract.batch_api import parse_line

    by_id = {item.custom_id: item for item in record.items}
    max_tokens = int(record.settings.get("max_tokens", 4096))
    errors: dict[str, str] = {}
    answered: set[str] = set()
    for line in lines:
        item = by_id.get(str(line.get("custom_id")))
        if item is None or item.custom_id in answered:
            continue
        result: LineResult = parse_line(line, record.mode, max_tokens)
        meter.add(1, result.usage)
        if result.report is not None:
            answered.add(item.custom_id)
            errors.pop(item.chunk_key, None)
            done = ChunkResult(item.chunk_index, result.report, result.usage, requests=1)
            cache.put_chunk(item.chunk_key, done)
        elif result.error:
            errors[item.chunk_key] = result.error
        cache.set_item_error(record.id, item.custom_id, result.error)
    return errors


async def collect_async(
    options: CollectOptions, settings: Settings, console: Console | None = None, client: Any = None
) -> BatchResult:
    """Fetch (or read) the batch output, store the answers, write the usual results."""
    progress = make_progress(console)
    with BatchCache.open(options.db) as cache:
        lines = _read_results(options.from_jsonl) if options.from_jsonl else None
        record = _find_record(options, cache, lines)
        settings = restore(settings, record)
        own = client is None and (lines is None or options.retry_live)
        client = _batch_client(settings) if own else client
        try:
            if lines is None:
                lines = await _download(client, record.id, options, progress)
            state = Collecting(cache, record, client, progress)
            result = await _collect_run(options, settings, state, lines)
        finally:
            if own:
                await client.close()
        cache.set_batch_status(record.id, "collected")
        return result


@dataclass(frozen=True)
class Collecting:
    """What a collect run shares: database, batch record, client (None offline), progress."""

    cache: BatchCache
    record: BatchRecord
    client: Any
    progress: Progress


async def _collect_run(
    options: CollectOptions, settings: Settings, state: Collecting, lines: list[dict[str, Any]]
) -> BatchResult:
    """Ingest the lines, then the normal run over the batch's sources."""
    meter = Meter()
    errors = ingest(state.record, lines, state.cache, meter)
    jobs = tuple(ReportJob(Path(s.path), s.name, s.sha256) for s in state.record.sources)
    parts = RunParts(settings, options.out_dir, state.cache, state.progress, meter, jobs)
    state.progress.requests(
        meter.requests, meter.usage.prompt_tokens + meter.usage.completion_tokens
    )
    return await execute(parts, _collect_extractor(options, parts, state, errors))


def _collect_extractor(
    options: CollectOptions, parts: RunParts, state: Collecting, errors: dict[str, str]
) -> Extractor:
    """Cache only; with ``--retry-live`` the live extractor, which hits the cache first."""
    settings = parts.settings
    prompt = load_prompt(settings.prompt_version, settings.prompt_dir)
    if not options.retry_live:
        return CachedOnlyExtractor(parts.cache, prompt, settings, errors, state.record.id)
    return make_extractor(
        settings,
        state.client,
        parts.progress.message,
        cache=MeteredCache(parts.cache, parts.meter, parts.progress),
        modes=parts.cache,
        throttle=Throttle(
            settings.concurrency, settings.requests_per_minute, settings.tokens_per_minute
        ),
    )


def _read_results(path: Path) -> list[dict[str, Any]]:
    """The lines of a results file (vLLM ``run_batch -o``, or a Batch API output file)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise UsageError(f"{path}: cannot read it ({e.strerror}): check --from-jsonl") from e
    return parse_jsonl(text, str(path))


def _find_record(
    options: CollectOptions, cache: BatchCache, lines: list[dict[str, Any]] | None
) -> BatchRecord:
    """The batch named by its id, or the one whose ``custom_id``s the results carry."""
    if lines is None:
        batch_id: str | None = options.batch_id or ""
        where = f"Batch {batch_id} is not recorded"
    else:
        batch_id = cache.find_batch([str(line["custom_id"]) for line in lines])
        where = f"No batch matching the custom_ids in {options.from_jsonl} is recorded"
    record = cache.get_batch(batch_id) if batch_id else None
    if record is None:
        raise UsageError(
            f"{where} in {options.db}: pass the --out (or --db) used with "
            "--submit or --export-jsonl"
        )
    return record


async def _download(
    client: Any, batch_id: str, options: CollectOptions, progress: Progress
) -> list[dict[str, Any]]:
    """Poll until the batch is finished (with ``--wait``), then read output and errors."""
    from ..extract.batch_api import download_file, retrieve_batch

    info = await retrieve_batch(client, batch_id)
    while not info.finished and options.wait:
        progress.message(_state(info) + f": waiting {options.poll_s:g} s")
        await asyncio.sleep(options.poll_s)
        info = await retrieve_batch(client, batch_id)
    if not info.finished:
        raise BatchError(f"{_state(info)}: run collect again later, or add --wait")
    files = [f for f in (info.output_file_id, info.error_file_id) if f]
    if not files:
        raise BatchError(f"{_state(info)} and has no output file: submit the reports again")
    texts = [(f, await download_file(client, f)) for f in files]
    return [line for name, text in texts for line in parse_jsonl(text, f"batch file {name}")]


def _state(info: BatchInfo) -> str:
    counts = f"{info.completed}/{info.total} done, {info.failed} failed"
    return f"Batch {info.id} is {info.status} ({counts})"
