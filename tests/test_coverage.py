"""Issue 4 §4: coverage, and the ``--passes 2`` gleaning pass.

Coverage lists the statistics in the source that the summary did not capture and
reports ``captured / total``, in the JSON and in Markdown. ``--passes 2`` asks the
model again, only for the chunks with missed statistics and only for those, then
merges what comes back.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fake_server import Reply, source_of
from fakes import QueueClient

from summarizer.config import load_settings
from summarizer.models import KeyNumber, SummaryDocument, UnionWorkReport, Verification
from summarizer.numerals import NumberMention, find_statistics
from summarizer.pipeline import SummarizeRequest, summarize_documents
from summarizer.render import to_json, to_markdown
from summarizer.verify import SourceIndex, add_coverage, check_report

# Three paragraphs, one chunk each at --chunk-size 200: statistics in the first and
# the last, none in the middle.
P1 = (
    "县总工会坚持以职工为中心，新增会员504人，建会率由50%提升到84%，会员入会率明显提高。"
    "各级工会组织持续深化服务职工工作，推动工会工作高质量发展，让广大职工群众切实感受到"
    "组织的关怀与温暖，不断增强职工群众的获得感、幸福感和安全感。"
)
P2 = (
    "各级工会坚持党建带工建，深入开展普惠服务，持续推进职工之家建设，扎实做好困难职工帮扶"
    "工作，积极组织劳动技能竞赛和职工文体活动，认真落实民主管理制度，推动工会工作走深走实，"
    "让广大职工群众切实感受到组织的关怀与温暖和力量。"
)
P3 = (
    "安排3.59万元开展走访慰问，覆盖职工1.2万余人次；组织职工拔河比赛，开发区12支队伍200余名"
    "职工参赛，进一步丰富了职工群众的精神文化生活，增强了职工队伍的凝聚力和向心力，营造了团结"
    "奋进的良好氛围。"
)
STATISTICS = ["504人", "50%", "84%", "3.59万元", "1.2万余人次", "12支", "200余名"]
GLEANING = "上一次抽取漏掉了"  # the opening of prompts/v1/gleaning.txt


@pytest.fixture
def report_path(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(f"工作报告\n{P1}\n{P2}\n{P3}\n", encoding="utf-8")
    return path


def _clause(source: str, m: NumberMention) -> str:
    start = max(source.rfind(c, 0, m.start) for c in "，。；\n") + 1
    return source[start : m.end]


def _numbers(source: str, picked: list[NumberMention]) -> list[dict[str, Any]]:
    return [
        {"text": m.text, "value": float(m.value), "unit": m.unit, "metric": "统计",
         "evidence": _clause(source, m)}
        for m in picked
    ]  # fmt: skip


def listed(request: dict[str, Any]) -> list[str]:
    """The ``- item`` lines of a request's instructions (before the source text)."""
    content = request["messages"][-1]["content"]
    return re.findall(r"^- (.+)$", content.split("原文：")[0], re.M)


def is_gleaning(request: dict[str, Any]) -> bool:
    return GLEANING in request["messages"][-1]["content"]


def model(request: dict[str, Any]) -> Reply:
    """A model that reports only 504人 at first, and, asked to glean, what it is asked for."""
    source = source_of(request)
    stats = find_statistics(source)
    wanted = listed(request) if is_gleaning(request) else ["504人"]
    return Reply(report={"numbers": _numbers(source, [m for m in stats if m.text in wanted])})


def run(path: Path, passes: int) -> tuple[SummaryDocument, QueueClient]:
    queue = QueueClient(fallback=model)
    flags = {"base_url": "http://x.invalid/v1", "api_key": "k", "model": "m",
             "chunk_size": 200, "chunk_overlap": 0, "passes": passes}  # fmt: skip
    request = SummarizeRequest(paths=[str(path)], client=queue.client)
    return summarize_documents(request, load_settings(flags, environ={}))[0], queue


# ------------------------------------------------------------------ add_coverage


def coverage(source: str, *texts: str) -> Verification:
    index = SourceIndex.build(source)
    report = UnionWorkReport(
        numbers=[KeyNumber(text=t, value=0, unit="", metric="m") for t in texts]
    )
    return add_coverage(check_report(report, index), report, index)


