"""Issue 9 §1: --mode auto starts from the mode known for the endpoint, falls back
when the server rejects it, says so once, and remembers what worked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import sample
from fake_server import FakeOpenAI, Reply, echo_responder

from summarizer.batch.cache import BatchCache
from summarizer.cli import main

S000 = str(sample("000"))
LLAMA_CPP_500 = {
    "error": {
        "message": "1 validation error: {'type': 'literal_error', 'loc': ('body', "
        "'response_format', 'type'), 'msg': \"Input should be 'text' or 'json_object'\"}",
    }
}


def no_json_schema(request: dict[str, Any]) -> Reply:
    """Like llama.cpp's server: json_schema response formats get HTTP 500."""
    if (request.get("response_format") or {}).get("type") == "json_schema":
        return Reply(status=500, body=LLAMA_CPP_500)
    return echo_responder(request)


def modes_sent(srv: FakeOpenAI) -> list[str]:
    def mode(body: dict[str, Any]) -> str:
        if body.get("tools"):
            return "tools"
        return (body.get("response_format") or {}).get("type", "md_json")

    return [mode(s.body) for s in srv.chat_requests]


@pytest.fixture
def vllm_config(tmp_path: Path) -> str:
    path = tmp_path / "config.toml"
    path.write_text('provider = "vllm"\nmodel = "m"\n', encoding="utf-8")
    return str(path)


def test_auto_falls_back_says_so_once_and_remembers(
    vllm_config: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cache.db"
    argv = ["--config", vllm_config, "--cache-db", str(db), "--format", "json"]
    with FakeOpenAI(responder=no_json_schema) as srv:
        assert main([S000, "--base-url", srv.base_url, *argv]) == 0
        first = modes_sent(srv)
    err = capsys.readouterr().err
    assert first == ["json_schema", "tools"]
    assert err.count("rejected mode json_schema") == 1 and "trying tools" in err
    with BatchCache.open(db) as cache:
        assert cache.get_mode(srv.base_url, "m") == "tools"

    with FakeOpenAI(responder=no_json_schema, port=int(srv.base_url.split(":")[2][:-3])) as again:
        assert main([S000, "--base-url", again.base_url, *argv]) == 0
        assert modes_sent(again) == ["tools"]  # no second failed attempt
    assert "rejected" not in capsys.readouterr().err


def test_explicit_mode_is_never_overridden(
    vllm_config: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeOpenAI(responder=no_json_schema) as srv:
        code = main(
            [S000, "--base-url", srv.base_url, "--config", vllm_config, "--mode", "json_schema"]
        )
        assert modes_sent(srv) == ["json_schema"]
    assert code == 1
    assert "try another --mode" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("provider", "first"),
    [("openai", "tools"), ("vllm", "json_schema"), ("llamacpp", "tools"), ("deepseek", "tools")],
)
def test_first_mode_per_provider(tmp_path: Path, provider: str, first: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f'provider = "{provider}"\nmodel = "m"\n', encoding="utf-8")
    with FakeOpenAI() as srv:
        argv = [S000, "--base-url", srv.base_url, "--api-key", "k", "--config", str(path)]
        assert main([*argv, "--cache-db", str(tmp_path / "db")]) == 0
        assert modes_sent(srv)[0] == first
