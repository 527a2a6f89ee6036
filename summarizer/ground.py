"""Grounding: where in the source each extracted item sits.

Every number, initiative and honor gets a :class:`~summarizer.models.Span` in the
cleaned text and, through the cleaner's offset map, in the raw text. The span
comes from the item's evidence quote and, for a number, from the number itself:

1. **exact**: the quote occurs in the source once whitespace and punctuation are
   normalized (the same test the cross-check uses);
2. **fuzzy**: otherwise, the run of consecutive source clauses most similar to the
   quote, if its similarity reaches :data:`MIN_SIMILARITY`, like langextract's
   alignment (whose tokenizer cannot align Chinese substrings). The similarity is
   difflib's ratio ``2 * matches / total length``, ``matches`` being the longest
   common subsequence (rapidfuzz computes it exactly, in C++; difflib's own matcher
   finds it in all but rare cases, and then a few matches fewer);
3. **none**: nothing close enough.

Numbers are never matched fuzzily: ``1,253户`` does not align to ``1,235户``. A
number's span is the occurrence of its value inside the evidence span, else the
first occurrence of its value anywhere in the source, else none.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate

from pydantic import TypeAdapter
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, LCSseq

from .clean import CleanedText
from .models import Span, UnionWorkReport
from .numerals import NumberMention
from .verify import SourceIndex, normalize_quote

MIN_SIMILARITY = 0.75


# A clause ends at a comma, an enumeration comma, a semicolon, a colon, a sentence
# end or a line end (closing quotes stay with it).
_CLAUSE = re.compile(r"[^，,、；;：:。！？!?\n]*(?:[，,、；;：:。！？!?]+[”’」』）)]*|\n|$)")
_TRIM = "，,、；;：:。！？!? \t\n\u3000"
_ANCHOR = 4  # characters at either end of a quote searched verbatim to place it


class _Clauses:
    """The source's clauses, normalized (from its index's half-width text), for fuzzy
    lookups; built on first use.

    A fuzzy candidate is a window of consecutive clauses, so a quote that is part
    of a long sentence (the usual case) can still reach the minimum similarity.
    ``joined`` is all clauses' normalized text end to end and ``offsets[k]`` where
    clause ``k`` starts in it. A report whose quotes all match exactly never pays
    for any of this.
    """

    def __init__(self, index: SourceIndex) -> None:
        self.index = index
        self.text = index.text
        self._spans: list[tuple[int, int]] | None = None
        self.normalized: list[str] = []
        self.offsets: list[int] = []
        self.joined = ""
        self.aligned: dict[str, tuple[float, int, int] | None] = {}

    @classmethod
    def build(cls, source: SourceIndex | str) -> _Clauses:
        return cls(source if isinstance(source, SourceIndex) else SourceIndex.build(source))

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            found = list(map(re.Match.span, _CLAUSE.finditer(self.text)))
            if found and found[-1][0] == found[-1][1]:
                found.pop()  # empty, at the very end: any other clause ends in a mark or a line end
            pieces = self.index.normalize_pieces(found)
            kept = [(span, norm) for span, norm in zip(found, pieces, strict=True) if norm]
            self._spans = [span for span, _ in kept]
            self.normalized = [norm for _, norm in kept]
            self.offsets = list(accumulate(map(len, self.normalized), initial=0))
            self.joined = "".join(self.normalized)
        return self._spans

    def clause_at(self, position: int) -> int:
        """The clause holding ``position`` of ``joined`` (clamped to the text)."""
        return min(max(bisect_right(self.offsets, position) - 1, 0), len(self.normalized) - 1)

    def window(self, i: int, j: int) -> str:
        """The normalized text of clauses ``i..j-1``."""
        return self.joined[self.offsets[i] : self.offsets[j]]

    def first_copy(self, i: int, j: int) -> tuple[int, int]:
        """The first window of clauses with the same text as ``i..j-1``.

        >>> c = _Clauses.build("表彰先进33名；另有积极分子；表彰先进33名；")
        >>> c.spans and c.first_copy(2, 3)
        (0, 1)
        """
        text = self.window(i, j)
        at = self.joined.find(text)
        while 0 <= at < self.offsets[i]:
            first, end = self._boundary(at), self._boundary(at + len(text))
            if first is not None and end is not None:
                return first, end
            at = self.joined.find(text, at + 1)
        return i, j

    def _boundary(self, position: int) -> int | None:
        """``k`` when clause ``k`` starts at ``position`` of ``joined`` (or ``k`` is the end)."""
        k = bisect_left(self.offsets, position)
        return k if k < len(self.offsets) and self.offsets[k] == position else None

    def region(self, i: int, j: int) -> tuple[int, int]:
        """``[start, end)`` of clauses ``i..j-1`` in the text, without edge punctuation."""
        a, b = self.spans[i][0], self.spans[j - 1][1]
        while b > a and self.text[b - 1] in _TRIM:
            b -= 1
        while a < b and self.text[a] in _TRIM:
            a += 1
        return a, b


def align_quote(
    quote: str, index: SourceIndex, clauses: _Clauses
) -> tuple[str, int, int, float] | None:
    """``(status, start, end, similarity)`` of the best place for ``quote``.

    >>> idx = SourceIndex.build("新增会员504人。从春送岗位到冬送温暖，“四送”品牌服务全年不打烊。")
    >>> align_quote("新增会员504人", idx, _Clauses.build(idx))
    ('exact', 0, 8, 1.0)
    >>> status, a, b, sim = align_quote("四送品牌服务全年都不打烊", idx, _Clauses.build(idx))
    >>> status, idx.text[a:b], sim
    ('fuzzy', '“四送”品牌服务全年不打烊', 0.846)
    """
    exact = index.find_quote(quote)
    if exact is not None:
        return "exact", exact[0], exact[1], 1.0
    needle = normalize_quote(quote).strip(",.;:!?")
    if len(needle) < 2 or not clauses.spans:
        return None
    if needle not in clauses.aligned:  # a quote shared by several figures is aligned once
        clauses.aligned[needle] = _best_window(needle, clauses)
    best = clauses.aligned[needle]
    if best is None:
        return None
    a, b = clauses.region(best[1], best[2])
    return "fuzzy", a, b, round(best[0], 3)


def _best_window(needle: str, clauses: _Clauses) -> tuple[float, int, int] | None:
    """``(similarity, i, j)`` of the most similar window of clauses ``i..j-1`` around
    the quote's likely place, if it reaches :data:`MIN_SIMILARITY`.

    The candidates are the clauses under :func:`_seed`, give or take a clause at
    either end; the first most similar wins, moved to the first copy of its text
    when the source repeats it.
    """
    first, last = _seed(needle, clauses)
    windows = _around(first, last + 1, len(clauses.normalized))
    texts = [clauses.window(i, j) for i, j in windows]
    # rapidfuzz ranks by 1 - distance/length, the same order as 2 * LCS/length; the
    # cutoff sits below the minimum only so that rounding cannot drop a window at it
    found = process.extractOne(
        needle, texts, scorer=Indel.normalized_similarity, score_cutoff=MIN_SIMILARITY - 1e-6
    )
    if found is None:
        return None
    text, k = found[0], found[2]
    ratio = 2.0 * LCSseq.similarity(needle, text) / (len(needle) + len(text))
    return (ratio, *clauses.first_copy(*windows[k])) if ratio >= MIN_SIMILARITY else None


def _seed(needle: str, clauses: _Clauses) -> tuple[int, int]:
    """First and last clause of the likely place of ``needle`` in the source.

    That is the one place where the quote's first and last few characters occur
    about as far apart as in the quote (a few string searches); failing that, the
    best partial alignment of the quote in the whole source (rapidfuzz's
    ``partial_ratio_alignment``, a scan in C++).

    >>> c = _Clauses.build("新增会员504人，发放慰问金33.2万元。走访慰问困难职工86户。")
    >>> c.spans and c.normalized
    ['新增会员504人,', '发放慰问金33.2万元.', '走访慰问困难职工86户.']
    >>> _seed("发放慰问金了33.2万元", c), _seed("慰问了困难职工86户", c)
    ((1, 1), (2, 2))
    """
    place = _anchored(needle, clauses.joined)
    if place is None:
        found = fuzz.partial_ratio_alignment(needle, clauses.joined)
        assert found is not None  # None only below a score_cutoff
        place = found.dest_start, max(found.dest_end, found.dest_start + 1)
    return clauses.clause_at(place[0]), clauses.clause_at(place[1] - 1)


def _anchored(needle: str, joined: str) -> tuple[int, int] | None:
    """``[start, end)`` in ``joined`` between the quote's head and tail, if that
    pair occurs at one place only, the tail within a quarter of the quote's length
    of where it would be in a verbatim copy.

    >>> _anchored("走访慰问了困难职工86户", "新增会员504人,走访慰问困难职工86户.")
    (9, 20)
    """
    n, k = len(needle), _ANCHOR
    band = max(1, n // 4)
    found: list[tuple[int, int]] = []
    at = joined.find(needle[:k]) if n >= 2 * k else -1  # shorter: the ends say too little
    while at >= 0 and len(found) < 2:
        # the tail where a verbatim copy would have it, give or take the band
        tail = joined.find(needle[-k:], max(at, at + n - k - band), at + n + band)
        if tail >= 0:
            found.append((at, tail + k))
        at = joined.find(needle[:k], at + 1)
    return found[0] if len(found) == 1 else None


def _around(i: int, j: int, n: int) -> list[tuple[int, int]]:
    """Window ``(i, j)`` and its variants one clause longer or shorter at either end."""
    out = []
    for a in (i, i + 1, i - 1):
        for b in (j, j - 1, j + 1):
            if 0 <= a < b <= n:
                out.append((a, b))
    return out


def locate_number(
    mention: NumberMention, index: SourceIndex, within: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The source occurrence of a number's value: inside ``within`` first, never fuzzy."""
    matches = index.same_valued(mention)
    if within is not None:
        inside = [m for m in matches if within[0] <= m.start and m.end <= within[1]]
        matches = inside or matches
    return (matches[0].start, matches[0].end) if matches else None


