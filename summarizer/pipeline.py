"""Wire the stages together: load → clean → chunk → extract → merge → verify → render.

Each stage is a function over typed values; this module only calls them in
order. The CLI calls :func:`summarize_to_output` (one library function per
command) and maps its errors to messages and exit codes.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from .chunk import Chunk, chunk_text
from .clean import CleanedText, clean
from .config import Settings, require_llm
from .errors import InputError
from .extract import ChunkResult, Extraction
from .load import RawDocument, load
from .merge import merge_reports
from .models import RunInfo, SourceInfo, SummaryDocument, UnionWorkReport
from .outputs import write_text
from .render import render_many
from .verify import Policy, SourceIndex, add_coverage, check_report, enforce

if TYPE_CHECKING:
    from rich.console import Console

_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
MIN_CJK_SHARE = 0.2


class Extractor(Protocol):
    """What a backend provides: chunks in, per-chunk reports out."""

    async def extract(self, chunks: Sequence[Chunk]) -> Extraction: ...


@runtime_checkable
class Gleaner(Protocol):
    async def glean(self, chunk: Chunk, missed: Sequence[str]) -> ChunkResult: ...


@dataclass(frozen=True)
class Prepared:
    """A report after the model-free stages."""

    raw: RawDocument
    cleaned: CleanedText
    chunks: tuple[Chunk, ...]
    warnings: tuple[str, ...] = ()


def prepare(raw: RawDocument, settings: Settings) -> Prepared:
    """Load-side stages: clean and chunk, with input warnings."""
    cleaned = clean(raw, settings)
    if not cleaned.text.strip():
        raise InputError(
            f"{raw.path}: nothing left after cleaning (only page boilerplate): "
            "check that the file is a report",
            path=raw.path,
        )
    warnings = [*raw.warnings, *cleaned.warnings]
    cjk = len(_CJK_RE.findall(cleaned.text))
    if cjk < MIN_CJK_SHARE * len(cleaned.text):
        warnings.append("the text is mostly not Chinese: the summary may be poor")
    chunks = chunk_text(cleaned.text, settings.chunk_size, settings.chunk_overlap)
    return Prepared(raw, cleaned, tuple(chunks), tuple(warnings))


def finish(prepared: Prepared, extraction: Extraction, elapsed_s: float) -> SummaryDocument:
    """Merge the chunk reports, verify them against the source, assemble the document."""
    report = merge_reports([r.report for r in extraction.results], prepared.cleaned.metadata)
    return assemble(prepared, report, extraction, elapsed_s)


def assemble(
    prepared: Prepared, report: UnionWorkReport, extraction: Extraction, elapsed_s: float
) -> SummaryDocument:
    index = SourceIndex.build(prepared.cleaned.text, scan=True)  # coverage counts them all
    checked = report
    if report.title and report.title == prepared.cleaned.metadata.title:
        # the page title was taken out of the body as metadata: it is source text
        checked = report.model_copy(update={"title": ""})
    verification = add_coverage(check_report(checked, index), report, index)
    verification = _ground(verification, report, prepared.cleaned)
    raw, cleaned = prepared.raw, prepared.cleaned
    return SummaryDocument(
        source=SourceInfo(
            path=raw.path,
            sha256=raw.sha256,
            encoding=raw.encoding,
            chars_raw=len(raw.text),
            chars_clean=len(cleaned.text),
            replaced_bytes=raw.replaced,
            cleaning=cleaned.counts(),
            warnings=list(prepared.warnings),
            text=cleaned.text,
        ),
        report=report,
        verification=verification,
        run=RunInfo(
            backend=extraction.backend,
            model=extraction.model,
            prompt_version=extraction.prompt_version,
            chunks=len(prepared.chunks),
            requests=extraction.requests,
            usage=extraction.usage,
            elapsed_s=round(elapsed_s, 3),
            mode=extraction.mode,
            corrective_turns=extraction.corrective_turns,
            cached_requests=extraction.cached_requests,
        ),
    )


def _ground(verification: Any, report: UnionWorkReport, cleaned: CleanedText) -> Any:
    from .ground import ground_report

    return verification.model_copy(update={"spans": ground_report(report, cleaned)})


async def summarize_prepared(
    prepared: Prepared, extractor: Extractor, settings: Settings
) -> SummaryDocument:
    """Extract, then merge and verify; with ``passes == 2``, glean missed statistics."""
    started = time.monotonic()
    extraction = await extractor.extract(prepared.chunks)
    doc = finish(prepared, extraction, time.monotonic() - started)
    if settings.passes == 2 and doc.verification.missed and isinstance(extractor, Gleaner):
        extraction = await _glean(prepared, extraction, doc, extractor)
        doc = finish(prepared, extraction, time.monotonic() - started)
        doc = doc.model_copy(update={"run": doc.run.model_copy(update={"passes": 2})})
    return doc


async def _glean(
    prepared: Prepared, extraction: Extraction, doc: SummaryDocument, gleaner: Gleaner
) -> Extraction:
    """Ask again, per chunk, only for the statistics the first pass missed."""
    jobs = []
    asked: set[int] = set()  # a statistic in an overlap is asked for once
    for chunk in prepared.chunks:
        missed = [
            m
            for m in doc.verification.missed
            if chunk.start <= m.clean_start
            and m.clean_end <= chunk.end
            and m.clean_start not in asked
        ]
        asked.update(m.clean_start for m in missed)
        if missed:
            jobs.append(gleaner.glean(chunk, [m.text for m in missed]))
    extra = await asyncio.gather(*jobs)
    return Extraction(
        results=(*extraction.results, *extra),
        backend=extraction.backend,
        model=extraction.model,
        mode=extraction.mode,
        prompt_version=extraction.prompt_version,
    )


# ------------------------------------------------------------------ extractors


def make_extractor(
    settings: Settings,
    client: Any | None = None,
    notice: Callable[[str], None] | None = None,
    **shared: Any,
) -> Extractor:
    """The extractor for the resolved backend (dispatch table, no elif chain)."""
    factories: dict[str, Callable[..., Extractor]] = {
        "llm": _llm_extractor,
        "rules": _rules_extractor,
    }
    return factories[settings.resolved_backend](settings, client, notice, **shared)


def _llm_extractor(
    settings: Settings, client: Any | None, notice: Callable[[str], None] | None, **shared: Any
) -> Extractor:
    from .extract.llm import LLMExtractor, make_client
    from .prompts import load_prompt
    from .throttle import Throttle

    require_llm(settings.credentials)
    shared.setdefault(
        "throttle",
        Throttle(settings.concurrency, settings.requests_per_minute, settings.tokens_per_minute),
    )
    return LLMExtractor(
        client=client or make_client(settings),
        settings=settings,
        prompt=load_prompt(settings.prompt_version, settings.prompt_dir),
        notice=notice or (lambda message: None),
        **shared,
    )


def _rules_extractor(
    settings: Settings, client: Any | None, notice: Callable[[str], None] | None, **shared: Any
) -> Extractor:
    from .extract.rules import RulesExtractor

    return RulesExtractor(settings)


# ------------------------------------------------------------------ commands


@dataclass
class SummarizeRequest:
    """What ``summarize FILE... --format F [-o OUT]`` asks for."""

    paths: Sequence[str]
    fmt: str = "md"
    output: Path | None = None
    client: Any | None = None
    extras: dict[str, Any] = field(default_factory=dict)


def summarize_documents(
    request: SummarizeRequest, settings: Settings, console: Console | None = None
) -> list[SummaryDocument]:
    """Summarize each path in order (one extractor, one event loop)."""
    notice = _notice(console)
    raws = [load(p) for p in request.paths]
    prepared = [prepare(r, settings) for r in raws]
    for p in prepared:
        for w in p.warnings:
            notice(f"{p.raw.path}: warning: {w}")
    with _mode_memory(settings, notice) as modes:
        extras = {"modes": modes, **request.extras} if modes else request.extras
        extractor = make_extractor(settings, request.client, notice, **extras)

        async def run_all() -> list[SummaryDocument]:
            return [await summarize_prepared(p, extractor, settings) for p in prepared]

        return asyncio.run(run_all())


@contextmanager
def _mode_memory(settings: Settings, notice: Callable[[str], None]) -> Iterator[Any]:
    """The cache database's mode memory, for ``--mode auto`` against a model.

    A cache that cannot be opened costs only the memory, never the run.
    """
    if settings.resolved_backend != "llm" or settings.mode != "auto" or not settings.cache_db:
        yield None
        return
    from .batch.cache import BatchCache
    from .errors import BatchError

    try:
        cache = BatchCache.open(settings.cache_db)
    except BatchError as e:
        notice(f"warning: mode memory unavailable ({e})")
        yield None
        return
    with cache:
        yield cache


def summarize_to_output(
    request: SummarizeRequest, settings: Settings, console: Console | None = None
) -> int:
    """The ``summarize`` command: summarize, render, write, then apply the policy."""
    docs = summarize_documents(request, settings, console)
    text = render_many(docs, request.fmt)
    write_text(text, request.output)
    enforce([d.verification for d in docs], Policy(strict=settings.strict))
    return 0


def _notice(console: Console | None) -> Callable[[str], None]:
    if console is None:
        return lambda message: None
    return lambda message: console.print(message, markup=False, highlight=False)
