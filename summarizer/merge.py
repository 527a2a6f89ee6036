"""Stage 5, merge: per-chunk reports → one report, without duplicates.

Chunks overlap, and a long report repeats itself, so the same statistic or honor
can come back more than once. Two numbers are the same when value, unit and
metric agree (``3.59万元`` and ``35900元`` for 走访慰问); two honors when their
titles and recipients agree; two initiatives when their names are nearly
identical or they cite the same evidence.

>>> from summarizer.models import KeyNumber
>>> a = UnionWorkReport(numbers=[KeyNumber(text="504人", value=504, unit="人", metric="新增会员")])
>>> b = UnionWorkReport(numbers=[KeyNumber(text="504人", value=504, unit="人", metric="新增 会员")])
>>> len(merge_reports([a, b]).numbers)
1
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

from .clean import Metadata
from .models import Honor, Initiative, KeyNumber, UnionWorkReport
from .numerals import normalize_unit, parse_quantity
from .verify import normalize_quote

T = TypeVar("T")
_NOISE_RE = re.compile(r"[\s\"'“”‘’《》〈〉()（）,，.。、:：;；!！?？]")
NAME_SIMILARITY = 0.85


def _norm(text: str) -> str:
    return _NOISE_RE.sub("", text)


def number_key(n: KeyNumber) -> Hashable:
    """Value, unit and metric; falls back to the verbatim text when unparsable."""
    parsed = parse_quantity(n.text)
    if parsed is None:
        return ("text", _norm(n.text), _norm(n.metric))
    return ("value", parsed.value.normalize(), normalize_unit(parsed.unit), _norm(n.metric))


def honor_key(h: Honor) -> Hashable:
    return (_norm(h.title), _norm(h.recipient))


def _dedupe(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    seen: set[Hashable] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _dedupe_across(groups: Sequence[Sequence[T]], key: Callable[[T], Hashable]) -> list[T]:
    """The items of each chunk, less those an earlier chunk gave (its overlap told them
    again); within one chunk every item stays, as the extractor listed it.

    >>> _dedupe_across([["50余人", "50余人"], ["50余人", "84人"]], str)
    ['50余人', '50余人', '84人']
    """
    seen: set[Hashable] = set()
    out: list[T] = []
    for group in groups:
        keys = [key(item) for item in group]
        out += [item for item, k in zip(group, keys, strict=True) if k not in seen]
        seen.update(keys)
    return out


def _similar_initiative(a: Initiative, b: Initiative) -> bool:
    if a.evidence and normalize_quote(a.evidence) == normalize_quote(b.evidence):
        return True
    ratio = SequenceMatcher(None, _norm(a.name), _norm(b.name)).ratio()
    return ratio >= NAME_SIMILARITY


def dedupe_initiatives(items: Iterable[Initiative]) -> list[Initiative]:
    out: list[Initiative] = []
    for item in items:
        if not any(_similar_initiative(item, kept) for kept in out):
            out.append(item)
    return out


def _first(values: Iterable[T | None]) -> T | None:
    return next((v for v in values if v), None)


def merge_reports(
    reports: Sequence[UnionWorkReport], metadata: Metadata | None = None
) -> UnionWorkReport:
    """Combine chunk reports (in chunk order) into one."""
    meta = metadata or Metadata()
    summaries = _dedupe((r.summary.strip() for r in reports if r.summary.strip()), _norm)
    return UnionWorkReport(
        title=meta.title or _first(r.title for r in reports) or "",
        organization=_first(r.organization for r in reports) or "",
        region=_first(r.region for r in reports),
        published=meta.published or _first(r.published for r in reports),
        period=_first(r.period for r in reports),
        summary="".join(s if s[-1] in "。！？.!?" else s + "。" for s in summaries),
        initiatives=dedupe_initiatives(i for r in reports for i in r.initiatives),
        numbers=_dedupe_across([r.numbers for r in reports], number_key),
        honors=_dedupe((h for r in reports for h in r.honors), honor_key),
    )
