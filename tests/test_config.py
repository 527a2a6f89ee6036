"""Credentials and settings: flag > config file > environment, resolved once."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.config import detect_provider, load_settings, require_llm
from summarizer.errors import ConfigError


def write_config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_flag_beats_config_beats_environment(tmp_path: Path) -> None:
    env = {
        "OPENAI_BASE_URL": "http://env/v1",
        "SUMMARIZER_MODEL": "env-model",
        "OPENAI_API_KEY": "e",
    }
    config = write_config(tmp_path, 'base_url = "http://config/v1"\nmodel = "config-model"\n')
    creds = load_settings({"config": config, "model": "flag-model"}, environ=env).credentials
    assert (creds.base_url, creds.model, creds.api_key) == ("http://config/v1", "flag-model", "e")
    creds = load_settings({}, environ=env).credentials
    assert (creds.base_url, creds.model) == ("http://env/v1", "env-model")


def test_config_file_from_environment_and_key_variable(tmp_path: Path) -> None:
    config = write_config(
        tmp_path, 'base_url = "https://api.deepseek.com/v1"\napi_key_env = "DEEPSEEK_API_KEY"\n'
    )
    env = {"SUMMARIZER_CONFIG": config, "DEEPSEEK_API_KEY": "sk-ds"}
    s = load_settings({}, environ=env)
    assert s.credentials.api_key == "sk-ds"
    assert s.credentials.model == "deepseek-chat"  # the provider's default
    assert s.resolved_backend == "llm"


def test_auto_backend_is_rules_without_an_endpoint() -> None:
    assert load_settings({}, environ={}).resolved_backend == "rules"
    assert (
        load_settings({"base_url": "http://127.0.0.1:8080/v1"}, environ={}).resolved_backend
        == "llm"
    )


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({}, "No model endpoint configured"),
        (
            {"base_url": "https://api.openai.com/v1"},
            "No API key: pass --api-key or set OPENAI_API_KEY",
        ),
        ({"base_url": "http://127.0.0.1:11434/v1"}, "No model name: pass --model"),
    ],
)
def test_missing_pieces_name_the_fix(flags: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        require_llm(load_settings(flags, environ={}).credentials)


def test_local_server_needs_no_key() -> None:
    creds = load_settings(
        {"base_url": "http://localhost:8080/v1", "model": "m"}, environ={}
    ).credentials
    require_llm(creds)  # does not raise


def test_key_never_in_repr() -> None:
    s = load_settings({"api_key": "sk-very-secret-123"}, environ={})
    assert "sk-very-secret-123" not in repr(s) and "sk-very-secret-123" not in str(s)


@pytest.mark.parametrize(
    ("url", "provider"),
    [
        ("https://api.openai.com/v1", "openai"),
        ("https://api.deepseek.com", "deepseek"),
        ("https://dashscope.aliyuncs.com/compatible-mode/v1", "dashscope"),
        ("http://127.0.0.1:11434/v1", "ollama"),
        ("http://gpu-box:8000/v1", "vllm"),
        ("http://127.0.0.1:8080/v1", "llamacpp"),
        ("http://example.org/v1", "generic"),
    ],
)
def test_provider_detection(url: str, provider: str) -> None:
    assert detect_provider(url).name == provider


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"backend": "gpt"}, "Unknown backend"),
        ({"mode": "xml"}, "Unknown mode"),
        ({"chunk_size": 10}, "--chunk-size"),
        ({"concurrency": 0}, "--concurrency"),
    ],
)
def test_bad_settings_are_usage_errors(flags: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(flags, environ={})


def test_broken_config_file_names_the_file(tmp_path: Path) -> None:
    config = write_config(tmp_path, "model = [unclosed\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings({"config": config}, environ={})
    with pytest.raises(ConfigError, match="not found"):
        load_settings({"config": str(tmp_path / "missing.toml")}, environ={})
