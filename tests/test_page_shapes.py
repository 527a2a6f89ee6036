"""Page layouts the five samples do not show, each written here from scratch.

Held-out scrapes (news portals, forums, government sites, document dumps) put
other furniture around a report: ``>>`` trails, link lists joined by bars,
boxed page controls, stamped lines with a view counter, datelines with 讯,
site names above and under the headline, footers spelt out with spaces. Each
case below is a made-up page in one of those shapes; none copies a real page.
"""

from __future__ import annotations

import pytest

from summarizer.clean import clean_text
from summarizer.extract.rules import extract_report
from summarizer.models import Verification
from summarizer.numerals import find_numbers, is_reportable
from summarizer.verify import SourceIndex, add_coverage

BODY = "今年以来，全县各级工会新增会员860人，建成职工书屋12家，发放慰问金45.6万元。"
BODY2 = BODY.replace("860", "861")


def page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        # site name and a >> trail above the headline, date line under it
        (
            page(
                "某某新闻网",
                "某某新闻网 >> 新闻频道 >> 本地",
                "县总工会扎实推进建会入会工作",
                "2024-03-05 09:12:40 来源：某某日报",
                BODY,
            ),
            "县总工会扎实推进建会入会工作",
        ),
        # "返回首页" and a channel name come first; the headline is the line above the date
        (
            page("返回首页", "工会动态", "县总工会扎实推进建会入会工作", "2024-03-05", BODY),
            "县总工会扎实推进建会入会工作",
        ),
        # an outlet's name under the headline is no headline
        (
            page("县总工会扎实推进建会入会工作", "某网某县站", "03-05 09:33", BODY),
            "县总工会扎实推进建会入会工作",
        ),
        # an HTML title with the site trail, repeated as the page's own headline
        (
            page(
                "县总工会扎实推进建会入会工作 - 工作动态 - 工会新闻 - 某县工会",
                "县总工会扎实推进建会入会工作",
                "发布日期：2024-03-05",
                BODY,
            ),
            "县总工会扎实推进建会入会工作",
        ),
        # a document dump: file suffix, column tag and a length note go
        (page("2023年县总工会工作总结 .docx", BODY), "2023年县总工会工作总结"),
        (page("【工会报告】县总工会2023年工作报告", BODY), "县总工会2023年工作报告"),
        (
            page("县总工会工作情况汇报 （本页约3000+字）", "2024-07-03 05:03:52 14", BODY),
            "县总工会工作情况汇报",
        ),
    ],
)
def test_the_headline_is_found_and_furniture_leaves(raw: str, title: str) -> None:
    c = clean_text(raw)
    assert c.metadata.title == title
    assert c.text.strip() == BODY


def test_an_e_paper_name_above_the_headline_is_no_title() -> None:
    c = clean_text(
        page("某某工人日报 数字报纸", "00002版:工会", "县总工会扎实推进建会入会工作", BODY)
    )
    assert c.metadata.title == "县总工会扎实推进建会入会工作"
    assert c.text.strip() == BODY


@pytest.mark.parametrize(
    "furniture",
    [
        "23.01.2017  20:09",  # a day-first stamp
        "09-06 09:33",  # month-day and time, no year
        "2024-07-03 05:03:52 14",  # a view counter after the stamp
        "阅读数：1012 文章字数：10024",
        "某某 发表于 2024-7-24 10:34:09",  # a forum post line
        "//www.example.cn2014-02-21 15:24:57来源： 中工网",  # a URL glued to the date
        "来源：县总工会办公室 编辑： 浏览：  次 发布日期：2013-04-28",
        "首页|新闻|政务|服务|互动",  # navigation joined by bars
        "某县| 某市| 某州| 某旗| 某区",  # a link list of place names
        "[保存] [打印] [关闭] [返回首页]",  # boxed page controls
        "距离广告结束还有",
        "页： [1]",
        "查看完整版本：县总工会扎实推进建会入会工作",
        "浏览本网主页，建议将电脑显示屏的分辨率调为1024*768",
        "某 某 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用",  # spelt out with spaces
        "（责编：某甲、某乙）",
        "某某职工的网上家园--某市总工会欢迎您！",
        "意见反馈 意见反馈 顶 踩 收藏 收藏",  # portal controls
        "channelId 1 1 1",  # a script's variable
        "更多 24小时排行榜",
        "WechatIMG8021.jpeg",  # an image's file name on a line of its own
        "00002版:工会",  # an e-paper's page number padded with zeros
    ],
)
def test_page_furniture_leaves_the_body(furniture: str) -> None:
    c = clean_text(page("县总工会扎实推进建会入会工作", furniture, BODY, furniture))
    assert c.text.strip() == BODY, c.text


