"""Synonym-spun text (伪原创): detect it, then restore the original words.

A spinner rewrites a copied article word by word from a fixed synonym table:
劳动者 → 休息者, 就业 → 失业, 服务 → 办事, 通过 → 经由过程. ``data/spin_pairs.tsv``
holds such pairs, spun form first, with a weight saying how much the spun form
proves spinning (经由过程 3: genuine Chinese never says it; 休息 0: it is a normal
word).

Detection: the weights of the spun forms found, per 1000 characters, must reach
:data:`SPIN_DENSITY`, add up to :data:`SPIN_MIN_WEIGHT` at least, and come from at
least :data:`SPIN_DISTINCT` different strong rows (weight 1 or more), so a few
rare-but-genuine words (扶植, 周全, 缭绕) never make a report look spun. Only a
spun document gets the table applied, in one pass, longest spun form first; a
genuine report that says 休息 or 失业 is never touched.

Restoring scans with opencc, which does exactly this longest-match-first
dictionary replacement in C: the table is written once as an opencc text
dictionary. Same-length words (休息者 → 劳动者, most of the table) come back
in place, so the offset map needs no new piece; words of another length
(经由过程 → 通过, 年夜 → 大) come back as patches. A regex over the same table
gives the same result where opencc cannot be used.

>>> table = spin_table()
>>> genuine = "职工休息场所建成12个，帮助失业人员再就业。"
>>> score_spin(genuine, table).spun
False
>>> spun = "经由过程展开休息者权益维护，进一个步骤扶植下层工会，完成全笼罩，可以或许办事职工。"
>>> verdict = score_spin(spun, table)
>>> verdict.spun
True
>>> same, patches = restore(spun, table, verdict)
>>> same
'经由过程开展劳动者权益保护，进一个步骤建设基层工会，实现全覆盖，可以或许服务职工。'
>>> for a, b, new, _, _ in reversed(patches):
...     same = same[:a] + new + same[b:]
>>> same
'通过开展劳动者权益保护，进一步建设基层工会，实现全覆盖，能够服务职工。'
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

from .clean_lexicon import alternation, merged
from .clean_state import Patch

SPIN_DENSITY = 2.0  # evidence weight per 1000 characters for a spun document
SPIN_DISTINCT = 3  # different spun forms of weight 1 or more needed as evidence
SPIN_MIN_WEIGHT = 6.0  # total evidence weight needed, however short the text


DEFAULT_FAMILY = "a"  # the spinner of the rows that name none


@dataclass(frozen=True)
class SpinTable:
    """Spun form → (original, weight); a regex over every spun form, one over the evidence.

    ``family`` names the spinner of the rows that belong to one other than the
    default (a 4th column): a document whose evidence comes mostly from such a
    spinner gets only that spinner's rows (and the guards) applied, since another
    spinner's ordinary rows (领导 → 指导) would rewrite its genuine words.
    """

    pairs: dict[str, tuple[str, float]]
    pattern: re.Pattern[str]
    evidence: re.Pattern[str]
    evidence_words: frozenset[str] = frozenset()
    family: dict[str, str] | None = None


@dataclass(frozen=True)
class SpinVerdict:
    """How spun a text looks."""

    spun: bool
    score: float  # evidence weight per 1000 characters
    distinct: int  # different spun forms of weight 1 or more


@lru_cache(maxsize=8)
def spin_table(extra: Path | None = None) -> SpinTable:
    """The built-in spin table, with the rows of the user's file ``extra``."""
    rows = merged("spin_pairs.tsv", "pair", extra).get("pair", [])
    pairs = {r[0]: (r[1], float(r[2]) if len(r) > 2 else 0.0) for r in rows if len(r) >= 2}
    family = {r[0]: r[3] for r in rows if len(r) > 3 and r[3] != DEFAULT_FAMILY}
    return _table(pairs, family)


def _table(pairs: dict[str, tuple[str, float]], family: dict[str, str]) -> SpinTable:
    evidence = [w for w, (original, weight) in pairs.items() if weight > 0 or original == w]
    return SpinTable(
        pairs,
        re.compile(alternation(list(pairs))),
        re.compile(alternation(evidence) or r"(?!x)x"),
        frozenset(evidence),
        family or None,
    )


def spinner(found: list[str], table: SpinTable) -> str:
    """The family whose rows weigh most in the evidence ``found`` (the default on a tie)."""
    if not table.family:
        return DEFAULT_FAMILY
    weights: dict[str, float] = {}
    for w in found:
        name = table.family.get(w, DEFAULT_FAMILY)
        weights[name] = weights.get(name, 0.0) + table.pairs[w][1]
    return max(weights, key=lambda k: (weights[k], k == DEFAULT_FAMILY), default=DEFAULT_FAMILY)


