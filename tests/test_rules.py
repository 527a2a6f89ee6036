"""Issue 5: the offline ``rules`` extractor, one rule at a time on synthetic text."""

from __future__ import annotations

import asyncio
import re
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import SAMPLES
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from summarizer.chunk import chunk_text
from summarizer.clean import Metadata, clean_text
from summarizer.config import Settings, load_settings
from summarizer.extract.rules import (
    SUMMARY_LIMIT,
    RulesExtractor,
    category,
    extract_honors,
    extract_initiatives,
    extract_numbers,
    extract_report,
    join_chunks,
    organization,
    summary,
)
from summarizer.merge import merge_reports
from summarizer.models import KeyNumber
from summarizer.pipeline import SummarizeRequest, summarize_documents
from summarizer.render import to_markdown
from summarizer.verify import check_report


def numbers(text: str) -> list[KeyNumber]:
    return [n for _, n in extract_numbers(text)]


def by_text(text: str) -> dict[str, KeyNumber]:
    return {n.text: n for n in numbers(text)}


# ------------------------------------------------------------------ numbers


def test_metric_is_the_clause_before_the_number() -> None:
    [n] = numbers("今年以来，新增会员504人。")
    assert (n.text, n.value, n.unit, n.metric, n.qualifier) == (
        "504人",
        504,
        "人",
        "新增会员",
        None,
    )
    assert n.evidence == "新增会员504人"


def test_value_is_in_base_units_with_the_qualifier() -> None:
    found = by_text("发放慰问金3.59万元，惠及职工1.2万余人次，建制率达90%以上。")
    assert found["3.59万元"].value == 35900 and found["3.59万元"].unit == "元"
    assert (found["1.2万余人次"].value, found["1.2万余人次"].qualifier) == (12000, "余")
    assert (found["90%以上"].metric, found["90%以上"].qualifier) == ("建制率", "以上")


def test_change_from_x_to_y_gives_two_statistics() -> None:
    found = numbers("建会率由50%提升到84%，入会率由49%提高至87%。")
    assert [(n.text, n.metric) for n in found] == [
        ("50%", "建会率（提升前）"),
        ("84%", "建会率（提升后）"),
        ("49%", "入会率（提高前）"),
        ("87%", "入会率（提高后）"),
    ]
    assert found[0].evidence == "建会率由50%提升到84%"


def test_enumeration_comma_splits_statistics_but_keeps_lists() -> None:
    found = by_text("发放清凉物资228份、促消费资金26.13万元，建立职工之家、职工书屋等工会阵地6处。")
    assert found["228份"].metric == "发放清凉物资"
    assert found["26.13万元"].metric == "促消费资金"
    assert found["6处"].metric == "工会阵地"
    assert found["228份"].evidence == "发放清凉物资228份、促消费资金26.13万元"


def test_counted_noun_after_the_number_is_the_metric() -> None:
    found = by_text("指导9家企业新成立工会组织，成立了7个行业工会，组建193支宣讲团赴基层宣讲。")
    assert found["9家"].metric == "指导企业新成立工会组织"
    assert found["7个"].metric == "成立行业工会"
    assert found["193支"].metric == "组建宣讲团"


def test_conjoined_numbers_share_the_metric() -> None:
    found = numbers("非公企业建制率分别达到91.5%和95.2%，组建率和入会率分别保持在93%、95%以上。")
    assert [n.metric for n in found] == ["非公企业建制率"] * 2 + ["组建率和入会率"] * 2


def test_a_figure_after_ge_counts_each_thing_before_it() -> None:
    """各: 驿站和“骑手之家”各1家 is one of each, two figures; 驿站各 alone is one."""
    found = numbers("建成服务中心2家、户外驿站和“骑手之家”各1家，驿站各配书架。")
    assert [(n.text, n.metric) for n in found] == [
        ("2家", "建成服务中心"),
        ("1家", "户外驿站"),
        ("1家", "“骑手之家”"),
    ]