@pytest.mark.parametrize(
    "dateline",
    ["某某网讯 ", "本报讯 ", "某网某县站9月5日讯（通讯员 王某某 李某某）", "中工网讯（记者 张某）"],
)
def test_datelines_with_xun_are_metadata(dateline: str) -> None:
    c = clean_text(page("县总工会扎实推进建会入会工作", dateline + BODY))
    assert c.text.strip() == BODY


@pytest.mark.parametrize(
    "prose",
    [
        # sentences that only look like furniture stay
        "会上传来喜讯，县总工会荣获全国模范职工之家称号，全县新增会员860人。",
        "按照“首页>一站式”的思路，县总工会建成网上服务平台3个，服务职工1.2万人次。",
        "县总工会把版权保护、分辨率等知识纳入职工培训，全年培训职工860人次。",
    ],
)
def test_report_sentences_are_not_furniture(prose: str) -> None:
    c = clean_text(page("县总工会扎实推进建会入会工作", prose))
    assert prose in c.text


def test_bars_between_characters_are_no_mojibake() -> None:
    """A link list's bars are not GBK read out of step: the text stays as it was."""
    c = clean_text(
        page("县总工会扎实推进建会入会工作", "职工之家|职工书屋|工会驿站|法律援助", BODY)
    )
    assert not [e for e in c.edits if e.kind == "mojibake"]
    assert "职工之家" not in c.text  # the list went, as navigation


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("对怀孕七个月以上（含七个月）的女职工安排休息", []),
        ("历时3个多月的职工技能运动会圆满闭幕", []),
        ("将15人以下的小微企业纳入社区工会", []),
        ("50人以上的企业全部建立工会", []),
        ("90%以上的职工参加了体检", ["90%以上"]),
        ("荣获28届市优秀发明选拔赛金奖", []),
        ("职工运动会已连续举办了5届", ["5届"]),
        ("建议将显示屏分辨率调为1024*768", []),
        ("设立网上工会账号1500余个", ["1500余个"]),
        ("开展培训3个月，培训职工300人", ["300人"]),
    ],
)
def test_what_counts_as_a_statistic_in_context(text: str, reported: list[str]) -> None:
    assert [m.text for m in find_numbers(text) if is_reportable(m, text)] == reported


