"""Grounding: where in the source each extracted item sits.

Every number, initiative and honor gets a :class:`~summarizer.models.Span` in the
cleaned text and, through the cleaner's offset map, in the raw text. The span
comes from the item's evidence quote and, for a number, from the number itself:

1. **exact**: the quote occurs in the source once whitespace and punctuation are
   normalized (the same test the cross-check uses);
2. **fuzzy**: otherwise, the source sentence most similar to the quote, if its
   similarity reaches :data:`MIN_SIMILARITY` (like langextract's alignment);
3. **none**: nothing close enough.

Numbers are never matched fuzzily: ``1,253户`` does not align to ``1,235户``. A
number's span is the occurrence of its value inside the evidence span, else the
first occurrence of its value anywhere in the source, else none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from .chunk import sentence_spans
from .clean import CleanedText
from .models import Span, UnionWorkReport
from .numerals import NumberMention, parse_quantity, same_value
from .verify import SourceIndex, normalize_quote

MIN_SIMILARITY = 0.75


@dataclass(frozen=True)
class _Sentences:
    spans: tuple[tuple[int, int], ...]
    normalized: tuple[str, ...]

    @classmethod
    def build(cls, text: str) -> _Sentences:
        spans = tuple(sentence_spans(text))
        return cls(spans, tuple(normalize_quote(text[a:b]) for a, b in spans))


def align_quote(
    quote: str, index: SourceIndex, sentences: _Sentences
) -> tuple[str, int, int, float] | None:
    """``(status, start, end, similarity)`` of the best place for ``quote``.

    >>> idx = SourceIndex.build("全县新增会员504人。发放慰问金33.2万元。")
    >>> align_quote("新增会员504人", idx, _Sentences.build(idx.text))
    ('exact', 2, 10, 1.0)
    >>> align_quote("发放了慰问金33.2万元", idx, _Sentences.build(idx.text))[0]
    'fuzzy'
    """
    exact = index.find_quote(quote)
    if exact is not None:
        return "exact", exact[0], exact[1], 1.0
    needle = normalize_quote(quote)
    if not needle:
        return None
    best: tuple[float, int] = (0.0, -1)
    for k, candidate in enumerate(sentences.normalized):
        matcher = SequenceMatcher(None, needle, candidate, autojunk=False)
        if matcher.real_quick_ratio() < best[0] or matcher.quick_ratio() < best[0]:
            continue
        best = max(best, (matcher.ratio(), k))
    if best[1] < 0 or best[0] < MIN_SIMILARITY:
        return None
    a, b = sentences.spans[best[1]]
    return "fuzzy", a, b, round(best[0], 3)


def locate_number(
    mention: NumberMention, index: SourceIndex, within: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The source occurrence of a number's value: inside ``within`` first, never fuzzy."""
    matches = [m for m in index.mentions if same_value(mention, m)]
    if within is not None:
        inside = [m for m in matches if within[0] <= m.start and m.end <= within[1]]
        matches = inside or matches
    return (matches[0].start, matches[0].end) if matches else None


def _span(path: str, status: str, cleaned: CleanedText, start: int, end: int, sim: float) -> Span:
    raw_start, raw_end = cleaned.to_raw(start, end)
    return Span(
        path=path,
        status=status,  # type: ignore[arg-type]
        clean_start=start,
        clean_end=end,
        raw_start=raw_start,
        raw_end=raw_end,
        similarity=sim,
    )


def _items(report: UnionWorkReport) -> Iterator[tuple[str, str]]:
    for i, item in enumerate(report.initiatives):
        yield f"initiatives[{i}]", item.evidence
    for i, h in enumerate(report.honors):
        yield f"honors[{i}]", h.evidence


def ground_report(
    report: UnionWorkReport, cleaned: CleanedText, index: SourceIndex | None = None
) -> list[Span]:
    """Spans for every number (value and evidence), initiative and honor."""
    index = index or SourceIndex.build(cleaned.text)
    sentences = _Sentences.build(cleaned.text)
    spans: list[Span] = []
    for path, quote in _items(report):
        found = align_quote(quote, index, sentences) if quote else None
        spans.append(_to_span(path, found, cleaned))
    for i, n in enumerate(report.numbers):
        found = align_quote(n.evidence, index, sentences) if n.evidence else None
        spans.append(_to_span(f"numbers[{i}].evidence", found, cleaned))
        spans.append(_number_span(f"numbers[{i}]", n.text, found, index, cleaned))
    return spans


def _to_span(path: str, found: tuple[str, int, int, float] | None, cleaned: CleanedText) -> Span:
    if found is None:
        return Span(path=path, status="none")
    status, start, end, sim = found
    return _span(path, status, cleaned, start, end, sim)


def _number_span(
    path: str,
    text: str,
    evidence: tuple[str, int, int, float] | None,
    index: SourceIndex,
    cleaned: CleanedText,
) -> Span:
    mention = parse_quantity(text)
    within = (evidence[1], evidence[2]) if evidence else None
    if mention is not None:
        where = locate_number(mention, index, within)
    else:
        where = index.find_quote(text)
    if where is None:
        return Span(path=path, status="none")
    return _span(path, "exact", cleaned, where[0], where[1], 1.0)
