"""Cleaning, one noise kind at a time: on the sample reports and on small synthetic
cases, asserting both what goes and what stays."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from conftest import sample

from summarizer.clean import CleanedText, clean_text


@cache
def cleaned(prefix: str) -> CleanedText:
    return clean_text(sample(prefix).read_text(encoding="utf-8"))


def kinds(c: CleanedText) -> dict[str, int]:
    return c.counts()


def removed(c: CleanedText, kind: str) -> list[str]:
    """Raw text of the edits of one kind."""
    return [c.raw[e.raw_start : e.raw_end].strip() for e in c.edits if e.kind == kind]


# ---------------------------------------------------------------- 1. boilerplate


@pytest.mark.parametrize(
    ("prefix", "crumb"),
    [("000", "當(dāng)前位置"), ("001", "您的位置"), ("003", "首页 > 政务要闻")],
)
def test_breadcrumbs_go(prefix: str, crumb: str) -> None:
    c = cleaned(prefix)
    assert any(crumb in r for r in removed(c, "breadcrumb"))
    assert "位置" not in c.text.split("\n")[0] and "首页" not in c.text


def test_breadcrumb_synthetic() -> None:
    c = clean_text("你现在的位置：网站首页 » 工会动态\n首页 > 要闻 > 正文\n" + BODY)
    assert c.counts()["breadcrumb"] == 2
    assert c.text == BODY


BODY = "今年以来，全市各级工会新增会员1,200人，建成驿站32个，服务职工5万人次。"


def test_meta_lines_go_and_feed_published() -> None:
    expected = {
        "000": date(2024, 9, 15),
        "001": date(2023, 6, 7),
        "002": date(2025, 1, 17),
        "003": date(2020, 11, 11),
        "004": None,
    }
    for prefix, published in expected.items():
        c = cleaned(prefix)
        assert c.metadata.published == published, prefix
        for word in ("阅读：", "字体", "打印", "播放", "来源：", "发布时间"):
            assert word not in c.text, (prefix, word)


def test_meta_line_synthetic() -> None:
    raw = "职工之家建设情况\n发布日期：2023-05-04 09:30  浏览次数：1024  【打印】 【关闭】\n" + BODY
    c = clean_text(raw)
    assert c.text == BODY
    assert c.metadata.published == date(2023, 5, 4)
    assert c.metadata.title == "职工之家建设情况"


def test_title_outlet_authors() -> None:
    m = cleaned("000").metadata
    assert m.title == "湖南城步：“五个一批”擦亮党员先锋底色"
    assert m.outlet == "中新网湖南" and m.authors == ("阳望春", "雷承贵", "彭洪兵")
    m = cleaned("001").metadata
    assert m.title == "湖南工会：瞄准“六强” 打造“桥头堡”"
    assert (m.outlet, m.authors) == ("中工网", ("罗晓芳",))
    m = cleaned("002").metadata
    assert m.title == "延津县总工会采取四项举措强化职工思想政治引领"
    assert (m.outlet, m.authors) == ("社区文化网", ("刘尧",))
    assert cleaned("003").metadata.title == "竹溪这五年：凝聚职工力量 精工时代宏图"
    m = cleaned("004").metadata
    assert m.title is not None and m.title.startswith("筑牢坚强堡垒 打通服务职工群众")
    assert m.authors == ("陈丽娟", "王晓颖") and m.outlet == "工人日报-中工网"


def test_title_and_byline_leave_the_body() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        c = cleaned(prefix)
        title = c.metadata.title or ""
        assert title and title not in c.text, prefix
        for author in c.metadata.authors:
            assert author not in c.text, (prefix, author)
    assert cleaned("000").text.startswith("连日来，一场规模盛大的职工拔河比赛")  # dateline gone


def test_report_without_page_furniture_keeps_its_first_paragraph() -> None:
    c = clean_text(BODY + "\n" + BODY.replace("1,200", "900"))
    assert c.metadata.title is None
    assert c.text.startswith(BODY)


def test_footers_go() -> None:
    c = cleaned("000")
    footers = removed(c, "footer")
    assert len(footers) == 3
    assert any("ICP" in f for f in footers) and any("違者" in f for f in footers)
    for word in ("ICP", "公网安备", "授权", "转载"):
        assert word not in c.text


def test_footer_synthetic_and_legal_sentence_stays() -> None:
    law = "工会联合人社部门开展执法检查，对违法用工行为依法追究法律责任，追回工资86.5万元。"
    raw = f"{BODY}\n{law}\nCopyright © 2024 某某市总工会 版权所有\n主办单位：某某市总工会\n"
    c = clean_text(raw)
    assert c.text == f"{BODY}\n{law}"
    assert c.counts()["footer"] == 2


@pytest.mark.parametrize(
    ("prefix", "credit"),
    [("000", "【編輯:高峰】"), ("003", "责任编辑:admin"), ("002", "(供稿:劉堯)")],
)
def test_credits_go(prefix: str, credit: str) -> None:
    c = cleaned(prefix)
    assert any(credit in r for r in removed(c, "credit"))
    assert "编辑" not in c.text and "供稿" not in c.text


def test_credit_at_paragraph_end_keeps_the_paragraph() -> None:
    c = cleaned("002")
    assert c.text.endswith("追回资金6.5万元。")


def test_credit_lines_synthetic() -> None:
    raw = f"{BODY}\n通讯员：张三\n（记者 李四 通讯员 王五）\n责任编辑：赵六\n"
    c = clean_text(raw)
    assert c.text == BODY
    assert c.metadata.authors == ("张三", "李四", "王五")


def test_tails_go() -> None:
    c = cleaned("001")
    assert removed(c, "tail") == ["关键词:", "最近更新"]
    assert c.text.endswith("从多角度、多方面加强基层工会建设。")


def test_tail_link_list_synthetic() -> None:
    raw = f"{BODY}\n相关阅读\n全市工会召开年度工作会议\n职工书屋建设经验交流\n"
    c = clean_text(raw)
    assert c.text == BODY and c.counts()["tail"] == 3


def test_image_note_goes() -> None:
    c = cleaned("001")
    assert removed(c, "image_note") == ["【资料图】"]
    assert "资料图" not in c.text
    inline = clean_text(f"全市职工运动会开幕【资料图】，{BODY}")
    assert inline.text == f"全市职工运动会开幕，{BODY}"


def test_lone_list_numbers_go() -> None:
    c = cleaned("003")
    assert removed(c, "list_number") == [str(n) for n in range(1, 16)]
    assert not any(re.fullmatch(r"\d+", line) for line in c.text.split("\n"))


def test_lone_number_out_of_sequence_stays() -> None:
    """A single large number on its own line may be a figure: it stays."""
    c = clean_text(f"{BODY}\n1200\n{BODY}")
    assert "1200" in c.text.split("\n")
    assert "list_number" not in c.counts()


def test_lines_with_no_content_go() -> None:
    other = BODY.replace("1,200", "900")
    c = clean_text(f"\n\n\u00a0\n{BODY}\n　\n***\n——\n{other}\n\n")
    assert c.text == f"{BODY}\n{other}"
    assert c.counts()["empty_line"] == 7
    assert "" not in cleaned("003").text.split("\n")


def test_end_mark_goes() -> None:
    c = cleaned("000")
    assert removed(c, "end_mark") == ["(完)"]
    assert c.text.endswith("注入动力。")


# ---------------------------------------------------------------- 2. captions


def test_repeated_captions_kept_once_and_marked() -> None:
    c = cleaned("000")
    captions = [c.text[a:b] for a, b in c.captions]
    assert captions == [
        "城步苗族自治县产业园区职工拔河比赛现场。",
        "邵阳市县总工会领导为城步产业园区企业授牌。",
    ]
    for caption in captions:
        assert c.text.count(caption) == 1
        assert caption in c.text.split("\n")  # its own line
    assert c.counts()["caption"] == 2


def test_caption_synthetic_and_long_repeat_is_a_duplicate() -> None:
    caption = "图为劳模工匠宣讲现场。"
    long = BODY * 3
    c = clean_text(f"{BODY}\n{caption}\n\n{caption}\n{long}\n{long}\n")
    assert c.text == f"{BODY}\n{caption}\n{long}"
    assert [c.text[a:b] for a, b in c.captions] == [caption]
    assert c.counts()["caption"] == 1 and c.counts()["duplicate_line"] == 1


# ---------------------------------------------------------------- 3. pinyin


def test_pinyin_annotations_go() -> None:
    for prefix in ("000", "002"):
        c = cleaned(prefix)
        assert kinds(c)["pinyin"] > 100
        assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,7}[)）]", c.text)
    assert "当前" not in cleaned("000").text  # 當(dāng)前位置 was a breadcrumb


def test_pinyin_synthetic_keeps_real_parentheses() -> None:
    raw = "當(dāng)前職(zhí)工(劳模)创新工作室、乡镇(街道)、QQ(qq)群和(APP)运行。"
    c = clean_text(raw)
    assert c.text == "当前职工（劳模）创新工作室、乡镇（街道）、QQ(qq)群和（APP）运行。"
    assert kinds(c)["pinyin"] == 2


def test_pinyin_with_a_space_inside_the_brackets() -> None:
    """Scrapers copy ruby text with its padding: 會(huì ), 樂（ lè）."""
    c = clean_text("全國工會(huì )驛站，甘肅民樂（ lè）縣建成3個，工會( huì)   (QQ )群")
    assert c.text == "全国工会驿站，甘肃民乐县建成3个，工会（QQ）群"
    assert kinds(c)["pinyin"] == 3


def test_pinyin_fullwidth_parentheses() -> None:
    c = clean_text("發（fā）展職工會員（huì yuán）")
    assert c.text == "发展职工会员（huì yuán）"


# ---------------------------------------------------------------- 4. t2s


def test_traditional_samples_become_simplified() -> None:
    for prefix in ("000", "002", "004"):
        c = cleaned(prefix)
        assert kinds(c)["t2s"] > 0
        for trad in "會職發務動實強導縣區網業議":
            assert trad not in c.text, (prefix, trad)


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("幹部", "干部"),
        ("乾淨", "干净"),
        ("乾坤", "乾坤"),
        ("著名", "著名"),
        ("顯著", "显著"),
        ("隨著", "随着"),
        ("接著", "接着"),
        ("著力", "着力"),
        ("著手", "着手"),
        ("意味著", "意味着"),
        ("範圍", "范围"),
        ("於是", "于是"),
        ("覆蓋", "覆盖"),
        ("皇后", "皇后"),
        ("以後", "以后"),
        ("頭髮", "头发"),
        ("發展", "发展"),
        ("麵條", "面条"),
        ("製造", "制造"),
        ("瞭解", "了解"),
        ("徵求", "征求"),
        ("餘額", "余额"),
        ("穀物", "谷物"),
        ("臺灣", "台湾"),
        ("颱風", "台风"),
        ("準確", "准确"),
        ("週年", "周年"),
        ("關係", "关系"),
        ("聯繫", "联系"),
        ("才幹", "才干"),
        ("憑藉", "凭借"),
        ("慰藉", "慰藉"),
        ("裡面", "里面"),
        ("鬥爭", "斗争"),
        ("彙報", "汇报"),
        ("甚麼", "什么"),
        ("晉陞", "晋升"),
        ("瀋陽", "沈阳"),
    ],
)
def test_t2s_words_easy_to_get_wrong(traditional: str, simplified: str) -> None:
    c = clean_text(f"工會{traditional}職工")
    assert c.text == f"工会{simplified}职工"


def test_simplified_text_is_left_alone() -> None:
    c = cleaned("001")
    assert "t2s" not in kinds(c)
    assert ("着力推行" in c.text and "显著" not in c.raw) or "显著" in c.text


def test_t2s_runs_after_pinyin_removal() -> None:
    assert clean_text("發(fā)布").text == "发布"


# ---------------------------------------------------------------- 5. punctuation


def test_stacked_punctuation_in_002() -> None:
    c = cleaned("002")
    assert kinds(c)["punct"] > 50
    for stacked in (",,", "，，", ",、", "，、", ",。", "，。"):
        assert stacked not in c.text
    assert "去年以来，延津县总工会" in c.text
    assert "二十届二中、三中全会" in c.text
    assert "作出新的更大贡献。2024年" in c.text


def test_fullwidth_in_chinese_ascii_in_numbers_and_english() -> None:
    raw = "职工,会员:共1,160人;占3.59%,好!Hello, world: ok; (QQ) 乡镇(街道)。时间 12:30"
    c = clean_text(raw)
    assert (
        c.text
        == "职工，会员：共1,160人；占3.59%，好！Hello, world: ok; (QQ) 乡镇（街道）。时间 12:30"
    )


def test_broken_entities() -> None:
    c = clean_text("筑牢堡垒&#3一包養網2;打通服务&nbsp;职工&#20013;国&amp;&#3")
    assert c.text == "筑牢堡垒 打通服务 职工中国&"
    assert kinds(c)["entity"] == 5
    assert removed(cleaned("004"), "entity") == ["&#3一包養網2;"]


def test_stray_marks() -> None:
    c = clean_text("，职工运动会开幕。 .全市工会，，参与，。")
    assert c.text == "职工运动会开幕。全市工会，参与。"


# ---------------------------------------------------------------- 6. mojibake


def test_002_damage_is_kept_and_reported() -> None:
    c = cleaned("002")
    spans = [d.text for d in c.damaged]
    assert spans == ["?qū)", "??h", "?", "?qū)"]
    assert any("source is damaged: 4 mojibake span(s)" in w for w in c.warnings)
    for d in c.damaged:
        assert c.text[d.start : d.end] == d.text
        assert c.raw[d.raw_start : d.raw_end] == d.text


def test_002_misaligned_gbk_bytes_are_resynchronized() -> None:
    """嵺` is 實踐 in GBK read one byte late: the second character comes back."""
    c = cleaned("002")
    assert removed(c, "mojibake") == ["嵺`", "嵺`"]
    assert "延津?qū)践建功立业" in c.text and "嵺" not in c.text


def test_mojibake_repair_synthetic() -> None:
    utf8_as_gbk = "工会会员".encode().decode("gbk")
    utf8_as_latin = "职工之家".encode().decode("latin-1")
    c = clean_text(f"全市{utf8_as_gbk}新增1200人，{utf8_as_latin}建成32个。")
    assert c.text == "全市工会会员新增1200人，职工之家建成32个。"
    assert kinds(c)["mojibake"] == 2
    assert not c.damaged


def test_genuine_question_marks_are_not_damage() -> None:
    c = cleaned("004")
    assert not c.damaged
    assert "合法权益如何维护？这一年" in c.text


def test_replacement_character_is_damage() -> None:
    c = clean_text("工会\ufffd\ufffd职工")
    assert [d.text for d in c.damaged] == ["\ufffd\ufffd"]
    assert c.warnings and "damaged" in c.warnings[0]


# ---------------------------------------------------------------- 7. spam


def test_spam_tokens_all_go_from_004() -> None:
    c = cleaned("004")
    for token in ("包养", "甜心", "VIP", "单次", "行情", "情妇"):
        assert token not in c.text, token
    assert kinds(c)["spam"] >= 30


@pytest.mark.parametrize(
    ("glued", "clean"),
    [
        ("持续加包养网大力度", "持续加大力度"),
        ("维包养权模式", "维权模式"),
        ("全包养故事省", "全省"),
        ("饮水包养感情机", "饮水机"),
        ("新包养网VIP增会员", "新增会员"),
        ("吉安包养网市", "吉安市"),
        ("吸纳新甜心花园就业", "吸纳新就业"),
        ("身包养网单次体", "身体"),
    ],
)
def test_spam_glued_inside_words(glued: str, clean: str) -> None:
    assert clean_text(f"工会{glued}职工").text == f"工会{clean}职工"


def test_spam_lines_go_whole_and_legitimate_words_stay() -> None:
    raw = f"包养网\n{BODY}\n 甜心花园 包养行情 \n承包养殖户和外包养护工人加入工会。\n"
    c = clean_text(raw)
    assert c.text == f"{BODY}\n承包养殖户和外包养护工人加入工会。"


def test_spam_lexicon_is_user_extendable(tmp_path) -> None:
    from summarizer.config import PROVIDERS, Credentials, Settings

    extra = tmp_path / "spam.txt"
    extra.write_text("# my spam\n代开发票\n[allow]\n承包养殖\n", encoding="utf-8")
    settings = Settings(Credentials(None, None, None, PROVIDERS["generic"]), spam_lexicon=extra)
    c = clean_text(f"工会代开发票职工包养网{BODY}", settings)
    assert c.text == f"工会职工{BODY}"


# ---------------------------------------------------------------- 7b. fiction


def test_fiction_sentences_go_from_004() -> None:
    c = cleaned("004")
    for fiction in ("嘴巴", "女儿", "妈妈", "吩咐", "泪水", "丈夫", "山腰", "女孩就是女孩", "蓝沐"):
        assert fiction not in c.text, fiction
    assert kinds(c)["fiction"] == 6


def test_fiction_cut_keeps_the_host_sentence() -> None:
    c = cleaned("004")
    assert "去年9月“县级工会加强年”专项工作开展以来" in c.text
    assert "讲党史故事、音乐剧、现代京剧、歌曲" in c.text
    assert (
        "其中投入使用已达65个；乡镇街道和产业园区职工活动场所投入使用389个，在建112个。" in c.text
    )
    assert "县级工会是衔接" in c.text


def test_genuine_quotes_and_profiles_stay() -> None:
    c = cleaned("004")
    assert "“累了能歇脚、渴了有水喝、没电可充电、饭凉能加热、应急有药品，太方便了。”" in c.text
    assert "老李从饮水机里接了一杯热水" in c.text
    c1 = cleaned("001")
    assert "为我们提供了舒适的休息场所！”" in c1.text
    for prefix in ("000", "001", "002", "003"):
        assert "fiction" not in kinds(cleaned(prefix)), prefix


def test_fiction_synthetic_conservative() -> None:
    keep = "他扎根一线20年，带出徒弟50余人，她说：“工会就是我们的娘家！”"
    fiction = "她低下头，泪水止不住地流，妈妈连忙把她搂在怀里。"
    c = clean_text(f"{keep}{fiction}全市新增会员300人。")
    assert c.text == f"{keep}全市新增会员300人。"


def test_fiction_glued_after_a_statistic_is_cut_but_the_statistic_stays() -> None:
    c = clean_text("已建成驿站65个他连忙向她道歉，安慰她，低下；社区新建职工书屋12个。")
    assert c.text == "已建成驿站65个；社区新建职工书屋12个。"


# ---------------------------------------------------------------- 8. spin


def test_004_is_spun_and_restored() -> None:
    c = cleaned("004")
    assert c.spun and c.spin_score > 10
    for spun in (
        "休息者",
        "失业形状",
        "年夜",
        "办事",
        "下层",
        "笼罩",
        "扶植",
        "经由过程",
        "思惟",
        "周全",
    ):
        assert spun not in c.text, spun
    for original in (
        "劳动者",
        "新就业形态",
        "县级工会加强年",
        "专项工作",
        "服务职工",
        "基层工会",
        "全覆盖",
        "干部队伍建设",
        "通过",
        "习近平新时代中国特色社会主义思想为指导",
        "认真贯彻落实",
        "十大实事项目",
        "南昌大学体育馆",
        "工人文化宫",
        "全民健身",
    ):
        assert original in c.text, original
    assert any("synonym-spun" in w for w in c.warnings)


def test_opencc_restoration_equals_the_regex_reference() -> None:
    from summarizer.spin import SpinVerdict, _restore_with_regex, restore, spin_table

    table = spin_table()
    spun = SpinVerdict(True, 99.0, 99)
    texts = [cleaned("004").raw, "年夜饭年夜会经由过程办事处办事，design进一个步骤\n可以或许"]
    for text in texts:
        simplified = clean_text(text, passes=()).text  # the raw text, untouched
        assert restore(simplified, table, spun) == _restore_with_regex(simplified, table)


def test_genuine_reports_are_not_spun() -> None:
    for prefix in ("000", "001", "002", "003"):
        c = cleaned(prefix)
        assert not c.spun and c.spin_score < 1.0, prefix
        assert "spin" not in kinds(c)
    assert "休息场所" in cleaned("001").text  # 休息 is a normal word
    assert "9700多名失业或待业人员实现再就业" in cleaned("003").text


def test_spin_table_never_touches_a_genuine_text() -> None:
    text = "职工休息室建成12个，帮助失业人员再就业，任务完成，办事处服务到位。"
    c = clean_text(text)
    assert c.text == text and not c.spun


def test_spin_table_is_user_extendable(tmp_path) -> None:
    from summarizer.config import PROVIDERS, Credentials, Settings

    extra = tmp_path / "spin.tsv"
    extra.write_text("[pair]\n职业工人\t产业工人\t3\n", encoding="utf-8")
    settings = Settings(Credentials(None, None, None, PROVIDERS["generic"]), spin_table=extra)
    spun = "经由过程扶植下层工会，笼罩职业工人，可以或许办事职工。" * 2
    c = clean_text(spun, settings)
    assert c.spun and c.text.startswith("通过建设基层工会，覆盖产业工人，能够服务职工。")


# ---------------------------------------------------------------- HTML input


def test_html_page_is_stripped_and_offsets_point_into_the_html() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>工会工作报告_某某网</title>"
        "<style>p{color:red}</style><script>var a='职工';</script></head><body>"
        "<div class='crumb'>当前位置：首页 &gt; 工会动态</div>"
        "<h1>工会工作报告</h1><p>今年以来，全市工会新增会员<b>1,200</b>人，"
        "建成驿站32个。</p><p>服务职工5万人次&nbsp;，惠及困难职工300户。</p>"
        "<!-- footer --><div>版权所有 某某市总工会</div></body></html>"
    )
    c = clean_text(html)
    assert (
        c.text
        == "今年以来，全市工会新增会员1,200人，建成驿站32个。\n服务职工5万人次，惠及困难职工300户。"
    )
    assert c.metadata.title == "工会工作报告"
    assert "html" in kinds(c)
    i = c.text.index("1,200")
    a, b = c.to_raw(i, i + 5)
    assert html[a:b] == "1,200"


# ---------------------------------------------------------------- generalization guards


def test_report_sentences_with_footer_words_stay() -> None:
    keep = [
        "本次比赛主办单位：市总工会，承办单位：市体育局，共有32支队伍参赛。",
        "开通12351职工维权热线和举报电话，全年受理职工投诉320件。",
        "对拒不支付劳动报酬的，违者依法追究法律责任，追回工资86.5万元。",
    ]
    raw = "\n".join([*keep, "主办单位：某某市总工会", "联系我们 | 网站地图 | 设为首页"])
    c = clean_text(raw)
    assert c.text == "\n".join(keep)
    assert c.counts()["footer"] == 2


def test_a_column_of_figures_is_not_a_list() -> None:
    c = clean_text(f"{BODY}\n12\n35\n87\n{BODY.replace('1,200', '900')}")
    assert [line for line in c.text.split("\n") if line.isdigit()] == ["12", "35", "87"]


def test_a_few_rare_genuine_words_do_not_make_a_text_spun() -> None:
    text = "大家都会积极参与，意见分歧时考虑周全，破除封建迷信，敢于标新立异，扶植民族品牌。" * 3
    c = clean_text(text)
    assert not c.spun and c.text == text


def test_workers_words_and_narrative_around_report_words_stay() -> None:
    keep = (
        "“以前下班没地方歇脚，现在有了驿站，我妈妈都说工会真贴心！”环卫工人张大姐说。"
        "她妈妈说工会帮了大忙。张师傅笑着说：“你看，这就是我们的新家。”"
    )
    c = clean_text(keep + "萧炎冷笑一声，转身离开了大殿。全市新增驿站30个。")
    assert c.text == keep + "全市新增驿站30个。"


def test_fiction_ending_a_paragraph_leaves_a_full_stop() -> None:
    c = clean_text("全市新增驿站30个他连忙向她道歉，安慰她。\n积极开展，她哭着吩咐道：“妈妈别走！”")
    assert c.text == "全市新增驿站30个。\n积极开展。"


def test_a_document_of_another_spinner_gets_only_that_spinners_rows() -> None:
    """农夫工/凝合力 are spinner b's; spinner a's ordinary rows (领导 → 指导, 完成 →
    实现) would rewrite this document's genuine words, so they stay."""
    spun = (
        "我乡工会在乡党委的正确领导下，依靠社会各界力气和广阔工会会员，较好地完成了各项任务。"
        "全年帮助20名农夫工收到了工资，特殊是对困难农夫工进行了帮扶，增加了职工的凝合力。"
    )
    c = clean_text(spun)
    assert c.spun
    assert "正确领导下" in c.text and "较好地完成了" in c.text
    assert "农民工" in c.text and "凝聚力" in c.text and "特别是" in c.text


def test_the_spin_converter_leaves_no_files_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """opencc reads its dictionary when the converter is built; the files go at once
    (a batch worker ends with os._exit, so nothing kept until exit would be removed)."""
    import tempfile

    from summarizer.spin import _opencc_converter

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    convert = _opencc_converter.__wrapped__((("休息者", "劳动者"), ("年夜", "大")))
    assert convert is not None
    assert convert("广大休息者年夜会") == "广大劳动者大会"
    assert list(tmp_path.iterdir()) == []
