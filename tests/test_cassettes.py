"""Replays of recorded exchanges with a real model (vcrpy; see cassettes/README.md).

Replay is the default and needs nothing. To re-record against a real endpoint:

    OPENAI_BASE_URL=... OPENAI_API_KEY=... SUMMARIZER_MODEL=... \\
        pytest tests/test_cassettes.py --record-mode=rewrite

Keys and cookies are filtered out when recording. Requests are matched on method,
path and body, so a change to the prompts, the schema or the cleaning changes the
request and the cassette must be re-recorded (the test then fails, naming the fix).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from checks import unflagged_inventions
from conftest import RECORDING_ENV, ROOT, SECRET_HEADERS, TESTS

from summarizer.clean import clean
from summarizer.config import load_settings
from summarizer.load import load
from summarizer.pipeline import SummarizeRequest, summarize_documents

CASSETTES = ROOT / "cassettes"
SHORT = TESTS / "data" / "short"
REPLAY_URL = "http://127.0.0.1:9/v1"  # nothing listens: replay never touches the network


def recorded_model(cassette: Path) -> str | None:
    """The model a cassette was recorded with (replay must send the same body)."""
    if not cassette.exists():
        return None
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    import json

    return str(json.loads(data["interactions"][0]["request"]["body"])["model"])


def endpoint(record_mode: str, cassette: Path) -> dict[str, Any]:
    if record_mode in ("none", "once") and cassette.exists():
        return {"base_url": REPLAY_URL, "api_key": "sk-replay", "model": recorded_model(cassette)}
    if not (RECORDING_ENV["OPENAI_BASE_URL"] or RECORDING_ENV["OPENAI_API_KEY"]):
        pytest.skip("recording needs OPENAI_BASE_URL / OPENAI_API_KEY / SUMMARIZER_MODEL")
    return {
        "base_url": RECORDING_ENV["OPENAI_BASE_URL"],
        "api_key": RECORDING_ENV["OPENAI_API_KEY"],
        "model": RECORDING_ENV["SUMMARIZER_MODEL"],
    }


def summarize(path: Path, record_mode: str, cassette: Path, **flags: Any) -> Any:
    creds = endpoint(record_mode, cassette)
    settings = load_settings(
        {**creds, "mode": "tools", "corrective_attempts": 0, "max_tokens": 2048,
         "timeout": 900, "transient_retries": 0, **flags},
        environ={},
    )  # fmt: skip
    return summarize_documents(SummarizeRequest(paths=[str(path)]), settings)[0]


@pytest.mark.vcr
def test_one_chunk_replay(record_mode: str) -> None:
    cassette = CASSETTES / "test_one_chunk_replay.yaml"
    doc = summarize(SHORT / "000_short.txt", record_mode, cassette)
    assert doc.run.requests == 1 and doc.run.mode == "tools"
    assert doc.run.usage.prompt_tokens > 0  # the recorded server's own counts
    made_up, missed = unflagged_inventions(doc, clean(load(SHORT / "000_short.txt")).text)
    assert missed == []
    assert made_up == 0 or doc.verification.flags


@pytest.mark.vcr
def test_concurrent_chunks_replay_each_its_own_answer(record_mode: str) -> None:
    """Two chunks requested concurrently: matching on the body gives each its answer."""
    cassette = CASSETTES / "test_concurrent_chunks_replay_each_its_own_answer.yaml"
    path = SHORT / "000_short.txt"
    doc = summarize(path, record_mode, cassette, chunk_size=200, chunk_overlap=0)
    assert doc.run.chunks == 2 and doc.run.requests == 2
    _, missed = unflagged_inventions(doc, clean(load(path)).text)
    assert missed == []


def test_cassettes_hold_no_secret() -> None:
    cassettes = sorted(CASSETTES.glob("*.yaml"))
    assert len(cassettes) >= 2
    for cassette in cassettes:
        data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
        for interaction in data["interactions"]:
            headers = {k.lower() for k in interaction["request"]["headers"]}
            assert not headers & set(SECRET_HEADERS), cassette.name
            assert "set-cookie" not in {k.lower() for k in interaction["response"]["headers"]}
        assert "sk-" not in cassette.read_text(encoding="utf-8")
