"""Initiative patterns of the rules backend, one rule per table, on synthetic report text.

Programmes (a verb and the named thing it acts on), page furniture that looks like a
heading, and the cap and ranking that keep the list short. Every snippet is made up.
"""

from __future__ import annotations

import pytest

from summarizer.extract.rules import extract_report
from summarizer.extract.rules_initiatives import (
    INITIATIVE_LIMIT,
    PROGRAMME_LIMIT,
    extract_initiatives,
    extract_programmes,
)
from summarizer.extract.rules_text import DESCRIPTION_LIMIT
from summarizer.verify import check_report

# A paragraph with no programme in it: the body a heading line needs.
BODY = "今年以来，县总工会深入基层走访职工200余人次，收集意见建议50条，逐条推动解决。"


def names(text: str) -> list[str]:
    return [i.name for _, i in extract_initiatives(text)]


def programmes(text: str) -> list[str]:
    return [i.name for _, i in extract_programmes(text, [])]


# ------------------------------------------------------------------ programmes found

PROGRAMMES = [
    ("县总工会在全县开展“书香三八”读书活动，参与职工2000人。", "开展“书香三八”读书活动"),
    ("市总工会制定了《职工疗休养管理办法》，明确了标准。", "制定了《职工疗休养管理办法》"),
    ("区总工会成立网约车司机工会联合会，吸纳会员500人。", "成立网约车司机工会联合会"),
    ("积极推进职工书屋建设，新建书屋10家。", "推进职工书屋建设"),
    ("全镇开展新春“送祝福”慰问活动。", "开展新春“送祝福”慰问活动"),
    ("县总工会组织基层工会开展“劳动最美”摄影比赛。", "开展“劳动最美”摄影比赛"),
    ("组织“劳动创造幸福”主题征文活动，收到稿件80篇。", "组织“劳动创造幸福”主题征文活动"),
    ("推进“春风行动”“暖心行动”等品牌服务向园区延伸。", "推进“春风行动”“暖心行动”等品牌服务"),
    ("为困难职工赠送了“暖心年货包”，送去节日问候。", "赠送了“暖心年货包”"),
    ("每年为全体女职工办理“安康”互助保险。", "办理“安康”互助保险"),
    ("2024年3月，县总工会举办全县职工技能大赛。", "举办全县职工技能大赛"),
    ("着力打造“一会一站一家”服务格局，方便职工办事。", "打造“一会一站一家”服务格局"),
    ("建立劳动争议多元调解机制，化解纠纷12起。", "建立劳动争议多元调解机制"),
    ("签订《厂务公开民主管理协议书》，覆盖企业30家。", "签订《厂务公开民主管理协议书》"),
    ("不断拓展职工技能竞赛活动覆盖面。", "拓展职工技能竞赛活动"),
    ("扎实开展职工法律援助服务工作，受理案件20件。", "开展职工法律援助服务工作"),
    ("全县开展“安康杯”竞赛活动，参与职工2000人。", "开展“安康杯”竞赛活动"),  # the longest
    ("配合开展《工会法》执法检查，走访企业12家。", "开展《工会法》执法检查"),
    ("全县300名职工参加了全市职工职业技能大赛。", "参加了全市职工职业技能大赛"),
    ("参加全市职工技能大赛并获一等奖2个。", "参加全市职工技能大赛"),  # 并 opens a verb
    ("区总工会将劳模疗休养纳入年度民生实事清单。", "纳入年度民生实事清单"),
    ("严格落实职工代表大会与厂务公开制度。", "落实职工代表大会与厂务公开制度"),
    ("200名环卫女工接受了免费的乳腺专项检查。", "接受了免费的乳腺专项检查"),
    ("始终坚持“服务职工、依法维权”的工作方针。", "坚持“服务职工、依法维权”的工作方针"),
    ("开展了形式多样的岗位练兵活动，参与职工900人。", "开展了形式多样的岗位练兵活动"),
    ("推进职工队伍建设改革和基层工会改革。", "推进职工队伍建设改革和基层工会改革"),  # 建设 a noun
]


@pytest.mark.parametrize(("text", "name"), PROGRAMMES)
def test_a_programme_is_named_by_its_verb_and_object(text: str, name: str) -> None:
    [(anchor, item)] = extract_programmes(text, [])
    assert item.name == name
    assert text[anchor:].startswith(name)
    assert item.description in text and item.evidence == item.description
    assert name in item.description


# ------------------------------------------------------------------ no programme

