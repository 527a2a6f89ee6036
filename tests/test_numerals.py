"""Tests for summarizer.numerals: finding, normalizing and classifying numbers."""

from __future__ import annotations

import dataclasses
import itertools
import re
import time
from decimal import Decimal
from pathlib import Path

import pytest

from summarizer.numerals import (
    KINDS,
    NumberMention,
    find_numbers,
    find_statistics,
    normalize_unit,
    parse_quantity,
    same_value,
)

DATA = Path(__file__).parent / "data"
D = Decimal


def mention_with_text(source: str, text: str) -> NumberMention:
    """The mention of ``source`` whose span text is ``text``."""
    found = [m for m in find_numbers(source) if m.text == text]
    names = [m.text for m in find_numbers(source)]
    if len(found) != 1:
        pytest.fail(f"expected one mention {text!r} in {source!r}, got {names}")
    return found[0]


def overlapping(mentions: list[NumberMention], start: int, end: int) -> list[NumberMention]:
    return [m for m in mentions if m.start < end and start < m.end]


# --------------------------------------------------------------------------- table

# (source, span text, value, unit, qualifier, kind, high)
FIND_CASES: list[tuple[str, str, str, str, str | None, str, str | None]] = [
    # Arabic numerals, separators, decimals
    ("新增会员504人", "504人", "504", "人", None, "statistic", None),
    ("累计发放帮扶资金279.136万元", "279.136万元", "2791360", "元", None, "statistic", None),
    ("安排3.59万元开展走访慰问", "3.59万元", "35900", "元", None, "statistic", None),
    ("共计1,160家企业", "1,160家", "1160", "家", None, "statistic", None),
    ("共计１，１６０家企业", "１，１６０家", "1160", "家", None, "statistic", None),
    ("参加职工18,566人", "18,566人", "18566", "人", None, "statistic", None),
    ("资金12,345.5元", "12,345.5元", "12345.5", "元", None, "statistic", None),
    ("其中12，3家达标", "12", "12", "", None, "statistic", None),
    ("其中12，3家达标", "3家", "3", "家", None, "statistic", None),
    ("建会率达１００％", "１００％", "100", "%", None, "statistic", None),
    # multipliers
    ("投入5000万元经费", "5000万元", "50000000", "元", None, "statistic", None),
    ("共安排2.3亿元专项经费", "2.3亿元", "230000000", "元", None, "statistic", None),
    ("涉及金额6.44亿元", "6.44亿元", "644000000", "元", None, "statistic", None),
    ("吸纳67.7万人", "67.7万人", "677000", "人", None, "statistic", None),
    ("化解劳动纠纷1.15万起", "1.15万起", "11500", "起", None, "statistic", None),
    ("带动3千人就业", "3千人", "3000", "人", None, "statistic", None),
    ("营收1.2万亿元", "1.2万亿元", "1200000000000", "元", None, "statistic", None),
    ("合同额3千万元", "3千万元", "30000000", "元", None, "statistic", None),
    ("覆盖5百万职工", "5百万", "5000000", "", None, "statistic", None),
    ("阅读量达3.8万次", "3.8万次", "38000", "次", None, "statistic", None),
    # qualifiers after the number or the multiplier
    ("追讨工资1160余万元", "1160余万元", "11600000", "元", "余", "statistic", None),
    ("覆盖职工1.2万余人次", "1.2万余人次", "12000", "人次", "余", "statistic", None),
    ("开展宣讲480余场", "480余场", "480", "场", "余", "statistic", None),
    ("涵盖2000多名党员", "2000多名", "2000", "人", "多", "statistic", None),
    ("投资3280万余元", "3280万余元", "32800000", "元", "余", "statistic", None),
    ("购买农副产品800多万元", "800多万元", "8000000", "元", "多", "statistic", None),
    ("建制率达90%以上", "90%以上", "90", "%", "以上", "statistic", None),
    ("签订率保持在85%以上", "85%以上", "85", "%", "以上", "statistic", None),
    ("入会率50%左右", "50%左右", "50", "%", "左右", "statistic", None),
    ("奖补站点1000家以上", "1000家以上", "1000", "家", "以上", "statistic", None),
    ("规模100人以下", "100人以下", "100", "人", "以下", "statistic", None),
    ("惠及职工1000 余人", "1000 余人", "1000", "人", "余", "statistic", None),
    ("举办讲座12场次", "12场次", "12", "场次", None, "statistic", None),
    ("举办讲座12 场次", "12 场次", "12", "场次", None, "statistic", None),
    # qualifiers before the number
    ("覆盖近10万名职工", "近10万名", "100000", "人", "近", "statistic", None),
    ("带动练兵约164万人", "约164万人", "1640000", "人", "约", "statistic", None),
    ("驿站超4200家", "超4200家", "4200", "家", "超", "statistic", None),
    ("驿站已逾4200家", "逾4200家", "4200", "家", "逾", "statistic", None),
    ("参赛超过500人", "超过500人", "500", "人", "超", "statistic", None),
    ("一年不到100人", "不到100人", "100", "人", "不到", "statistic", None),
    ("接近2200多场比赛", "接近2200多场", "2200", "场", "近", "statistic", None),
    ("历经近10年的发展", "近10年", "10", "年", "近", "statistic", None),
    ("大约3万元", "大约3万元", "30000", "元", "约", "statistic", None),
    # words ending in 约/近 are no qualifier
    ("节约3万元", "3万元", "30000", "元", None, "statistic", None),
    ("签约5家企业", "5家", "5", "家", None, "statistic", None),
    ("最近3年", "3年", "3", "年", None, "statistic", None),
    # ranges
    ("平均年龄降低了1~2岁", "1~2岁", "1", "岁", None, "statistic", "2"),
    ("每年3-5家", "3-5家", "3", "家", None, "statistic", "5"),
    ("工期1至2年", "1至2年", "1", "年", None, "statistic", "2"),
    ("每组10—20人", "10—20人", "10", "人", None, "statistic", "20"),
    ("补助3至5万元", "3至5万元", "30000", "元", None, "statistic", "50000"),
    ("增幅10%-20%", "10%-20%", "10", "%", None, "statistic", "20"),
    ("三至五家企业", "三至五家", "3", "家", None, "statistic", "5"),
    # percentages and 成
    ("百分之八十五的职工", "百分之八十五", "85", "%", None, "statistic", None),
    ("百分之90以上", "百分之90以上", "90", "%", "以上", "statistic", None),
    ("有五成由县级工会承办", "五成", "50", "%", None, "statistic", None),
    ("八成以上企业在县级", "八成以上", "80", "%", "以上", "statistic", None),
    ("提高0.5个百分点", "0.5个百分点", "0.5", "个百分点", None, "statistic", None),
    ("增长3倍", "3倍", "3", "倍", None, "statistic", None),
    # Chinese numerals
    ("一百二十三名职工", "一百二十三名", "123", "人", None, "statistic", None),
    ("两千名职工", "两千名", "2000", "人", None, "statistic", None),
    ("全县十五个乡镇", "十五个", "15", "个", None, "statistic", None),
    ("再造三十万工匠", "三十万", "300000", "", None, "statistic", None),
    ("举办入会行动百余场", "百余场", "100", "场", "余", "statistic", None),
    ("慰问千余人", "千余人", "1000", "人", "余", "statistic", None),
    # shares written as fractions
    ("占全县企业的三分之一", "三分之一", "33.33", "%", None, "statistic", None),
    ("覆盖1/4的职工", "1/4", "25", "%", None, "statistic", None),
    ("提供24/7服务", "24/7", "24", "", None, "other", None),
    # bounds written before the number, and a doubling
    (
        "其中新就业形态劳动者会员不少于5000人",
        "不少于5000人",
        "5000",
        "人",
        "不少于",
        "statistic",
        None,
    ),
    ("至少3家企业", "至少3家", "3", "家", "至少", "statistic", None),
    ("职工书屋数量增长一倍", "一倍", "1", "倍", None, "statistic", None),
    # a bare 百/千/万 after a qualifier, with a counter word
    ("新就业形态劳动者入会近千人", "近千人", "1000", "人", "近", "statistic", None),
    ("上万名职工参加竞赛", "上万名", "10000", "人", "超", "statistic", None),
    ("覆盖近百家企业", "近百家", "100", "家", "近", "statistic", None),
    ("服务逾万人次", "逾万人次", "10000", "人次", "逾", "statistic", None),
    ("开展上百场活动", "上百场", "100", "场", "超", "statistic", None),
    ("每批不超过5人", "不超过5人", "5", "人", "不到", "statistic", None),
    ("服务万余名职工", "万余名", "10000", "人", "余", "statistic", None),
    ("三万五千人参加", "三万五千人", "35000", "人", None, "statistic", None),
    ("三千余万元", "三千余万元", "30000000", "元", "余", "statistic", None),
    ("一百多名代表", "一百多名", "100", "人", "多", "statistic", None),
    ("五年来，工会", "五年", "5", "年", None, "statistic", None),
    ("先后两次发出倡议", "两次", "2", "次", None, "statistic", None),
    ("近两年来", "近两年", "2", "年", "近", "statistic", None),
    ("两百余家企业", "两百余家", "200", "家", "余", "statistic", None),
    # mixed
    ("覆盖1.2万余人", "1.2万余人", "12000", "人", "余", "statistic", None),
    # units that merge and units that do not
    ("1200名会员", "1200名", "1200", "人", None, "statistic", None),
    ("4位劳模", "4位", "4", "人", None, "statistic", None),
    ("走访2960户次", "2960户次", "2960", "户次", None, "statistic", None),
    ("新增建筑面积67370平方米", "67370平方米", "67370", "平方米", None, "statistic", None),
    ("新建24小时驿站", "24小时", "24", "小时", None, "statistic", None),
    ("托管3个月", "3个月", "3", "个月", None, "statistic", None),
    ("装机5000千瓦", "5000千瓦", "5000", "千瓦", None, "statistic", None),
    ("其中832平台采购", "832", "832", "", None, "statistic", None),
    ("发放3000份早餐", "3000份", "3000", "份", None, "statistic", None),
    # dates and times
    ("发布时间:2024年09月15日 12:24", "2024年09月15日", "2024", "", None, "date", None),
    ("发布时间:2024年09月15日 12:24", "12:24", "12", "", None, "time", None),
    ("2023-06-07 16:51:37 来源", "2023-06-07", "2023", "", None, "date", None),
    ("2023-06-07 16:51:37 来源", "16:51:37", "16", "", None, "time", None),
    ("2025/01/17 11:05", "2025/01/17", "2025", "", None, "date", None),
    ("新闻9月15日电", "9月15日", "9", "", None, "date", None),
    ("7月1日晚，演出", "7月1日", "7", "", None, "date", None),
    ("今年5月以来", "5月", "5", "", None, "date", None),
    ("2020年疫情防控期间", "2020年", "2020", "年", None, "year", None),
    ("2022年度", "2022年度", "2022", "年", None, "year", None),
    ("2019-2023年", "2019-2023年", "2019", "年", None, "year", "2023"),
    ("二〇二四年", "二〇二四年", "2024", "年", None, "year", None),
    ("九月十五日", "九月十五日", "9", "", None, "date", None),
    ("2024年1-6月", "1-6", "1", "", None, "date", "6"),
    ("上午10时30分", "10时30分", "10", "", None, "time", None),
    # ordinals, congresses, plans, list markers
    ("延津县第一届职工羽毛球比赛", "第一届", "1", "届", None, "ordinal", None),
    ("第1个", "第1个", "1", "个", None, "ordinal", None),
    ("第三方评估", "第三", "3", "", None, "other", None),
    ("第一时间召开", "第一", "1", "", None, "other", None),
    ("党的二十届三中全会精神", "二十届三中全会", "20", "", None, "congress", None),
    ("二十届二中、三中全会", "二十届", "20", "", None, "congress", None),
    ("十九届四次全会", "十九届四次全会", "19", "", None, "congress", None),
    ("党的二十大精神", "二十大", "20", "", None, "congress", None),
    ("中国工会十七大", "十七大", "17", "", None, "congress", None),
    ("省总工会十三届全委会议", "十三届", "13", "", None, "congress", None),
    ("市总工会五届历次全委", "五届", "5", "", None, "congress", None),
    ("十三五期间", "十三五", "13", "", None, "ordinal", None),
    ("“十四五”规划", "十四五", "14", "", None, "ordinal", None),
    ("建党102周年", "102周年", "102", "周年", None, "ordinal", None),
    ("1. 总体情况", "1", "1", "", None, "ordinal", None),
    ("（2）加强阵地建设", "2", "2", "", None, "ordinal", None),
    ("工作。3、加强", "3", "3", "", None, "ordinal", None),
    ("章节\n15\n正文", "15", "15", "", None, "ordinal", None),
    # slogans
    ("实施“五个一批”工程", "五个", "5", "个", None, "slogan", None),
    ("“三位一体”服务体系", "三位", "3", "人", None, "slogan", None),
    ("出台“1+X”文件", "1+X", "1", "", None, "slogan", None),
    ("构建1+2+N体系", "1+2+N", "1", "", None, "slogan", None),
    ("助力‘1269’行动", "1269", "1269", "", None, "slogan", None),
    ("打造“15分钟服务圈”", "15分钟", "15", "分钟", None, "slogan", None),
    ("“三方四家”机制", "四家", "4", "家", None, "slogan", None),
    # phones and codes
    ("京ICP备05004340号-1", "05004340号-1", "5004340", "", None, "code", None),
    ("京ICP证040655号", "040655号", "40655", "", None, "code", None),
    ("京公网安备:110102003042", "110102003042", "110102003042", "", None, "code", None),
    ("许可证(0106168)", "0106168", "106168", "", None, "code", None),
    ("湘工发〔2024〕3号", "〔2024〕3号", "2024", "", None, "code", None),
    ("新闻报料:2729868", "2729868", "2729868", "", None, "phone", None),
    ("联系电话：0728-1234567", "0728-1234567", "728", "", None, "phone", None),
    ("0728-1234567", "0728-1234567", "728", "", None, "phone", None),
    ("手机13812345678", "13812345678", "13812345678", "", None, "phone", None),
    ("拨打12351热线", "12351", "12351", "", None, "phone", None),
    ("编码12345678", "12345678", "12345678", "", None, "code", None),
    # page furniture and names
    ("阅读:3.8万", "3.8万", "38000", "", None, "other", None),
    ("《关于下达30万元补助的通知》", "30万元", "300000", "元", None, "other", None),
    ("5G网络", "5", "5", "", None, "other", None),
    ("90后职工", "90", "90", "", None, "other", None),
    ("三元区总工会看望慰问", "三元", "3", "元", None, "other", None),
    ("三台县总工会", "三台", "3", "台", None, "other", None),
    ("慰问金三元", "三元", "3", "元", None, "statistic", None),
    ("捐赠两台电脑", "两台", "2", "台", None, "statistic", None),
    # labels, dates cut short, figures of speech
    ("（见表1）", "1", "1", "", None, "ordinal", None),
    ("表2 2024年活动情况", "2", "2", "", None, "ordinal", None),
    ("附件3", "3", "3", "", None, "ordinal", None),
    ("3 |", "3", "3", "", None, "ordinal", None),
    ("截至2", "2", "2", "", None, "date", None),
    ("做好“产、城、人”三篇文章", "三篇", "3", "篇", None, "slogan", None),
    ("发表三篇文章", "三篇", "3", "篇", None, "statistic", None),
    ("占地近100平米", "近100平米", "100", "平方米", "近", "statistic", None),
    ("购置矿泉水24000瓶", "24000瓶", "24000", "瓶", None, "statistic", None),
    ("送去食用油100桶", "100桶", "100", "桶", None, "statistic", None),
    ("本文字数：493", "493", "493", "", None, "other", None),
]