def test_coverage_counts_only_reportable_statistics() -> None:
    """24小时 and 3个多月 are no statistics the summary could have missed."""
    text = "建成24小时驿站5家，历时3个多月，新增会员860人。"
    v = add_coverage(Verification(), extract_report(text), SourceIndex.build(text))
    assert (v.statistics_captured, v.statistics_in_source, v.missed) == (2, 2, [])


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("夏送清凉活动中为1270人送去价值4.8万元的清凉物资。", ["夏送清凉活动", "清凉物资"]),
        ("组织5名选手参赛，2人获三等奖。", ["组织选手参赛", "获三等奖"]),
        ("走访慰问48名省级以上劳模。", ["走访慰问省级以上劳模"]),
        ("在已建成127家工会驿站的基础上，又新增5家。", ["建成工会驿站", "新增"]),
        ("累计理赔单位202家，3783人次，合计27.2万元。", ["理赔单位", "理赔单位", "合计"]),
        ("冬送温暖活动中为248人发放救助金5万元。", ["冬送温暖活动", "发放救助金"]),
    ],
)
def test_metrics_in_clause_shapes(text: str, metrics: list[str]) -> None:
    assert [n.metric for n in extract_report(text).numbers] == metrics


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("与此同时，作为县总工会，服务全县职工。", ""),  # no county named: no guess
        ("作为经开区总工会，服务园区职工。经开区总工会建成驿站5个。", "经开区总工会"),
        ("大会选举产生某江县总工会第十七届委员会。", "某江县总工会"),
        ("今年，市总工会在省委及市委领导下推进工作。", ""),
        ("围绕中心工作，某山市总工会新增会员1200人。", "某山市总工会"),
    ],
)
def test_the_reporting_union_is_a_place_name(text: str, org: str) -> None:
    """The words opening a clause (作为, 围绕, 选举产生, 今年) are no part of the name."""
    assert extract_report(text).organization == org


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        # thousands grouped by a space, as typeset reports print them
        (
            "投资4 000万元，造福居民15 084户，整治管线16 228米。",
            ["4 000万元", "15 084户", "16 228米"],
        ),
        ("送去大米面粉15.2万斤。", ["15.2万斤"]),
        # a lost byte before a figure: its leading digits may be gone
        ("表彰先进集体?0个，先进个人30名。", ["30名"]),
        # a year opening a heading
        ("2024：四维度诠释工会担当\n全年新增会员860人。", ["860人"]),
        # a programme named with a Chinese numeral, written again and again
        ("开展十项工程劳动竞赛，表彰十项工程劳动竞赛模范集体5个。", ["5个"]),
    ],
)
def test_figures_of_typeset_and_damaged_reports(text: str, reported: list[str]) -> None:
    assert [m.text for m in find_numbers(text) if is_reportable(m, text)] == reported


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("取得前5名的18名选手获奖。", ["18名"]),  # a rank is no count
        ("一类大赛12个工种，三类大赛35个工种。", ["12个", "35个"]),  # classes are labels
        ("为安全生产作出更大贡献。②11", []),  # a page marker
        ("邮箱：hb@126.com，服务职工300人。", ["300人"]),
        ("工人们每天工作达8个小时，每批疗休养不超过7天。", []),  # durations
        ("藏书总量近千万册。", ["近千万册"]),
        # pieces of a URL; years written without 年; a collection's count and its items
        ("详见 https://www.example.cn/content/646746/50/ 页面。", []),
        ("回顾2024·展望2025\n回顾2024，展望2025，一起逐新而行。", []),
        ("教育工会年度工作总结（优质17篇）\n教育工会年度工作总结 篇1", []),
        # counts of occasions: 项次, 批次
        ("文体比赛斩获奖项超40项次，接待疗休养职工12批次。", ["超40项次", "12批次"]),
        # a year with its last digits masked; a number padded with zeros
        ("201*年上半年，到201*年5月底，20xx年全市工会。", []),
        ("00002版：工会\n编号007号", []),
        # 家 before 电力 or 乡镇 is still the counter
        ("全国共有872家电力企业参评，3家乡镇企业入选。", ["872家", "3家"]),
    ],
)
def test_labels_and_durations_are_no_statistics(text: str, reported: list[str]) -> None:
    assert [m.text for m in find_numbers(text) if is_reportable(m, text)] == reported


def test_a_generic_counted_noun_takes_what_happened_to_it() -> None:
    text = "甲机关等28个单位被评为区先进职工之家；乙科等28个单位被评为区先进职工小家。"
    metrics = [n.metric for n in extract_report(text).numbers]
    assert metrics == ["单位被评为区先进职工之家", "单位被评为区先进职工小家"]


def test_a_view_counter_with_a_thousands_comma_is_no_paragraph() -> None:
    """``浏览次数：1,236``: the comma separates thousands; the line is meta, not body."""
    raw = page(
        "县总工会扎实推进建会入会工作",
        "发布时间：2025-01-16 09:30  来源：某市总工会  浏览次数：1,236",
        BODY,
    )
    c = clean_text(raw)
    assert (c.metadata.title, str(c.metadata.published)) == (
        "县总工会扎实推进建会入会工作",
        "2025-01-16",
    )
    assert c.text.strip() == BODY