# The spans of a report are validated as one list: pydantic then builds them all in
# Rust, 40% faster than one ``Span(...)`` call each.
_SPANS = TypeAdapter(list[Span])
_Row = dict[str, object]  # a Span's fields


def _row(path: str, status: str, cleaned: CleanedText, start: int, end: int, sim: float) -> _Row:
    raw_start, raw_end = cleaned.to_raw(start, end)
    return {
        "path": path,
        "status": status,
        "clean_start": start,
        "clean_end": end,
        "raw_start": raw_start,
        "raw_end": raw_end,
        "similarity": sim,
    }


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
    clauses = _Clauses.build(index)
    rows: list[_Row] = []
    for path, quote in _items(report):
        found = align_quote(quote, index, clauses) if quote else None
        rows.append(_quote_row(path, found, cleaned))
    for i, n in enumerate(report.numbers):
        found = align_quote(n.evidence, index, clauses) if n.evidence else None
        rows.append(_quote_row(f"numbers[{i}].evidence", found, cleaned))
        rows.append(_number_row(f"numbers[{i}]", n.text, found, index, cleaned))
    return _SPANS.validate_python(rows)


def _quote_row(path: str, found: tuple[str, int, int, float] | None, cleaned: CleanedText) -> _Row:
    if found is None:
        return {"path": path, "status": "none"}
    status, start, end, sim = found
    return _row(path, status, cleaned, start, end, sim)


def _number_row(
    path: str,
    text: str,
    evidence: tuple[str, int, int, float] | None,
    index: SourceIndex,
    cleaned: CleanedText,
) -> _Row:
    mention = index.figure(text)
    within = (evidence[1], evidence[2]) if evidence else None
    where = index.find_quote(text) if mention is None else locate_number(mention, index, within)
    if where is None:
        return {"path": path, "status": "none"}
    return _row(path, "exact", cleaned, where[0], where[1], 1.0)