@pytest.mark.parametrize(
    ("source", "text", "value", "unit", "qualifier", "kind", "high"), FIND_CASES
)
def test_find_numbers_table(
    source: str,
    text: str,
    value: str,
    unit: str,
    qualifier: str | None,
    kind: str,
    high: str | None,
) -> None:
    m = mention_with_text(source, text)
    assert source[m.start : m.end] == text
    assert m.value == D(value)
    assert (m.high, m.unit, m.qualifier, m.kind) == (
        None if high is None else D(high),
        unit,
        qualifier,
        kind,
    )
    assert m.is_statistic == (kind == "statistic")


# --------------------------------------------------------------------------- not numbers

# A Chinese numeral that is part of a word, an idiom or an approximate count: no mention.
NO_MENTION = [
    "一些",
    "一起",
    "一直",
    "一样",
    "统一思想",
    "进一步",
    "一流",
    "一手情况",
    "一目了然",
    "万家灯火",
    "千方百计",
    "成百上千名职工",
    "每人以上万元为限",
    "马上万众一心",
    "百花齐放",
    "千家万户",
    "亿万职工",
    "十分重视",
    "三中全会",
    "一个剪影",
    "一批企业",
    "一年来",
    "一系列",
    "一站式",
    "一线职工",
    "一体化",
    "一是强化",
    "（一）",
    "数十家",
    "十几个",
    "几十名",
    "数百名",
    "两三个",
    "“六强”",
    "“四送”",
    "“四进”",
    "“八大群体”",
    "两学一做",
    "三师一室",
    "三赛两创",
    "“六有”",
    "双十星",
    "十星级",
    "“十百千万”",
    "五一劳动奖章",
    "百年",
    "二次供水",
]


