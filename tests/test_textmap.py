"""The offset map: the fast edit buffer agrees with TextState, and after cleaning,
any span of the cleaned text maps back to a raw span (hypothesis)."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.clean import CleanedText, clean_text
from summarizer.clean_state import EditBuffer, raw_spans, shifted
from summarizer.textmap import Change, TextState

# ---------------------------------------------------------------- EditBuffer == TextState


@st.composite
def change_batches(draw: st.DrawFn, length: int) -> list[Change]:
    """Non-overlapping changes over a text of ``length`` characters, insertions included."""
    points = sorted(draw(st.sets(st.integers(0, length), max_size=12)))
    changes = []
    for a, b in zip(points[::2], points[1::2], strict=False):
        replacement = draw(st.sampled_from(["", "x", "十万", "\n"]))
        changes.append(Change(a, b, replacement, draw(st.sampled_from(["k1", "k2"])), "r"))
    if points and len(points) % 2 and draw(st.booleans()):
        changes.append(Change(points[-1], points[-1], "ins", "k3", "insertion"))
    return changes


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="ab工會\n ", max_size=40), st.data())
def test_edit_buffer_composes_maps_exactly_like_text_state(raw: str, data: st.DataObject) -> None:
    reference, fast = TextState(raw), EditBuffer(raw)
    for _ in range(data.draw(st.integers(1, 5))):
        batch = data.draw(change_batches(len(reference.text)))
        reference.apply(batch)
        fast.apply(batch)
        assert fast.text == reference.text
        assert list(fast.map.pieces()) == list(reference.map.pieces())
        assert fast.edits == reference.edits


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab工會\n", min_size=1, max_size=40), st.data())
def test_raw_spans_walk_equals_to_raw(raw: str, data: st.DataObject) -> None:
    buf = EditBuffer(raw)
    buf.apply(data.draw(change_batches(len(raw))))
    n = len(buf.text)
    if n == 0:
        return
    cuts = sorted(data.draw(st.sets(st.integers(0, n), min_size=2, max_size=10)))
    spans = [(a, b) for a, b in pairwise(cuts) if b > a]
    assert raw_spans(buf.map, spans) == [buf.map.to_raw(a, b) for a, b in spans]


def test_apply_all_drops_overlaps_and_earlier_finders_win() -> None:
    buf = EditBuffer("工會發(fā)布,,新聞")
    applied = buf.apply_all(
        [
            lambda t: [(3, 7, "", "pinyin", "annotation")],
            lambda t: [(2, 4, "X", "other", "overlaps the pinyin"), (8, 10, "，", "punct", "")],
        ]
    )
    assert [p[3] for p in applied] == ["pinyin", "punct"]
    assert buf.text == "工會發布，新聞"
    assert buf.map.to_raw(4, 5) == (8, 10)


def test_replace_lines_keeps_the_map_and_records_lines() -> None:
    buf = EditBuffer("工會\n職工\n好")
    assert buf.replace_lines("工会\n职工\n好", "t2s", "opencc") == 2
    assert buf.map.to_raw(3, 5) == (3, 5)
    assert [(e.kind, e.raw_start, e.raw_end) for e in buf.edits] == [("t2s", 0, 2), ("t2s", 3, 5)]


def test_shifted_positions() -> None:
    patches = [(2, 5, "x", "k", "r"), (8, 8, "ab", "k", "r")]
    assert shifted([0, 2, 6, 9], patches) == [0, 2, 4, 9]


# ---------------------------------------------------------------- cleaned → raw

FRAGMENTS = [
    "工會",
    "職工",
    "發(fā)布",
    "會員(huì)",
    "乡镇(街道)",
    ",,",
    ",、",
    ",。",
    "，",
    "。",
    " ",
    "  ",
    "\u00a0",
    "\n",
    "\n\n",
    "\r\n",
    "12",
    "3.59萬元",
    "1,160人",
    "包養網",
    "甜心花園",
    "&nbsp;",
    "&amp;",
    "&#3一包養網2;",
    "当前位置：首页 > 新闻\n",
    "【资料图】",
    "责任编辑：张三\n",
    "(供稿:刘尧)",
    "\n1\n",
    "她哭着吩咐道，",
    "“对不起，妈妈！”",
    "经由过程",
    "休息者",
    "年夜",
    "扶植下层",
    "嵺`",
    "??h",
    "<p>",
    "</div>",
    "ICP备05004340号",
    "城步县总工会新增会员504人。",
]


@st.composite
def noisy_reports(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noisy_reports(), st.data())
def test_any_cleaned_span_maps_back_to_a_raw_span(raw: str, data: st.DataObject) -> None:
    c = clean_text(raw)
    n = len(c.text)
    assert c.offsets.length == n
    s = data.draw(st.integers(0, n))
    e = data.draw(st.integers(s, n))
    a, b = c.to_raw(s, e)
    assert 0 <= a <= b <= len(raw)
    if e > s:
        assert b > a  # every cleaned character came from some raw text
    inner_s = data.draw(st.integers(s, e))
    inner_e = data.draw(st.integers(inner_s, e))
    ia, ib = c.to_raw(inner_s, inner_e)
    if inner_e > inner_s:
        assert a <= ia <= ib <= b  # a sub-span maps inside the span


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noisy_reports())
def test_map_is_monotonic_and_digits_map_to_themselves(raw: str) -> None:
    c = clean_text(raw)
    previous = (0, 0)
    for i, ch in enumerate(c.text):
        a, b = c.to_raw(i, i + 1)
        assert a >= previous[0] and b >= previous[1]
        previous = (a, b)
        if ch.isdigit():
            assert ch in raw[a:b]


@cache
def cleaned_sample(index: int) -> CleanedText:
    return clean_text(SAMPLES[index].read_text(encoding="utf-8"))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(SAMPLES) - 1), st.data())
def test_sample_spans_map_back(index: int, data: st.DataObject) -> None:
    c = cleaned_sample(index)
    s = data.draw(st.integers(0, len(c.text)))
    e = data.draw(st.integers(s, min(len(c.text), s + 200)))
    a, b = c.to_raw(s, e)
    assert 0 <= a <= b <= len(c.raw)
    digits = re.sub(r"\D", "", c.text[s:e])
    raw_digits = iter(re.sub(r"\D", "", c.raw[a:b]))
    assert all(d in raw_digits for d in digits)  # a subsequence: removed list numbers interleave


def test_every_statistic_of_every_sample_maps_to_the_same_digits() -> None:
    for index in range(len(SAMPLES)):
        c = cleaned_sample(index)
        for m in re.finditer(r"\d+(?:[.,]\d+)*", c.text):
            a, b = c.to_raw(m.start(), m.end())
            assert c.raw[a:b] == m.group(), (SAMPLES[index].name, m.group())


def test_edits_are_located_in_the_raw_text() -> None:
    for index in range(len(SAMPLES)):
        c = cleaned_sample(index)
        for e in c.edits:
            assert 0 <= e.raw_start <= e.raw_end <= len(c.raw)
            if e.kind in ("pinyin", "entity"):  # made on the raw text itself
                assert c.raw[e.raw_start : e.raw_end] == e.before