def test_bracketed_breakdown_names_its_part() -> None:
    found = numbers("新建职工书屋10家（省级1家，市级1家，县级8家）。")
    assert [n.metric for n in found] == [
        "新建职工书屋",
        "新建职工书屋（省级）",
        "新建职工书屋（市级）",
        "新建职工书屋（县级）",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2024年9月15日，召开会议。",  # date
        "学习党的二十届三中全会精神，贯彻十九大。",  # congress
        "实施“五个一批”工程，出台“1+X”文件。",  # slogans
        "树牢四个意识、坚定四个自信、做到两个维护。",  # formulas without quotes
        "举报电话：0731-84567890，京ICP备05004340号。",  # phone and licence
        "第一届职工运动会，建党102周年。",  # ordinals
        "五年来，历经近10年的发展。",  # periods
        "新建24小时智能驿站，打造15分钟服务圈。",  # descriptors
        "通过线上832平台采购。",  # a name
        "今年55岁的劳模张师傅。",  # a person's age
        "阅读:3.8万",  # page furniture
    ],
)
def test_non_statistics_are_left_out(text: str) -> None:
    assert numbers(text) == []


def test_a_bare_number_at_the_end_of_a_clause_is_kept() -> None:
    assert [n.text for n in numbers("会员总数达3000，其中女职工1200人。")] == ["3000", "1200人"]


def test_every_number_and_evidence_is_grounded() -> None:
    text = "同时，安排3.59万元开展“工会送清凉、防暑保安康”走访慰问，惠及职工871人。"
    report = extract_report(text)
    assert len(report.numbers) == 2
    assert check_report(report, text).flags == []


# ------------------------------------------------------------------ honors


@pytest.mark.parametrize(
    ("text", "title", "recipient", "level"),
    [
        (
            "1个托管班获评全国优秀“爱心托管班”荣誉称号。",
            "全国优秀“爱心托管班”荣誉称号",
            "托管班",
            "national",
        ),
        ("县总工会荣获市总工会优秀组织奖。", "优秀组织奖", "县总工会", "municipal"),
        ("某公司工会被评为“全国模范职工之家”。", "“全国模范职工之家”", "某公司工会", "national"),
        ("张三被授予湖南省五一劳动奖章。", "湖南省五一劳动奖章", "张三", "provincial"),
        ("其模式成功入选全国优秀案例。", "全国优秀案例", "模式", "national"),
        (
            "安源、瑞金等地成功申报全国职工爱国主义教育基地。",
            "全国职工爱国主义教育基地",
            "安源、瑞金等地",
            "national",
        ),
        ("县工会驿站获评县级“最美驿站”称号。", "县级“最美驿站”称号", "县工会驿站", "county"),
    ],
)
def test_honor_trigger_then_title(text: str, title: str, recipient: str, level: str) -> None:
    [(_, honor)] = extract_honors(text)
    assert (honor.title, honor.recipient, honor.level) == (title, recipient, level)
    assert honor.evidence == text


def test_passive_awarding_body_without_a_title() -> None:
    text = "瑞金市维权服务中心被人社部、全国总工会和全国工商联联合通报表扬。"
    [(_, honor)] = extract_honors(text)
    assert honor.title == "通报表扬"
    assert honor.awarded_by == "人社部、全国总工会和全国工商联"
    assert (honor.recipient, honor.level) == ("瑞金市维权服务中心", "national")


def test_awarding_body_before_the_title() -> None:
    [(_, honor)] = extract_honors("南昌县总工会入选全总“县级工会加强年”专项工作典型案例。")
    assert (honor.title, honor.awarded_by, honor.level) == (
        "“县级工会加强年”专项工作典型案例",
        "全总",
        "national",
    )


def test_named_list_gives_one_honor_per_title_with_its_level() -> None:
    text = "命名省级职工创新工作室3家、市级职工创新工作室6家、县级职工创新工作室7家。"
    honors = [h for _, h in extract_honors(text)]
    assert [(h.title, h.level, h.recipient) for h in honors] == [
        ("省级职工创新工作室", "provincial", "3家"),
        ("市级职工创新工作室", "municipal", "6家"),
        ("县级职工创新工作室", "county", "7家"),
    ]
    # ...and each count is a statistic too
    assert [n.text for n in numbers(text)] == ["3家", "6家", "7家"]


def test_list_of_titles_after_one_trigger() -> None:
    text = "县总工会荣获市工会工作先进单位、市基层组织建设先进单位等荣誉。"
    assert [h.title for _, h in extract_honors(text)] == [
        "市工会工作先进单位",
        "市基层组织建设先进单位",
    ]


