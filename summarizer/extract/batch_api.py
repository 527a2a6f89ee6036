"""Provider batch requests (OpenAI Batch API, vLLM ``run-batch``) built by instructor.

The body of each JSONL line is prepared exactly as the live ``llm`` path prepares
it: instructor's request handler for the mode, then its templating with the same
``{{ system }}`` / ``{{ request }}`` / ``{{ source }}`` context (report text never
goes into a template). Answers are parsed by the same mode's response parser.

A batch has no re-ask: an answer that fails validation, was cut off, or came back
as an error line becomes a per-chunk error (the batch job reports it per report,
and ``collect --retry-live`` can send those chunks through the live path).

>>> chunk_cache_key("新增会员504人。", Prompt("v1", "系统", "抽取", "补充"), "m")[:8]
'2789aa37'
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ..cachekey import chunk_key
from ..config import Settings
from ..errors import BatchError
from ..models import UnionWorkReport, Usage
from ..prompts import Prompt
from .llm import MODE_NAMES, prepared_response_model

if TYPE_CHECKING:
    import openai

CHAT_ENDPOINT: Final = "/v1/chat/completions"
COMPLETION_WINDOW: Final = "24h"
MESSAGES = (
    {"role": "system", "content": "{{ system }}"},
    {"role": "user", "content": "{{ request }}\n\n原文：\n{{ source }}"},
)


@dataclass(frozen=True)
class LineResult:
    """One output or error line, parsed: a validated report, or why there is none."""

    custom_id: str
    report: UnionWorkReport | None
    usage: Usage
    error: str | None = None


@dataclass(frozen=True)
class BatchInfo:
    """A provider batch's state, without the SDK's types."""

    id: str
    status: str
    output_file_id: str | None
    error_file_id: str | None
    total: int = 0
    completed: int = 0
    failed: int = 0

    @property
    def finished(self) -> bool:
        return self.status in ("completed", "failed", "expired", "cancelled")


def chunk_cache_key(text: str, prompt: Prompt, model: str) -> str:
    """The chunk cache key the live extractor uses for an ``extract`` request of ``text``.

    It must equal ``LLMExtractor._cache_key`` (a test checks it), so answers
    collected from a batch are reused by live runs and the other way round.
    """
    return chunk_key(
        text=text,
        request=prompt.system + "\n" + prompt.instructions,
        kind="extract",
        backend="llm",
        model=model,
        prompt_version=prompt.version,
    )


def _mode(mode: str) -> Any:
    import instructor

    try:
        return getattr(instructor.Mode, MODE_NAMES[mode])
    except KeyError as e:
        raise BatchError(f"Unknown mode {mode!r}: use one of {', '.join(MODE_NAMES)}") from e


def _handlers(mode: str, kwargs: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    """instructor's handlers for ``mode``, the prepared response model and request kwargs."""
    from instructor.v2.core.providers import Provider
    from instructor.v2.core.registry import mode_registry

    handlers = mode_registry.get_handlers(Provider.OPENAI, _mode(mode))
    model = prepared_response_model()
    prepared, kwargs = handlers.request_handler(response_model=model, kwargs=kwargs)
    return handlers, prepared, kwargs


def build_request_body(text: str, prompt: Prompt, settings: Settings, mode: str) -> dict[str, Any]:
    """The chat-completions body the live path would send for one chunk of ``text``.

    Uses instructor's request handler, message converter and templating for
    ``mode``, in the order ``create_with_completion`` applies them.
    """
    from instructor.v2.core.providers import Provider

    templating = importlib.import_module("instructor.v2.core.templating")
    kwargs: dict[str, Any] = {
        "model": settings.credentials.model or "",
        "messages": [dict(m) for m in MESSAGES],
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
    }
    handlers, _, kwargs = _handlers(mode, kwargs)
    kwargs.pop("autodetect_images", None)
    if handlers.message_converter and "messages" in kwargs:
        kwargs["messages"] = handlers.message_converter(kwargs["messages"], autodetect_images=False)
    context = {"system": prompt.system, "request": prompt.instructions, "source": text}
    kwargs = templating.handle_templating(
        kwargs, mode=_mode(mode), provider=Provider.OPENAI, context=context
    )
    return dict(json.loads(json.dumps(kwargs, ensure_ascii=False)))


def batch_line(custom_id: str, body: dict[str, Any]) -> str:
    """One line of a Batch API input file.

    >>> batch_line("ab:0", {"model": "m"})
    '{"custom_id": "ab:0", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "m"}}'
    """
    line = {"custom_id": custom_id, "method": "POST", "url": CHAT_ENDPOINT, "body": body}
    return json.dumps(line, ensure_ascii=False)


def parse_response_body(body: dict[str, Any], mode: str) -> UnionWorkReport:
    """Validate a chat.completion body into a report with instructor's parser for ``mode``.

    Raises instructor's / pydantic's exceptions; :func:`parse_line` turns them into text.
    """
    from openai.types.chat import ChatCompletion

    handlers, model, _ = _handlers(mode, {"messages": []})
    report = handlers.response_parser(
        response=ChatCompletion.model_validate(body),
        response_model=model,
        validation_context=None,
        strict=True,
        stream=False,
        is_async=False,
    )
    if not isinstance(report, UnionWorkReport):
        raise TypeError(f"parser returned {type(report).__name__}, not UnionWorkReport")
    return report