def family_table(table: SpinTable, name: str) -> SpinTable:
    """The rows of spinner ``name`` and the guards (rows equal on both sides), built
    once per table and family.

    >>> b = family_table(spin_table(), "b")
    >>> "农夫工" in b.pairs, "经由过程" in b.pairs, b.pairs["年夜饭"]  # a guard stays
    (True, False, ('年夜饭', 0.0))
    """
    return _once(_FAMILY_TABLES, table, (id(table), name), lambda: _family_rows(table, name))


def _family_rows(table: SpinTable, name: str) -> SpinTable:
    family = table.family or {}
    rows = {
        w: row
        for w, row in table.pairs.items()
        if family.get(w, DEFAULT_FAMILY) == name or row[0] == w
    }
    return _table(rows, {})


_FAMILY_TABLES: dict[Hashable, tuple[SpinTable, SpinTable]] = {}
_T = TypeVar("_T")


def _once(
    cache: dict[Hashable, tuple[SpinTable, _T]],
    table: SpinTable,
    key: Hashable,
    build: Callable[[], _T],
) -> _T:
    """``build()``, remembered under ``key`` for ``table`` (a table's id is only its own
    while the table lives, so the table is kept beside what was built from it)."""
    found = cache.get(key)
    if found is None or found[0] is not table:
        if len(cache) >= 16:
            cache.clear()
        found = (table, build())
        cache[key] = found
    return found[1]


def _foreign(found: list[str], table: SpinTable) -> bool:
    """Whether evidence of a spinner other than the default was found."""
    family = table.family
    return family is not None and any(w in family for w in found)


def score_spin(text: str, table: SpinTable) -> SpinVerdict:
    """Density of spin evidence in ``text``.

    The evidence regex knows the rows with a positive weight and the guards
    (rows whose two columns are equal, weight 0), so 年夜饭 or 标新立异 count
    nothing instead of 年夜 or 立异.
    """
    return _verdict(table.evidence.findall(text), len(text), table)


def _verdict(found: list[str], length: int, table: SpinTable) -> SpinVerdict:
    """The verdict on a text of ``length`` characters where ``found`` is the evidence."""
    pairs = table.pairs
    weight = sum(pairs[w][1] for w in found)
    distinct = len({w for w in found if pairs[w][1] >= 1})
    score = 1000.0 * weight / max(length, 1)
    spun = score >= SPIN_DENSITY and weight >= SPIN_MIN_WEIGHT and distinct >= SPIN_DISTINCT
    return SpinVerdict(spun, score, distinct)


def restore(text: str, table: SpinTable, verdict: SpinVerdict) -> tuple[str, list[Patch]]:
    """Restore the original words of a spun text.

    Returns the text with the same-length words restored in place, and patches
    (in its coordinates, which are those of ``text``) for the other words.
    Nothing changes when the verdict says the text is not spun.
    """
    if not verdict.spun:
        return text, []
    if table.family:  # only the rows of the spinner found
        table = family_table(table, spinner(table.evidence.findall(text), table))
    return _apply(text, table)


def _apply(text: str, table: SpinTable) -> tuple[str, list[Patch]]:
    """Every row of ``table`` applied to ``text``: :func:`restore`'s result."""
    convert = _converter(tuple((k, v) for k, (v, _) in table.pairs.items()))
    if convert is None or _MARK_OPEN in text:
        return _restore_with_regex(text, table)
    return _read_marks(text, convert(text))


_MARK_OPEN, _MARK_CLOSE, _LENGTH_BASE = "\x01", "\x02", 0xE000
_MARK_RE = re.compile("\x01([^\x02]*)\x02(.)", re.S)
_REASON = "spun word restored"


def _read_marks(text: str, out: str) -> tuple[str, list[Patch]]:
    """Turn opencc's output back into (same-length text, patches).

    A word of another length comes out as ``\\x01original\\x02`` followed by a
    character coding the length of the spun form it replaced.
    """
    parts: list[str] = []
    patches: list[Patch] = []
    pos = delta = 0
    for m in _MARK_RE.finditer(out):
        n = ord(m.group(2)) - _LENGTH_BASE
        a = m.start() - delta
        parts += (out[pos : m.start()], text[a : a + n])
        patches.append((a, a + n, m.group(1), "spin", _REASON))
        pos = m.end()
        delta += m.end() - m.start() - n
    parts.append(out[pos:])
    return "".join(parts), patches


