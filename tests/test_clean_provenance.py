"""Provenance and safety of cleaning: the JSON counts, the ``clean --removed``
listing, the word lists, and the promise that no statistic of a report is lost."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from conftest import SAMPLES, sample

from summarizer.clean import CleanedText, clean, clean_command, clean_text, describe_edits
from summarizer.clean_chars import opencc_t2s
from summarizer.clean_lexicon import builtin, parse_sections
from summarizer.config import PROVIDERS, Credentials, Settings
from summarizer.load import load
from summarizer.numerals import find_statistics
from summarizer.spin import SpinVerdict, restore, spin_table

SETTINGS = Settings(Credentials(None, None, None, PROVIDERS["generic"]))


@cache
def cleaned(prefix: str) -> CleanedText:
    return clean(load(sample(prefix)), SETTINGS)


def run_clean(tmp_path: Path, prefix: str, *, removed: bool, as_json: bool) -> str:
    out = tmp_path / f"{prefix}.out"
    code = clean_command(
        str(sample(prefix)), SETTINGS, removed=removed, as_json=as_json, output=out
    )
    assert code == 0
    return out.read_text(encoding="utf-8")


# ---------------------------------------------------------------- never lose content

_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zü\u00e0-\u01dc]{1,7}[)）]")


def raw_body(c: CleanedText) -> str:
    """The report body of the raw page: its paragraphs, in simplified characters.

    A paragraph is a line of 40 characters or more with sentence punctuation;
    pinyin annotations are dropped (they are not text), and a spun page is
    read in its restored wording, as the gold files do.
    """
    text = opencc_t2s()(_PINYIN.sub("", c.raw))
    lines = [line.strip() for line in text.splitlines()]
    body = "\n".join(line for line in lines if len(line) >= 40 and re.search(r"[，。,]", line))
    if c.spun:
        body, patches = restore(body, spin_table(), SpinVerdict(True, 99.0, 99))
        for a, b, new, _, _ in reversed(patches):
            body = body[:a] + new + body[b:]
    return body


def statistics(text: str) -> Counter[tuple[object, str]]:
    return Counter((m.value.normalize(), m.unit) for m in find_statistics(text))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name[:3] for p in SAMPLES])
def test_every_statistic_of_the_raw_body_is_still_there(path: Path) -> None:
    c = cleaned(path.name[:3])
    before = statistics(raw_body(c))
    after = statistics(c.text)
    assert sum(before.values()) >= 15  # the body really was found
    assert before - after == Counter(), "statistics lost by cleaning"


def test_statistics_survive_synthetic_noise() -> None:
    raw = (
        "当前位置：首页 > 新闻\n工会工作报告\n"
        "全市新增会员1,200人包养网，建成驿站32個,,服務職工5萬人次。她哭着说：“妈妈，我错了！”\n"
        "1\n帮扶困难职工683户，发放资金279.136万元；覆盖率达95%以上。\n责任编辑：张三\n"
    )
    c = clean_text(raw)
    for figure in ("1,200人", "32个", "5万人次", "683户", "279.136万元", "95%以上"):
        assert figure in c.text


# ---------------------------------------------------------------- JSON counts


def test_json_counts_match_the_edits(tmp_path: Path) -> None:
    for prefix in ("000", "002", "004"):
        payload = json.loads(run_clean(tmp_path, prefix, removed=True, as_json=True))
        assert payload["counts"] == dict(Counter(e["kind"] for e in payload["edits"]))
        assert payload["counts"] == cleaned(prefix).counts()
        for e in payload["edits"][:50]:
            assert set(e) == {"kind", "raw_start", "raw_end", "raw", "before", "after", "reason"}
            assert re.fullmatch(r"[a-z0-9_]+", e["kind"])


def test_json_reports_metadata_damage_and_spin(tmp_path: Path) -> None:
    p002 = json.loads(run_clean(tmp_path, "002", removed=True, as_json=True))
    assert p002["damaged"]["count"] == 4
    assert [d["text"] for d in p002["damaged"]["spans"]] == ["?qū)", "??h", "?", "?qū)"]
    assert p002["metadata"]["published"] == "2025-01-17"
    p004 = json.loads(run_clean(tmp_path, "004", removed=False, as_json=True))
    assert p004["spin"]["spun"] is True and p004["counts"]["spin"] > 50
    assert p004["counts"]["spam"] >= 30 and p004["counts"]["fiction"] == 6
    assert p004["text"] == cleaned("004").text and "edits" not in p004


def test_sample_counts_per_kind() -> None:
    c000, c003 = cleaned("000").counts(), cleaned("003").counts()
    assert c000["caption"] == 2 and c000["footer"] == 3 and c000["breadcrumb"] == 1
    assert c003["list_number"] == 15 and c003["credit"] == 1
    assert cleaned("001").counts()["image_note"] == 1


# ---------------------------------------------------------------- clean --removed


def test_removed_listing(tmp_path: Path) -> None:
    listing = run_clean(tmp_path, "000", removed=True, as_json=False)
    lines = listing.splitlines()
    counts = cleaned("000").counts()
    assert lines[0] == f"# {sum(counts.values())} edits: " + ", ".join(
        f"{k} {n}" for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    assert "# title: 湖南城步：“五个一批”擦亮党员先锋底色" in lines
    assert "# authors: 阳望春、雷承贵、彭洪兵" in lines
    body = [line for line in lines if not line.startswith("#")]
    assert len(body) == sum(counts.values())
    assert any(
        line.startswith("caption") and "城步苗族自治縣" in line and "拔河比赛现场" in line
        for line in body
    )  # the raw text, and the text as the pass saw it
    assert any(re.match(r"t2s +raw\[\d+:\d+\] .*會→会", line) for line in body)
    assert any(line.startswith("footer") and "ICP" in line for line in body)


def test_removed_listing_shows_damage_and_spin(tmp_path: Path) -> None:
    listing = run_clean(tmp_path, "002", removed=True, as_json=False)
    assert "# damaged spans kept: 4" in listing and "'??h'" in listing
    listing = run_clean(tmp_path, "004", removed=True, as_json=False)
    assert "spun: table applied" in listing
    assert re.search(r"^spin +raw\[\d+:\d+\] .*休息者→劳动者", listing, re.M)  # a line
    assert re.search(
        r"^spin +raw\[\d+:\d+\] '經由過程' \[as seen: '经由过程'\] → '通过'", listing, re.M
    )
    assert re.search(r"^fiction +raw\[\d+:\d+\] '“別以為你的嘴巴.*as seen: '“别以为", listing, re.M)


def test_plain_output_is_the_cleaned_text(tmp_path: Path) -> None:
    assert run_clean(tmp_path, "001", removed=False, as_json=False) == cleaned("001").text + "\n"


def test_describe_edits_on_a_clean_text() -> None:
    c = clean_text("职工之家建设稳步推进。")
    assert describe_edits(c).startswith("# 0 edits: \n# title: -")


# ---------------------------------------------------------------- word lists


def test_data_files_parse_and_ship() -> None:
    for name in (
        "spam_tokens.txt",
        "fiction_vocab.tsv",
        "spin_pairs.tsv",
        "boilerplate.txt",
        "t2s_fixes.txt",
    ):
        sections = parse_sections(builtin(name), "default")
        assert sections and all(rows for rows in sections.values()), name


def test_spin_table_is_broad_and_well_formed() -> None:
    rows = parse_sections(builtin("spin_pairs.tsv"), "pair")["pair"]
    assert len(rows) >= 100
    assert all(len(r) in (3, 4) and float(r[2]) >= 0 for r in rows)  # a 4th: the spinner
    keys = [r[0] for r in rows]
    assert len(keys) == len(set(keys))
    table = dict((r[0], r[1]) for r in rows)
    for spun, original in (
        ("休息者", "劳动者"),
        ("失业", "就业"),
        ("年夜", "大"),
        ("办事", "服务"),
        ("任务", "工作"),
        ("扶植", "建设"),
        ("笼罩", "覆盖"),
        ("下层", "基层"),
        ("进修", "学习"),
        ("思惟", "思想"),
        ("周全", "全面"),
        ("成长", "发展"),
        ("当真", "认真"),
        ("晋升", "提升"),
        ("处所", "地方"),
        ("立异", "创新"),
        ("持久", "长期"),
        ("聪明", "智慧"),
    ):
        assert table[spun] == original
    assert all(not re.search(r"[會職發務動實強導縣區網業]", r[1]) for r in rows)  # simplified


def test_every_footer_pattern_has_a_trigger() -> None:
    from summarizer.boilerplate import _triggers

    sections = parse_sections(builtin("boilerplate.txt"), "x")
    rows = sections["footer"] + sections["footer_nav"]
    assert all(_triggers([row]) for row in rows)
    for row in rows:
        re.compile(" ".join(row))


def test_bad_user_word_list_is_a_clear_error(tmp_path: Path) -> None:
    from summarizer.errors import ConfigError

    missing = Settings(SETTINGS.credentials, spam_lexicon=tmp_path / "nope.txt")
    with pytest.raises(ConfigError, match="not found"):
        clean_text("工会", missing)