@pytest.mark.parametrize("text", NO_MENTION)
def test_words_with_numerals_are_no_mentions(text: str) -> None:
    assert find_numbers(text) == []


# (source, fragment): no statistic may overlap the fragment
NOT_STATISTICS = [
    ("深入学习党的二十届三中全会精神", "二十届三中全会"),
    ("十三五期间，全县", "十三五"),
    ("“十四五”时期", "十四五"),
    ("2024年共推荐4人", "2024年"),
    ("新闻9月15日电", "9月15日"),
    ("京ICP备05004340号-1", "05004340号-1"),
    ("实施“五个一批”工程", "五个一批"),
    ("瞄准“六强”目标", "六强"),
    ("出台“1+X”文件", "1+X"),
    ("构建“1+2+N”体系", "1+2+N"),
    ("学习贯彻党的十九大精神", "十九大"),
    ("二十大和二十届二中、三中全会", "二十届二中"),
    ("延津县第一届职工比赛", "第一届"),
    ("通过第三方评估验收", "第三方"),
    ("帮扶、维权、服务“三位一体”体系", "三位一体"),
    ("2020-11-11 08:56:44", "08:56:44"),
    ("时间:2020-11-11", "2020-11-11"),
    ("新闻报料:2729868", "2729868"),
    ("公网安备:110102003042", "110102003042"),
    ("许可证(0106168)", "0106168"),
    ("今年5月以来", "5月"),
    ("7月1日晚", "7月1日"),
    ("1\n\n聚焦思想引领", "1"),
    ("阅读:3.8万", "3.8万"),
    ("“十五分钟工会服务圈”", "十五分钟"),
    ("江西“三方四家”协商机制", "三方四家"),
    ("十九届四次全会", "四次"),
    ("建党102周年来", "102周年"),
    # a list marker in a text that lost its line breaks
    ("内在活力不断增强1、突破工会组建重点", "1"),
]


