"""The ``llm`` backend: instructor on an OpenAI-compatible client.

Who retries what, so that no two layers multiply:

* the openai client: nothing (``max_retries=0``);
* tenacity, here: transient errors (429, 5xx, timeouts, refused connections),
  exponential backoff with jitter, honouring ``Retry-After``;
* instructor's ``max_retries``: answers that fail validation (bad JSON, schema
  errors) and, through the validation context, answers whose numbers or quotes
  are not in the source (``corrective_attempts`` of those, default 1);
* a truncated answer (``finish_reason == "length"``): the chunk is split in two
  and each half is asked again.

Report text never goes into a message template: messages are ``{{ system }}`` and
``{{ source }}`` placeholders filled from instructor's ``context=``, so braces in a
report are sent verbatim.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from ..chunk import Chunk, split_chunk
from ..config import Settings
from ..errors import (
    AuthenticationFailed,
    ConfigError,
    ContentFiltered,
    EndpointUnreachable,
    ModelError,
    ModeRejected,
    OutputTruncated,
    ValidationFailed,
)
from ..models import UnionWorkReport, Usage
from ..prompts import Prompt
from ..throttle import Throttle
from ..verify import grounding_problems
from . import ChunkResult, Extraction

if TYPE_CHECKING:
    import openai

MODE_NAMES = {"tools": "TOOLS", "json": "JSON", "json_schema": "JSON_SCHEMA", "md_json": "MD_JSON"}
_TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 529}
_MODE_WORDS = ("response_format", "tool_choice", "tools", "json_schema", "function call")
_FILTER_WORDS = (
    "data_inspection_failed",
    "inappropriate content",
    "content_filter",
    "content risk",
    "content_risk",
    "content exists risk",
    "sensitive",
)
MAX_SPLIT_DEPTH = 2
MIN_SPLIT_CHARS = 200

Sleep = Callable[[float], Awaitable[None]]
Notice = Callable[[str], None]


class ChunkCache(Protocol):
    """Per-request answer cache (the batch job's SQLite database implements it).

    It also remembers requests that failed for good (an answer cut off, one that
    never matched the schema, a content filter), so that a rerun does not pay for
    the same failure again; ``get_failure`` returns ``(error type, message)``.
    """

    def get_chunk(self, key: str) -> ChunkResult | None: ...

    def put_chunk(self, key: str, result: ChunkResult) -> None: ...

    def get_failure(self, key: str) -> tuple[str, str] | None: ...

    def put_failure(self, key: str, kind: str, message: str) -> None: ...


# Failures that the same request, settings and model would repeat: remembered.
_LASTING_FAILURES: dict[str, type[ModelError]] = {
    "OutputTruncated": OutputTruncated,
    "ValidationFailed": ValidationFailed,
    "ContentFiltered": ContentFiltered,
}
REMEMBERED = " (remembered from an earlier run: pass --retry-failed to ask again)"


class ModeMemory(Protocol):
    """Remembers, per base URL and model, the structured-output mode that worked."""

    def get_mode(self, base_url: str, model: str) -> str | None: ...

    def put_mode(self, base_url: str, model: str, mode: str) -> None: ...


def make_client(settings: Settings, http_client: Any | None = None) -> openai.AsyncOpenAI:
    """The async OpenAI client for the configured endpoint (imports openai lazily)."""
    import openai

    creds = settings.credentials
    return openai.AsyncOpenAI(
        api_key=creds.api_key or "not-needed",
        base_url=creds.base_url,
        timeout=settings.timeout,
        max_retries=0,
        http_client=http_client,
    )


@dataclass
class _Counter:
    requests: int = 0
    corrective: int = 0


@dataclass
class LLMExtractor:
    """Extract chunks with one client; shareable across the reports of a batch."""

    client: openai.AsyncOpenAI
    settings: Settings
    prompt: Prompt
    throttle: Throttle | None = None
    cache: ChunkCache | None = None
    modes: ModeMemory | None = None
    sleep: Sleep = asyncio.sleep
    notice: Notice = lambda message: None
    _mode: str | None = field(default=None, init=False)
    _noticed: set[str] = field(default_factory=set, init=False)
    _instructors: dict[str, Any] = field(default_factory=dict, init=False)

    @property
    def model(self) -> str:
        return self.settings.credentials.model or ""

    async def extract(self, chunks: Sequence[Chunk]) -> Extraction:
        """Extract every chunk concurrently (bounded by the throttle)."""
        groups = await asyncio.gather(*(self._extract_splitting(c, 0) for c in chunks))
        results = tuple(r for group in groups for r in group)
        return Extraction(
            results=results,
            backend="llm",
            model=self.model,
            mode=self._mode or self._candidate_modes()[0],
            prompt_version=self.prompt.version,
        )

    async def glean(self, chunk: Chunk, missed: Sequence[str]) -> ChunkResult:
        """The ``--passes 2`` follow-up: ask only for the listed missed statistics."""
        request = self.prompt.gleaning + "\n" + "\n".join(f"- {m}" for m in missed)
        return await self._extract_cached(chunk, request, kind="glean")

    # ------------------------------------------------------------------ internals

    async def _extract_splitting(self, chunk: Chunk, depth: int) -> list[ChunkResult]:
        """Extract one chunk; on a truncated answer, split it and try the halves."""
        try:
            return [await self._extract_cached(chunk, self.prompt.instructions, kind="extract")]
        except OutputTruncated as e:
            if depth >= MAX_SPLIT_DEPTH or len(chunk) < MIN_SPLIT_CHARS:
                raise
            self._say_once("split", f"{e}: splitting the chunk in two and retrying")
            halves = split_chunk(chunk)
            parts = await asyncio.gather(*(self._extract_splitting(h, depth + 1) for h in halves))
            results = [r for part in parts for r in part]
            spent = replace(results[0], requests=results[0].requests + (e.attempts or 0))
            return [spent, *results[1:]]

    async def _extract_cached(self, chunk: Chunk, request: str, kind: str) -> ChunkResult:
        key = self._cache_key(chunk, request, kind)
        if self.cache is None:
            return await self._extract_negotiating(chunk, request)
        hit = self.cache.get_chunk(key)
        if hit is not None:
            return ChunkResult(chunk.index, hit.report, cached=True)
        failed_key = self._failure_key(key)
        remembered = self.cache.get_failure(failed_key)
        if remembered is not None and remembered[0] in _LASTING_FAILURES:
            error_type, message = remembered
            raise _LASTING_FAILURES[error_type](message + REMEMBERED, chunk_index=chunk.index)
        try:
            result = await self._extract_negotiating(chunk, request)
        except ModelError as e:
            if type(e).__name__ in _LASTING_FAILURES:
                self.cache.put_failure(failed_key, type(e).__name__, str(e))
            raise
        self.cache.put_chunk(key, result)
        return result

    def _failure_key(self, key: str) -> str:
        """A failure holds only for the settings it happened under (a larger
        ``--max-tokens`` or another mode may succeed)."""
        s = self.settings
        return f"{key}:{s.max_tokens}:{s.temperature}:{s.mode}"

    def _cache_key(self, chunk: Chunk, request: str, kind: str) -> str:
        from ..cachekey import chunk_key

        return chunk_key(
            text=chunk.text,
            request=self.prompt.system + "\n" + request,
            kind=kind,
            backend="llm",
            model=self.model,
            prompt_version=self.prompt.version,
        )

    async def _extract_negotiating(self, chunk: Chunk, request: str) -> ChunkResult:
        """Try the structured-output modes in order until the server accepts one."""
        candidates = [self._mode] if self._mode else self._candidate_modes()
        for k, mode in enumerate(candidates):
            try:
                result = await self._extract_retrying(chunk, request, mode)
            except ModeRejected as e:
                if self.settings.mode != "auto" or k == len(candidates) - 1:
                    raise
                nxt = candidates[k + 1]
                self._say_once(f"mode:{mode}", f"Server rejected mode {mode} ({e}); trying {nxt}")
                continue
            self._remember_mode(mode)
            return result
        raise ModeRejected("No structured-output mode left to try: pass --mode")  # pragma: no cover

    def _candidate_modes(self) -> list[str]:
        if self.settings.mode != "auto":
            return [self.settings.mode]
        order = list(self.settings.credentials.provider.modes)
        creds = self.settings.credentials
        known = self.modes.get_mode(creds.base_url or "", self.model) if self.modes else None
        if known in order:
            order.remove(known)
            order.insert(0, known)
        return order

    def _remember_mode(self, mode: str) -> None:
        if self._mode != mode:
            self._mode = mode
            if self.modes is not None and self.settings.mode == "auto":
                self.modes.put_mode(self.settings.credentials.base_url or "", self.model, mode)

    def _say_once(self, key: str, message: str) -> None:
        if key not in self._noticed:
            self._noticed.add(key)
            self.notice(message)

    async def _extract_retrying(self, chunk: Chunk, request: str, mode: str) -> ChunkResult:
        """One chunk, with tenacity retrying transient errors around instructor."""
        from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt

        counter = _Counter()
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.settings.transient_retries + 1),
            retry=retry_if_exception(is_transient),
            wait=_wait_retry_after,
            sleep=self.sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._call(chunk, request, mode, counter)
        except Exception as e:
            raise wrap_error(e, self.settings, chunk.index, counter.requests) from e
        raise ModelError("unreachable", chunk_index=chunk.index)  # pragma: no cover

    async def _call(self, chunk: Chunk, request: str, mode: str, counter: _Counter) -> ChunkResult:
        from instructor.v2.core.hooks import Hooks

        client = self._instructor(mode)
        hooks = Hooks()
        hooks.on("completion:kwargs", lambda *a, **k: _bump(counter))
        context = {
            "system": self.prompt.system,
            "request": request,
            "source": chunk.text,
            "grounding_check": self._grounding_check(chunk.text, counter),
        }
        async with self._slot(chunk):
            report, completion = await client.create_with_completion(
                model=self.model,
                response_model=prepared_response_model(),
                messages=[
                    {"role": "system", "content": "{{ system }}"},
                    {"role": "user", "content": "{{ request }}\n\n原文：\n{{ source }}"},
                ],
                context=context,
                max_retries=self.settings.validation_retries + self.settings.corrective_attempts,
                hooks=hooks,
                temperature=self.settings.temperature,
                max_tokens=self.settings.max_tokens,
            )
        return ChunkResult(
            chunk_index=chunk.index,
            report=report,
            usage=_usage(completion),
            requests=counter.requests,
            corrective_turns=counter.corrective,
        )

    def warm(self) -> None:
        """Build now what the first request would (~5 ms): the prepared response model
        and the instructor client of the first mode to try."""
        prepared_response_model()
        self._instructor(self._mode or self._candidate_modes()[0])

    def _instructor(self, mode: str) -> Any:
        """One instructor client per mode (building one per request costs ~2 ms of CPU)."""
        if mode not in self._instructors:
            self._instructors[mode] = _instructor_client(self.client, mode)
        return self._instructors[mode]

    def _slot(self, chunk: Chunk) -> Any:
        if self.throttle is None:
            return _NullSlot()
        return self.throttle.slot(estimated_tokens=len(chunk.text) * 2 + self.settings.max_tokens)

    def _grounding_check(
        self, source: str, counter: _Counter
    ) -> Callable[[UnionWorkReport], list[str]]:
        """The validator hook: return problems (→ re-ask) until the budget is spent."""
        budget = self.settings.corrective_attempts

        def check(report: UnionWorkReport) -> list[str]:
            if counter.corrective >= budget:
                return []
            problems = grounding_problems(report, source)
            if problems:
                counter.corrective += 1
            return problems

        return check


@functools.cache
def prepared_response_model() -> Any:
    """``UnionWorkReport`` as instructor prepares it, built once.

    Passing the bare model makes instructor derive a new class, and so a new
    JSON schema, on every request (~6 ms of CPU each, which caps a batch run's
    throughput); a prepared model is used as is. Requests are unchanged.
    """
    from instructor.v2.core.response_model import prepare_response_model

    return prepare_response_model(UnionWorkReport)


_THINK_RE = re.compile(r"^\s*<think>.*?</think>\s*", re.S)


def strip_reasoning(completion: Any) -> Any:
    """Drop a reasoning model's leading ``<think>…</think>`` block from each answer.

    DeepSeek-R1 and Qwen3 (served by vLLM or Ollama) may open the content with it;
    instructor's JSON mode would then fail to parse the answer.
    """
    for choice in getattr(completion, "choices", None) or []:
        content = getattr(choice.message, "content", None)
        if isinstance(content, str) and content.lstrip().startswith("<think>"):
            choice.message.content = _THINK_RE.sub("", content, count=1)
    return completion


def mark_truncation(completion: Any, max_tokens: int | None) -> Any:
    """Call an answer that used the whole ``max_tokens`` budget what it is: cut off.

    llama.cpp reports ``finish_reason="tool_calls"`` for a tool call cut at the
    limit; instructor would then re-ask with the broken answer appended, which
    only grows the prompt. Marked ``length``, the chunk is split instead.
    """
    usage = getattr(completion, "usage", None)
    used = getattr(usage, "completion_tokens", None)
    if max_tokens and used is not None and used >= max_tokens:
        for choice in getattr(completion, "choices", None) or []:
            choice.finish_reason = "length"
    return completion


def _instructor_client(client: openai.AsyncOpenAI, mode: str) -> Any:
    """instructor over ``client.chat.completions.create`` with reasoning blocks stripped.

    Built like ``instructor.from_openai``, but around our own create function.
    """
    import instructor
    from instructor.v2.core.client import AsyncInstructor
    from instructor.v2.core.patch import patch_v2
    from instructor.v2.core.providers import Provider
    from instructor.v2.core.registry import normalize_mode

    instructor_mode = normalize_mode(Provider.OPENAI, getattr(instructor.Mode, MODE_NAMES[mode]))
    _patch_instructor_once()

    async def create(*args: Any, **kwargs: Any) -> Any:
        completion = await client.chat.completions.create(*args, **tools_as_json(kwargs))
        return mark_truncation(strip_reasoning(completion), kwargs.get("max_tokens"))

    patched = patch_v2(func=create, provider=Provider.OPENAI, mode=instructor_mode)
    return AsyncInstructor(
        client=client, create=patched, provider=Provider.OPENAI, mode=instructor_mode
    )


def tools_as_json(kwargs: dict[str, Any]) -> dict[str, Any]:
    """``kwargs`` with instructor's ``tools`` sent through ``extra_body``: the same JSON
    body, key for key and in the same order (``tools`` is its last key either way).

    openai walks every parameter against its typed description before sending it;
    for ``tools``, that is the whole JSON schema of :class:`UnionWorkReport`, node by
    node (~0.5 ms a request, on the event loop). The schema is plain JSON already,
    and ``extra_body`` is merged into the body as it is.

    >>> tools_as_json({"model": "m", "tools": [{"type": "function"}]})
    {'model': 'm', 'extra_body': {'tools': [{'type': 'function'}]}}
    >>> tools_as_json({"model": "m"})
    {'model': 'm'}
    """
    if "tools" not in kwargs:
        return kwargs
    out = dict(kwargs)
    out["extra_body"] = {**(out.get("extra_body") or {}), "tools": out.pop("tools")}
    return out


def _patch_instructor_once() -> None:
    """Make instructor's per-call work on fixed inputs happen once (idempotent).

    instructor 1.17, on each call and each attempt:

    - walks the whole response model (every field, every base class), refusing
      models that declare async validators: for ``UnionWorkReport`` about 0.7 ms a
      walk. A class's validators never change, so a class that passed once passes
      again; a failing check still raises each time. ``patch.py`` binds the check
      at import, so both names are replaced.
    - renders every message through a new Jinja ``SandboxedEnvironment``, compiling
      the template again: ~0.25 ms a message. Our templates are the two fixed
      message shapes (the report text travels in the context), so each compiled
      template is kept; the rendering, sandbox and ``dedent`` are instructor's own.

    Together about a tenth of a batch run's CPU on the event loop.
    """
    from instructor.v2.core import patch, templating
    from instructor.v2.validation import async_validators

    check = async_validators.reject_async_validators
    if not getattr(check, "memoized", False):
        _replace(async_validators, "reject_async_validators", _memoized_check(check))
    _replace(patch, "reject_async_validators", async_validators.reject_async_validators)
    if not getattr(templating.__dict__["apply_template"], "memoized", False):
        _replace(templating, "apply_template", _cached_templates())


def _replace(module: Any, name: str, value: Any) -> None:
    """Rebind ``module.name`` (instructor's modules are untyped inside: no checked stub)."""
    vars(module)[name] = value


def _memoized_check(check: Callable[[Any], None]) -> Callable[[Any], None]:
    passed: set[Any] = set()

    def once(response_model: Any) -> None:
        try:
            if response_model in passed:
                return
        except TypeError:  # an unhashable model spec: check it every time
            check(response_model)
            return
        check(response_model)
        passed.add(response_model)

    once.memoized = True  # type: ignore[attr-defined]
    return once


def _cached_templates() -> Callable[[str, dict[str, Any]], str]:
    """instructor's ``apply_template`` with each template compiled once (up to 64)."""
    from functools import lru_cache
    from textwrap import dedent

    from jinja2.sandbox import SandboxedEnvironment

    compiled = lru_cache(maxsize=64)(lambda text: SandboxedEnvironment().from_string(text))

    def apply_template(text: str, context: dict[str, Any]) -> str:
        return dedent(compiled(text).render(**context))

    apply_template.memoized = True  # type: ignore[attr-defined]
    return apply_template


class _NullSlot:
    async def __aenter__(self) -> None:
        return None

    async def __aexit__(self, *exc: object) -> None:
        return None


def _bump(counter: _Counter) -> None:
    counter.requests += 1


def _usage(completion: Any) -> Usage:
    usage = getattr(completion, "usage", None)
    if usage is None:
        return Usage()
    return Usage(
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
    )


# ---------------------------------------------------------------- error handling


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, its causes and contexts, and instructor's failed attempts."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        e = todo.pop()
        if e in seen:
            continue
        seen.append(e)
        todo.extend(x for x in (e.__cause__, e.__context__) if x is not None)
        for attempt in getattr(e, "failed_attempts", None) or []:
            inner = getattr(attempt, "exception", None)
            if isinstance(inner, BaseException):
                todo.append(inner)
    return seen


def _is_a(e: BaseException, type_name: str) -> bool:
    """isinstance by class name, so openai need not be imported to classify errors."""
    return any(cls.__name__ == type_name for cls in type(e).__mro__)


def _find(exc: BaseException, type_name: str) -> BaseException | None:
    return next((e for e in _chain(exc) if _is_a(e, type_name)), None)


def is_transient(exc: BaseException) -> bool:
    """429, 5xx, timeouts and refused connections; never a vcrpy "no cassette entry"."""
    chain = _chain(exc)
    if any(type(e).__name__ == "CannotOverwriteExistingCassetteException" for e in chain):
        return False
    if _mode_rejection(exc) or _content_filter(exc):
        return False
    if any(_is_a(e, "ResponseParsingError") and "No choices" in str(e) for e in chain):
        return True  # an empty ``choices`` list: a server glitch, worth another try
    for e in chain:
        status = getattr(e, "status_code", None)
        if status in _TRANSIENT_STATUS:
            return True
        if _is_a(e, "APIConnectionError"):  # includes APITimeoutError
            return True
    return False


def _wait_retry_after(retry_state: Any) -> float:
    """Honour ``Retry-After`` (seconds or HTTP date, capped at 120 s), else backoff."""
    from tenacity import wait_exponential_jitter

    exc = retry_state.outcome.exception() if retry_state.outcome else None
    seconds = _retry_after_seconds(exc) if exc else None
    if seconds is not None:
        return min(max(seconds, 0.0), 120.0)
    return float(wait_exponential_jitter(initial=1, max=30)(retry_state))


def _retry_after_seconds(exc: BaseException) -> float | None:
    for e in _chain(exc):
        response = getattr(e, "response", None)
        headers = getattr(response, "headers", None)
        if not headers:
            continue
        if headers.get("retry-after-ms"):
            try:
                return float(headers["retry-after-ms"]) / 1000
            except ValueError:
                pass
        value = headers.get("retry-after")
        if value:
            try:
                return float(value)
            except ValueError:
                parsed = email.utils.parsedate_to_datetime(value)
                return parsed.timestamp() - time.time() if parsed else None
    return None


def _status_error(exc: BaseException) -> BaseException | None:
    for e in _chain(exc):
        if getattr(e, "status_code", None) is not None:
            return e
    return None


def _message(e: BaseException | None) -> str:
    """The provider's own error message when there is one, on one line."""
    if e is None:
        return ""
    body = getattr(e, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        text = inner.get("message") if isinstance(inner, dict) else None
        if text:
            return " ".join(str(text).split())[:300]
    return " ".join(str(e).split())[:300]


def _context_overflow(exc: BaseException) -> bool:
    e = _status_error(exc)
    if e is None or getattr(e, "status_code", None) != 400:
        return False
    text = (_message(e) + " " + str(getattr(e, "code", ""))).lower()
    return "context_length" in text or "maximum context length" in text or "context window" in text


def _mode_rejection(exc: BaseException) -> BaseException | None:
    e = _status_error(exc)
    if e is None or getattr(e, "status_code", None) not in (400, 422, 500):
        return None
    text = _message(e).lower()
    return e if any(w in text for w in _MODE_WORDS) else None


def _content_filter(exc: BaseException) -> BaseException | None:
    e = _status_error(exc)
    if e is None or getattr(e, "status_code", None) != 400:
        return None
    text = _message(e).lower()
    return e if any(w in text for w in _FILTER_WORDS) else None


def wrap_error(
    exc: BaseException, settings: Settings, chunk_index: int, requests: int
) -> Exception:
    """Map an SDK exception to a SummarizerError with a one-line, fix-naming message."""
    creds = settings.credentials
    where = creds.base_url or "api.openai.com"
    ctx: dict[str, Any] = {"chunk_index": chunk_index, "attempts": requests, "original": exc}
    status = _status_error(exc)
    code = getattr(status, "status_code", None)
    if _find(exc, "IncompleteOutputException"):
        return OutputTruncated(
            f"Answer cut off at max_tokens={settings.max_tokens}: lower --chunk-size", **ctx
        )
    if _context_overflow(exc):
        return OutputTruncated(
            f"Request longer than the model's context window ({_message(status)}): "
            "lower --chunk-size or --max-tokens",
            **ctx,
        )
    if (e := _content_filter(exc)) is not None:
        return ContentFiltered(
            f"The provider refused the text as sensitive ({_redact(_message(e), creds.api_key)}): "
            "this report cannot be sent to this provider; use a local model or --backend rules",
            **ctx,
        )
    if (e := _mode_rejection(exc)) is not None:
        return ModeRejected(
            f"HTTP {code}: {_redact(_message(e), creds.api_key)[:160]}: try another --mode", **ctx
        )
    if code in (401, 403):
        return AuthenticationFailed(
            f"{where} rejected the API key (HTTP {code}): check --api-key or OPENAI_API_KEY", **ctx
        )
    if code == 404:
        return ModelError(
            f"{where} answered 404 for model {creds.model!r}: check --model or SUMMARIZER_MODEL "
            "and --base-url",
            **ctx,
        )
    if code == 429:
        return ModelError(
            f"Rate limited by {where} after {requests} attempt(s): "
            "lower --concurrency or retry later",
            **ctx,
        )
    if code is not None and code >= 500:
        return ModelError(
            f"{where} failed with HTTP {code} after {requests} attempt(s): retry later", **ctx
        )
    if _find(exc, "APITimeoutError"):
        return EndpointUnreachable(
            f"{where} timed out after {settings.timeout:g}s: raise --timeout or lower --chunk-size",
            **ctx,
        )
    if _find(exc, "APIConnectionError"):
        return EndpointUnreachable(
            f"Cannot reach {where}: check --base-url or OPENAI_BASE_URL, and that the server runs",
            **ctx,
        )
    if code is not None and 400 <= code < 500:
        detail = _redact(_message(status), creds.api_key)
        return ModelError(f"{where} refused the request (HTTP {code}: {detail})", **ctx)
    if _find(exc, "InstructorRetryException") or _find(exc, "ValidationError"):
        return ValidationFailed(
            f"The model's answer for chunk {chunk_index} never matched the schema after "
            f"{requests} attempt(s): try another --mode or a stronger model",
            **ctx,
        )
    if isinstance(exc, ModelError | ConfigError):
        return exc
    if code is not None:
        return ModelError(
            f"HTTP {code} from {where}: {_redact(_message(status), creds.api_key)}", **ctx
        )
    detail = _redact(_message(exc), creds.api_key)
    return ModelError(f"Model request failed: {type(exc).__name__}: {detail}", **ctx)


def _redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret and len(secret) >= 4 else text
