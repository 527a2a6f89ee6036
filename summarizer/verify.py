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
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import StrictFailure
from .models import Flag, KeyNumber, MissedStatistic, UnionWorkReport, Verification
from .numerals import NumberMention, find_numbers, parse_quantity, same_value

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_PUNCT = {
    "，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "！": "!", "？": "?",
    "（": "(", "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"',
    "『": '"', "』": '"', "《": "<", "》": ">", "〈": "<", "〉": ">", "【": "[", "】": "]",
    "—": "-", "－": "-", "～": "~", "…": ".", "·": ".", "•": ".", "\u3000": " ",
}  # fmt: skip
_TABLE = str.maketrans({**_FULLWIDTH, **_PUNCT})
_REPEATABLE = frozenset(",.;:!?\"'-~")


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalize for quote matching, keeping each kept character's original offset.

    Whitespace goes, punctuation takes one half-width form, and runs of the same
    mark collapse to one.

    >>> normalize_with_map("发放 33.2万元，，送去“温暖”")
    ('发放33.2万元,送去"温暖"', [0, 1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16])
    """
    out: list[str] = []
    positions: list[int] = []
    prev = ""
    for i, c in enumerate(text.translate(_TABLE)):
        if c.isspace() or (c == prev and c in _REPEATABLE):
            continue
        out.append(c)
        positions.append(i)
        prev = c
    return "".join(out), positions


def normalize_quote(text: str) -> str:
    """The normalized form alone.

    >>> normalize_quote("发放慰问金 33.2万元，，送去“温暖”")
    '发放慰问金33.2万元,送去"温暖"'
    """
    return normalize_with_map(text)[0]


@dataclass(frozen=True)
class SourceIndex:
    """The cleaned source, prepared once for many lookups."""

    text: str
    normalized: str
    positions: tuple[int, ...]  # normalized offset -> offset in ``text``
    mentions: tuple[NumberMention, ...]

    @classmethod
    def build(cls, text: str) -> SourceIndex:
        normalized, positions = normalize_with_map(text)
        return cls(text, normalized, tuple(positions), tuple(find_numbers(text)))

    def find_quote(self, quote: str) -> tuple[int, int] | None:
        """``[start, end)`` in ``text`` of the first exact (normalized) occurrence."""
        needle = normalize_quote(quote).strip(",.;:!?")
        at = self.normalized.find(needle) if needle else -1
        if at < 0:
            return None
        return self.positions[at], self.positions[at + len(needle) - 1] + 1

    def has_quote(self, quote: str) -> bool:
        return self.find_quote(quote) is not None

    def has_number(self, mention: NumberMention) -> bool:
        """Found by text (at digit boundaries) or by value and unit."""
        if self.has_text(mention.text):
            return True
        return any(same_value(mention, m) for m in self.mentions)

    def has_text(self, text: str) -> bool:
        needle = normalize_quote(text)
        if not needle:
            return False
        tail = r"(?![\d.])" if needle[-1].isdigit() else ""
        return re.search(rf"(?<![\d.]){re.escape(needle)}{tail}", self.normalized) is not None


@dataclass(frozen=True)
class _Check:
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
        flags.append(
            Flag(kind="quote_not_in_source", path=check.path, text=check.text, detail="原文中没有这句话")
        )
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
    parsed = parse_quantity(number.text)
    if parsed is None:
        if index.has_text(number.text):
            return []
        return [Flag(kind="number_not_in_source", path=path, text=number.text, detail="原文中没有这个数字")]
    if not index.has_number(parsed):
        return [Flag(kind="number_not_in_source", path=path, text=number.text, detail="原文中没有这个数字")]
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


def _same_float(expected: Decimal, value: float) -> bool:
    try:
        got = Decimal(repr(value))
    except InvalidOperation:
        return False
    return abs(got - expected) <= abs(expected) * Decimal("1e-9") + Decimal("1e-9")


def _inline_numbers(check: _Check, index: SourceIndex) -> tuple[int, list[Flag]]:
    """Numbers written inside free text (summary, descriptions, quotes)."""
    found = 0
    missing: list[Flag] = []
    for mention in find_numbers(check.text):
        if index.has_number(mention):
            found += 1
        else:
            missing.append(
                Flag(
                    kind="number_not_in_source",
                    path=check.path,
                    text=mention.text,
                    detail="原文中没有这个数字",
                )
            )
    return found, missing


def _quotes(report: UnionWorkReport) -> Iterator[_Check]:
    for i, n in enumerate(report.numbers):
        yield _Check(f"numbers[{i}].evidence", n.evidence)
    for i, item in enumerate(report.initiatives):
        yield _Check(f"initiatives[{i}].evidence", item.evidence)
    for i, h in enumerate(report.honors):
        yield _Check(f"honors[{i}].evidence", h.evidence)


def _free_texts(report: UnionWorkReport) -> Iterator[_Check]:
    yield _Check("title", report.title)
    yield _Check("summary", report.summary)
    yield _Check("period", report.period or "")
    for i, n in enumerate(report.numbers):
        yield _Check(f"numbers[{i}].metric", n.metric)
    for i, item in enumerate(report.initiatives):
        yield _Check(f"initiatives[{i}].name", item.name)
        yield _Check(f"initiatives[{i}].description", item.description)
    for i, h in enumerate(report.honors):
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
    pool = [m for n in report.numbers if (m := parse_quantity(n.text)) is not None]
    statistics = [m for m in index.mentions if m.is_statistic]
    missed: list[MissedStatistic] = []
    for stat in statistics:
        match = next((k for k, m in enumerate(pool) if same_value(stat, m)), None)
        if match is None:
            missed.append(
                MissedStatistic(
                    text=stat.text,
                    value=float(stat.value),
                    unit=stat.unit,
                    clean_start=stat.start,
                    clean_end=stat.end,
                )
            )
        else:
            pool.pop(match)
    captured = len(statistics) - len(missed)
    return verification.model_copy(
        update={
            "statistics_in_source": len(statistics),
            "statistics_captured": captured,
            "coverage": round(captured / len(statistics), 4) if statistics else None,
            "missed": missed,
        }
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


def _report(numbers: list[tuple[str, float, str]]) -> UnionWorkReport:
    """Doctest helper: a report holding only the given numbers."""
    return UnionWorkReport(
        numbers=[
            KeyNumber(text=t, value=v, unit=u, metric="走访慰问", evidence="安排3.59万元开展走访慰问")
            for t, v, u in numbers
        ]
    )