@pytest.mark.parametrize(("source", "fragment"), NOT_STATISTICS)
def test_never_statistics(source: str, fragment: str) -> None:
    start = source.index(fragment)
    hits = overlapping(find_statistics(source), start, start + len(fragment))
    assert hits == []


# --------------------------------------------------------------------------- invariants


def test_mentions_are_ordered_non_overlapping_and_verbatim() -> None:
    text = "截至2022年末，新增9112家、79.8万人；“五个一批”；1~2岁；京ICP备05004340号-1"
    found = find_numbers(text)
    assert [m.text for m in found] == [
        "2022年",
        "9112家",
        "79.8万人",
        "五个",
        "1~2岁",
        "05004340号-1",
    ]
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    assert all(text[m.start : m.end] == m.text and m.kind in KINDS for m in found)


def test_find_statistics_is_the_statistic_subset() -> None:
    text = "2024年9月，十三五以来，发放3.59万元，惠及871人，“六强”"
    assert find_statistics(text) == [m for m in find_numbers(text) if m.is_statistic]
    assert [m.text for m in find_statistics(text)] == ["3.59万元", "871人"]


def test_mention_is_frozen() -> None:
    m = find_numbers("504人")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.value = D(1)  # type: ignore[misc]


def test_traditional_characters_fold_like_simplified() -> None:
    m = mention_with_text("覆蓋1.2萬餘人次", "1.2萬餘人次")
    assert (m.value, m.unit, m.qualifier) == (D(12000), "人次", "余")


