"""Issue 7 §2: a faulty model server. Each case ends in success after retry or in a
clear per-report error; nothing hangs and nothing retries forever."""

from __future__ import annotations

import pytest
from conftest import sample
from fake_server import FakeOpenAI, Reply

from summarizer.config import load_settings
from summarizer.errors import ContentFiltered, EndpointUnreachable, ModelError, ValidationFailed
from summarizer.pipeline import SummarizeRequest, summarize_documents

GOOD = {"summary": "城步县总工会新增会员504人。", "numbers": []}
S000 = str(sample("000"))


def summarize(srv: FakeOpenAI, waits: list[float] | None = None, **flags: object):
    async def fake_sleep(seconds: float) -> None:
        if waits is not None:
            waits.append(seconds)

    settings = load_settings(
        {"base_url": srv.base_url, "api_key": "sk-fault", "model": "m", "mode": "tools", **flags},
        environ={},
    )
    request = SummarizeRequest(paths=[S000], extras={"sleep": fake_sleep})
    return summarize_documents(request, settings)[0]


def test_429_with_retry_after_then_success() -> None:
    waits: list[float] = []
    with FakeOpenAI().script(
        Reply(status=429, headers={"Retry-After": "3"}), Reply(report=GOOD)
    ) as srv:
        doc = summarize(srv, waits)
    assert waits == [3.0] and doc.run.requests == 2 and doc.report.summary == GOOD["summary"]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried_with_backoff(status: int) -> None:
    waits: list[float] = []
    with FakeOpenAI().script(Reply(status=status), Reply(status=status), Reply(report=GOOD)) as srv:
        doc = summarize(srv, waits)
    assert doc.run.requests == 3
    assert len(waits) == 2 and all(0 < w <= 30 for w in waits)


def test_persistent_503_is_a_clear_error_after_the_retry_budget() -> None:
    with FakeOpenAI().script(*[Reply(status=503)] * 3) as srv, pytest.raises(ModelError) as err:
        summarize(srv, transient_retries=2)
    assert "HTTP 503 after 3 attempt(s)" in str(err.value)
    assert err.value.attempts == 3 and err.value.chunk_index == 0


def test_read_timeout_is_retried() -> None:
    with FakeOpenAI().script(Reply(delay=1.5, report=GOOD), Reply(report=GOOD)) as srv:
        doc = summarize(srv, timeout=0.5)
    assert doc.run.requests == 2


def test_read_timeout_every_time_names_the_fix() -> None:
    with (
        FakeOpenAI().script(*[Reply(delay=1.5)] * 2) as srv,
        pytest.raises(EndpointUnreachable) as e,
    ):
        summarize(srv, timeout=0.3, transient_retries=1)
    assert "timed out after 0.3s: raise --timeout" in str(e.value)


def test_connection_dropped_mid_request_is_retried() -> None:
    with FakeOpenAI().script(Reply(drop=True), Reply(report=GOOD)) as srv:
        doc = summarize(srv)
    assert doc.report.summary == GOOD["summary"]


def test_cut_off_answer_splits_the_chunk_and_retries() -> None:
    cut = Reply(raw='{"summary": "城步', finish_reason="length")
    with FakeOpenAI().script(cut) as srv:
        doc = summarize(srv)
        halves = [r.body["messages"][-1]["content"] for r in srv.chat_requests[1:3]]
    assert doc.run.requests == 3  # the cut-off answer, then one request per half
    whole = srv.chat_requests[0].body["messages"][-1]["content"].split("原文：\n", 1)[1]
    # the halves go out concurrently: either may arrive first
    first, second = sorted((h.split("原文：\n", 1)[1] for h in halves), key=whole.find)
    assert first + second == whole


def test_schema_breaking_json_is_reasked_then_accepted() -> None:
    broken = Reply(raw='{"numbers": [{"text": "504人", "value": "many"}]}')
    with FakeOpenAI().script(broken, Reply(report=GOOD)) as srv:
        doc = summarize(srv)
        tool_reply = srv.chat_requests[1].body["messages"][-1]
    assert doc.run.requests == 2
    assert "validation error" in tool_reply["content"].lower()


def test_schema_breaking_json_every_time_fails_the_report_clearly() -> None:
    broken = Reply(raw='{"numbers": "none"}')
    with FakeOpenAI().script(*[broken] * 4) as srv, pytest.raises(ValidationFailed) as err:
        summarize(srv, validation_retries=1, corrective_attempts=0)
    assert "never matched the schema after 2 attempt(s)" in str(err.value)


def test_empty_choices_list_is_reasked() -> None:
    with FakeOpenAI().script(Reply(choices=[]), Reply(report=GOOD)) as srv:
        doc = summarize(srv)
    assert doc.report.summary == GOOD["summary"]


@pytest.mark.parametrize("mode", ["json", "md_json"])
def test_think_block_before_the_json_is_skipped(mode: str) -> None:
    think = 'The user wants JSON like {"summary": "wrong"}. I will answer now.'
    with FakeOpenAI().script(Reply(report=GOOD, think=think)) as srv:
        doc = summarize(srv, mode=mode)
    assert doc.report.summary == GOOD["summary"] and doc.run.requests == 1


def test_reasoning_content_field_is_ignored() -> None:
    reply = Reply(report=GOOD, reasoning_content="先找数字：504人……")
    with FakeOpenAI().script(reply) as srv:
        doc = summarize(srv, mode="json")
    assert doc.report.summary == GOOD["summary"]


@pytest.mark.parametrize(
    "body",
    [
        {
            "error": {
                "code": "data_inspection_failed",
                "message": "Input data may contain inappropriate content.",
            }
        },
        {"error": {"message": "Content Exists Risk", "type": "invalid_request_error"}},
    ],
    ids=["dashscope", "deepseek"],
)
def test_content_filter_refusal_is_reported_and_not_retried(body: dict) -> None:
    with FakeOpenAI().script(*[Reply(status=400, body=body)] * 5) as srv:
        with pytest.raises(ContentFiltered) as err:
            summarize(srv)
        assert len(srv.chat_requests) == 1
    assert "refused the text as sensitive" in str(err.value)
    assert "--backend rules" in str(err.value)
