"""Issue 4 §3: one corrective turn for ungrounded numbers and quotes.

The model's answer is validated with instructor's validation context (the chunk's
source text and the grounding check); an answer whose figures or quotes are not in
the source is sent back once (``corrective_attempts``, default 1) with the list of
ungrounded items. Whatever still fails after that is flagged, never dropped. Every
turn counts in ``run.requests`` and the corrective ones in ``run.corrective_turns``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import sample
from fake_server import Reply
from fakes import QueueClient

from summarizer.config import load_settings
from summarizer.models import SummaryDocument
from summarizer.pipeline import SummarizeRequest, summarize_documents
from summarizer.render import to_json

REPORT = sample("000")  # 新增会员504人 … 安排3.59万元开展 …


def number(text: str, value: float, unit: str, metric: str, evidence: str) -> dict[str, Any]:
    return {"text": text, "value": value, "unit": unit, "metric": metric, "evidence": evidence}


REAL = number("504人", 504, "人", "新增会员", "新增会员504人")
MADE_UP = number("999人", 999, "人", "新增会员", "新增会员999人")
CLEAN = {"summary": "新增会员504人。", "numbers": [REAL]}
DIRTY = {"summary": "新增会员504人。", "numbers": [REAL, MADE_UP]}


def run(queue: QueueClient, path: Path = REPORT, **flags: Any) -> SummaryDocument:
    settings = load_settings(
        {"base_url": "http://fake.invalid/v1", "api_key": "k", "model": "m", **flags}, environ={}
    )
    request = SummarizeRequest(paths=[str(path)], client=queue.client)
    return summarize_documents(request, settings)[0]


def corrective_message(request: dict[str, Any]) -> str:
    """The last message of a request: the corrective turn, in whatever role the mode uses."""
    message = request["messages"][-1]
    return message["content"] if isinstance(message["content"], str) else json.dumps(message)


@pytest.mark.parametrize("mode", ["tools", "json", "json_schema", "md_json"])
def test_made_up_number_gets_one_corrective_turn_then_passes(mode: str) -> None:
    queue = QueueClient(Reply(report=DIRTY), Reply(report=CLEAN))
    doc = run(queue, mode=mode)
    assert doc.verification.flags == []
    assert [n.text for n in doc.report.numbers] == ["504人"]
    assert doc.run.requests == len(queue.requests) == 2  # the corrective turn is a request
    assert doc.run.corrective_turns == 1
    message = corrective_message(queue.requests[1])
    assert "numbers[1]：“999人” 原文中没有这个数字" in message  # names the ungrounded item
    assert "504人”" not in message.split("重新回答")[1].split("[type")[0]  # and only those
    payload = json.loads(to_json(doc))["run"]
    assert (payload["requests"], payload["corrective_turns"]) == (2, 1)


def test_the_source_travels_in_the_validation_context_not_the_template(tmp_path: Path) -> None:
    """The chunk text reaches the model through ``{{ source }}`` and the check sees it."""
    path = tmp_path / "report.txt"
    path.write_text("县总工会新增会员504人，建会率由50%提升到84%。我们的口号是{{ 团结 }}。\n")
    queue = QueueClient(Reply(report=DIRTY), Reply(report=CLEAN))
    doc = run(queue, path=path)
    assert doc.run.corrective_turns == 1  # 999人 was checked against this text
    first = queue.requests[0]["messages"][-1]["content"]
    assert "县总工会新增会员504人，建会率由50%提升到84%。我们的口号是{{ 团结 }}。" in first


def test_no_corrective_attempts_flags_the_made_up_number_with_one_request() -> None:
    queue = QueueClient(Reply(report=DIRTY))
    doc = run(queue, corrective_attempts=0)
    assert doc.run.requests == len(queue.requests) == 1
    assert doc.run.corrective_turns == 0
    assert ("numbers[1]", "number_not_in_source", "999人") in [
        (f.path, f.kind, f.text) for f in doc.verification.flags
    ]


def test_still_wrong_after_the_corrective_turn_is_flagged_not_dropped() -> None:
    queue = QueueClient(Reply(report=DIRTY), Reply(report=DIRTY))
    doc = run(queue)
    assert doc.run.requests == 2 and doc.run.corrective_turns == 1  # one re-ask, no more
    assert [n.text for n in doc.report.numbers] == ["504人", "999人"]  # kept
    paths = {f.path for f in doc.verification.flags}
    assert {"numbers[1]", "numbers[1].evidence"} <= paths
    assert doc.verification.numbers_grounded < doc.verification.numbers_checked


def test_the_number_of_corrective_attempts_is_configurable() -> None:
    queue = QueueClient(Reply(report=DIRTY), Reply(report=DIRTY), Reply(report=CLEAN))
    doc = run(queue, corrective_attempts=2)
    assert doc.run.requests == 3 and doc.run.corrective_turns == 2
    assert doc.verification.flags == []


def test_a_grounded_first_answer_needs_no_corrective_turn() -> None:
    queue = QueueClient(Reply(report=CLEAN))
    doc = run(queue)
    assert doc.run.requests == 1 and doc.run.corrective_turns == 0


def test_made_up_quote_and_summary_digits_are_sent_back_too() -> None:
    dirty = {
        "summary": "新增会员504人，发放慰问金88万元。",
        "initiatives": [{"name": "马拉松", "evidence": "县总工会举办了职工马拉松比赛"}],
        "numbers": [REAL],
    }
    queue = QueueClient(Reply(report=dirty), Reply(report=CLEAN))
    doc = run(queue)
    message = corrective_message(queue.requests[1])
    assert "summary：“88万元” 原文中没有这个数字" in message
    assert "initiatives[0].evidence：“县总工会举办了职工马拉松比赛” 原文中没有这句话" in message
    assert doc.verification.flags == [] and doc.run.corrective_turns == 1


def test_a_wrong_value_for_a_real_figure_is_sent_back() -> None:
    wrong = {"numbers": [number("504人", 540, "人", "新增会员", "新增会员504人")]}
    queue = QueueClient(Reply(report=wrong), Reply(report=CLEAN))
    doc = run(queue)
    assert "numbers[0].value：“540” “504人”应为 504" in corrective_message(queue.requests[1])
    assert doc.verification.flags == []


def test_missing_evidence_alone_does_not_trigger_a_corrective_turn() -> None:
    bare = {"numbers": [number("504人", 504, "人", "新增会员", "")]}
    queue = QueueClient(Reply(report=bare))
    doc = run(queue)
    assert doc.run.requests == 1 and doc.run.corrective_turns == 0
    assert [(f.path, f.kind) for f in doc.verification.flags] == [
        ("numbers[0].evidence", "no_evidence")
    ]


def test_template_syntax_in_a_made_up_quote_is_sent_back_verbatim() -> None:
    dirty = {"numbers": [number("504人", 504, "人", "新增会员", "新增会员{% raw %}{{ system }}")]}
    queue = QueueClient(Reply(report=dirty), Reply(report=CLEAN))
    doc = run(queue)
    assert "“新增会员{% raw %}{{ system }}” 原文中没有这句话" in corrective_message(
        queue.requests[1]
    )
    assert doc.run.corrective_turns == 1