NOT_PROGRAMMES = [
    "县总工会开展各类活动30余场，惠及职工5000人次。",  # a generic object names nothing
    "“工会打造的驿站真方便！”一位环卫工人说道。",  # a verb inside a quotation
    "县总工会荣获全省开展“安康杯”竞赛活动优胜单位称号。",  # the title of an honor
    "集体合同签订率、工资专项集体合同覆盖率均超过90%。",  # 签订率 is a rate
    "全市职工之家建设工作取得新成效。",  # 建设工作 is a noun
    "职工书屋是推进学习型组织建设的重要平台。",  # 是…的重要平台 describes
    "县工会联合会成立暨第一次会员大会召开。",  # 成立 belongs to the subject
    "图为县总工会举办职工运动会。",  # a photo caption
    "开展“三进”。",  # too short to name anything
    "召开表彰大会。",
    "配合开展《工会法》执法调研。",  # the quoted law is a modifier
    "举办一次丰富多彩的职工活动。",
    "深入开展调研工作。",  # a line of work needs a name of its own
    "纳入考核的省重点项目共28个。",  # 纳入考核 is verb and object, not a modifier
    "将2025年工作纳入全市深化改革大局。",  # 改革大局: the phrase goes on
    "对全县落实《工会法》情况进行检查。",  # a dummy verb before the programme word
    "切实落实《女职工权益保障法》，保障女职工权益。",  # obeying a law is no programme
]


@pytest.mark.parametrize("text", NOT_PROGRAMMES)
def test_no_programme(text: str) -> None:
    assert programmes(text) == []


# ------------------------------------------------------------------ names with no verb

STANDALONE = [
    (
        "各级工会以“春风送岗、暖心助业”和“金秋圆梦”活动为载体，服务职工。",
        "“春风送岗、暖心助业”和“金秋圆梦”活动",
    ),
    ("重点展示“百名工匠”评选活动中的劳动场景。", "“百名工匠”评选活动"),
    ("市总工会始终以“三个坚持”为工作主线，推动工作落实。", "以“三个坚持”为工作主线"),
    ("昨天，全省职工技能大赛总结表彰大会在长沙举行。", "全省职工技能大赛总结表彰大会"),
    ("全市职工之家建设推进会于12日在城南召开。", "全市职工之家建设推进会"),
    (
        "从日前召开的全市工会就业帮扶工作推进会上获悉，求职登记500人。",
        "全市工会就业帮扶工作推进会",
    ),
    (
        "目前，职工工资集体协商机制、劳动争议调解机制已基本建立。",
        "职工工资集体协商机制、劳动争议调解机制",
    ),
]


@pytest.mark.parametrize(("text", "name"), STANDALONE)
def test_a_name_with_no_verb_is_a_programme(text: str, name: str) -> None:
    assert programmes(text) == [name]


NOT_STANDALONE = [
    "“职工书屋”是工会的工作品牌，深受职工欢迎。",  # a predicate, not a programme word
    "“工会加强年”工作在全省交流会上作典型发言。",
    "全县春送岗位“促就业”、常态帮扶“助解困”等活动惠及职工300人。",  # a list ends there
    "县总工会荣获“安康杯”竞赛活动优胜单位称号。",  # an honor's title
    "县工会联合会成立暨第一次会员大会召开。",  # held nowhere: the subject's own news
    "大会在县城召开。",  # too short to name anything
    "县总工会建立的帮扶机制不断完善。",  # the subject holds a verb
    "各项制度已基本建立。",
]


@pytest.mark.parametrize("text", NOT_STANDALONE)
def test_no_name_with_no_verb(text: str) -> None:
    assert programmes(text) == []


def test_done_and_named_before_planned_or_generic() -> None:
    text = (
        "各地将建立职工困难帮扶机制。\n开展丰富多彩的职工书画活动。\n县总工会建立劳动争议调解机制。"
    )
    assert [i.name for _, i in extract_programmes(text, [], limit=1)] == ["建立劳动争议调解机制"]


# ------------------------------------------------------------------ duplicates and points


def test_the_same_quoted_name_counts_once() -> None:
    text = "开展“书香三八”读书活动。\n全县再次举办“书香三八”读书分享活动，参与职工300人。"
    assert programmes(text) == ["开展“书香三八”读书活动"]


def test_a_programme_in_a_points_description_is_no_new_initiative() -> None:
    text = "一是强化阵地建设。开展“职工书屋”提升行动，新建书屋5家。"
    assert names(text) == ["强化阵地建设"]


