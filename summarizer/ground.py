"""Grounding: where in the source each extracted item sits.

Every number, initiative and honor gets a :class:`~summarizer.models.Span` in the
cleaned text and, through the cleaner's offset map, in the raw text. The span
comes from the item's evidence quote and, for a number, from the number itself:

1. **exact**: the quote occurs in the source once whitespace and punctuation are
   normalized (the same test the cross-check uses);
2. **fuzzy**: otherwise, the run of consecutive source clauses most similar to the
   quote, if its similarity (difflib's ratio) reaches :data:`MIN_SIMILARITY`, like
   langextract's alignment (whose tokenizer cannot align Chinese substrings);
3. **none**: nothing close enough.

Numbers are never matched fuzzily: ``1,253户`` does not align to ``1,235户``. A
number's span is the occurrence of its value inside the evidence span, else the
first occurrence of its value anywhere in the source, else none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from difflib import SequenceMatcher
from itertools import accumulate

from .clean import CleanedText
from .models import Span, UnionWorkReport
from .numerals import NumberMention
from .verify import SourceIndex, normalize_pieces, normalize_quote, quantity

MIN_SIMILARITY = 0.75


# A clause ends at a comma, an enumeration comma, a semicolon, a colon, a sentence
# end or a line end (closing quotes stay with it).
_CLAUSE = re.compile(r"[^，,、；;：:。！？!?\n]*(?:[，,、；;：:。！？!?]+[”’」』）)]*|\n|$)")
_SEEDS = 1  # alignments tried per quote
_TRIM = "，,、；;：:。！？!? \t\n\u3000"


class _Clauses:
    """The source's clauses, normalized, for fuzzy lookups; built on first use.

    A fuzzy candidate is a window of consecutive clauses, so a quote that is part
    of a long sentence (the usual case) can still reach the minimum similarity.
    ``joined`` is all clauses' normalized text end to end, ``offsets[k]`` where
    clause ``k`` starts in it, and :meth:`positions` where a two-character string
    occurs in it: the seeds of an alignment. A report whose quotes all match
    exactly never pays for any of this.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._spans: list[tuple[int, int]] | None = None
        self.normalized: list[str] = []
        self.offsets: list[int] = []
        self.joined = ""
        self.grams: dict[str, list[int]] = {}
        self._matchers: dict[tuple[int, int], SequenceMatcher[str]] = {}

    @classmethod
    def build(cls, text: str) -> _Clauses:
        return cls(text)

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            found = [m.span() for m in _CLAUSE.finditer(self.text) if m.end() > m.start()]
            pieces = normalize_pieces(self.text, found)
            kept = [(span, norm) for span, norm in zip(found, pieces, strict=True) if norm]
            self._spans = [span for span, _ in kept]
            self.normalized = [norm for _, norm in kept]
            self.offsets = list(accumulate((len(n) for n in self.normalized), initial=0))
            self.joined = "".join(self.normalized)
        return self._spans

    def positions(self, gram: str) -> list[int]:
        """Where ``gram`` occurs in ``joined`` (looked up on first use, then remembered)."""
        found = self.grams.get(gram)
        if found is None:
            found = []
            at = self.joined.find(gram)
            while at >= 0:
                found.append(at)
                at = self.joined.find(gram, at + 1)
            self.grams[gram] = found
        return found

    def clause_at(self, position: int) -> int:
        """The clause holding ``position`` of ``joined`` (clamped to the text)."""
        return min(max(bisect_right(self.offsets, position) - 1, 0), len(self.normalized) - 1)

    def matcher(self, i: int, j: int) -> SequenceMatcher[str]:
        """The matcher of clauses ``i..j-1``; set its first sequence before use."""
        found = self._matchers.get((i, j))
        if found is None:
            found = SequenceMatcher(None, "", "".join(self.normalized[i:j]), autojunk=False)
            self._matchers[(i, j)] = found
        return found

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
    >>> align_quote("新增会员504人", idx, _Clauses.build(idx.text))
    ('exact', 0, 8, 1.0)
    >>> status, a, b, sim = align_quote("四送品牌服务全年都不打烊", idx, _Clauses.build(idx.text))
    >>> status, idx.text[a:b], sim
    ('fuzzy', '“四送”品牌服务全年不打烊', 0.846)
    """
    exact = index.find_quote(quote)
    if exact is not None:
        return "exact", exact[0], exact[1], 1.0
    needle = normalize_quote(quote).strip(",.;:!?")
    if len(needle) < 2 or not clauses.spans:
        return None
    best = _best_window(needle, clauses)
    if best is None:
        return None
    a, b = clauses.region(best[1], best[2])
    return "fuzzy", a, b, round(best[0], 3)


def _best_window(needle: str, clauses: _Clauses) -> tuple[float, int, int] | None:
    """``(similarity, i, j)`` of the most similar window of clauses ``i..j-1``, if one
    reaches :data:`MIN_SIMILARITY`.

    Seed and extend: each two-character piece the quote shares with the source votes
    for an alignment (a diagonal: source position minus quote position); the clause
    windows under the best-supported alignments, give or take a clause at either
    end, are the candidates, and difflib's ratio picks among them.
    """
    best: tuple[float, int, int] = (0.0, -1, -1)
    longest = len(needle) * (2 - MIN_SIMILARITY) / MIN_SIMILARITY  # longer: ratio < minimum
    for i, j in _candidate_windows(needle, clauses):
        size = clauses.offsets[j] - clauses.offsets[i]
        if size > longest or 2.0 * min(size, len(needle)) / (size + len(needle)) <= best[0]:
            continue
        matcher = clauses.matcher(i, j)
        matcher.set_seq1(needle)
        if matcher.quick_ratio() > best[0] and (ratio := matcher.ratio()) > best[0]:
            best = (ratio, i, j)
    return best if best[0] >= MIN_SIMILARITY else None


def _candidate_windows(needle: str, clauses: _Clauses) -> list[tuple[int, int]]:
    """Clause windows ``(i, j)`` around the two best-supported alignments of ``needle``."""
    votes: Counter[int] = Counter()
    for q in range(len(needle) - 1):
        for p in clauses.positions(needle[q : q + 2]):
            votes[p - q] += 1
    band = max(1, len(needle) // 4)  # insertions and deletions shift the diagonal
    peaks = [d for d, _ in votes.most_common(4 * _SEEDS)]
    support = {d: sum(votes.get(d + k, 0) for k in range(-band, band + 1)) for d in peaks}
    windows: list[tuple[int, int]] = []
    taken: list[int] = []
    for d in sorted(support, key=lambda d: (-support[d], d)):
        if len(taken) == _SEEDS:
            break
        if any(abs(d - t) <= len(needle) for t in taken):
            continue
        taken.append(d)
        first, last = clauses.clause_at(d), clauses.clause_at(d + len(needle) - 1)
        windows += _around(first, last + 1, len(clauses.normalized))
    return windows


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
    clauses = _Clauses.build(cleaned.text)
    spans: list[Span] = []
    for path, quote in _items(report):
        found = align_quote(quote, index, clauses) if quote else None
        spans.append(_to_span(path, found, cleaned))
    for i, n in enumerate(report.numbers):
        found = align_quote(n.evidence, index, clauses) if n.evidence else None
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
    mention = quantity(text)
    within = (evidence[1], evidence[2]) if evidence else None
    where = index.find_quote(text) if mention is None else locate_number(mention, index, within)
    if where is None:
        return Span(path=path, status="none")
    return _span(path, "exact", cleaned, where[0], where[1], 1.0)