def test_missed_statistics_are_listed_with_their_place() -> None:
    source = f"{P1}{P3}"
    v = coverage(source, "504人", "35900元")  # 3.59万元 written another way still counts
    assert [m.text for m in v.missed] == ["50%", "84%", "1.2万余人次", "12支", "200余名"]
    for m in v.missed:
        assert source[m.clean_start : m.clean_end] == m.text
    assert [(m.value, m.unit) for m in v.missed][2] == (12000.0, "人次")
    assert (v.statistics_captured, v.statistics_in_source) == (2, 7)
    assert v.coverage == round(2 / 7, 4)


def test_only_statistics_count_not_dates_congresses_or_slogans() -> None:
    v = coverage("2024年9月15日，党的二十届三中全会精神进企业，“五个一批”工程新增会员504人。")
    assert [m.text for m in v.missed] == ["504人"] and v.statistics_in_source == 1


def test_matching_is_one_to_one() -> None:
    v = coverage("上半年发放3.59万元，下半年又发放3.59万元。", "3.59万元")
    assert (v.statistics_captured, v.statistics_in_source) == (1, 2)
    assert len(v.missed) == 1 and v.missed[0].clean_start > 10  # the second one


def test_no_statistics_means_no_coverage_figure() -> None:
    v = coverage("各级工会深入开展普惠服务。")
    assert (v.coverage, v.statistics_in_source, v.missed) == (None, 0, [])


# ------------------------------------------------------------------ outputs


def test_json_carries_coverage_and_the_missed_statistics(report_path: Path) -> None:
    doc, _ = run(report_path, passes=1)
    payload = json.loads(to_json(doc))["verification"]
    assert payload["coverage"] == round(1 / 7, 4)
    assert (payload["statistics_captured"], payload["statistics_in_source"]) == (1, 7)
    assert [m["text"] for m in payload["missed"]] == STATISTICS[1:]
    assert set(payload["missed"][0]) == {"text", "value", "unit", "clean_start", "clean_end"}


def test_markdown_shows_the_coverage_figure(report_path: Path) -> None:
    doc, _ = run(report_path, passes=1)
    assert "coverage 14% (1/7 statistics in the source)" in to_markdown(doc)


def test_markdown_lists_missed_statistics_when_there_are_flags(report_path: Path) -> None:
    doc, _ = run(report_path, passes=1)
    flagged = check_report(
        doc.report.model_copy(update={"summary": "发放88万元"}), doc.source.text or ""
    )
    doc = doc.model_copy(
        update={"verification": doc.verification.model_copy(update={"flags": flagged.flags})}
    )
    text = to_markdown(doc)
    assert "Statistics in the source not captured (6): 50%、84%、3.59万元、1.2万余人次" in text


def test_markdown_lists_missed_statistics_even_without_flags(report_path: Path) -> None:
    doc, _ = run(report_path, passes=1)
    assert doc.verification.flags == []
    assert "3.59万元" in to_markdown(doc).split("## 核查")[1]


# ------------------------------------------------------------------ --passes 2


def test_one_pass_asks_nothing_more(report_path: Path) -> None:
    doc, queue = run(report_path, passes=1)
    assert doc.run.chunks == 3 and doc.run.passes == 1
    assert doc.run.requests == len(queue.requests) == 3
    assert not any(is_gleaning(r) for r in queue.requests)


def test_gleaning_asks_only_chunks_with_missed_statistics_and_merges(report_path: Path) -> None:
    first, _ = run(report_path, passes=1)
    doc, queue = run(report_path, passes=2)
    gleaning = [r for r in queue.requests if is_gleaning(r)]
    # chunk 1 misses 50% and 84%, chunk 3 misses four; chunk 2 has none: not asked
    assert sorted(listed(r) for r in gleaning) == [
        ["3.59万元", "1.2万余人次", "12支", "200余名"],
        ["50%", "84%"],
    ]
    for r in gleaning:
        assert all(item in source_of(r) for item in listed(r))  # each asked of its own chunk
    assert doc.run.requests == len(queue.requests) == 3 + 2
    assert doc.run.passes == 2
    assert [n.text for n in doc.report.numbers] == STATISTICS
    assert doc.verification.flags == []
    assert first.verification.coverage is not None and doc.verification.coverage is not None
    assert first.verification.coverage < doc.verification.coverage == 1.0
    assert doc.verification.missed == []


def test_gleaning_is_skipped_when_nothing_was_missed(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(f"工作报告\n{P2}\n县总工会新增会员504人。\n", encoding="utf-8")
    doc, queue = run(path, passes=2)
    assert doc.verification.coverage == 1.0
    assert not any(is_gleaning(r) for r in queue.requests)
    assert doc.run.requests == len(queue.requests) == doc.run.chunks