def test_a_programme_in_a_points_name_is_no_new_initiative() -> None:
    text = "（一）开展“书香三八”读书活动\n全年举办读书分享会20场，参与职工1500人次。"
    assert names(text) == ["开展“书香三八”读书活动"]


def test_programmes_come_after_the_points() -> None:
    text = "一是强化思想引领。组织宣讲30场。\n全年开展“劳动最美”摄影比赛，收到作品300幅。"
    assert names(text) == ["强化思想引领", "开展“劳动最美”摄影比赛"]


# ------------------------------------------------------------------ cap and ranking

CLUBS = ("书法", "摄影", "篮球", "围棋", "合唱", "舞蹈", "登山", "读书", "象棋", "太极")


def test_programmes_are_capped() -> None:
    lines = (f"全年组建职工{c}协会服务队，吸纳会员{k + 20}人。" for k, c in enumerate(CLUBS))
    text = "\n".join(lines)
    assert len(programmes(text)) == PROGRAMME_LIMIT


def test_many_points_leave_less_room_for_programmes() -> None:
    points = "".join(f"{n}是做好第{n}项工作。" for n in "一二三四五六七八九十")
    text = points + "\n" + "\n".join(f"开展“{c}之春”活动，参与职工300人。" for c in CLUBS[:3])
    found = extract_initiatives(text)
    assert len(found) == INITIATIVE_LIMIT
    assert [i.name for _, i in found][-2:] == ["开展“书法之春”活动", "开展“摄影之春”活动"]


def test_quoted_names_rank_first_and_paragraphs_take_turns() -> None:
    text = (
        "县总工会建立职工困难帮扶机制。全年开展“金牌工匠”评选活动。开展“巾帼建功”竞赛活动。\n"
        "区总工会开展“劳动最美”摄影比赛。"
    )
    assert [i.name for _, i in extract_programmes(text, [], limit=2)] == [
        "开展“金牌工匠”评选活动",
        "开展“劳动最美”摄影比赛",
    ]


def test_a_long_sentence_is_described_from_the_programmes_clause() -> None:
    text = "全县各级工会" + "紧紧围绕中心工作，" * 14 + "开展“书香三八”读书活动，参与职工2000人。"
    [(_, item)] = extract_programmes(text, [])
    assert item.description.startswith("开展“书香三八”读书活动")
    assert len(item.description) <= DESCRIPTION_LIMIT and item.description in text


# ------------------------------------------------------------------ page furniture


