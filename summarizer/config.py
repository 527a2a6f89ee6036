"""Settings and credentials. The only module that reads ``os.environ``.

Precedence, resolved once in :func:`load_settings`: command-line flag, then the
config file, then the environment (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
``SUMMARIZER_MODEL``), then built-in defaults.

The config file is TOML, found at ``--config FILE``, else ``$SUMMARIZER_CONFIG``,
else ``$XDG_CONFIG_HOME/summarizer/config.toml`` (``~/.config/...``)::

    base_url = "https://api.deepseek.com/v1"
    model = "deepseek-chat"
    api_key_env = "DEEPSEEK_API_KEY"   # read the key from this variable

    [prices."deepseek-chat"]           # per million tokens, for batch cost estimates
    prompt = 0.27
    completion = 1.10
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .errors import ConfigError

BACKENDS = ("auto", "llm", "rules")
MODES = ("auto", "tools", "json", "json_schema", "md_json")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0")


@dataclass(frozen=True)
class Provider:
    """What we know about one kind of OpenAI-compatible endpoint."""

    name: str
    default_model: str | None
    modes: tuple[str, ...]  # structured-output modes, the one known to work first
    needs_key: bool


PROVIDERS: dict[str, Provider] = {
    "openai": Provider("openai", "gpt-4o-mini", ("tools", "json_schema", "json", "md_json"), True),
    "deepseek": Provider("deepseek", "deepseek-chat", ("tools", "json", "md_json"), True),
    "dashscope": Provider("dashscope", "qwen-plus", ("tools", "json", "md_json"), True),
    "ollama": Provider("ollama", None, ("tools", "json", "md_json"), False),
    "vllm": Provider("vllm", None, ("json_schema", "tools", "json", "md_json"), False),
    "llamacpp": Provider("llamacpp", None, ("tools", "json", "md_json"), False),
    "generic": Provider("generic", None, ("tools", "json", "md_json"), False),
}

_HOST_PROVIDERS = {
    "api.openai.com": "openai",
    "api.deepseek.com": "deepseek",
    "dashscope.aliyuncs.com": "dashscope",
    "dashscope-intl.aliyuncs.com": "dashscope",
}
_PORT_PROVIDERS = {11434: "ollama", 8000: "vllm", 8080: "llamacpp"}


def detect_provider(base_url: str | None) -> Provider:
    """Guess the provider from the base URL.

    >>> detect_provider("https://dashscope.aliyuncs.com/compatible-mode/v1").name
    'dashscope'
    >>> detect_provider("http://127.0.0.1:11434/v1").name
    'ollama'
    """
    if not base_url:
        return PROVIDERS["openai"]
    parsed = urlparse(base_url)
    host = (parsed.hostname or "").lower()
    name = _HOST_PROVIDERS.get(host) or _PORT_PROVIDERS.get(parsed.port or 0) or "generic"
    return PROVIDERS[name]


@dataclass(frozen=True)
class Credentials:
    """The resolved endpoint. ``repr`` never shows the key."""

    base_url: str | None
    api_key: str | None
    model: str | None
    provider: Provider

    def __repr__(self) -> str:
        key = "set" if self.api_key else "none"
        return f"Credentials(base_url={self.base_url!r}, api_key=<{key}>, model={self.model!r})"

    @property
    def configured(self) -> bool:
        return bool(self.base_url or self.api_key)


@dataclass(frozen=True)
class Price:
    prompt: float  # per million tokens
    completion: float


@dataclass(frozen=True)
class Settings:
    """Everything a run needs, resolved once. Stages take this instead of long arg lists."""

    credentials: Credentials
    backend: str = "auto"
    mode: str = "auto"
    chunk_size: int = 3000
    chunk_overlap: int = 120
    timeout: float = 120.0
    max_tokens: int = 4096
    temperature: float = 0.0
    validation_retries: int = 2  # instructor re-asks for schema errors
    corrective_attempts: int = 1  # re-asks for ungrounded numbers and quotes
    transient_retries: int = 4  # tenacity retries of 429, 5xx, timeouts
    passes: int = 1
    strict: bool = False
    concurrency: int = 8
    requests_per_minute: int | None = None
    tokens_per_minute: int | None = None
    prompt_version: str = "v1"
    prompt_dir: Path | None = None
    spam_lexicon: Path | None = None
    spin_table: Path | None = None
    prices: Mapping[str, Price] = field(default_factory=dict)
    config_path: Path | None = None
    cache_db: Path | None = None  # remembers the working mode per endpoint and model
    debug: bool = False

    @property
    def resolved_backend(self) -> str:
        """``auto`` means ``llm`` whenever an endpoint is configured, else ``rules``."""
        if self.backend != "auto":
            return self.backend
        return "llm" if self.credentials.configured else "rules"

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **changes)


_TUNABLES = {f.name for f in fields(Settings)} - {"credentials", "prices", "config_path"}


def config_file_path(flag: str | None, environ: Mapping[str, str]) -> Path | None:
    """The config file to read: ``--config``, ``$SUMMARIZER_CONFIG``, or the XDG default."""
    if flag:
        return Path(flag)
    if environ.get("SUMMARIZER_CONFIG"):
        return Path(environ["SUMMARIZER_CONFIG"])
    base = environ.get("XDG_CONFIG_HOME") or str(Path(environ.get("HOME", "~")) / ".config")
    default = Path(base).expanduser() / "summarizer" / "config.toml"
    return default if default.is_file() else None


def default_cache_db(environ: Mapping[str, str]) -> Path:
    """``$XDG_CACHE_HOME/summarizer/summarizer.db`` (``~/.cache/...``)."""
    base = environ.get("XDG_CACHE_HOME") or str(Path(environ.get("HOME", "~")) / ".cache")
    return Path(base).expanduser() / "summarizer" / "summarizer.db"


def read_config_file(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as e:
        raise ConfigError(f"Config file {path} not found: fix --config or SUMMARIZER_CONFIG") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"Config file {path} is not valid TOML ({e}): fix the file") from e


def resolve_credentials(
    flags: Mapping[str, Any], config: Mapping[str, Any], environ: Mapping[str, str]
) -> Credentials:
    """Flag, then config file, then environment. The one place credentials are resolved."""

    def pick(name: str, env_name: str) -> str | None:
        value = flags.get(name) or config.get(name) or environ.get(env_name)
        return str(value).strip() or None if value else None

    base_url = pick("base_url", "OPENAI_BASE_URL")
    key_env = str(config.get("api_key_env") or "OPENAI_API_KEY")
    api_key = pick("api_key", key_env)
    if not api_key and key_env != "OPENAI_API_KEY":
        api_key = environ.get("OPENAI_API_KEY") or None
    provider = PROVIDERS.get(str(config.get("provider", ""))) or detect_provider(base_url)
    model = pick("model", "SUMMARIZER_MODEL") or provider.default_model
    return Credentials(base_url=base_url, api_key=api_key, model=model, provider=provider)


def require_llm(credentials: Credentials) -> None:
    """Raise a one-line, fix-naming error when the llm backend cannot run."""
    if not credentials.configured:
        raise ConfigError(
            "No model endpoint configured: set OPENAI_BASE_URL (and OPENAI_API_KEY) or pass "
            "--base-url/--api-key, or use --backend rules"
        )
    if not credentials.api_key and credentials.provider.needs_key and not is_local(credentials):
        raise ConfigError("No API key: pass --api-key or set OPENAI_API_KEY")
    if not credentials.model:
        raise ConfigError("No model name: pass --model or set SUMMARIZER_MODEL")


def is_local(credentials: Credentials) -> bool:
    host = urlparse(credentials.base_url or "").hostname or ""
    return host in LOCAL_HOSTS


def _prices(config: Mapping[str, Any]) -> dict[str, Price]:
    table = config.get("prices") or {}
    try:
        return {
            name: Price(float(p.get("prompt", 0)), float(p.get("completion", 0)))
            for name, p in table.items()
        }
    except (AttributeError, TypeError, ValueError) as e:
        raise ConfigError(
            "Config [prices] must map model names to {prompt=..., completion=...}"
        ) from e


def _coerce(name: str, value: Any) -> Any:
    """Convert config-file values to the type of the Settings field."""
    default = getattr(_DEFAULTS, name)
    if name in ("spam_lexicon", "spin_table", "prompt_dir", "cache_db"):
        return Path(value).expanduser() if value else None
    if isinstance(default, bool):
        return bool(value)
    if isinstance(default, int) or name in ("requests_per_minute", "tokens_per_minute"):
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError) as e:
            raise ConfigError(f"{name} must be an integer, got {value!r}: fix the setting") from e
    if isinstance(default, float):
        return float(value)
    return value


def load_settings(
    flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build the Settings for a run. ``flags`` holds only the options the user gave.

    >>> s = load_settings({"backend": "rules"}, environ={})
    >>> (s.resolved_backend, s.credentials.configured)
    ('rules', False)
    """
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    environ = os.environ if environ is None else environ
    path = config_file_path(flags.get("config"), environ)
    config = read_config_file(path)
    credentials = resolve_credentials(flags, config, environ)
    values: dict[str, Any] = {}
    for name in _TUNABLES:
        if name in flags:
            values[name] = _coerce(name, flags[name])
        elif name in config:
            values[name] = _coerce(name, config[name])
    values.setdefault("cache_db", default_cache_db(environ))
    settings = Settings(credentials=credentials, prices=_prices(config), config_path=path, **values)
    _validate(settings)
    return settings


def _validate(s: Settings) -> None:
    if s.backend not in BACKENDS:
        raise ConfigError(f"Unknown backend {s.backend!r}: use one of {', '.join(BACKENDS)}")
    if s.mode not in MODES:
        raise ConfigError(f"Unknown mode {s.mode!r}: use one of {', '.join(MODES)}")
    if s.chunk_size < 200:
        raise ConfigError("--chunk-size must be at least 200 characters")
    if not 0 <= s.chunk_overlap < s.chunk_size // 2:
        raise ConfigError("--chunk-overlap must be between 0 and half of --chunk-size")
    if s.concurrency < 1:
        raise ConfigError("--concurrency must be at least 1")
    if s.passes not in (1, 2):
        raise ConfigError("--passes must be 1 or 2")


_DEFAULTS = Settings(credentials=Credentials(None, None, None, PROVIDERS["generic"]))
