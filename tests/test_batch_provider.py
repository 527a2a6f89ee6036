"""Issue 6 §5: provider batch mode — OpenAI Batch API JSONL, submit/collect against a
local fake `/v1/files` + `/v1/batches`, and vLLM `run-batch` output ingestion."""

from __future__ import annotations

import asyncio
import io
import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES, sample
from fake_server import FakeOpenAI, Reply, completion_body, echo_responder
from fakes import QueueClient
from rich.console import Console

from summarizer.batch.cache import BatchCache
from summarizer.batch.cli import run
from summarizer.config import load_settings
from summarizer.extract.batch_api import (
    build_request_body,
    chunk_cache_key,
    parse_line,
    parse_response_body,
)
from summarizer.load import load
from summarizer.pipeline import make_extractor, prepare
from summarizer.prompts import load_prompt

SECRET = "sk-test-SECRET-batch-0123456789"
CUSTOM_ID = re.compile(r"^[0-9a-f]{40}:\d+$")


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for s in SAMPLES:
        shutil.copy(s, folder / s.name)
    return folder


def serve(**options: Any) -> FakeOpenAI:
    """The fake server, with a listen queue for 8+ clients and no Nagle delay (see its doc)."""
    return FakeOpenAI(backlog=64, tcp_nodelay=True, **options)


def batch(*args: Any) -> int:
    return run([str(a) for a in args], Console(file=io.StringIO(), force_terminal=False))


def endpoint(fake: FakeOpenAI) -> list[str]:
    return ["--base-url", fake.base_url, "--model", "m", "--api-key", SECRET]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def index(out: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in (out / "index.jsonl").read_text(encoding="utf-8").splitlines()]


def vllm_output(requests: list[dict[str, Any]], broken: frozenset[int] = frozenset()) -> str:
    """What `vllm run_batch` writes for ``requests``: one line each, in any order."""
    lines = []
    for k, item in enumerate(requests):
        reply = Reply(raw="not json at all") if k in broken else echo_responder(item["body"])
        body = completion_body(item["body"], reply)
        response = {"status_code": 200, "request_id": f"vllm-{k}", "body": body}
        lines.append(
            {"id": f"vllm-{k}", "custom_id": item["custom_id"], "response": response, "error": None}
        )
    random.Random(7).shuffle(lines)
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


# ------------------------------------------------------------------ request identity


@pytest.mark.parametrize("mode", ["tools", "json", "json_schema", "md_json"])
def test_batch_body_is_identical_to_the_live_request(mode: str) -> None:
    flags = {"base_url": "http://fake.invalid/v1", "api_key": SECRET, "model": "m", "mode": mode}
    settings = load_settings(flags, environ={})
    queue = QueueClient()
    chunk = prepare(load(sample("000")), settings).chunks[0]
    asyncio.run(make_extractor(settings, queue.client).extract([chunk]))
    prompt = load_prompt("v1")
    assert build_request_body(chunk.text, prompt, settings, mode) == queue.requests[0]


def test_batch_chunk_key_is_the_live_cache_key() -> None:
    settings = load_settings({"base_url": "http://x/v1", "model": "m"}, environ={})
    extractor: Any = make_extractor(settings, QueueClient().client)
    chunk = prepare(load(sample("001")), settings).chunks[0]
    live = extractor._cache_key(chunk, extractor.prompt.instructions, kind="extract")
    assert chunk_cache_key(chunk.text, extractor.prompt, "m") == live


@pytest.mark.parametrize("mode", ["tools", "json", "md_json"])
def test_answers_parse_with_instructors_parser(mode: str) -> None:
    settings = load_settings({"model": "m", "mode": mode}, environ={})
    body = build_request_body("新增会员504人。", load_prompt("v1"), settings, mode)
    answer = completion_body(body, echo_responder(body))
    report = parse_response_body(answer, mode)
    assert [n.text for n in report.numbers] == ["504人"]