@pytest.mark.parametrize(
    "tail",
    [
        # previous/next links, a maker's credit, a back-to-top control, addresses and the
        # site's name between them
        ["上篇：某某图片新闻", "下篇：某某活动掠影", "制作单位：Example.com", "↑ TOP"],
        ["链接已复制", "字体："],
        ["头条22-01-20", "头条22-01-18", "头条22-"],  # dated links, the last one cut
        ["http://www.example.cn/img/2020/1/1.jpg", "某某工人报", "http://www.example.cn/a/1.html"],
        # an e-paper's page properties left after an HTML comment
        ["2024-02-29 县总工会扎实推进建会入会工作 1 1 某某日报 content_1.html /enpproperty-->"],
        # a numbered copyright notice, with a day count and a phone number in it
        [
            "声明：",
            "1、凡本网注明某某网的所有自采资讯，如需转载应注明来源。",
            "2、部分内容转自其他媒体，转载目的在于传递更多信息，并不代表本网观点。",
            "3、如因作品内容、版权等问题需要同本网联系的，请在30日内进行。电话：4000123456",
        ],
        ["转载请注明出处：某某视听 » 县总工会扎实推进建会入会工作"],
        # a portal's footer: builder credit, QR-code lines, a police filing number
        [
            "Powered By某某网某某网络科技有限公司",
            "使用手机软件扫描微信二维码",
            "关注我们可获取更多热点资讯",
            "公安备案号：32000000000000",
        ],
        # a repost notice, the article's own URL, next-article and back-home links
        [
            "本文为某某频道原创文章，转载请附上原文出处链接和本声明。",
            "本文链接：https://www.example.cn/content/646746/50/12324837.html",
            "阅读下一篇",
            "返回某某网首页 返回某某频道首页",
        ],
        # a WeChat promotion
        [
            "某某发布，期待您的关注。",
            "• 欢迎关注某某县政府门户网站官方微信",
            "• ① 打开微信——发现——扫一扫，扫描左侧的微信二维码关注。",
        ],
    ],
)
def test_tail_furniture_leaves_the_body(tail: list[str]) -> None:
    c = clean_text(page("县总工会扎实推进建会入会工作", BODY, *tail))
    assert c.text.strip() == BODY, c.text


def test_a_sidebar_teaser_leaves_the_body() -> None:
    teaser = "某省总工会简介 中国工会是职工自愿结合的群众组织。一、主要职能某省总... 更多>"
    c = clean_text(page(teaser, BODY))
    assert c.text.strip() == BODY


def test_a_short_closing_line_right_after_the_body_stays() -> None:
    """A signature under the last paragraph is no site name: no furniture before it."""
    c = clean_text(page("县总工会扎实推进建会入会工作", BODY, "某某县总工会"))
    assert c.text.strip().endswith("某某县总工会")


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("参赛项目40余个，参赛职工超过万人，", ["40余个", "超过万人"]),
        # a size bound describes the units counted; a bound on people counted is a count
        ("将25人以上的非公企业纳入，帮助100名以上的困难职工子女就学", ["100名以上"]),
        # a radius is no length built
        ("1公里范围内满足群众需求，新建健身步道3公里，", ["3公里"]),
    ],
)
def test_bounds_and_radii(text: str, reported: list[str]) -> None:
    assert [m.text for m in find_numbers(text) if is_reportable(m, text)] == reported


@pytest.mark.parametrize(
    ("spammed", "clean"),
    [
        # betting-site names spliced into a sentence, or standing as a line
        (
            "在有条件的驿站增设专区365体育手机版入口，方便职工领取献赠物品。",
            "在有条件的驿站增设专区，方便职工领取献赠物品。",
        ),
        ("狗万manbet官网\n" + BODY, BODY),
        # a porn-site SEO headline above the page
        (
            "亚洲精品国产精品国自产，精品国产污污免费网站入口，伊人久久大香线蕉av一区二区\n" + BODY,
            BODY,
        ),
    ],
)
def test_betting_spam_is_cut(spammed: str, clean: str) -> None:
    c = clean_text(spammed)
    assert c.text.strip() == clean
    assert c.counts()["spam"] >= 1


def test_a_level_after_a_change_takes_the_changed_metric() -> None:
    from summarizer.extract.rules_numbers import extract_numbers

    found = extract_numbers("职工书屋数量增长一倍，达到320家。")
    assert [(n.text, n.metric) for _, n in found] == [
        ("一倍", "职工书屋数量增长"),
        ("320家", "职工书屋数量"),
    ]


