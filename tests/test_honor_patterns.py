"""Honor patterns of the ``rules`` backend, one shape per table, on synthetic sentences.

Each table holds sentences written for these tests (not taken from any report) that
show one shape of honor statement, with the honors a careful reader finds in them:
(title, recipient, level). The negative table lists sentences that hold no honor.
"""

from __future__ import annotations

import pytest

from summarizer.extract.rules_honors import extract_honors, honor_level, place_level

Row = tuple[str, str, str]


def honors(text: str) -> list[Row]:
    return [(h.title, h.recipient, h.level) for _, h in extract_honors(text)]


# ------------------------------------------------ 1. lists of recipient-trigger-title

LIST_SPLITTING: list[tuple[str, list[Row]]] = [
    (
        "甲机械厂工会等4家单位荣获“全国模范职工之家”称号、乙车间工会小组等3家单位荣获"
        "“全国模范职工小家”称号、王某等2位同志荣获“全国优秀工会工作者”称号。",
        [
            ("“全国模范职工之家”称号", "甲机械厂工会等4家单位", "national"),
            ("“全国模范职工小家”称号", "乙车间工会小组等3家单位", "national"),
            ("“全国优秀工会工作者”称号", "王某等2位同志", "national"),
        ],
    ),
    (
        "8名职工荣获省五一劳动奖章、3个单位荣获省五一劳动奖状、6个班组荣获省工人先锋号。",
        [
            ("省五一劳动奖章", "8名职工", "provincial"),
            ("省五一劳动奖状", "3个单位", "provincial"),
            ("省工人先锋号", "6个班组", "provincial"),
        ],
    ),
    (
        "县总工会获评市级文明单位并入选全省工会优秀案例。",
        [("市级文明单位", "县总工会", "municipal"), ("全省工会优秀案例", "县总工会", "provincial")],
    ),
    (
        "李某荣获“最美职工”称号、被评为市级劳动模范。",
        [("“最美职工”称号", "李某", "other"), ("市级劳动模范", "李某", "municipal")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), LIST_SPLITTING)
def test_each_recipient_keeps_its_own_trigger_and_count(text: str, expected: list[Row]) -> None:
    assert honors(text) == expected


# ------------------------------------------------ 2. lists that run on without the verb

CONTINUED_LISTS: list[tuple[str, list[Row]]] = [
    (
        "近三年全区获评市级以上“职工书屋”12家，“职工之家”9家，“先进女职工集体”4个。",
        [
            ("市级以上“职工书屋”", "12家", "municipal"),
            ("“职工之家”", "9家", "municipal"),
            ("“先进女职工集体”", "4个", "municipal"),
        ],
    ),
    (
        "共获评省级“工人先锋号”5个、“巾帼文明岗”3个，全国“五一巾帼标兵岗”1个。",
        [
            ("省级“工人先锋号”", "5个", "provincial"),
            ("“巾帼文明岗”", "3个", "provincial"),
            ("全国“五一巾帼标兵岗”", "1个", "national"),
        ],
    ),
    (
        "获评省级示范点2个，市级示范点5个。",
        [("省级示范点", "2个", "provincial"), ("市级示范点", "5个", "municipal")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CONTINUED_LISTS)
def test_counted_titles_continue_the_trigger_across_clauses(text: str, expected: list[Row]) -> None:
    assert honors(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "获评市级文明单位3家，全县共有文明单位20家。",  # a total, not an honor
        "命名市级职工创新工作室3家，新建县级工作室5个。",  # a new clause with its own verb
        "获评市级“职工书屋”3家，发放图书2000册。",
        "被评为省级“工人先锋号”2个，“安康杯”竞赛参赛班组120个。",  # a quote, not a title
    ],
)
def test_a_clause_that_is_not_a_titled_count_ends_the_list(text: str) -> None:
    assert len(honors(text)) == 1


# ------------------------------------------------ 3. counts inside titles

COUNTS_IN_TITLES: list[tuple[str, list[Row]]] = [
    (
        "授予20个单位全省工会财务先进单位称号，授予15名个人全省优秀工会会计称号。",
        [
            ("全省工会财务先进单位称号", "20个单位", "provincial"),
            ("全省优秀工会会计称号", "15名个人", "provincial"),
        ],
    ),
    (
        "命名300名个人为全市优秀工会积极分子，命名40名个人为全市优秀工会之友。",
        [
            ("全市优秀工会积极分子", "300名个人", "municipal"),
            ("全市优秀工会之友", "40名个人", "municipal"),
        ],
    ),
    ("大赛共产生16名县级技术能手和90名获奖选手。", [("县级技术能手", "16名", "county")]),
    ("1个“爱心车间”获评市级“职工小家”。", [("市级“职工小家”", "“爱心车间”", "municipal")]),
]


@pytest.mark.parametrize(("text", "expected"), COUNTS_IN_TITLES)
def test_a_leading_count_belongs_to_the_recipient(text: str, expected: list[Row]) -> None:
    assert honors(text) == expected


# ------------------------------------------------ 4. false triggers (no honor)

NO_HONOR = [
    "去年的省五一劳动奖章获得者参加了疗休养活动。",  # 获得者: a noun
    "获奖单位代表上台领奖，获奖选手合影留念。",
    "“省劳动模范”等荣誉称号是我省表彰先进的最高荣誉。",  # a definition
    "全县参与创建“工人先锋号”班组120个。",  # a campaign
    "拟命名县级劳模20人，推荐评选省劳模2人。",  # a plan and a recommendation
    "申报命名市级职工创新工作室3个。",
    "挂牌成立劳模创新工作室5个，为10家企业职工之家挂牌。",  # 挂牌 without a batch
    "活动产生了良好的示范效应。",  # 产生 without a count
    "全年获得丰硕成果，入选人数较多。",
    "项目获得爱心企业支持，受到困难职工家庭欢迎。",  # plain nouns are no title ending
    "全县获批建设户外劳动者驿站10个。",  # approved to build, not an honor
    "召开表彰大会，增强职工获得感。",
    # who is honored, not a title; what a designation is for
    "市总工会下发决定，表彰技能大赛中涌现出的先进集体和获奖选手。",
    "工作室的命名旨在发挥劳动模范的示范引领作用。",
    "市教育工会副主席宣读了表彰决定和命名名单。",  # the decision read out, not a title
    "据介绍，此次表彰具有三个特点。",  # the commendation described, no title
    # 当选 an office or a delegate's seat is no honor
    "王某当选为县总工会主席，李某当选全国人大代表。",
    # events named after 表彰/命名: 暨, or a meeting word at the end
    "召开全县劳动竞赛总结表彰暨技能大赛启动大会。",
    "市总工会举行命名表彰先进集体暨经验交流会议。",
    "张某在表彰先进集体大会上作发言。",
    # 获得 with a quoted object that is no title, nor a list that says it names titles
    "职工获得了“娘家人”的温暖，获得“双提升”等多项成果。",
    # 表彰 before a clause, the honorees as a noun, or a group counted: no title named
    "今年的表彰全面贯彻党的十九大精神和全国两会精神。",
    "大会表彰为工会工作作出突出贡献的同志。",
    "在常规表彰对象中，一线职工占六成；表彰名额向基层倾斜。",
    "今年共表彰农民工172人，占18.2%。",
    # what the unions provide is a service, not a title
    "持卡人可获得各级工会提供的法律援助、困难救助、职工书屋免费服务。",
    # 获表彰 after people counted, no title
    "会上，20名职工获表彰。",
    "共有30个先进集体、50名先进个人受到表彰。",
    # 涌现出 before no counted title
    "活动中涌现出一批感人事迹和先进典型。",
    # who is honored, counted in a list: no title (the counts are numbers)
    "会上还表彰了先进集体10个、先进个人20名。",
    # the national body's totals in a local report: figures, no one's honor here
    "据了解，中华全国总工会此次共表彰全国五一劳动奖状集体397个。",
    "今年全国总工会表彰全国五一劳动奖状255个、全国五一劳动奖章1088个。",
    # a title told before, a kind of prize, the nominees
    "第二项单列表彰在工程建设中作出突出贡献的先进集体和个人，授予该项目奖章4个。",
    "对获奖者颁发奖状和奖章。",
    "对获奖职工给予一定资金奖励。",
    "表彰人选覆盖了19个民族，少数民族有77人。",
    # the act of awarding is no title
    "通报了全县工会工作考核结果并表彰颁奖。",
    # an award told before, now an occasion
    "公司工会将以此次获评“全国工会职工书屋示范点”为契机，发挥示范作用。",
    "以荣获全省模范职工之家为新起点，再创佳绩。",
    # a commendation's object that counts no title; a criticism
    "市总工会对甲公司等3家单位予以通报批评。",
    "县总工会对张三同志予以表彰。",
]


@pytest.mark.parametrize("text", NO_HONOR)
def test_no_honor(text: str) -> None:
    assert honors(text) == []


# ------------------------------------------------ 5. recipient bounds

RECIPIENTS: list[tuple[str, str]] = [
    # an earlier item of the enumeration is a statement of its own
    (
        "“职工点单”工作在省总工会会议上作经验交流、“线上普惠”工作获评全省工会创新案例。",
        "“线上普惠”工作",
    ),
    # co-recipients of one trigger stay together
    ("甲公司工会、乙集团工会被评为市级模范职工之家。", "甲公司工会、乙集团工会"),
    # a passive clause after a comma: the whole clause before it
    (
        "某公司技术部经理、工会主席赵某，被评为市级优秀工会工作者。",
        "某公司技术部经理、工会主席赵某",
    ),
    # lead words and time words are not the recipient
    ("此次我市某银行股份有限公司被授予省五一劳动奖状。", "某银行股份有限公司"),
    ("全年获评省级“职工书屋”12家。", "12家"),
    # a clause that reports work done is not the recipient, its head is
    ("县总工会积极推进职工书屋建设，被评为全省职工书屋示范点。", "县总工会"),
    ("县总工会连续三年获评全市工会工作先进单位。", "县总工会"),
    ("县总工会受到市委表彰。", "县总工会"),
    # a place name inside a quoted work names the whole work
    (
        "《某某县：首批农民工返岗专车发车》被电视台播放，并获2023年度某省工会“好新闻”。",
        "《某某县：首批农民工返岗专车发车》",
    ),
    # a ranking is a statement, not a list of names
    ("县总工会连续三年在全市工会目标考核中位列第一，被市总工会通报表扬。", "县总工会"),
    # 当选 a title with a recognised ending
    ("县公交公司驾驶员李某同志当选全国劳动模范。", "县公交公司驾驶员李某同志"),
    # 有 before a count, 因此 and 同时 before the trigger are no part of it
    ("其中，有29名女职工获得技术状元称号。", "29名女职工"),
    ("工会也因此获得了“先进职工之家”称号。", "工会"),
    # a count of people stays (the count of a named unit goes: 1个托管班 → 托管班)
    ("26名女班长被评为“岗位标兵”。", "26名女班长"),
    # what the holder is praised for, and the campaign it won in, are not the holder
    ("某县总工会凭借扎实有力的工会工作，成功获评“工会工作先进单位”。", "某县总工会"),
    ("院工会在市总工会创建“四满意工会”活动中，被评为第一批“四满意工会”。", "院工会"),
    # an adverb before the count is not part of it
    ("经过激烈角逐，最终10名选手荣获“岗位能手”称号。", "10名选手"),
]


@pytest.mark.parametrize(("text", "recipient"), RECIPIENTS)
def test_recipient_bounds(text: str, recipient: str) -> None:
    [(_, honor)] = extract_honors(text)
    assert honor.recipient == recipient


# ------------------------------------------------ 6. title endings

TITLE_ENDINGS: list[tuple[str, str]] = [
    ("1家被评选为全省2023年度最美职工驿站。", "全省2023年度最美职工驿站"),
    ("县总工会服务点获评全国最美户外劳动者服务站点。", "全国最美户外劳动者服务站点"),
    ("某班组荣获全国青年文明号。", "全国青年文明号"),
    ("王某荣获全市职工技能状元。", "全市职工技能状元"),
    ("张某获评市级健康达人。", "市级健康达人"),
    ("县职工学校挂牌首批“市级工匠学院”。", "首批“市级工匠学院”"),
    ("某电厂运行班获评省级先进班组。", "省级先进班组"),
    ("甲公司被评为市级和谐劳动关系示范企业。", "市级和谐劳动关系示范企业"),
    ("方某等5位同志获命名为全国优秀工会积极分子。", "全国优秀工会积极分子"),
    ("共评出市级职工创新示范单位6个。", "市级职工创新示范单位"),
    # a quoted name and a plain noun after 评为 (…被厂里评为, not 被评为)
    ("12名班长被厂里评为“李素丽式”服务明星。", "“李素丽式”服务明星"),
    # 中国…, 中华… open a title (not 中 of 在…中)
    ("某车间荣获中国能源化学地质工会“先进班组”称号。", "中国能源化学地质工会“先进班组”称号"),
    # a trigger that only qualifies the title (授予的) does not end it
    ("某公司荣获中华全国总工会授予的全国五一劳动奖状。", "全国五一劳动奖状"),
    # a rank after the title is no count
    ("某书屋获评全省“十佳职工书屋”第二名。", "全省“十佳职工书屋”"),
]


@pytest.mark.parametrize(("text", "title"), TITLE_ENDINGS)
def test_title_endings(text: str, title: str) -> None:
    assert [t for t, _, _ in honors(text)] == [title]


# ------------------------------------------------ 7. whole, clean titles

WHOLE_TITLES: list[tuple[str, str]] = [
    (
        "某项目被命名为市职工合理化建议和先进操作法优秀成果。",
        "市职工合理化建议和先进操作法优秀成果",
    ),
    ('李某等4名同志被授予"全国"五一"劳动奖章。', '全国"五一"劳动奖章'),
    ("县总工会荣获由市总工会颁发的市五一劳动奖状。", "市五一劳动奖状"),
    ("某作品荣获一等奖，另一作品荣获其银奖。", "银奖"),
    ("荣获“全省五一劳动奖状”的单位有5家。", "“全省五一劳动奖状”"),
]


@pytest.mark.parametrize(("text", "title"), WHOLE_TITLES)
def test_titles_are_whole_and_clean(text: str, title: str) -> None:
    assert title in [t for t, _, _ in honors(text)]


CONTESTS: list[tuple[str, list[tuple[str, str | None, str]]]] = [
    (
        "组织12名选手参加全市职工书法比赛，3人获二等奖，1人获优秀奖。",
        [("二等奖", "全市职工书法比赛", "municipal"), ("优秀奖", "全市职工书法比赛", "municipal")],
    ),
    ("某作品在省职工摄影大赛中荣获金奖。", [("金奖", "省职工摄影大赛", "provincial")]),
    ("2名职工获得一等奖。", [("一等奖", None, "other")]),  # no contest named: none made up
]


@pytest.mark.parametrize(("text", "expected"), CONTESTS)
def test_a_bare_prize_is_given_by_the_contest_named_before_it(
    text: str, expected: list[tuple[str, str | None, str]]
) -> None:
    found = [(h.title, h.awarded_by, h.level) for _, h in extract_honors(text)]
    assert found == expected


# ------------------------------------------------ 7b. lists that say they name titles

NAMED_LISTS: list[tuple[str, list[Row]]] = [
    (
        "县总工会获得了全国总工会“优秀基层组织”、省总工会“巾帼建功标兵岗”等荣誉称号。",
        [
            ("“优秀基层组织”", "县总工会", "national"),
            ("“巾帼建功标兵岗”", "县总工会", "provincial"),
        ],
    ),
    # an item that only repeats the ending before it (奖状、奖章) is no title
    (
        "甲厂荣获省五一劳动奖状、奖章和省工人先锋号。",
        [("省五一劳动奖状", "甲厂", "provincial"), ("省工人先锋号", "甲厂", "provincial")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAMED_LISTS)
def test_items_of_a_list_of_titles(text: str, expected: list[Row]) -> None:
    assert honors(text) == expected


# ------------------------------------------------ 7c. a relative clause names the recipient

RELATIVE_CLAUSES: list[tuple[str, list[Row]]] = [
    # between the trigger and the title: one honor, the clause its recipient
    (
        "授予获得钳工、电工2个工种竞赛第一名的选手“县五一劳动奖章”。",
        [("“县五一劳动奖章”", "获得钳工、电工2个工种竞赛第一名的选手", "county")],
    ),
    (
        "命名获得省级表彰的12名职工为“县级劳动模范”。",
        [("“县级劳动模范”", "获得省级表彰的12名职工", "county")],
    ),
    # before a passive: the whole subject, not the agent list after 被
    (
        "获得全市技能大赛一等奖的6名职工被市总工会授予“市技术标兵”称号。",
        [("“市技术标兵”称号", "获得全市技能大赛一等奖的6名职工", "municipal")],
    ),
    (
        "在全省竞赛中获得第一名的3名选手还被授予省五一劳动奖章。",
        [("省五一劳动奖章", "在全省竞赛中获得第一名的3名选手", "provincial")],
    ),
    (
        "参加省职工技能竞赛并获各工种优胜名次的20名选手被省总工会、省人社厅联合授予“省技术能手”称号。",
        [("“省技术能手”称号", "参加省职工技能竞赛并获各工种优胜名次的20名选手", "provincial")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), RELATIVE_CLAUSES)
def test_a_relative_clause_is_the_recipient_not_an_honor(text: str, expected: list[Row]) -> None:
    assert honors(text) == expected


def test_the_agent_after_a_relative_clause_is_the_body() -> None:
    [(_, honor)] = extract_honors("获得决赛第一名的这8名选手还被市总工会授予市五一劳动奖章。")
    assert honor.awarded_by == "市总工会"
    [(_, honor)] = extract_honors("获得决赛第一名的这8名选手还被授予市五一劳动奖章。")
    assert honor.awarded_by is None  # 获得…选手还 is no body


# ------------------------------------------------ 7d. asides and repeats

ASIDES: list[tuple[str, list[Row]]] = [
    # an aside with no subject: the honor it follows names the recipient
    (
        "授予4人“县级技术能手”称号（同时被县总工会授予县五一劳动奖章）。",
        [("“县级技术能手”称号", "4人", "county"), ("县五一劳动奖章", "4人", "county")],
    ),
    (
        "授予8个班组“市级工人先锋号”称号（其中3个同时被省总工会授予省级工人先锋号）。",
        [("“市级工人先锋号”称号", "8个班组", "municipal"), ("省级工人先锋号", "3个", "provincial")],
    ),
    # one title to two recipients is two honors
    (
        "授予3人“市模范工人”称号，授予2人“市模范工程师”称号（以上5人同时被市总工会授予"
        "市五一劳动奖章）。获得决赛第一名的8名选手被市总工会授予市五一劳动奖章。",
        [
            ("“市模范工人”称号", "3人", "municipal"),
            ("“市模范工程师”称号", "2人", "municipal"),
            ("市五一劳动奖章", "以上5人", "municipal"),
            ("市五一劳动奖章", "获得决赛第一名的8名选手", "municipal"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ASIDES)
def test_an_aside_is_a_statement_of_its_own(text: str, expected: list[Row]) -> None:
    assert honors(text) == expected


REPEATS: list[tuple[str, list[Row]]] = [
    # a title that describes its holders (…的集体和个人) and is reported plainly after
    (
        "荣获全国五一劳动奖状、奖章和全国工人先锋号的集体和个人受到表彰。甲厂荣获全国五一劳动"
        "奖状，乙班组荣获“全国工人先锋号”称号。",
        [("全国五一劳动奖状", "甲厂", "national"), ("“全国工人先锋号”称号", "乙班组", "national")],
    ),
    # not reported again: kept
    ("荣获“全省五一劳动奖状”的单位有5家。", [("“全省五一劳动奖状”", "5家", "provincial")]),
    # reported in another paragraph: the description, counting no one, is the same honor
    (
        "获得市五一劳动奖章的职工代表发言。\n甲某获得市五一劳动奖章。",
        [("市五一劳动奖章", "甲某", "municipal")],
    ),
    (
        "甲单位获得全国模范职工之家称号。\n全总希望获得全国模范职工之家称号的单位珍惜荣誉。",
        [("全国模范职工之家称号", "甲单位", "national")],
    ),
    # a description that names no holder refers to them, it reports nothing
    (
        "获得此次大赛一等奖的选手将申报奖章。甲某获得面点竞赛一等奖。",
        [("面点竞赛一等奖", "甲某", "other")],
    ),
    # a description that counts its holders, in another paragraph: kept
    (
        "获得市五一劳动奖章的职工有12人。\n甲某获得市五一劳动奖章。",
        [("市五一劳动奖章", "12人", "municipal"), ("市五一劳动奖章", "甲某", "municipal")],
    ),
    # the lead's count told again by name, the title once with its year
    (
        "某市3人被授予2019年全国五一劳动奖章。其中，甲某、乙某、丙某被授予全国五一劳动奖章。",
        [("2019年全国五一劳动奖章", "某市3人", "national")],
    ),
    # a bare commendation told title by title after it
    (
        "此外，一批集体和个人获某省总工会表彰。张某等9人被某省总工会授予省五一劳动奖章。",
        [("省五一劳动奖章", "张某等9人", "provincial")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), REPEATS)
def test_a_described_title_reported_again_is_a_repeat(text: str, expected: list[Row]) -> None:
    assert honors(text) == expected


OTHER_SHAPES: list[tuple[str, list[Row]]] = [
    # 命名/表彰 A 为“T”: the recipient before 为, the title after it
    (
        "省总工会决定命名甲劳模创新工作室等13个创新工作室为“某省劳模创新工作室”。",
        [("“某省劳模创新工作室”", "甲劳模创新工作室等13个创新工作室", "provincial")],
    ),
    # a title told again by 此; a trigger inside a title (入围奖); 表扬的“X奖”
    (
        "省总工会表彰了竞赛成绩优异的职工为“某省金牌工人”，某校李某等11名职工荣获此荣誉称号。",
        [("“某省金牌工人”", "职工", "provincial")],
    ),
    (
        "某市总工会喜获省总工会表扬的“某省集体合同优秀组织奖”，某合同获得优秀文本入围奖。",
        [
            ("“某省集体合同优秀组织奖”", "某市总工会", "provincial"),
            ("优秀文本入围奖", "某合同", "other"),
        ],
    ),
    # a title named for no one, then given to its holders: one honor
    (
        "全总召开表彰大会，表彰全国五一巾帼奖状（奖章）。甲工区等10个集体荣获全国五一巾帼奖状。",
        [("全国五一巾帼奖状", "甲工区等10个集体", "national")],
    ),
    # a list announced, the recipient on it, no trigger
    (
        "某省总工会公布了第九批某省劳模和工匠人才创新工作室名单，我市5家创新工作室榜上有名。",
        [("某省劳模和工匠人才创新工作室", "5家创新工作室", "provincial")],
    ),
    # the holders a clause before the verb, praised for something on the way
    (
        "某省总工会公布了全省“最美工会驿站”名单，甲站、乙站凭借完善的设施，成功入选。",
        [("全省“最美工会驿站”", "甲站、乙站", "provincial")],
    ),
    # titles quoted side by side, no separator between them
    (
        "其中，1名职工荣膺“全国巾帼建功标兵”“全国五一劳动奖章”。",
        [
            ("“全国巾帼建功标兵”", "1名职工", "national"),
            ("“全国五一劳动奖章”", "1名职工", "national"),
        ],
    ),
    # ranks written once are one title: 二、三等奖
    (
        "甲某和乙某分别获得某省技术创新竞赛优秀成果二、三等奖。",
        [("某省技术创新竞赛优秀成果二、三等奖", "甲某和乙某", "provincial")],
    ),
    # counted titles listed before a bare 获表彰; who was counted is no title
    (
        "表彰大会举行，35名技术状元，322名技术能手，20名职工，36家优秀组织单位获表彰。",
        [
            ("技术状元", "35名", "other"),
            ("技术能手", "322名", "other"),
            ("优秀组织单位", "36家", "other"),
        ],
    ),
    # counted holders, then one quoted title
    ("市总工会授予35名技术状元“五一劳动奖章”。", [("“五一劳动奖章”", "35名技术状元", "municipal")]),
    # a selection's results announced, the holders on it
    (
        "某行业协会公布“2022年度行业最美职工之家”评选结果，甲公司工会及乙公司工会入选。",
        [("“2022年度行业最美职工之家”", "甲公司工会及乙公司工会", "other")],
    ),
    # 涌现出 a counted title: the place is where they came from, the count who they are
    (
        "五年来全市涌现出全国劳动模范4名，某省劳动模范33名。",
        [("全国劳动模范", "4名", "national"), ("某省劳动模范", "33名", "provincial")],
    ),
    # a list of counted titles runs on past an item naming only who was counted
    (
        "共评出市级先进单位6个，先进个人33名，通讯报道工作先进4名，工会工作积极分子10名。",
        [
            ("市级先进单位", "6个", "municipal"),
            ("通讯报道工作先进", "4名", "municipal"),
            ("工会工作积极分子", "10名", "municipal"),
        ],
    ),
    # 命名A、B为T: quoted names and lists are the holders, the title comes after 为
    (
        "铁路工会命名了“红旗号”机车组、小东站和某养路工区为第一批铁路“工人先锋号”。",
        [("第一批铁路“工人先锋号”", "“红旗号”机车组、小东站和某养路工区", "other")],
    ),
    (
        "命名某机务段“铁牛号”机车组等100个先进集体为铁路“工人先锋号”。",
        [("铁路“工人先锋号”", "某机务段“铁牛号”机车组等100个先进集体", "other")],
    ),
    # a list of counted titles: each title with its count, not one title across the list
    (
        "表彰市级劳模10人、市级工匠20人。",
        [("市级劳模", "10人", "municipal"), ("市级工匠", "20人", "municipal")],
    ),
    # where it was conferred is no recipient
    ("会上表彰了2023年度优秀通讯员。", [("2023年度优秀通讯员", "", "other")]),
    ("大会表彰县级劳动模范10名。", [("县级劳动模范", "10名", "county")]),
    # 表彰 with a title word still names the title, with or without 命名
    ("县总工会命名表彰县级劳模45人。", [("县级劳模", "45人", "county")]),
    # a passive clause after an honor: the same holders
    (
        "任某等14人获“一等奖”，被授予“某市金牌职工”称号。",
        [("“一等奖”", "任某等14人", "other"), ("“某市金牌职工”称号", "任某等14人", "municipal")],
    ),
    # the union conferring, with 此次 after it, is the body; the count the recipient
    (
        "据了解，省总工会此次共表彰省五一劳动奖状集体97个。",
        [("省五一劳动奖状集体", "97个", "provincial")],
    ),
    # a count larger than one stays with the noun it counts
    (
        "5个工作室被授予某市“劳模和工匠创新工作室”。",
        [("某市“劳模和工匠创新工作室”", "5个工作室", "municipal")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), OTHER_SHAPES)
def test_other_shapes(text: str, expected: list[Row]) -> None:
    assert honors(text) == expected


ALL_POSITIVE = (
    [text for text, _ in LIST_SPLITTING + CONTINUED_LISTS + COUNTS_IN_TITLES]
    + [text for text, _ in RECIPIENTS + TITLE_ENDINGS + WHOLE_TITLES + CONTESTS]
    + [text for text, _ in NAMED_LISTS + RELATIVE_CLAUSES + ASIDES + REPEATS + OTHER_SHAPES]
)


@pytest.mark.parametrize("text", ALL_POSITIVE)
def test_every_field_is_grounded_in_the_source(text: str) -> None:
    found = extract_honors(text)
    assert found
    for _, h in found:
        assert h.title in text and h.recipient in text and h.evidence in text
        assert h.awarded_by is None or h.awarded_by in text


# ------------------------------------------------ 8. levels

PLACE_LEVELS: list[tuple[str, str, str]] = [
    ("", "“浙江工匠”", "provincial"),
    ("", "首批“重庆工匠”", "provincial"),
    ("", "齐鲁大工匠", "provincial"),
    ("在无锡市委的领导下", "无锡技能大师", "municipal"),
    ("位于平江县。", "平江工匠", "county"),
    ("最美县城建设", "最美驿站", "other"),  # 最美县 is no place
    ("", "优秀组织奖", "other"),
]


@pytest.mark.parametrize(("source", "title", "level"), PLACE_LEVELS)
def test_place_level(source: str, title: str, level: str) -> None:
    assert place_level(source, title) == level


def test_place_level_applies_only_when_no_level_word_does() -> None:
    text = "在无锡市委领导下，张某获评“无锡技能大师”，李某获评“江苏工匠”，王某获评全国技术能手。"
    assert [level for _, _, level in honors(text)] == ["municipal", "provincial", "national"]


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("区五一劳动奖章", "county"),
        ("“2024年区劳动竞赛先进集体”", "county"),
        ("全区示范点", "county"),
        ("区域协作奖", "other"),
    ],
)
def test_a_title_opening_with_a_district_is_county_level(title: str, level: str) -> None:
    assert honor_level(title) == level


def test_the_union_that_confers_is_the_body_not_the_recipient() -> None:
    [(_, honor)] = extract_honors("某县总工会命名表彰县级劳动模范30人。")
    assert (honor.recipient, honor.awarded_by, honor.level) == ("30人", "某县总工会", "county")


@pytest.mark.parametrize(
    ("text", "body", "recipient"),
    [
        # the union heading the clause before confers
        ("市总工会印发决定，授予6名职工“市技术能手”称号。", "市总工会", "6名职工"),
        ("会议通报了市总工会工作，授予6名职工“市技术能手”称号。", None, "6名职工"),  # not its head
        ("市总工会表彰先进集体，还授予5人市五一劳动奖章。", None, "5人"),
        # after an honor received, 同时授予 with no subject: that recipient receives it too
        ("县总工会荣获市级先进单位，同时授予市五一劳动奖状。", None, "县总工会"),
    ],
)
def test_who_confers_a_title_with_no_subject(text: str, body: str | None, recipient: str) -> None:
    last = extract_honors(text)[-1][1]
    assert (last.awarded_by, last.recipient) == (body, recipient)


@pytest.mark.parametrize(
    ("text", "honors"),
    [
        # 选树 with counts confers titles, the list running on past its nominees
        (
            "某市选树20名“某地工匠”，20名“某地工匠提名人选”，100名“某地首席技师”，"
            "18名某市“新时代最美劳动者”。",
            [
                ("“某地工匠”", "20名"),
                ("“某地首席技师”", "100名"),
                ("某市“新时代最美劳动者”", "18名"),
            ],
        ),
        # 选树 with no count is a campaign, quoted or not
        ("县总工会选树一批先进典型，选树“最美劳动者”，营造良好氛围。", []),
        ("市总工会选树劳模工匠，营造尊重劳动的氛围。", []),
        # the lead's summary told again in detail is one honor
        (
            "12人被授予某省五一劳动奖章。徐某等12人在大赛中获得第一名，被授予某省五一劳动奖章。",
            [("某省五一劳动奖章", "12人")],
        ),
        # ...but the same title for other holders is another honor
        (
            "甲公司等3家单位荣获“全国模范职工之家”称号。乙公司工会荣获“全国模范职工之家”称号。",
            [
                ("“全国模范职工之家”称号", "甲公司等3家单位"),
                ("“全国模范职工之家”称号", "乙公司工会"),
            ],
        ),
        ("某某等27位同志被评为优秀组织工作者。", [("优秀组织工作者", "某某等27位同志")]),
    ],
)
def test_conferred_lists_and_retold_honors(text: str, honors: list[tuple[str, str]]) -> None:
    assert [(h.title, h.recipient) for _, h in extract_honors(text)] == honors


# ------------------------------------------------ commended as an object, item before 入选

OBJECTS: list[tuple[str, list[Row]]] = [
    (
        "市总工会对甲公司车间等50个市“工人先锋号”、乙创新工作室等12个市职工（劳模、工匠）"
        "创新工作室予以通报。",
        [
            ("市“工人先锋号”", "甲公司车间等50个", "municipal"),
            ("市职工（劳模、工匠）创新工作室", "乙创新工作室等12个", "municipal"),
        ],
    ),
    (
        "省总工会决定，对某某集团等20家单位全省模范职工之家予以表彰。",
        [("全省模范职工之家", "某某集团等20家单位", "provincial")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), OBJECTS)
def test_counted_holders_commended_as_an_object(text: str, expected: list[Row]) -> None:
    assert honors(text) == expected


def test_the_item_before_ruxuan_is_its_subject_not_a_title() -> None:
    text = "县总工会获评全省先进县级工会、“工会+税务”双推动工作入选全省十大创新案例。"
    rows = [(h.title, h.recipient) for _, h in extract_honors(text)]
    assert ("全省十大创新案例", "“工会+税务”双推动工作") in rows
    assert all(title != "“工会+税务”双推动工作" for title, _ in rows)


def test_holders_counted_first_then_named_are_one_award_each() -> None:
    """我市1个集体和1名个人分获A、B … 其中，甲获得A，乙获得B: the count told first."""
    text = (
        "我市1个集体和1名个人分获全国五一劳动奖状、奖章，两个集体获全国工人先锋号。"
        "其中，甲公司获得全国五一劳动奖状，技师乙某获得全国五一劳动奖章，丙车间获得全国工人先锋号。"
    )
    assert [(t, r) for t, r, _ in honors(text)] == [
        ("全国五一劳动奖状", "甲公司"),
        ("全国五一劳动奖章", "技师乙某"),
        ("全国工人先锋号", "丙车间"),
    ]


def test_holders_only_counted_stay_when_none_is_named() -> None:
    text = "山东省共有10个单位荣获全国五一劳动奖状，45个集体荣获全国工人先锋号。"
    assert [(t, r) for t, r, _ in honors(text)] == [
        ("全国五一劳动奖状", "山东省共有10个单位"),
        ("全国工人先锋号", "45个集体"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "大会表彰了吕某某、童某等10名“某镇最美劳动者”，杨某、陈某某等5名“某镇工匠”。",
            [("“某镇最美劳动者”", "吕某某、童某等10名"), ("“某镇工匠”", "杨某、陈某某等5名")],
        ),
        ("区总工会对王某、赵某等4名“最美职工”予以表彰。", [("“最美职工”", "王某、赵某等4名")]),
    ],
)
def test_names_before_a_counted_title_are_its_holders(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(t, r) for t, r, _ in honors(text)] == expected
