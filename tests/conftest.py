"""Shared fixtures. Every test runs with a clean environment: no real keys, no
user config file, so nothing depends on the developer's machine."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"
SAMPLES = sorted(DATA.glob("*.txt"))
sys.path.insert(0, str(TESTS))

_ENV = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL", "SUMMARIZER_CONFIG")
# Read once, before any test clears the environment: only re-recording cassettes
# (pytest --record-mode=rewrite) uses the real endpoint.
RECORDING_ENV = {name: os.environ.get(name) for name in _ENV}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))


@pytest.fixture
def sample_paths() -> list[Path]:
    return SAMPLES


def sample(prefix: str) -> Path:
    """The sample report whose name starts with ``prefix`` (e.g. "000")."""
    return next(p for p in SAMPLES if p.name.startswith(prefix))


# ------------------------------------------------------------------ vcrpy cassettes

SECRET_HEADERS = ("authorization", "api-key", "x-api-key", "openai-organization", "openai-project")


class _UnicodeYaml:
    """vcrpy's YAML serializer, but with Chinese kept readable (allow_unicode)."""

    @staticmethod
    def serialize(cassette_dict: dict[str, Any]) -> str:
        return yaml.dump(cassette_dict, Dumper=yaml.SafeDumper, allow_unicode=True)

    @staticmethod
    def deserialize(cassette_string: str) -> dict[str, Any]:
        return yaml.load(cassette_string, Loader=yaml.SafeLoader)  # type: ignore[no-any-return]


def _drop_cookies(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in ("set-cookie", "cookie"):
            del headers[name]
    return response


def pytest_recording_configure(config: pytest.Config, vcr: Any) -> None:
    vcr.register_serializer("yaml", _UnicodeYaml)  # replaces the built-in: same files, readable


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(ROOT / "cassettes")


@pytest.fixture
def vcr_config() -> dict[str, Any]:
    return {
        "serializer": "yaml",
        "decode_compressed_response": True,
        # host and port are left out: the endpoint differs between recording and replay
        "match_on": ["method", "path", "body"],
        "filter_headers": [*SECRET_HEADERS, "cookie"],
        "before_record_response": _drop_cookies,
        "allow_playback_repeats": False,
    }