def test_empty_and_numberless_text() -> None:
    assert find_numbers("") == []
    assert find_numbers("工会组织建设不断加强") == []


# --------------------------------------------------------------------------- sample reports


PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def load_sample(prefix: str) -> str:
    """A sample report as the pipeline sees it: pinyin notes stripped, then t2s."""
    opencc = pytest.importorskip("opencc")
    (path,) = DATA.glob(f"{prefix}_*.txt")
    text = PINYIN.sub("", path.read_text(encoding="utf-8"))
    return str(opencc.OpenCC("t2s").convert(text))


# (sample, span text, value, unit, qualifier, high)
SAMPLE_STATISTICS: list[tuple[str, str, str, str, str | None, str | None]] = [
    ("000", "504人", "504", "人", None, None),
    ("000", "50%", "50", "%", None, None),
    ("000", "84%", "84", "%", None, None),
    ("000", "3.59万元", "35900", "元", None, None),
    ("000", "26.13万元", "261300", "元", None, None),
    ("000", "871人", "871", "人", None, None),
    ("000", "39万元", "390000", "元", None, None),
    ("000", "200余名", "200", "人", "余", None),
    ("000", "228份", "228", "份", None, None),
    ("001", "2.3亿元", "230000000", "元", None, None),
    ("001", "5000万元", "50000000", "元", None, None),
    ("001", "67370平方米", "67370", "平方米", None, None),
    ("001", "百余场", "100", "场", "余", None),
    ("001", "15万人", "150000", "人", None, None),
    ("001", "90%以上", "90", "%", "以上", None),
    ("001", "4000余人次", "4000", "人次", "余", None),
    ("002", "1.2万余人次", "12000", "人次", "余", None),
    ("002", "12 场次", "12", "场次", None, None),
    ("002", "1000 余人", "1000", "人", "余", None),
    ("002", "1.45万人次", "14500", "人次", None, None),
    ("002", "6.5万元", "65000", "元", None, None),
    ("003", "1160余万元", "11600000", "元", "余", None),
    ("003", "279.136万元", "2791360", "元", None, None),
    ("003", "30986人", "30986", "人", None, None),
    ("003", "93%", "93", "%", None, None),
    ("003", "9700多名", "9700", "人", "多", None),
    ("003", "800多万元", "8000000", "元", "多", None),
    ("004", "67.7万人", "677000", "人", None, None),
    ("004", "1.15万起", "11500", "起", None, None),
    ("004", "6.44亿元", "644000000", "元", None, None),
    ("004", "1~2岁", "1", "岁", None, "2"),
    ("004", "近10万名", "100000", "人", "近", None),
    ("004", "逾4200家", "4200", "家", "逾", None),
    ("004", "约164万人", "1640000", "人", "约", None),
    ("004", "八成以上", "80", "%", "以上", None),
    ("004", "3280万余元", "32800000", "元", "余", None),
]