def test_emoji_are_decoration() -> None:
    c = clean_text("会议在某大学举行🤝。李某荣获“优秀工会工作者”称号6️⃣；副主席🧙🏻\u200d♀️出席。")
    assert c.text == "会议在某大学举行。李某荣获“优秀工会工作者”称号；副主席出席。"
    assert c.counts()["emoji"] == 3


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        # a magnitude before what it counts; a list number with a closing bracket only
        ("目前已有409.9万农民工加入工会，3万余职工参加。", ["409.9万", "3万余"]),
        ("依据榜单可知：1)12个地区工会基层组织超过10万个", ["12个", "超过10万个"]),
        # an age group; a count of sets
        ("70岁以上的老年人免费体检，送出羽绒服43件套，", ["43件套"]),
    ],
)
def test_magnitudes_list_numbers_and_age_groups(text: str, reported: list[str]) -> None:
    assert [m.text for m in find_numbers(text) if is_reportable(m, text)] == reported


def test_a_table_flattened_to_text_keeps_its_rows_and_gives_its_cells() -> None:
    from summarizer.extract.rules_numbers import extract_numbers

    raw = page(
        "某市工会组织基本情况",
        BODY,
        "| 项目 | 2006年 | 2005年 | 增长 |",
        "| 基层工会数（个） | 6941 | 6254 | 10.9% |",
        "| 工会会员数（人） | 1356885 | 1248255 | 8.7% |",
    )
    c = clean_text(raw)
    assert "| 项目 | 2006年" in c.text and "1356885" in c.text  # no navigation
    table = [(n.text, n.unit, n.metric) for _, n in extract_numbers(c.text) if "（" in n.metric]
    assert table == [
        ("6941", "个", "基层工会数（2006年）"),
        ("6254", "个", "基层工会数（2005年）"),
        ("10.9%", "%", "基层工会数（增长）"),
        ("1356885", "人", "工会会员数（2006年）"),
        ("1248255", "人", "工会会员数（2005年）"),
        ("8.7%", "%", "工会会员数（增长）"),
    ]


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("深入高龄（90岁及以上）、患重大疾病职工家中，头条22-01-17", []),
        ("4?3日，全?20家单?072名职工报名", []),  # damaged figures
        ("分初赛和决赛两个期间进行，举办九人制足球赛，参赛队伍12支", ["12支"]),
    ],
)
def test_age_groups_dates_damage_and_formats(text: str, reported: list[str]) -> None:
    assert [m.text for m in find_numbers(text) if is_reportable(m, text)] == reported


def test_a_stamp_with_links_beside_it_is_metadata_not_the_headline() -> None:
    raw = page(
        "某市集体合同覆盖486万职工",
        "发布时间：2012年04月06日 17:09 | 进入论坛 | 来源：某某网 | 手机看视频",
        "评分",
        BODY,
    )
    c = clean_text(raw)
    assert (c.metadata.title, str(c.metadata.published), c.metadata.outlet) == (
        "某市集体合同覆盖486万职工",
        "2012-04-06",
        "某某网",
    )
    assert c.text.strip() == BODY


def test_a_table_flattened_one_cell_per_line_gives_its_cells() -> None:
    from summarizer.extract.rules_numbers import extract_numbers

    raw = page(
        "表16—4 工会组织基本情况",
        "指 标",
        "2006年",
        "2005年",
        "基层工会数",
        "6941",
        "6254",
        "工会会员数",
        "1356885",
        "1248255",
        "其中：女性",
        "480",
        "436",
        "注：本表数据由市总工会提供。",
    )
    c = clean_text(raw)
    found = [(n.text, n.metric) for _, n in extract_numbers(c.text)]
    assert found == [
        ("6941", "基层工会数（2006年）"),
        ("6254", "基层工会数（2005年）"),
        ("1356885", "工会会员数（2006年）"),
        ("1248255", "工会会员数（2005年）"),
        ("480", "其中：女性（2006年）"),
        ("436", "其中：女性（2005年）"),
    ]
    report = extract_report(c.text)
    index = SourceIndex.build(c.text)
    from summarizer.verify import check_report

    assert check_report(report, index).flags == []  # every cell and its evidence grounded