def test_conferring_union_lends_its_level() -> None:
    report = extract_report("竹溪县总工会命名表彰县级劳模45人、“最美一线职工”35名。")
    assert [(h.title, h.level) for h in report.honors] == [
        ("县级劳模", "county"),
        ("“最美一线职工”", "county"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "召开表彰大会，增强职工获得感。",
        "印发《关于表彰全国模范职工之家的决定》。",
        "开展“劳模评选表彰”活动。",
        "全年获得丰硕成果，入选人数较多。",
        "邵阳市总工会领导为企业授牌。",
    ],
)
def test_no_honor_without_a_title(text: str) -> None:
    assert extract_honors(text) == []


# ------------------------------------------------------------------ initiatives


def initiatives(text: str) -> list[tuple[str, str]]:
    return [(i.name, i.description) for _, i in extract_initiatives(text)]


def test_yi_shi_er_shi_points() -> None:
    text = (
        "一是强化理论武装，筑牢思想基础。组织宣讲70余场。\n"
        "二是帮扶救助解困，强化维权服务。慰问困难职工2257名。"
    )
    assert initiatives(text) == [
        ("强化理论武装，筑牢思想基础", "组织宣讲70余场。"),
        ("帮扶救助解困，强化维权服务", "慰问困难职工2257名。"),
    ]


def test_inline_points_in_one_paragraph() -> None:
    text = "工会着力抓好三件事：一是加强学习，提高认识；二是扩大覆盖；三是做好帮扶。"
    assert [name for name, _ in initiatives(text)] == ["加强学习，提高认识", "扩大覆盖", "做好帮扶"]


def test_numbered_heading_lines() -> None:
    text = (
        "（一）加强思想引领\n组织职工学习28次，覆盖职工3000人。\n"
        "2. 推进建会入会\n新建工会组织40家。\n"
        "三、强化帮扶救助。全年慰问困难职工716人。"
    )
    assert initiatives(text) == [
        ("加强思想引领", "组织职工学习28次，覆盖职工3000人。"),
        ("推进建会入会", "新建工会组织40家。"),
        ("强化帮扶救助", "全年慰问困难职工716人。"),
    ]


def test_short_heading_line_before_a_paragraph() -> None:
    text = "党工共建，建好服务“主阵地”\n冷水滩区总工会共建设户外劳动者驿站24家，打造多个服务阵地。"
    [(name, description)] = initiatives(text)
    assert name == "党工共建，建好服务“主阵地”"
    assert description.startswith("冷水滩区总工会共建设户外劳动者驿站24家")


def test_four_character_headline_phrase() -> None:
    text = "忠诚于心，思想引领铸灵魂。县总工会将全会精神宣传宣讲作为重要任务。紧盯八大群体。"
    assert initiatives(text) == [
        ("忠诚于心，思想引领铸灵魂", "县总工会将全会精神宣传宣讲作为重要任务。")
    ]


def test_short_lead_sentence_opens_a_point() -> None:
    text = "强化民主管理。出台非公企业民主管理实施办法，推进厂务公开。"
    assert initiatives(text) == [("强化民主管理", "出台非公企业民主管理实施办法，推进厂务公开。")]


def test_captions_narratives_and_quotes_are_no_points() -> None:
    text = (
        "城步县产业园区职工拔河比赛现场。\n"
        "一项项具体举措助推了一个个明显成效。5月26日，长沙县总工会作经验推介。\n"
        "“工会打造的驿站设施齐全！”环卫工人说道，驿站就在工作区域附近，十分方便。"
    )
    assert initiatives(text) == []


def test_category_from_keywords() -> None:
    assert category("强化理论武装，筑牢思想基础") == "思想引领"
    assert category("清廉为本，全面从严治党守初心") == "党的建设"
    assert category("推进建会入会") == "组织建设"
    assert category("某某某") == "其他"


# ------------------------------------------------------------------ summary, organization, metadata


def test_summary_takes_lead_sentences_within_the_limit() -> None:
    text = (
        "工作亮点\n来源：中工网\n今年以来，县总工会新增会员504人。发放慰问金3.59万元。"
        + "又开展活动。" * 60
    )
    got = summary(text, limit=32)
    assert got == "今年以来，县总工会新增会员504人。发放慰问金3.59万元。"
    assert len(summary(text)) <= SUMMARY_LIMIT