def parse_line(line: dict[str, Any], mode: str, max_tokens: int) -> LineResult:
    """An output- or error-file line → a report, or a one-line reason per chunk."""
    custom_id = str(line.get("custom_id") or "")
    response = line.get("response") or {}
    body = response.get("body") if isinstance(response, dict) else None
    status = response.get("status_code") if isinstance(response, dict) else None
    if line.get("error") or status not in (None, 200) or not isinstance(body, dict):
        return LineResult(custom_id, None, Usage(), _line_error(line, status, body))
    usage = _usage(body)
    try:
        report = parse_response_body(body, mode)
    except Exception as e:
        return LineResult(custom_id, None, usage, _parse_error(e, max_tokens))
    return LineResult(custom_id, report, usage)


def _line_error(line: dict[str, Any], status: Any, body: Any) -> str:
    """``HTTP 500: message`` / ``code: message`` from an error line."""
    error = line.get("error")
    if not error and isinstance(body, dict):
        error = body.get("error")
    error = error or {}
    message = error.get("message") if isinstance(error, dict) else str(error)
    code = error.get("code") if isinstance(error, dict) else None
    where = f"HTTP {status}" if status not in (None, 200) else f"error {code or 'unknown'}"
    text = " ".join(str(message or "no answer in the batch output").split())[:200]
    return f"batch line failed ({where}): {text}"


def _parse_error(error: Exception, max_tokens: int) -> str:
    name = type(error).__name__
    if name == "IncompleteOutputException":
        return (
            f"answer cut off at max_tokens={max_tokens}: lower --chunk-size, or collect "
            "with --retry-live (the live path splits the chunk)"
        )
    detail = " ".join(str(error).split())[:200]
    return f"answer did not validate as UnionWorkReport ({name}: {detail})"


def _usage(body: dict[str, Any]) -> Usage:
    usage = body.get("usage") or {}
    return Usage(
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        completion_tokens=int(usage.get("completion_tokens") or 0),
    )


# ------------------------------------------------------------------ Batch API calls


async def upload_batch_file(client: openai.AsyncOpenAI, data: bytes, filename: str) -> str:
    """``POST /files`` with ``purpose=batch``; returns the file id."""
    try:
        created = await client.files.create(file=(filename, data), purpose="batch")
    except Exception as e:
        raise batch_api_error(e, "upload the batch file") from e
    return str(created.id)


async def create_batch(
    client: openai.AsyncOpenAI, file_id: str, metadata: dict[str, str]
) -> BatchInfo:
    """``POST /batches`` for chat completions with a 24 h window."""
    try:
        batch = await client.batches.create(
            input_file_id=file_id,
            endpoint=CHAT_ENDPOINT,
            completion_window=COMPLETION_WINDOW,
            metadata=metadata,
        )
    except Exception as e:
        raise batch_api_error(e, "create the batch") from e
    return _info(batch)


async def retrieve_batch(client: openai.AsyncOpenAI, batch_id: str) -> BatchInfo:
    try:
        batch = await client.batches.retrieve(batch_id)
    except Exception as e:
        raise batch_api_error(e, f"retrieve batch {batch_id}") from e
    return _info(batch)


async def download_file(client: openai.AsyncOpenAI, file_id: str) -> str:
    """The text of an output or error file."""
    try:
        content = await client.files.content(file_id)
    except Exception as e:
        raise batch_api_error(e, f"download file {file_id}") from e
    return content.content.decode("utf-8")


def _info(batch: Any) -> BatchInfo:
    counts = getattr(batch, "request_counts", None)
    return BatchInfo(
        id=str(batch.id),
        status=str(batch.status),
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        total=int(getattr(counts, "total", 0) or 0),
        completed=int(getattr(counts, "completed", 0) or 0),
        failed=int(getattr(counts, "failed", 0) or 0),
    )


def batch_api_error(error: BaseException, action: str) -> BatchError:
    """A one-line BatchError for a failed Batch API call (never shows the key)."""
    status = getattr(error, "status_code", None)
    fixes = {
        401: "check --api-key or OPENAI_API_KEY",
        403: "check that the key may use the Batch API",
        404: "check the batch id and --base-url (the provider may not offer /batches)",
        429: "wait and retry, or submit fewer reports",
    }
    if status is not None:
        fix = fixes.get(status, "retry later, or check --base-url")
        return BatchError(f"Could not {action}: HTTP {status}: {fix}", original=error)
    if any(c.__name__ == "APIConnectionError" for c in type(error).__mro__):
        return BatchError(
            f"Could not {action}: cannot reach the server: check --base-url and the network",
            original=error,
        )
    return BatchError(f"Could not {action}: {type(error).__name__}", original=error)