def test_a_list_of_dated_headlines_goes_wherever_it_stands() -> None:
    """Related articles, each a headline with its date glued on: three or more in a row."""
    raw = page(
        "县总工会扎实推进建会入会工作",
        BODY,
        "- 某市拟出让14幅地块！将建大量住宅2023-10-30",
        "- 某区：高标准打造“四大载体”2023-10-30",
        "",
        "- 某市马拉松后天报名12月17日开跑2023/10/29 08:15",
        BODY.replace("860人", "861人"),
    )
    c = clean_text(raw)
    assert "地块" not in c.text and "四大载体" not in c.text and "马拉松" not in c.text
    assert "860人" in c.text and "861人" in c.text
    assert c.counts()["tail"] == 3


def test_two_dated_lines_in_the_body_are_no_list() -> None:
    raw = page(
        "县总工会扎实推进建会入会工作",
        BODY,
        "会议通知印发于2024-03-05",
        "报名截止于2024-04-01",
        BODY.replace("860人", "861人"),
    )
    c = clean_text(raw)
    assert "会议通知印发于2024-03-05" in c.text and "报名截止于2024-04-01" in c.text


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("劳模代表在表彰会上合影留念 某某社发", "劳模代表在表彰会上合影留念"),
        ("职工在书屋阅读。（通讯员 王某某 摄）", "职工在书屋阅读。"),
        ("比赛现场（李某 摄）", "比赛现场"),
        ("图为户外劳动者在驿站休息 某某日报记者 张某某 摄", "图为户外劳动者在驿站休息"),
        ("慰问现场 赵某/摄", "慰问现场"),
    ],
)
def test_a_photo_credit_goes_and_its_line_is_a_caption(line: str, caption: str) -> None:
    c = clean_text(page("县总工会扎实推进建会入会工作", BODY, line, BODY2))
    assert caption in c.text and line not in c.text
    assert [c.text[a:b] for a, b in c.captions] == [caption]
    assert c.counts()["credit"] == 1
    assert "某" not in "".join(c.metadata.authors)  # a photographer is not an author


def test_a_line_of_nothing_but_a_photo_credit_goes() -> None:
    c = clean_text(page("县总工会扎实推进建会入会工作", BODY, "记者 张某某 摄", BODY2))
    assert "摄" not in c.text and c.captions == ()


@pytest.mark.parametrize(
    "prose",
    [
        "县总工会组织职工开展摄影比赛，邀请专业人员现场拍摄",  # 摄 glued to its verb
        "全县农民专业合作社发",  # 社发 with no space before it
        "职工书屋新增图书860册（含电子书）",  # brackets with no credit in them
    ],
)
def test_lines_ending_like_a_photo_credit_stay(prose: str) -> None:
    c = clean_text(page("县总工会扎实推进建会入会工作", BODY, prose, BODY2))
    assert prose in c.text and c.captions == ()


def test_a_stamp_with_its_outlet_and_a_reposted_from_line_are_metadata() -> None:
    c = clean_text(
        page(
            "县总工会扎实推进建会入会工作",
            "2024-05-02 09:32:33 - 某某发布",
            "转自：某某日报",
            BODY,
        )
    )
    assert c.text.strip() == BODY
    assert c.metadata.title == "县总工会扎实推进建会入会工作"
    assert str(c.metadata.published) == "2024-05-02" and c.metadata.outlet == "某某发布"


def test_a_bulleted_byline_under_the_article_is_metadata() -> None:
    c = clean_text(page("县总工会扎实推进建会入会工作", BODY, "◎某某晚报·某某网记者 王某某"))
    assert c.text.strip() == BODY and c.metadata.authors == ("王某某",)


def test_table_cells_under_the_article_are_no_byline() -> None:
    """Column headings of a flattened table ("序号 |") have no credit role: they stay."""
    c = clean_text(page("县总工会扎实推进建会入会工作", BODY, "序号 |", "活动名称 |", "参与人数 |"))
    assert "活动名称" in c.text and c.metadata.authors == ()