FURNITURE = [
    "长沙",  # a place
    "工会动态",  # a channel
    "湘江网岳麓站",
    "尊敬的各位代表：",  # salutations
    "各位代表，同志们：",
    "受大会委托，现将一年来的工作报告如下。",  # the report's opening formula
    "（编辑：王五）",  # a credit
    "王小明",  # a byline
    "新闻网?bào",  # mojibake
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_shaped_like_a_heading_is_no_initiative(line: str) -> None:
    assert names(f"{line}\n{BODY}") == []


def test_a_title_before_its_subtitle_is_no_initiative() -> None:
    text = f"奋力谱写工会工作新篇章\n——在县总工会全委会议上的讲话\n{BODY}"
    assert names(text) == []


@pytest.mark.parametrize("line", ["素质提升", "安全生产", "城东驿站", "金秋助学", "建会入会"])
def test_short_headings_of_union_work_are_kept(line: str) -> None:
    assert names(f"{line}\n{BODY}") == [line]


def test_a_list_marker_with_a_colon_is_stripped() -> None:
    assert names(f"四：城东环卫驿站：\n{BODY}") == ["城东环卫驿站"]


POINTS = [
    (  # a dash bullet and its paragraph
        "——帮扶体系进一步健全。县困难职工帮扶中心转型为职工服务中心，服务职工3000人次。",
        ["帮扶体系进一步健全"],
    ),
    (  # hyphens where the scrape lost the bullet
        "----以活动为载体，提升职工的积极性。通过开展猜灯谜、演讲比赛等活动，凝聚人心。",
        ["以活动为载体，提升职工的积极性"],
    ),
    (  # one verb of direction opening a run of items
        "一年来，全市工会聚焦思想引领、聚焦建功立业、聚焦服务发展，各项工作成绩显著。",
        ["聚焦思想引领", "聚焦建功立业", "聚焦服务发展"],
    ),
    (  # a topic opening a sentence
        "在民主管理方面，县总工会推行厂务公开。技术创新领域，依托劳模工作室开展攻关。",
        ["民主管理", "技术创新"],
    ),
    (  # headline phrases run together
        "2025年，要落实上级部署；资源整合，实现优势互补；数智赋能，完善网上服务平台。",
        ["资源整合，实现优势互补", "数智赋能，完善网上服务平台"],
    ),
    (  # a headline phrase opening with an action word
        "深化宣传引导，营造良好氛围。宣传工作坚持线上线下双向发力。",
        ["深化宣传引导，营造良好氛围"],
    ),
    (  # a point's name is no funding clause
        "全年兑现好事5件。一是投资300万元，新建职工驿站15个，服务户外劳动者。",
        ["新建职工驿站15个，服务户外劳动者"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), POINTS)
def test_points_of_other_shapes(text: str, expected: list[str]) -> None:
    assert names(text) == expected


NOT_POINTS = [
    "另一方面，县总工会走访企业20家。",  # 另一 is no topic
    "全年走访企业20家；同时，调解纠纷12起；此外，受理投诉5件。",  # connectives, no run
    "全年走访企业20家；资源整合，实现优势互补。",  # one item is no run
    "县总工会高度重视，专题研究部署。全年走访企业20家。",  # no action word opens it
    "今年以来，全县工会扎实推进。全年走访企业20家。",  # a time, not a headline
]


@pytest.mark.parametrize("text", NOT_POINTS)
def test_no_point_of_those_shapes(text: str) -> None:
    assert names(text) == []


def test_a_list_of_names_under_a_heading_line_is_no_list_of_points() -> None:
    """Bare lines before bare lines (awardees, one per line) head no paragraphs."""
    text = (
        "其中我省获得全国五一劳动奖状的集体有7家，名单如下：\n全国五一劳动奖状\n"
        "某市师范大学附属中学\n某省工业设备安装有限公司\n某市中级人民法院\n"
        "国家税务总局某市税务局\n某某制药股份有限公司\n"
    )
    assert names(text) == []


def test_a_dash_line_alone_is_a_subtitle() -> None:
    assert names(f"——帮扶体系进一步健全\n{BODY}") == []


def test_a_section_heading_run_into_its_paragraph_is_a_point() -> None:
    text = "县总工会全年工作成效明显。一、强化思想引领，筑牢思想根基；组织宣讲30场。"
    assert names(text) == ["强化思想引领，筑牢思想根基"]


# ------------------------------------------------------------------ grounding


def test_every_initiative_is_quoted_verbatim() -> None:
    text = "\n".join(t for t, _ in PROGRAMMES) + "\n" + "\n".join(NOT_PROGRAMMES)
    report = extract_report(text)
    assert report.initiatives
    for item in report.initiatives:
        assert item.name in text and item.description in text
    assert check_report(report, text).flags == []


# ------------------------------------------------------------------ lists in prose


def test_a_run_of_slogans_after_verbs_is_a_run_of_points() -> None:
    text = (
        "县总工会通过扩大“一个面”，全面摸排困难职工家庭；抓住“一个点”，重点走访帮扶过的职工；"
        "连成“一条线”，县乡村三级工会联动帮扶。"
    )
    assert names(text) == [
        "扩大“一个面”，全面摸排困难职工家庭",
        "抓住“一个点”，重点走访帮扶过的职工",
        "连成“一条线”，县乡村三级工会联动帮扶",
    ]


MEASURE_LIST = (
    "一年来，县总工会出资60万元，为晋升技师的会员120人发放奖励；设立创业资金，资助示范性劳模"
    "创新工作室5个；筹集资金100万元为200家企业配备职工体育器材；为1.2万人次开展心理服务。"
)


def test_with_no_enumeration_a_semicolon_list_of_measures_gives_the_points() -> None:
    assert names(MEASURE_LIST) == [
        "为晋升技师的会员120人发放奖励",
        "设立创业资金，资助示范性劳模创新工作室5个",
        "筹集资金100万元为200家企业配备职工体育器材",
        "为1.2万人次开展心理服务",
    ]


def test_a_semicolon_list_of_honors_is_no_list_of_measures() -> None:
    text = (
        "甲公司工会、乙公司工会被评为“全国模范职工之家”；丙车间工会、丁班组工会被评为"
        "“全国模范职工小家”；张某某、李某某被评为“全国优秀工会工作者”。"
    )
    assert names(text) == []


def test_an_enumerated_report_keeps_its_points_not_its_measure_lists() -> None:
    points = "一是强化思想引领，组织宣讲30场。二是深化维权服务，调解纠纷12起。三是推进建会入会。"
    assert names(points + "\n" + MEASURE_LIST) == [
        "强化思想引领，组织宣讲30场",
        "深化维权服务，调解纠纷12起",
        "推进建会入会",
    ]


def test_a_section_heading_holding_points_is_no_point() -> None:
    """一、 holds （一）…; a heading line before the next heading has no body of its own."""
    text = (
        "一、过去五年的工作回顾\n五年来，各项工作取得显著成效。\n"
        "（一）坚持思想引领，筑牢思想基础。组建宣讲团12支，开展宣讲120场。\n"
        "（二）坚持维权服务，增强职工获得感。帮扶困难职工1.2万人次。\n"
        "二、今后五年的主要任务\n（一）突出政治引领，筑牢思想根基。\n（二）突出建功立业，激发创新活力。\n"
    )
    found = [(i.name, i.description) for _, i in extract_initiatives(text)]
    assert found == [
        ("坚持思想引领，筑牢思想基础", "组建宣讲团12支，开展宣讲120场。"),
        ("坚持维权服务，增强职工获得感", "帮扶困难职工1.2万人次。"),
        ("突出政治引领，筑牢思想根基", "突出政治引领，筑牢思想根基。"),
        ("突出建功立业，激发创新活力", "突出建功立业，激发创新活力。"),
    ]


def test_a_news_report_with_no_enumeration_gives_the_measures_it_reports() -> None:
    text = (
        "记者从市总工会获悉，今年以来市总工会加强了服务职工的阵地建设，已投入2000多万元。"
        "另外，市总工会还借助社会资源，建立爱心帮扶网络，目前已建爱心超市153家。\n"
        "副市长某某出席会议并讲话。"
    )
    assert names(text) == ["加强了服务职工的阵地建设", "建立爱心帮扶网络"]


def test_a_measure_is_named_after_its_purpose_clause_and_leaflets_are_a_measure() -> None:
    text = (
        "据了解，为使入会行动有序进行，市总工会成立了入会行动领导小组；两级工会投入资金30万元；"
        "通过编纂印制“农民工入会”宣传小册子等手段，提高农民工对工会的认识。"
    )
    assert names(text) == [
        "市总工会成立了入会行动领导小组",
        "两级工会投入资金30万元",
        "通过编纂印制“农民工入会”宣传小册子等手段",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "全县工会建成职工之家、职工书屋、职工健身房等阵地。",  # a run of nouns, no verb
        "工会干部深入企业、深入车间、深入项目工地全方位开展走访。",  # the last item runs on
        "聚焦思想引领、聚焦建功立业。",  # two items are no run
    ],
)
def test_no_verb_run(text: str) -> None:
    from summarizer.extract.rules_initiatives import _verb_run_points
    from summarizer.extract.rules_text import Span

    assert list(_verb_run_points(text, text, Span(0, len(text)))) == []


def test_what_a_meeting_stressed_is_no_measure_and_a_statement_is_no_item() -> None:
    from summarizer.extract.rules_initiatives import _is_measure_item, _measure_name

    assert _measure_name("会议强调，市总工会成立了专班；") == "市总工会成立了专班"
    assert not _is_measure_item("会议强调，2023年是换届之年，要系统谋划好各项工作；")
    assert _is_measure_item("会议强调，市总工会成立了专班，开展走访；")


def test_a_verb_of_work_in_a_meeting_name_is_no_measure() -> None:
    from summarizer.extract.rules_initiatives import _action_points

    meeting = "全国工会创先争优暨推进工会组建工作视频会议31日在北京召开。"
    assert [p.name for p in _action_points(meeting, meeting, [])] == []
    team = "县总工会组建工作专班，走访调研企业二十余家。"
    assert next(p.name for p in _action_points(team, team, [])) == "组建工作专班"


def test_a_meetings_business_is_no_initiative() -> None:
    """Reviewing the reports is what a congress does, not a measure of the union's work
    (two blind gold sets listed it as extra)."""
    text = (
        "大会传达了上级会议精神，审议了大会工作报告、经审工作报告。"
        "会议听取并审议通过了区总工会常委会工作报告。会议审议通过了县总工会第五届委员会工作报告。"
        "会议要求，全县各级工会要深化产业工人队伍建设改革，扎实开展劳动竞赛。"
    )
    names = [i.name for i in extract_report(text).initiatives]
    assert "开展劳动竞赛" in names
    assert not [n for n in names if "审议" in n or "听取" in n]