def _restore_with_regex(text: str, table: SpinTable) -> tuple[str, list[Patch]]:
    """The same restoration with the table's regex (slower; the reference)."""
    parts: list[str] = []
    patches: list[Patch] = []
    pos = 0
    for m in table.pattern.finditer(text):
        spun = m.group()
        original = table.pairs[spun][0]
        if len(original) == len(spun):
            parts += (text[pos : m.start()], original)
            pos = m.end()
        else:
            patches.append((m.start(), m.end(), original, "spin", _REASON))
    parts.append(text[pos:])
    return "".join(parts), patches


@lru_cache(maxsize=8)
def _converter(rows: tuple[tuple[str, str], ...]) -> Callable[[str], str] | None:
    """An opencc converter applying ``rows`` (spun, original), or None if opencc refuses."""
    return _opencc_converter(
        tuple((spun, _opencc_value(spun, original)) for spun, original in rows)
    )


@lru_cache(maxsize=8)
def _opencc_converter(rows: tuple[tuple[str, str], ...]) -> Callable[[str], str] | None:
    """An opencc converter replacing each key of ``rows`` by its value, longest key first.

    Its files live in a temporary directory only while opencc reads them: it loads
    a text dictionary whole when the converter is built. (A directory kept for the
    life of the process was left behind by every batch worker, which ends with
    ``os._exit`` and so runs no finalizer.) None if opencc refuses.
    """
    try:
        import opencc

        with tempfile.TemporaryDirectory(prefix="summarizer-spin-") as folder:
            path = Path(folder)
            (path / "spin.txt").write_text(
                "".join(f"{key}\t{value}\n" for key, value in rows),
                encoding="utf-8",
            )
            dictionary = {"type": "text", "file": "spin.txt"}
            # No segmentation: the conversion itself takes the longest key at each
            # position, which is what a max-match segmentation by the same dictionary
            # would cut, and the text is matched once instead of twice (2x faster).
            config = {"name": "spin", "conversion_chain": [{"dict": dictionary}]}
            (path / "spin.json").write_text(json.dumps(config), encoding="utf-8")
            converter = opencc.OpenCC(str(path / "spin.json"))
        convert: Callable[[str], str] = converter.convert
        return convert
    except Exception:  # any opencc failure: fall back to the regex
        return None


def _opencc_value(spun: str, original: str) -> str:
    """What opencc writes for ``spun``: the original, marked when its length differs."""
    if len(original) == len(spun):
        return original
    return f"{_MARK_OPEN}{original}{_MARK_CLOSE}{chr(_LENGTH_BASE + len(spun))}"


# ---------------------------------------------------------------------------- one scan


def spin_scan(text: str, table: SpinTable) -> tuple[SpinVerdict, str, list[Patch]]:
    """:func:`score_spin`, then :func:`restore`, in one dictionary scan of ``text``.

    One opencc pass over the whole table writes the original of each same-length
    spun form in place, and for the rows the rest needs (evidence rows, rows of
    another length, and the rows that can hide the start of an evidence form,
    :func:`_masking`) a mark (``\\x01`` and the row's number) before what goes in
    place (the original, or the spun form itself when their lengths differ). The
    evidence found is exactly what the evidence regex finds (:func:`_evidence`);
    without opencc, the two functions run as they are.

    >>> table = spin_table()
    >>> spun = "经由过程展开休息者权益维护，进一个步骤扶植下层工会，完成全笼罩，可以或许办事职工。"
    >>> verdict, same, patches = spin_scan(spun, table)
    >>> (verdict, same, patches) == (score_spin(spun, table), *restore(spun, table, verdict))
    True
    """
    scanner = _scanner(table)
    if scanner is None or _MARK_OPEN in text:
        verdict = score_spin(text, table)
        return (verdict, *restore(text, table, verdict))
    marked = scanner.convert(text)
    parts = marked.split(_MARK_OPEN)
    rows = [ord(part[0]) - _ROW_BASE for part in parts[1:]]
    spun_forms = list(map(scanner.words.__getitem__, rows))
    starts = _mark_starts(parts)
    found = _evidence(text, starts, spun_forms, table, scanner.masking)
    verdict = _verdict(found, len(text), table)
    if not verdict.spun:
        return verdict, text, []
    if _foreign(found, table):  # another spinner's rows are there: only the spinner's apply
        return (verdict, *_apply(text, family_table(table, spinner(found, table))))
    same = _MARKS_RE.sub("", marked)
    resized = scanner.resized
    patches: list[Patch] = [
        (start, start + len(spun), table.pairs[spun][0], "spin", _REASON)
        for start, spun in zip(starts, spun_forms, strict=True)
        if spun in resized
    ]
    return verdict, same, patches


