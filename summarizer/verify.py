"""Stage 6, verify: the cross-check of every number and quote against the source.

Validation first builds a :class:`~summarizer.models.Verification` report (what
was checked, what was found, a flag for each item that was not); a separate
:func:`enforce` policy then decides whether flags only warn or fail the run
(``--strict``). Flagged items are shown, never dropped.

A number counts as found when its text occurs in the source, or when a number in
the source has the same value once Chinese notation is normalized:

>>> idx = SourceIndex.build("安排3.59万元开展走访慰问，覆盖职工1.2万余人次。")
>>> [f.path for f in check_report(_report(numbers=[("35900元", 35900, "元")]), idx).flags]
[]
>>> [f.kind for f in check_report(_report(numbers=[("3.6万元", 36000, "元")]), idx).flags]
['number_not_in_source']

A quote counts as found when it is a substring of the cleaned source after
whitespace and punctuation are normalized (full-width → half-width, spaces out).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from typing import NamedTuple

from .errors import StrictFailure
from .models import Flag, KeyNumber, MissedStatistic, UnionWorkReport, Verification
from .numerals import (
    NumberMention,
    NumberScan,
    find_numbers,
    is_reportable,
    parse_quantity,
    same_value,
)

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_PUNCT = {
    "，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "！": "!", "？": "?",
    "（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"',
    "『": '"', "』": '"', "《": "<", "》": ">", "〈": "<", "〉": ">", "【": "[", "】": "]",
    "—": "-", "－": "-", "～": "~", "…": ".", "·": ".", "•": ".", "\u3000": " ",
}  # fmt: skip
_HALF = {**_FULLWIDTH, **_PUNCT}
_TO_HALF = re.compile("[" + re.escape("".join(_HALF)) + "]")
# Dropped when normalizing: whitespace, and the repeats of a mark (spaces between
# them included); group 1 is the mark a run keeps. Written to open with a character
# class (the lookbehinds tell mark from space) so that the regex engine skips fast
# to the few places that can match: 2x faster than ``([,.;:!?"'~-])(?:\s*\1)+|\s+``.
_SKIP = re.compile(r"""[\s,.;:!?"'~-](?:(?<=([,.;:!?"'~-]))(?:\s*\1)+|(?<=\s)\s*)""")


def _kept(skipped: re.Match[str]) -> str:
    """What stays of a run :data:`_SKIP` found: its mark, or nothing for spaces."""
    # a function, not the template r"\1": re.sub parses a template on every call
    return skipped[1] or ""


def _half_width(text: str) -> str:
    """Full-width forms and CJK punctuation in their one half-width form.

    >>> _half_width("发放３３.２万元，，送去“温暖”")
    '发放33.2万元,,送去"温暖"'
    """
    # str.translate looks every CJK character up in the table (slow); replacing
    # only the few marks present is 4x faster. No replacement is itself a key.
    for mark in set(_TO_HALF.findall(text)):
        text = text.replace(mark, _HALF[mark])
    return text


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize for quote matching, keeping each kept character's original offset.

    Whitespace goes, punctuation takes one half-width form, and runs of the same
    mark collapse to one.

    >>> normalize_with_map("发放 33.2万元，，送去“温暖”")
    ('发放33.2万元,送去"温暖"', [0, 1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16])
    """
    normalized, runs = _normalize_runs(text)
    ends = [*runs.starts[1:], len(normalized)]
    positions = [
        p
        for a, b, o in zip(runs.starts, ends, runs.origins, strict=True)
        for p in range(o, o + b - a)
    ]
    return normalized, positions


class _Runs(NamedTuple):
    """Where the normalized text comes from: the stretch of it starting at ``starts[k]``
    is an unchanged copy of the text from ``origins[k]`` on."""

    starts: tuple[int, ...]
    origins: tuple[int, ...]

    def original(self, at: int) -> int:
        """The offset in the text of normalized character ``at``."""
        k = bisect_right(self.starts, at) - 1
        return self.origins[k] + at - self.starts[k]


def _normalize_runs(text: str) -> tuple[str, _Runs]:
    """The normalized text and its :class:`_Runs` (a few per paragraph, where a full
    offset map has one entry per character).

    >>> normalized, runs = _normalize_runs("发放 33.2万元，，送去")
    >>> normalized, runs, runs.original(2)
    ('发放33.2万元,送去', _Runs(starts=(0, 2, 9), origins=(0, 3, 11)), 3)
    """
    return _collapse(_half_width(text))


def _collapse(translated: str) -> tuple[str, _Runs]:
    """:func:`_normalize_runs` of text already in :func:`_half_width` form."""
    pieces: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    pos = size = 0
    for m in _SKIP.finditer(translated):
        keep = m.start() + 1 if m.group(1) else m.start()  # a collapsed run keeps its first mark
        if keep > pos:
            pieces.append(translated[pos:keep])
            starts.append(size)
            origins.append(pos)
            size += keep - pos
        pos = m.end()
    if pos < len(translated) or not starts:
        pieces.append(translated[pos:])
        starts.append(size)
        origins.append(pos)
    return "".join(pieces), _Runs(tuple(starts), tuple(origins))


@lru_cache(maxsize=4096)
def normalize_quote(text: str) -> str:
    """The normalized form alone.

    >>> normalize_quote("发放慰问金 33.2万元，，送去“温暖”")
    '发放慰问金33.2万元,送去"温暖"'
    """
    return _SKIP.sub(_kept, _half_width(text))


def normalize_pieces(text: str, spans: Iterable[tuple[int, int]]) -> list[str]:
    """``normalize_quote(text[a:b])`` for each span, translating ``text`` only once.

    >>> normalize_pieces("新增会员 504人。发放33.2万元，，", [(0, 10), (10, 20)])
    ['新增会员504人.', '发放33.2万元,']
    """
    translated = _half_width(text)
    return [_SKIP.sub(_kept, translated[a:b]) for a, b in spans]


def _collapse_each(pieces: list[str]) -> list[str]:
    """``_SKIP.sub(_kept, piece)`` for each piece (already half-width), in one pass.

    Joined by NUL, which is neither a space nor a mark, so that no run crosses from
    one piece to the next: one substitution over all is 30% faster than one call per
    piece (a source has hundreds of clauses).

    >>> _collapse_each(["新增 504人,,", ",发放"])
    ['新增504人,', ',发放']
    """
    if any("\0" in piece for piece in pieces):
        return [_SKIP.sub(_kept, piece) for piece in pieces]
    return _SKIP.sub(_kept, "\0".join(pieces)).split("\0")


# Figures grouped by (value, upper bound): only those can have the same value.
_Pool = dict[tuple[Decimal, Decimal | None], list[NumberMention]]


@dataclass(frozen=True)
class SourceIndex:
    """The cleaned source, prepared once for many lookups."""

    text: str
    normalized: str
    runs: _Runs  # normalized offset -> offset in ``text``
    half: str  # ``text`` in :func:`_half_width` form (same length): normalized pieces start here

    @cached_property
    def scan(self) -> NumberScan:
        """How the mentions were found: the numbers of quoting texts follow. Scanned on
        first use: a report whose figures are all in the source as written (the
        usual answer) is checked by text alone."""
        return NumberScan(self.text)

    @cached_property
    def mentions(self) -> tuple[NumberMention, ...]:
        return tuple(self.scan.mentions)

    @property
    def scanned(self) -> bool:
        return "scan" in vars(self)

    @classmethod
    def build(cls, text: str, scan: bool = False) -> SourceIndex:
        """The index of ``text``; the last few are cached (verify, coverage and grounding
        of one report, or the re-asks of one chunk, share one). ``scan``: find every
        number now (coverage needs them all; the figures are then known by matching)."""
        index = _build_index(text)
        if scan:
            index.scan  # noqa: B018 - a cached property, computed once
        return index

    def find_quote(self, quote: str) -> tuple[int, int] | None:
        """``[start, end)`` in ``text`` of the first exact (normalized) occurrence.

        Remembered per index: the cross-check and the grounding look up the same quotes.
        """
        if quote not in self._found:
            self._found[quote] = self._find_quote(quote)
        return self._found[quote]

    @cached_property
    def _found(self) -> dict[str, tuple[int, int] | None]:
        return {}

    def _find_quote(self, quote: str) -> tuple[int, int] | None:
        needle = normalize_quote(quote).strip(",.;:!?")
        at = self.normalized.find(needle) if needle else -1
        if at < 0:
            return None
        return self.runs.original(at), self.runs.original(at + len(needle) - 1) + 1

    def has_quote(self, quote: str) -> bool:
        return self.find_quote(quote) is not None

    def normalize_pieces(self, spans: Iterable[tuple[int, int]]) -> list[str]:
        """:func:`normalize_pieces` of the source, from its half-width form already made.

        >>> idx = SourceIndex.build("新增会员 504人。发放33.2万元，，")
        >>> idx.normalize_pieces([(0, 10), (10, 20)])
        ['新增会员504人.', '发放33.2万元,']
        """
        half = self.half
        return _collapse_each([half[a:b] for a, b in spans])

    def has_number(self, mention: NumberMention) -> bool:
        """Found by value and unit, or by text (at digit boundaries). Before the source
        is scanned, by text first: a figure written as in the source needs no scan.

        >>> SourceIndex.build("拨付3.59万元").has_number(quantity("35900元"))
        True
        """
        if not self.scanned:
            return self.has_text(mention.text) or self._has_value(mention)
        return self._has_value(mention) or self.has_text(mention.text)

    def _has_value(self, mention: NumberMention) -> bool:
        bucket = self._by_value.get((mention.value, mention.high), ())
        return any(same_value(mention, m) for m in bucket)

    def same_valued(self, mention: NumberMention) -> list[NumberMention]:
        """The source's mentions with the value and a compatible unit, in text order.

        >>> [m.text for m in SourceIndex.build("拨付3.59万元，再拨35900元").same_valued(
        ...     quantity("35900元"))]
        ['3.59万元', '35900元']
        """
        bucket = self._by_value.get((mention.value, mention.high), ())
        return [m for m in bucket if same_value(mention, m)]

    def figure(self, text: str) -> NumberMention | None:
        """:func:`quantity` of a figure's text as far as value, unit and text go: once
        the source is scanned, its own mention when the text is that one number written
        as in the source (known by matching alone, see :class:`NumberScan`), else the
        parse. Remembered per index, like quotes.

        >>> idx = SourceIndex.build("新增会员504人，拨付3.59万元")
        >>> idx.figure("504人").value, idx.has_number(idx.figure("504人")), idx.scanned
        (Decimal('504'), True, False)
        >>> idx.has_number(idx.figure("35900元")), idx.scanned  # not as written: by value
        (True, True)
        """
        if text not in self._figures:
            self._figures[text] = self._figure(text)
        return self._figures[text]

    @cached_property
    def _figures(self) -> dict[str, NumberMention | None]:
        return {}

    def _figure(self, text: str) -> NumberMention | None:
        known = self.scan.alone(text) if self.scanned else None
        return quantity(text) if known is None else known

    def numbers_in(self, text: str) -> list[NumberMention]:
        """:func:`numbers_in` of ``text``; once the source is scanned, by matching alone
        when every number in it is written as in the source (its mentions are then the
        source's: found, by value).

        >>> idx = SourceIndex.build("会员增加504人")
        >>> [m.text for m in idx.numbers_in("增加了504人")], idx.scanned
        (['504人'], False)
        >>> idx.mentions and idx.numbers_in("增加了504人")[0] is idx.mentions[0]
        True
        """
        if not _NUMERAL.search(text):
            return []
        known = self.scan.numbers_in(text) if self.scanned else None
        return find_numbers(text) if known is None else known

    @cached_property
    def _by_value(self) -> _Pool:
        table: _Pool = {}
        for m in self.mentions:
            table.setdefault((m.value, m.high), []).append(m)
        return table

    def has_text(self, text: str) -> bool:
        """``text`` occurs (normalized) with no digit or point right before it, nor right
        after it when it ends in a digit: ``504人`` is not in ``1504人``, ``50`` not in ``50.5``.

        >>> idx = SourceIndex.build("新增会员1504人，占50.5%")
        >>> idx.has_text("504人"), idx.has_text("50"), idx.has_text("1504人"), idx.has_text("50.5")
        (False, False, True, True)
        """
        needle = normalize_quote(text)
        # a scan of the occurrences: a regex of its own per figure costs a compile each
        tail = bool(needle) and needle[-1].isdigit()
        at = self.normalized.find(needle) if needle else -1
        while at >= 0:
            end = at + len(needle)
            if not _digit_or_point(self.normalized[at - 1 : at]) and not (
                tail and _digit_or_point(self.normalized[end : end + 1])
            ):
                return True
            at = self.normalized.find(needle, at + 1)
        return False


def _digit_or_point(char: str) -> bool:
    """What ``[\\d.]`` matches (``\\d``: any decimal digit); False for ``""``."""
    return char == "." or char.isdecimal()


@lru_cache(maxsize=8)
def _build_index(text: str) -> SourceIndex:
    half = _half_width(text)
    normalized, runs = _collapse(half)
    return SourceIndex(text, normalized, runs, half)


@lru_cache(maxsize=4096)
def quantity(text: str) -> NumberMention | None:
    """:func:`~summarizer.numerals.parse_quantity`, cached: a report's figures are
    parsed by the cross-check, the coverage count and the grounding alike.

    >>> quantity("3.59万元").value
    Decimal('35900')
    """
    return parse_quantity(text)


# Every kind of number mention holds an Arabic digit or a Chinese numeral (after
# numerals' own folding of full-width and traditional forms).
_NUMERAL = re.compile("[0-9０-９零〇一二两三四五六七八九十百千万亿萬億兩]")


def numbers_in(text: str) -> list[NumberMention]:
    """:func:`~summarizer.numerals.find_numbers`, skipping text with no numeral at all.

    >>> [m.text for m in numbers_in("新增会员504人")], numbers_in("职工之家")
    (['504人'], [])
    """
    return find_numbers(text) if _NUMERAL.search(text) else []


def clear_caches() -> None:
    """Forget cached indexes and parsed figures (benchmarks time a cold run with it)."""
    _build_index.cache_clear()
    quantity.cache_clear()
    normalize_quote.cache_clear()


class _Check(NamedTuple):  # a tuple: a report has hundreds, built on every check
    """One item to check: a path in the report and its text."""

    path: str
    text: str


def check_report(report: UnionWorkReport, source: SourceIndex | str) -> Verification:
    """Cross-check every number and evidence quote of ``report`` against ``source``."""
    index = source if isinstance(source, SourceIndex) else SourceIndex.build(source)
    flags: list[Flag] = []
    numbers_checked = numbers_grounded = quotes_checked = quotes_grounded = 0
    for i, number in enumerate(report.numbers):
        problems = _number_problems(f"numbers[{i}]", number, index)
        numbers_checked += 1
        numbers_grounded += not problems
        flags.extend(problems)
    for check in _quotes(report):
        if not check.text.strip():
            flags.append(Flag(kind="no_evidence", path=check.path, text="", detail="没有原文依据"))
            continue
        quotes_checked += 1
        if index.has_quote(check.text):
            quotes_grounded += 1
            continue
        flags.append(_quote_not_found(check))
        found, missing = _inline_numbers(check, index)
        numbers_checked += found + len(missing)
        numbers_grounded += found
        flags.extend(missing)
    for check in _free_texts(report):
        found, missing = _inline_numbers(check, index)
        numbers_checked += found + len(missing)
        numbers_grounded += found
        flags.extend(missing)
    return Verification(
        flags=flags,
        numbers_checked=numbers_checked,
        numbers_grounded=numbers_grounded,
        quotes_checked=quotes_checked,
        quotes_grounded=quotes_grounded,
    )


def _number_problems(path: str, number: KeyNumber, index: SourceIndex) -> list[Flag]:
    """A ``numbers[]`` entry: its text must be in the source and agree with its value."""
    parsed = index.figure(number.text)
    if parsed is None:
        return [] if index.has_text(number.text) else [_number_not_found(path, number.text)]
    if not index.has_number(parsed):
        return [_number_not_found(path, number.text)]
    if not _same_float(parsed.value, number.value):
        return [
            Flag(
                kind="value_mismatch",
                path=f"{path}.value",
                text=f"{number.value:g}",
                detail=f"“{number.text}”应为 {parsed.value.normalize():f}",
            )
        ]
    return []


def _number_not_found(path: str, text: str) -> Flag:
    return Flag(kind="number_not_in_source", path=path, text=text, detail="原文中没有这个数字")


def _quote_not_found(check: _Check) -> Flag:
    return Flag(
        kind="quote_not_in_source", path=check.path, text=check.text, detail="原文中没有这句话"
    )


def _same_float(expected: Decimal, value: float) -> bool:
    try:
        got = Decimal(repr(value))
    except InvalidOperation:
        return False
    return abs(got - expected) <= abs(expected) * _TOLERANCE + _TOLERANCE


_TOLERANCE = Decimal("1e-9")


def _inline_numbers(check: _Check, index: SourceIndex) -> tuple[int, list[Flag]]:
    """Numbers written inside free text (summary, descriptions, quotes)."""
    found = 0
    missing: list[Flag] = []
    for mention in index.numbers_in(check.text):
        if index.has_number(mention):
            found += 1
        else:
            missing.append(_number_not_found(check.path, mention.text))
    return found, missing


def _quotes(report: UnionWorkReport) -> Iterator[_Check]:
    for i, n in enumerate(report.numbers):
        yield _Check(f"numbers[{i}].evidence", n.evidence)
    for i, item in enumerate(report.initiatives):
        yield _Check(f"initiatives[{i}].evidence", item.evidence)
    for i, h in enumerate(report.honors):
        yield _Check(f"honors[{i}].evidence", h.evidence)


def _free_texts(report: UnionWorkReport) -> Iterator[_Check]:
    """The free texts that hold a numeral: the others (most) have no number to check,
    and are passed over before their path is even written."""
    has = _NUMERAL.search
    for path, text in (("title", report.title), ("summary", report.summary)):
        if has(text):
            yield _Check(path, text)
    if report.period and has(report.period):
        yield _Check("period", report.period)
    for i, n in enumerate(report.numbers):
        if has(n.metric):
            yield _Check(f"numbers[{i}].metric", n.metric)
    for i, item in enumerate(report.initiatives):
        if has(item.name):
            yield _Check(f"initiatives[{i}].name", item.name)
        if has(item.description):
            yield _Check(f"initiatives[{i}].description", item.description)
    for i, h in enumerate(report.honors):
        if has(h.title):
            yield _Check(f"honors[{i}].title", h.title)


def grounding_problems(report: UnionWorkReport, source: str) -> list[str]:
    """The ungrounded items, phrased for a corrective turn to the model.

    Empty evidence is not sent back (it is flagged later): the corrective turn is
    about made-up numbers and quotes.
    """
    result = check_report(report, source)
    return [
        f"- {f.path}：“{f.text}” {f.detail}"
        for f in result.flags
        if f.kind in ("number_not_in_source", "value_mismatch", "quote_not_in_source")
    ]


def add_coverage(
    verification: Verification, report: UnionWorkReport, index: SourceIndex
) -> Verification:
    """Which statistics of the source the report captured, matched one to one by value.

    >>> idx = SourceIndex.build("新增会员504人，建会率由50%提升到84%。")
    >>> v = add_coverage(Verification(), _report(numbers=[("504人", 504, "人")]), idx)
    >>> (v.statistics_captured, v.statistics_in_source, [m.text for m in v.missed])
    (1, 3, ['50%', '84%'])
    """
    pool: _Pool = {}
    for n in report.numbers:
        if (m := index.figure(n.text)) is not None:
            pool.setdefault((m.value, m.high), []).append(m)
    statistics = [m for m in index.mentions if is_reportable(m, index.text)]
    missed = [_missed(stat) for stat in statistics if not _take(pool, stat)]
    captured = len(statistics) - len(missed)
    return verification.model_copy(
        update={
            "statistics_in_source": len(statistics),
            "statistics_captured": captured,
            "coverage": round(captured / len(statistics), 4) if statistics else None,
            "missed": missed,
        }
    )


def _take(pool: _Pool, stat: NumberMention) -> bool:
    """Remove the report's first figure matching ``stat`` from ``pool``; False if none."""
    bucket = pool.get((stat.value, stat.high), [])
    for k, m in enumerate(bucket):  # a loop, not next(generator): one per statistic
        if same_value(stat, m):
            bucket.pop(k)
            return True
    return False


def _missed(stat: NumberMention) -> MissedStatistic:
    return MissedStatistic(
        text=stat.text,
        value=float(stat.value),
        unit=stat.unit,
        clean_start=stat.start,
        clean_end=stat.end,
    )


@dataclass(frozen=True)
class Policy:
    """What to do with flags: ``strict`` turns any flag into a failure (exit 1)."""

    strict: bool = False


def enforce(verifications: list[Verification], policy: Policy) -> None:
    """Raise :class:`StrictFailure` when the policy says flags are fatal."""
    total = sum(len(v.flags) for v in verifications)
    if policy.strict and total:
        raise StrictFailure(f"--strict: {total} unverified item(s) flagged", flags=total)


_EVIDENCE = "安排3.59万元开展走访慰问"


def warm_up() -> None:
    """Import cn2an and compile the number patterns now (~0.2 s), not at the first check.

    In a batch the first check runs on the event loop as the first answers
    arrive, where 0.2 s holds up every request in flight; the runner calls this
    in a thread once the first requests are out. (A check scans the source only
    for a figure not written as in it: this one is not.)
    """
    grounding_problems(_report([("35900元", 35900, "元")]), "新增会员五百零四人，" + _EVIDENCE)


def _report(numbers: list[tuple[str, float, str]]) -> UnionWorkReport:
    """Doctest helper: a report holding only the given numbers."""
    return UnionWorkReport(
        numbers=[
            KeyNumber(text=t, value=v, unit=u, metric="走访慰问", evidence=_EVIDENCE)
            for t, v, u in numbers
        ]
    )
