"""Issue 2: one report end to end through the llm backend, with a queue-based fake client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES, sample
from fake_server import Reply, echo_responder
from fakes import QueueClient

from summarizer.config import load_settings
from summarizer.models import SummaryDocument
from summarizer.pipeline import SummarizeRequest, summarize_documents
from summarizer.render import to_json, to_markdown


def llm_settings(**overrides: object):
    flags = {"base_url": "http://fake.invalid/v1", "api_key": "sk-test", "model": "m", **overrides}
    return load_settings(flags, environ={})


def run(path: Path, queue: QueueClient, waits: list[float] | None = None, **overrides: object):
    async def no_sleep(seconds: float) -> None:
        if waits is not None:
            waits.append(seconds)

    request = SummarizeRequest(paths=[str(path)], client=queue.client, extras={"sleep": no_sleep})
    return summarize_documents(request, llm_settings(**overrides))[0]


def number(text: str, value: float, unit: str, metric: str, evidence: str) -> dict:
    return {"text": text, "value": value, "unit": unit, "metric": metric, "evidence": evidence}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
def test_each_sample_end_to_end(path: Path) -> None:
    queue = QueueClient()
    doc = run(path, queue)
    payload = json.loads(to_json(doc))
    assert set(payload) == {"source", "report", "verification", "run"}
    assert payload["run"]["backend"] == "llm"
    assert payload["run"]["requests"] == len(queue.requests) == doc.run.chunks
    assert payload["source"]["sha256"] and payload["source"]["chars_clean"] > 0
    # the echo model only quotes the source: every number and quote is grounded
    assert doc.verification.flags == []
    assert doc.verification.numbers_grounded == doc.verification.numbers_checked > 0
    SummaryDocument.model_validate(payload)  # the JSON round-trips into the contract
    assert "## 关键数字 Key figures" in to_markdown(doc)


def test_made_up_number_is_flagged_with_its_path() -> None:
    report = {
        "title": "t",
        "summary": "",
        "numbers": [
            number("504人", 504, "人", "新增会员", "新增会员504人"),
            number("999人", 999, "人", "新增会员", "新增会员504人"),
        ],
    }
    doc = run(sample("000"), QueueClient(Reply(report=report)), corrective_attempts=0)
    flags = [(f.path, f.kind, f.text) for f in doc.verification.flags]
    assert flags == [("numbers[1]", "number_not_in_source", "999人")]
    assert len(doc.report.numbers) == 2  # shown, not dropped
    assert "⚠" in to_markdown(doc)


def test_value_written_differently_is_not_flagged() -> None:
    # the source says 3.59万元; the answer says 35900元
    report = {"numbers": [number("35900元", 35900, "元", "走访慰问", "安排3.59万元开展")]}
    doc = run(sample("000"), QueueClient(Reply(report=report)), corrective_attempts=0)
    assert doc.verification.flags == []
    assert doc.verification.numbers_grounded == doc.verification.numbers_checked >= 1


def test_429_then_200_succeeds_honouring_retry_after() -> None:
    waits: list[float] = []
    queue = QueueClient(Reply(status=429, headers={"Retry-After": "7"}), Reply(report={}))
    doc = run(sample("000"), queue, waits=waits)
    assert doc.run.requests == 2
    assert waits == [7.0]


def test_invalid_json_then_valid_json_succeeds_through_a_reask() -> None:
    queue = QueueClient(Reply(raw='{"numbers": [oops'), Reply(report={"summary": "好"}))
    doc = run(sample("000"), queue, mode="json")
    assert doc.run.requests == 2 and doc.report.summary == "好。"
    reask = queue.requests[1]["messages"]
    assert len(reask) > len(queue.requests[0]["messages"])  # the error went back to the model


def test_long_report_makes_several_requests_and_merges_them() -> None:
    queue = QueueClient(fallback=echo_responder)
    doc = run(sample("003"), queue, chunk_size=800, chunk_overlap=60)
    assert doc.run.chunks >= 4 and doc.run.requests == doc.run.chunks == len(queue.requests)
    texts = [n.text for n in doc.report.numbers]
    assert len(doc.report.numbers) > 8  # more than one chunk's worth
    keys = [(n.value, n.unit, n.metric) for n in doc.report.numbers]
    assert len(keys) == len(set(keys)), texts  # duplicates from the overlap merged away


def test_report_text_with_template_syntax_is_sent_verbatim(tmp_path: Path) -> None:
    report = tmp_path / "braces.txt"
    report.write_text("县总工会新增会员504人。{{ secret }} {% raw %} 结束。", encoding="utf-8")
    queue = QueueClient()
    run(report, queue)
    user = queue.requests[0]["messages"][-1]["content"]
    assert "{{ secret }} {% raw %}" in user