def test_summary_cuts_an_overlong_first_sentence_at_a_comma() -> None:
    text = "十三五期间，" + "全县各级工会组织团结动员广大职工，" * 20 + "作出积极贡献。"
    got = summary(text, limit=100)
    assert got.endswith("……") and len(got) <= 102
    assert got.rstrip("…") in text


def test_organization_is_the_most_frequent_union() -> None:
    text = "在市总工会指导下，城步县总工会新增会员。城步县总工会表彰先进。湖南省总工会部署。"
    assert organization(text) == "城步县总工会"
    assert organization("在竹溪县委领导下，县总工会推进。县总工会将不忘初心。") == "竹溪县总工会"
    assert organization("省、市总工会送温暖。") == ""


def test_metadata_fills_title_and_date() -> None:
    meta = Metadata(title="城步县总工会工作报告", published=date(2024, 9, 15))
    report = extract_report("城步县总工会新增会员504人。", meta)
    assert (report.title, report.published, report.organization) == (
        "城步县总工会工作报告",
        date(2024, 9, 15),
        "城步县总工会",
    )
    assert (report.region, extract_report("城步县总工会新增会员504人。").title) == ("城步县", "")


# ------------------------------------------------------------------ backend


def rules_settings() -> Settings:
    return load_settings({"backend": "rules"}, environ={})


def test_extractor_returns_one_result_per_chunk_and_no_requests() -> None:
    text = clean_text(SAMPLES[3].read_text(encoding="utf-8")).text
    chunks = chunk_text(text, size=800, overlap=120)
    assert len(chunks) > 2
    extraction = asyncio.run(RulesExtractor(rules_settings()).extract(chunks))
    assert extraction.backend == "rules" and extraction.model is None
    assert [r.chunk_index for r in extraction.results] == [c.index for c in chunks]
    assert extraction.requests == 0 and extraction.usage.prompt_tokens == 0
    merged = merge_reports([r.report for r in extraction.results])
    whole = extract_report(text)
    assert [n.text for n in merged.numbers] == [n.text for n in whole.numbers]
    assert merged.summary.startswith(whole.summary)
    assert len(merged.honors) == len(whole.honors)


def test_chunks_that_do_not_tile_are_read_one_by_one() -> None:
    a = chunk_text("新增会员504人。", size=800)[0]
    b = chunk_text("发放慰问金3.59万元。", size=800)[0]
    assert join_chunks([a, b]) is None
    extraction = asyncio.run(RulesExtractor(rules_settings()).extract([a, b]))
    assert [len(r.report.numbers) for r in extraction.results] == [1, 1]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name[:3])
def test_samples_end_to_end_without_flags(path: Path) -> None:
    doc = summarize_documents(SummarizeRequest(paths=[str(path)]), rules_settings())[0]
    assert doc.run.backend == "rules" and doc.run.requests == 0
    assert doc.verification.flags == []
    assert doc.report.numbers and doc.report.initiatives and doc.report.summary
    assert "Backend: `rules`" in to_markdown(doc)


def test_auto_backend_without_endpoint_runs_rules() -> None:
    auto = load_settings({}, environ={})
    doc = summarize_documents(SummarizeRequest(paths=[str(SAMPLES[0])]), auto)[0]
    assert doc.run.backend == "rules"


def test_deterministic_and_fast() -> None:
    texts = [clean_text(p.read_text(encoding="utf-8")).text for p in SAMPLES]
    first = [extract_report(t) for t in texts]
    assert [extract_report(t) for t in texts] == first
    timings = []
    for t in texts:
        started = time.perf_counter()
        extract_report(t)
        timings.append(time.perf_counter() - started)
    assert statistics.mean(timings) < 0.05  # about 10 ms per report on a laptop


REPORTISH = st.text(
    alphabet=list("，。、；：“”（）一二三四五六七八九十百千万0123456789.%人元个家名场次余多近约")
    + list("以上是获评荣命名表彰被由提升到县市省总工会职工新增会员\n "),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(REPORTISH)
def test_everything_extracted_is_grounded(text: str) -> None:
    # numerals.find_numbers raises decimal.InvalidOperation on runs of 28+ digits
    assume(not re.search("[0-9]{20}", text))
    report = extract_report(text)
    assert check_report(report, text).flags == []


def test_rules_backend_imports_no_model_sdk() -> None:
    code = (
        "import sys, summarizer.extract.rules, summarizer.evaluate; "
        "print(any(m in sys.modules for m in ('openai', 'instructor')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