def test_failed_lines_become_one_line_reasons() -> None:
    settings = load_settings({"model": "m"}, environ={})
    body = build_request_body("新增会员504人。", load_prompt("v1"), settings, "tools")
    cut = completion_body(body, Reply(report={}, finish_reason="length"))
    line = {"custom_id": "a:0", "response": {"status_code": 200, "body": cut}, "error": None}
    assert "answer cut off at max_tokens=4096" in str(parse_line(line, "tools", 4096).error)
    refused = {"status_code": 400, "body": {"error": {"message": "bad\nrequest"}}}
    result = parse_line({"custom_id": "a:1", "response": refused}, "tools", 4096)
    assert result.report is None and result.error == "batch line failed (HTTP 400): bad request"


# ------------------------------------------------------------------ export (vLLM route)


def test_export_jsonl_writes_one_line_per_chunk_request(reports: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "requests.jsonl"
    out = tmp_path / "out"
    args = ["--model", "m", "--chunk-size", "800", "--chunk-overlap", "60", "--mode", "json_schema"]
    assert batch(reports, "--out", out, "--export-jsonl", jsonl, *args) == 0
    lines = read_jsonl(jsonl)
    settings = load_settings({"chunk_size": 800, "chunk_overlap": 60}, environ={})
    assert len(lines) == sum(len(prepare(load(s), settings).chunks) for s in SAMPLES)
    ids = [line["custom_id"] for line in lines]
    assert len(set(ids)) == len(ids)
    for line in lines:
        assert CUSTOM_ID.match(line["custom_id"]) and len(line["custom_id"]) <= 64
        assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
        assert line["body"]["model"] == "m" and line["body"]["response_format"]
        assert "原文：" in line["body"]["messages"][-1]["content"]
    sha = load(SAMPLES[0]).sha256
    assert ids[0] == f"{sha[:40]}:0"
    assert not list(out.glob("*.json"))  # nothing summarized yet


def test_collect_from_vllm_output_writes_the_results(reports: Path, tmp_path: Path) -> None:
    jsonl, results, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl", tmp_path / "out"
    assert batch(reports, "--out", out, "--export-jsonl", jsonl, "--model", "m") == 0
    results.write_text(vllm_output(read_jsonl(jsonl)), encoding="utf-8")
    assert batch("collect", "--from-jsonl", results, "--out", out) == 0
    entries = index(out)
    assert [e["status"] for e in entries] == ["ok"] * 5
    assert all(e["numbers"] > 0 for e in entries)
    doc = json.loads((out / f"{SAMPLES[0].stem}.json").read_text(encoding="utf-8"))
    assert doc["run"]["backend"] == "llm" and doc["run"]["model"] == "m"
    totals = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert totals["requests"] == len(read_jsonl(jsonl)) and totals["tokens"] > 0


def test_invalid_answer_fails_only_its_report(reports: Path, tmp_path: Path) -> None:
    jsonl, results, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl", tmp_path / "out"
    batch(reports, "--out", out, "--export-jsonl", jsonl, "--model", "m")
    requests = read_jsonl(jsonl)
    results.write_text(vllm_output(requests, broken=frozenset({0})), encoding="utf-8")
    assert batch("collect", "--from-jsonl", results, "--out", out) == 1
    entries = index(out)
    assert [e["status"] for e in entries] == ["failed", "ok", "ok", "ok", "ok"]
    assert "did not validate" in entries[0]["error"] and "chunk 0" in entries[0]["error"]


def test_collect_refuses_a_source_that_changed(reports: Path, tmp_path: Path) -> None:
    jsonl, results, out = tmp_path / "requests.jsonl", tmp_path / "results.jsonl", tmp_path / "out"
    batch(reports, "--out", out, "--export-jsonl", jsonl, "--model", "m")
    results.write_text(vllm_output(read_jsonl(jsonl)), encoding="utf-8")
    changed = reports / SAMPLES[2].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n新增一段。", encoding="utf-8")
    assert batch("collect", "--from-jsonl", results, "--out", out) == 1
    entry = index(out)[2]
    assert entry["status"] == "failed" and "changed since the batch was submitted" in entry["error"]


def test_collect_of_an_unknown_results_file_is_a_usage_error(tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    results.write_text('{"custom_id": "abc:0", "response": null}\n', encoding="utf-8")
    assert batch("collect", "--from-jsonl", results, "--out", tmp_path / "out") == 2
    results.write_text("not json\n", encoding="utf-8")
    assert batch("collect", "--from-jsonl", results, "--out", tmp_path / "out") == 2


# ------------------------------------------------------------------ OpenAI Batch API route


def test_submit_then_collect_through_files_and_batches(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with serve() as fake:
        assert batch(reports, "--out", out, "--submit", "openai-batch", *endpoint(fake)) == 0
        assert fake.chat_requests == []  # nothing sent live
        ((batch_id, created),) = fake.batches.items()
        assert created["completion_window"] == "24h"
        assert created["endpoint"] == "/v1/chat/completions"
        uploaded = fake.files[created["input_file_id"]].decode("utf-8").splitlines()
        assert all(CUSTOM_ID.match(json.loads(x)["custom_id"]) for x in uploaded)
        posts = [s.path for s in fake.seen if s.path.endswith(("/files", "/batches"))]
        assert posts == ["/v1/files", "/v1/batches"]

        assert batch("collect", batch_id, "--out", out, *endpoint(fake)) == 0
        assert fake.chat_requests == []
    entries = index(out)
    assert [e["status"] for e in entries] == ["ok"] * 5
    assert (out / f"{SAMPLES[4].stem}.md").is_file() and (out / "numbers.csv").is_file()
    with BatchCache.open(out / ".summarizer.db") as db:
        assert db.get_batch(batch_id) is not None


def test_failed_batch_line_fails_its_report_with_a_clear_error(
    reports: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with serve() as fake:
        fake.script(Reply(status=500))  # the first line of the batch fails
        batch(reports, "--out", out, "--submit", "openai-batch", *endpoint(fake))
        (batch_id,) = fake.batches
        assert batch("collect", batch_id, "--out", out, *endpoint(fake)) == 1
        entries = index(out)
        assert [e["status"] for e in entries] == ["failed", "ok", "ok", "ok", "ok"]
        assert "batch line failed (error 500): scripted failure" in entries[0]["error"]
        # --retry-live sends only the failed chunk through the live path
        assert batch("collect", batch_id, "--out", out, "--retry-live", *endpoint(fake)) == 0
        assert len(fake.chat_requests) == 1
    assert [e["status"] for e in index(out)] == ["ok", "skipped", "skipped", "skipped", "skipped"]


def test_resubmitting_after_collect_sends_nothing(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with serve() as fake:
        batch(reports, "--out", out, "--submit", "openai-batch", *endpoint(fake))
        (batch_id,) = fake.batches
        batch("collect", batch_id, "--out", out, *endpoint(fake))
        assert batch(reports, "--out", out, "--submit", "openai-batch", *endpoint(fake)) == 0
        assert len(fake.batches) == 1
        assert batch(reports, "--out", out, *endpoint(fake)) == 0  # live run: all cached
        assert fake.chat_requests == []


def test_unknown_batch_id_is_a_usage_error(tmp_path: Path) -> None:
    with serve() as fake:
        assert batch("collect", "batch_nope", "--out", tmp_path / "out", *endpoint(fake)) == 2


def test_the_api_key_is_in_no_batch_file(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with serve() as fake:
        batch(reports, "--out", out, "--submit", "openai-batch", *endpoint(fake))
        (batch_id,) = fake.batches
        batch("collect", batch_id, "--out", out, *endpoint(fake))
    for path in (p for p in out.rglob("*") if p.is_file()):
        assert SECRET.encode() not in path.read_bytes(), path