def _mark_starts(parts: list[str]) -> list[int]:
    """Where each marked spun form starts in the scanned text.

    ``parts`` is the scan's output split at the marks: each part after the first
    opens with the mark's row number, then what stands in place of the spun form
    (as long as it) and the text up to the next mark.

    >>> _mark_starts(["ab", "\\ue000XYc", "\\ue001Zd"])
    [2, 5]
    """
    starts = list(accumulate(map((-1).__add__, map(len, parts[1:])), initial=len(parts[0])))
    starts.pop()
    return starts


@dataclass(frozen=True)
class _Scanner:
    """The opencc converter of :func:`spin_scan`, its marked rows and the masking rows."""

    convert: Callable[[str], str]
    words: tuple[str, ...]  # mark number -> spun form
    masking: frozenset[str]
    resized: frozenset[str]  # marked spun forms whose original has another length


_ROW_BASE, _MAX_MARKS = 0xE000, 0x1900  # marks are private-use characters
_MARKS_RE = re.compile(f"{_MARK_OPEN}[{chr(_ROW_BASE)}-{chr(_ROW_BASE + _MAX_MARKS - 1)}]")


def _scanner(table: SpinTable) -> _Scanner | None:
    """The scanner of ``table`` (built once per table), or None if opencc cannot be used."""
    return _once(_SCANNERS, table, id(table), lambda: _build_scanner(table))


_SCANNERS: dict[Hashable, tuple[SpinTable, _Scanner | None]] = {}


def _build_scanner(table: SpinTable) -> _Scanner | None:
    masking = _masking(table)
    words = tuple(
        w
        for w, (original, _) in table.pairs.items()
        if w in table.evidence_words or w in masking or len(original) != len(w)
    )
    if len(words) > _MAX_MARKS:
        return None
    originals = [table.pairs[w][0] for w in words]
    in_place = [o if len(o) == len(w) else w for w, o in zip(words, originals, strict=True)]
    mark = {
        w: f"{_MARK_OPEN}{chr(_ROW_BASE + k)}{kept}"
        for k, (w, kept) in enumerate(zip(words, in_place, strict=True))
    }
    rows = tuple((w, mark.get(w, original)) for w, (original, _) in table.pairs.items())
    convert = _opencc_converter(rows)
    if convert is None:
        return None
    resized = frozenset(w for w, o in zip(words, originals, strict=True) if len(o) != len(w))
    return _Scanner(convert, words, masking, resized)


def _masking(table: SpinTable) -> frozenset[str]:
    """Rows outside the evidence inside which an evidence form may start.

    Elsewhere, a row matched by the whole table's scan is passed over by the
    evidence scan without a match, and both scans meet again at its end.

    >>> sorted(_masking(spin_table()))[:3]
    ['主要', '买通', '交通']
    """
    evidence = table.evidence_words
    return frozenset(
        w
        for w in table.pairs
        if w not in evidence
        and any(e.startswith(w[k:]) or w[k:].startswith(e) for k in range(len(w)) for e in evidence)
    )


def _evidence(
    text: str, starts: list[int], spun_forms: list[str], table: SpinTable, masking: frozenset[str]
) -> list[str]:
    """The evidence forms of ``text``, as ``table.evidence.findall`` finds them.

    Both scans take the longest form at each position, and the evidence forms are
    a subset of the table: where the whole table's scan matches an evidence form,
    so does the evidence scan. After a masking row the two may part: the evidence
    scan is then replayed from the row's start until both stand at one position.
    """
    evidence = table.evidence_words
    if masking.isdisjoint(spun_forms):
        return list(filter(evidence.__contains__, spun_forms))
    found: list[str] = []
    resume = 0
    for start, spun in zip(starts, spun_forms, strict=True):
        if start < resume:
            continue
        if spun in evidence:
            found.append(spun)
        elif spun in masking:
            resume = _replay(text, start, start + len(spun), table, found)
    return found


def _replay(text: str, e: int, p: int, table: SpinTable, found: list[str]) -> int:
    """Step the evidence scan (at ``e``) and the table's scan (at ``p``) until they meet."""
    while e != p:
        if e < p:
            m = table.evidence.match(text, e)
            if m and m.end() > e:
                found.append(m.group())
                e = m.end()
            else:
                e += 1
        else:
            m = table.pattern.match(text, p)
            p = m.end() if m and m.end() > p else p + 1
    return e