@pytest.mark.parametrize(
    ("sample", "text", "value", "unit", "qualifier", "high"), SAMPLE_STATISTICS
)
def test_sample_statistics(
    sample: str, text: str, value: str, unit: str, qualifier: str | None, high: str | None
) -> None:
    found = [m for m in find_statistics(load_sample(sample)) if m.text == text]
    assert found, f"{text!r} not found as a statistic in sample {sample}"
    m = found[0]
    assert (m.value, m.unit, m.qualifier, m.high) == (
        D(value),
        unit,
        qualifier,
        None if high is None else D(high),
    )


SAMPLE_NON_STATISTICS = [
    ("000", "二十届三中全会"),
    ("000", "2024年09月15日"),
    ("000", "9月15日"),
    ("000", "五个一批"),
    ("000", "京ICP备05004340号-1"),
    ("000", "12:24"),
    ("001", "六强"),
    ("001", "1+X"),
    ("001", "2022年"),
    ("001", "十五分钟"),
    ("002", "二十届二中"),
    ("002", "3.8万"),
    ("002", "2024年"),
    ("003", "十三五"),
    ("003", "十九大"),
    ("003", "十三届全委"),
    ("003", "三位一体"),
    ("003", "2729868"),
    ("004", "1+2+N"),
    ("004", "1269"),
    ("004", "2023年11月16日"),
    ("004", "102周年"),
]


