"""Issue 4 §2: grounding, every extracted item's span in the cleaned and the raw text.

A span comes from the item's evidence quote and, for a number, from the number
itself: an exact (normalized) match first, then a fuzzy alignment to a run of
source clauses with a minimum similarity, else none, like langextract's alignment
status. Numbers match by value only, never fuzzily.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import opencc
import pytest
from fake_server import Reply
from fakes import QueueClient

from summarizer.clean import CleanedText, clean_text
from summarizer.config import load_settings
from summarizer.ground import MIN_SIMILARITY, ground_report
from summarizer.models import Honor, Initiative, KeyNumber, Span, UnionWorkReport
from summarizer.pipeline import SummarizeRequest, summarize_documents
from summarizer.render import to_json
from summarizer.verify import SourceIndex, clear_caches

# Traditional characters, a pinyin annotation, an HTML entity and spaces around a
# number: the cleaned offsets differ from the raw ones.
RAW = """縣總工會2024年工作報告
當(dāng)前，縣總工會新增會員 504 人，建會率由50%提升到84%&nbsp;。
從春送崗位到冬送溫暖，“四送”品牌服務全年不打烊，溫暖每一位職工的心田。
安排3.59萬元開展走訪慰問，覆蓋職工1.2萬餘人次；另發放慰問金3.59萬元。
縣總工會被評為全國模範職工之家。
"""
T2S = opencc.OpenCC("t2s").convert
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]+\)")


@pytest.fixture(scope="module")
def cleaned() -> CleanedText:
    return clean_text(RAW)


def n(text: str, value: float, unit: str, evidence: str = "") -> KeyNumber:
    return KeyNumber(text=text, value=value, unit=unit, metric="m", evidence=evidence)


def spans_of(report: UnionWorkReport, cleaned: CleanedText) -> dict[str, Span]:
    return {s.path: s for s in ground_report(report, cleaned)}


def raw_at(span: Span) -> str:
    """The raw text under a span, as the cleaner would turn it: pinyin out, t2s."""
    assert span.raw_start is not None and span.raw_end is not None
    return T2S(PINYIN.sub("", RAW[span.raw_start : span.raw_end]))


def clean_at(span: Span, cleaned: CleanedText) -> str:
    assert span.clean_start is not None and span.clean_end is not None
    return cleaned.text[span.clean_start : span.clean_end]


def test_exact_match_has_spans_in_the_cleaned_and_the_raw_text(cleaned: CleanedText) -> None:
    report = UnionWorkReport(
        numbers=[n("504人", 504, "人", "县总工会新增会员504人")],
        initiatives=[Initiative(name="四送", evidence="“四送”品牌服务全年不打烊")],
        honors=[Honor(title="全国模范职工之家", evidence="县总工会被评为全国模范职工之家")],
    )
    spans = spans_of(report, cleaned)
    assert {p: s.status for p, s in spans.items()} == dict.fromkeys(
        ["initiatives[0]", "honors[0]", "numbers[0].evidence", "numbers[0]"], "exact"
    )
    assert clean_at(spans["numbers[0]"], cleaned) == "504人"
    assert clean_at(spans["numbers[0].evidence"], cleaned) == "县总工会新增会员504人"
    assert clean_at(spans["initiatives[0]"], cleaned) == "“四送”品牌服务全年不打烊"
    # the raw offsets are not the cleaned ones, yet point at the same words
    assert spans["numbers[0]"].raw_start != spans["numbers[0]"].clean_start
    assert RAW[spans["numbers[0]"].raw_start or 0 :].startswith("504 人")
    assert "504" in raw_at(spans["numbers[0]"]) and raw_at(spans["numbers[0]"]).endswith("人")
    assert raw_at(spans["honors[0]"]) == "县总工会被评为全国模范职工之家"
    assert raw_at(spans["initiatives[0]"]) == "“四送”品牌服务全年不打烊"
    assert all(s.similarity == 1.0 for s in spans.values())


def test_quote_differing_only_in_punctuation_and_spaces_is_exact(cleaned: CleanedText) -> None:
    report = UnionWorkReport(
        initiatives=[Initiative(name="x", evidence="当前, 县总工会新增会员 504人,")]
    )
    span = spans_of(report, cleaned)["initiatives[0]"]
    assert span.status == "exact"
    assert clean_at(span, cleaned) == "当前，县总工会新增会员504人"


def test_paraphrased_quote_aligns_fuzzily_to_its_clauses(cleaned: CleanedText) -> None:
    report = UnionWorkReport(
        initiatives=[Initiative(name="x", evidence="四送品牌服务全年都不打烊")]
    )
    span = spans_of(report, cleaned)["initiatives[0]"]
    assert span.status == "fuzzy"
    assert span.similarity is not None and MIN_SIMILARITY <= span.similarity < 1
    assert clean_at(span, cleaned) == "“四送”品牌服务全年不打烊"  # the clause, not the sentence
    assert raw_at(span) == "“四送”品牌服务全年不打烊"


def test_quote_spanning_two_clauses_aligns_to_both(cleaned: CleanedText) -> None:
    quote = "从春送岗位到冬送温暖，四送品牌服务全年都不打烊"
    span = spans_of(UnionWorkReport(honors=[Honor(title="x", evidence=quote)]), cleaned)[
        "honors[0]"
    ]
    assert span.status == "fuzzy"
    assert clean_at(span, cleaned) == "从春送岗位到冬送温暖，“四送”品牌服务全年不打烊"


def test_unrelated_quote_has_no_span(cleaned: CleanedText) -> None:
    report = UnionWorkReport(
        initiatives=[Initiative(name="x", evidence="县总工会举办了职工马拉松比赛")]
    )
    span = spans_of(report, cleaned)["initiatives[0]"]
    assert span == Span(path="initiatives[0]", status="none")


def test_numbers_never_match_fuzzily(cleaned: CleanedText) -> None:
    # one digit off: a fuzzy quote match would accept it, the number must not
    report = UnionWorkReport(numbers=[n("540人", 540, "人", "县总工会新增会员540人")])
    spans = spans_of(report, cleaned)
    assert spans["numbers[0].evidence"].status == "fuzzy"  # the sentence is similar
    assert spans["numbers[0]"] == Span(path="numbers[0]", status="none")  # the figure is not


def test_number_written_differently_is_located_by_value(cleaned: CleanedText) -> None:
    report = UnionWorkReport(numbers=[n("35900元", 35900, "元")])
    span = spans_of(report, cleaned)["numbers[0]"]
    assert (span.status, clean_at(span, cleaned)) == ("exact", "3.59万元")
    assert raw_at(span) == "3.59万元"  # raw: 3.59萬元


def test_a_repeated_value_is_located_inside_its_evidence(cleaned: CleanedText) -> None:
    first = spans_of(UnionWorkReport(numbers=[n("3.59万元", 35900, "元")]), cleaned)["numbers[0]"]
    second = spans_of(
        UnionWorkReport(numbers=[n("3.59万元", 35900, "元", "另发放慰问金3.59万元")]), cleaned
    )["numbers[0]"]
    assert clean_at(first, cleaned) == clean_at(second, cleaned) == "3.59万元"
    assert (second.clean_start or 0) > (first.clean_start or 0)  # the second occurrence
    assert cleaned.text[: second.clean_start].endswith("另发放慰问金")


def test_every_item_gets_a_span_in_report_order(cleaned: CleanedText) -> None:
    report = UnionWorkReport(
        initiatives=[Initiative(name="a"), Initiative(name="b", evidence="四送")],
        honors=[Honor(title="h")],
        numbers=[n("84%", 84, "%"), n("999人", 999, "人", "新增会员999人")],
    )
    paths = [s.path for s in ground_report(report, cleaned)]
    assert paths == [
        "initiatives[0]", "initiatives[1]", "honors[0]",
        "numbers[0].evidence", "numbers[0]", "numbers[1].evidence", "numbers[1]",
    ]  # fmt: skip
    spans = spans_of(report, cleaned)
    assert spans["initiatives[0]"].status == "none"  # no evidence, no span
    assert spans["numbers[0]"].status == "exact"  # located by value alone
    assert spans["numbers[1]"].status == spans["numbers[1].evidence"].status == "none"


def test_the_cached_index_never_leaks_between_texts() -> None:
    clear_caches()
    a, b = clean_text("新增会员504人。"), clean_text("新增会员405人。")
    report = UnionWorkReport(numbers=[n("504人", 504, "人")])
    assert ground_report(report, a)[1].status == "exact"
    assert ground_report(report, b)[1].status == "none"
    assert SourceIndex.build(a.text) is SourceIndex.build(a.text)  # shared within a report


def test_json_output_carries_the_spans_and_their_status(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(RAW, encoding="utf-8")
    answer: dict[str, Any] = {
        "initiatives": [
            {"name": "四送", "evidence": "四送品牌服务全年都不打烊"},
            {"name": "马拉松", "evidence": "县总工会举办了职工马拉松比赛"},
        ],
        "numbers": [{"text": "504人", "value": 504, "unit": "人", "metric": "新增会员",
                     "evidence": "县总工会新增会员504人"}],
    }  # fmt: skip
    settings = load_settings(
        {"base_url": "http://x.invalid/v1", "api_key": "k", "model": "m", "corrective_attempts": 0},
        environ={},
    )
    request = SummarizeRequest(paths=[str(path)], client=QueueClient(Reply(report=answer)).client)
    payload = json.loads(to_json(summarize_documents(request, settings)[0]))
    spans = {s["path"]: s for s in payload["verification"]["spans"]}
    assert {p: s["status"] for p, s in spans.items()} == {
        "initiatives[0]": "fuzzy",
        "initiatives[1]": "none",
        "numbers[0].evidence": "exact",
        "numbers[0]": "exact",
    }
    figure = spans["numbers[0]"]
    assert set(figure) == {
        "path", "status", "clean_start", "clean_end", "raw_start", "raw_end", "similarity",
    }  # fmt: skip
    assert T2S(RAW[figure["raw_start"] : figure["raw_end"]]).replace(" ", "") == "504人"
    assert spans["initiatives[1]"]["clean_start"] is None
    assert 0.75 <= spans["initiatives[0]"]["similarity"] < 1
    assert "text" not in payload["source"]  # the cleaned text stays out of the JSON
