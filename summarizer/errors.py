"""One exception family for the whole tool.

Every error a user can cause or meet derives from :class:`SummarizerError`. Each
carries the context a maintainer needs (``original=``, ``chunk_index``,
``attempts``) and a one-line message that names the fix. The CLI prints
``str(error)`` and exits with ``error.exit_code``; no traceback unless ``--debug``.
SDK errors (openai, instructor, sqlite) are wrapped at the boundary with
``raise SomeError(...) from e``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1  # a report failed, or --strict found flags
EXIT_USAGE = 2  # bad arguments, bad input, missing configuration


class SummarizerError(Exception):
    """Base of every error this package raises on purpose."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, *, original: BaseException | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.original = original

    def __str__(self) -> str:
        return self.message


class UsageError(SummarizerError):
    """Bad command-line arguments or an inconsistent configuration."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """Missing or malformed configuration: endpoint, key, model or config file."""


class InputError(UsageError):
    """A report that cannot be read or holds nothing to summarize."""

    def __init__(
        self, message: str, *, path: str | None = None, original: BaseException | None = None
    ) -> None:
        super().__init__(message, original=original)
        self.path = path


class ModelError(SummarizerError):
    """The model endpoint failed for one chunk request, after its retries."""

    def __init__(
        self,
        message: str,
        *,
        chunk_index: int | None = None,
        attempts: int | None = None,
        original: BaseException | None = None,
    ) -> None:
        super().__init__(message, original=original)
        self.chunk_index = chunk_index
        self.attempts = attempts


class EndpointUnreachable(ModelError):
    """Connection refused, DNS failure or timeouts on every attempt."""


class AuthenticationFailed(ModelError):
    """The endpoint rejected the API key (HTTP 401/403)."""

    exit_code = EXIT_USAGE


class ContentFiltered(ModelError):
    """The provider refused the text (DashScope data_inspection_failed, DeepSeek content risk).

    Never retried: the same text would be refused again.
    """


class ModeRejected(ModelError):
    """The server does not support the requested structured-output mode."""


class OutputTruncated(ModelError):
    """The answer was cut off (finish_reason "length") even after splitting the chunk."""


class ValidationFailed(ModelError):
    """The model's answer never validated into a UnionWorkReport within the re-asks."""


class StrictFailure(SummarizerError):
    """``--strict`` and at least one verification flag remains."""

    def __init__(self, message: str, *, flags: int) -> None:
        super().__init__(message)
        self.flags = flags


class BatchError(SummarizerError):
    """A batch-level failure: cache database, provider batch API, output directory."""