@pytest.mark.parametrize(("sample", "fragment"), SAMPLE_NON_STATISTICS)
def test_sample_non_statistics(sample: str, fragment: str) -> None:
    text = load_sample(sample)
    stats = find_statistics(text)
    start = text.find(fragment)
    assert start >= 0, f"{fragment!r} missing from sample {sample}"
    while start >= 0:
        assert overlapping(stats, start, start + len(fragment)) == []
        start = text.find(fragment, start + 1)


@pytest.mark.parametrize("path", sorted(DATA.glob("*.txt")), ids=lambda p: p.name[:3])
def test_samples_raw_and_converted_agree(path: Path) -> None:
    """Offsets are verbatim in the raw (traditional) text and match the t2s text's."""
    opencc = pytest.importorskip("opencc")
    raw = path.read_text(encoding="utf-8")
    converted = opencc.OpenCC("t2s").convert(raw)
    raw_found = find_numbers(raw)
    assert all(raw[m.start : m.end] == m.text for m in raw_found)
    if len(converted) == len(raw):
        spans = [(m.start, m.end, m.value, m.kind) for m in find_numbers(converted)]
        assert spans == [(m.start, m.end, m.value, m.kind) for m in raw_found]


def test_performance_on_a_10000_character_report() -> None:
    texts = [load_sample(p.name[:3]) for p in sorted(DATA.glob("*.txt"))]
    report = "\n".join(texts)
    report = (report * (10_000 // len(report) + 1))[:10_000]
    find_numbers(report)  # warm caches and cn2an's import
    best = min(_timed(report) for _ in range(5))
    assert best < 0.020, f"find_numbers took {best * 1000:.1f} ms on 10,000 characters"


def _timed(text: str) -> float:
    start = time.perf_counter()
    find_numbers(text)
    return time.perf_counter() - start


# --------------------------------------------------------------------------- parse_quantity

# (text, value, unit, qualifier, high, kind)
PARSE_CASES: list[tuple[str, str, str, str | None, str | None, str]] = [
    ("3.59万元", "35900", "元", None, None, "statistic"),
    ("35900元", "35900", "元", None, None, "statistic"),
    ("百余场", "100", "场", "余", None, "statistic"),
    ("90%以上", "90", "%", "以上", None, "statistic"),
    ("1,160余万元", "11600000", "元", "余", None, "statistic"),
    ("1.2万余人次", "12000", "人次", "余", None, "statistic"),
    ("五成", "50", "%", None, None, "statistic"),
    ("一百二十三", "123", "", None, None, "statistic"),
    ("两千", "2000", "", None, None, "statistic"),
    ("三十余万", "300000", "", "余", None, "statistic"),
    ("1~2岁", "1", "岁", None, "2", "statistic"),
    (" 504人 ", "504", "人", None, None, "statistic"),
    ("共计3.59万元", "35900", "元", None, None, "statistic"),
    ("近10万名", "100000", "人", "近", None, "statistic"),
    ("2024年", "2024", "年", None, None, "year"),
    ("一", "1", "", None, None, "statistic"),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier", "high", "kind"), PARSE_CASES)
def test_parse_quantity(
    text: str, value: str, unit: str, qualifier: str | None, high: str | None, kind: str
) -> None:
    m = parse_quantity(text)
    assert m is not None
    assert (m.value, m.unit, m.qualifier, m.high, m.kind) == (
        D(value),
        unit,
        qualifier,
        None if high is None else D(high),
        kind,
    )
    assert text[m.start : m.end] == m.text


@pytest.mark.parametrize("text", ["", "职工", "2023年发放3.59万元", "累计为困难职工发放3.59万元"])
def test_parse_quantity_rejects(text: str) -> None:
    assert parse_quantity(text) is None


# --------------------------------------------------------------------------- same_value, units

SAME = [
    ("3.59万元", "35900元", True),
    ("1.2万余人次", "12000人次", True),
    ("35900人", "3.59万元", False),
    ("50%", "五成", True),
    ("200余名", "200人", True),
    ("4位", "4人", True),
    ("5个", "5家", False),
    ("5个", "5", True),
    ("1~2岁", "1岁", False),
    ("1~2岁", "1-2岁", True),
    ("2.3亿元", "23000万元", True),
    ("百余场", "100场", True),
    ("12场", "12场次", False),
]


@pytest.mark.parametrize(("a", "b", "expected"), SAME)
def test_same_value(a: str, b: str, expected: bool) -> None:
    ma, mb = parse_quantity(a), parse_quantity(b)
    assert ma is not None and mb is not None
    assert same_value(ma, mb) is expected
    assert same_value(mb, ma) is expected


UNITS = [
    ("万元", "元"),
    ("亿元", "元"),
    ("元", "元"),
    ("名", "人"),
    ("位", "人"),
    ("人次", "人次"),
    ("万人次", "人次"),
    ("％", "%"),
    ("%", "%"),
    ("个百分点", "个百分点"),
    ("百分点", "个百分点"),
    ("千米", "千米"),
    ("成", "%"),
    ("家", "家"),
    ("", ""),
    ("盏", "盏"),
]


@pytest.mark.parametrize(("unit", "expected"), UNITS)
def test_normalize_unit(unit: str, expected: str) -> None:
    assert normalize_unit(unit) == expected


def test_digit_runs_longer_than_the_decimal_context_do_not_crash() -> None:
    mentions = find_numbers("编号" + "1" * 30 + "号，共" + "9" * 40 + "人")
    assert [m.kind for m in mentions] == ["code", "statistic"]
    assert mentions[1].value > 10**39
