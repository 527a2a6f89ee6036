"""Injected SEO spam: spam tokens, and sentences spliced in from web fiction.

**Tokens.** ``data/spam_tokens.txt`` lists spam tokens, spam stems (包养, 甜心)
and the tails spammers glue to them (网, 单次, VIP). A match is cut wherever it
sits, even inside a word; ``[allow]`` words (承包养殖) are kept. A line left with
no content goes whole.

>>> lex = spam_lexicon()
>>> text = "持续加包养网大力度，本包养条件地党委\\n包养网\\n"
>>> [(text[a:b], kind) for a, b, _, kind, _ in spam_changes(text, lex)]
[('包养网', 'spam'), ('包养条件', 'spam'), ('包养网\\n', 'spam')]

**Fiction.** Spam pages also splice in sentences from web novels, cut at random
points. Each clause (and each “quoted” passage) is scored with the weights of
``data/fiction_vocab.tsv`` (她 2, 吩咐 3, 泪水 2, 吗 1 …). A clause scoring
:data:`FICTION_SEED` or more that holds no report word (工会, 职工, 服务 …) and no
number is fiction; its neighbours join when they score at least 1, or are
leftovers of :data:`SHORT_LEFTOVER` characters or less, and are not protected
either. A protected clause is never cut whole: only fiction glued right after (or
before) a statistic goes ("已达65个他连忙向她道歉" → "已达65个"), and a clause
inside a quotation that holds a report word (a worker's words) is never cut.

>>> fic = fiction_lexicon()
>>> text = "其中投入使用已达65个他连忙向她道歉，安慰她，低下；乡镇街道新建驿站12个。"
>>> cut = fiction_changes(text, fic)
>>> "".join(text[a:b] for a, b, *_ in cut)
'他连忙向她道歉，安慰她，低下'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import lt
from pathlib import Path
from typing import NamedTuple

from .clean_lexicon import alternation, merged, words
from .clean_state import Patch

FICTION_SEED = 3.0  # a clause scoring this much (and unprotected) is fiction
FICTION_JOIN = 1.0  # a neighbour scoring this much joins a fiction run
SHORT_LEFTOVER = 3  # a neighbour this short (characters) joins a fiction run
ALLOW_WINDOW = 6  # characters around a spam match searched for an [allow] word

_CONTENT_RE = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_UNIT = (
    r"(?:人次|户次|件次|平方米|公里|小时|[个名人家场次项元户起件篇支处所期批届年月日号岁台套辆吨米亩天"
    r"条份本周倍种类%‰])"
)
_STAT_FIRST = "〇零一二三四五六七八九十百千万亿两几"  # and \d: what a statistic opens with
_STAT_RE = re.compile(
    rf"\d+(?:[.,]\d+)*(?:[余多]?[万亿]?{_UNIT})?"
    rf"|[{_STAT_FIRST}]+[余多]?{_UNIT}"
)
_QUOTE_RE = re.compile(r"“[^“”\n]{1,300}”")
_CLAUSE_RE = re.compile(r"[^，,。！？!?；;“”\n]+[，,。！？!?；;…]*[ \t.]*")
_TRAIL_RE = re.compile(r"[，,。！？!?；;…、\s.”’]+$")
# The same characters for str.rstrip: ``\s`` is str.isspace, all of it below U+3001.
_TRAIL_CHARS = "，,。！？!?；;…、.”’" + "".join(filter(str.isspace, map(chr, range(0x3001))))
_FINAL = frozenset("。！？!?…")
_SOFT = frozenset("，,、；;：:")
_BOUNDARY = frozenset("，,、；;：:。！？!?…”’）)》】\n")


@dataclass(frozen=True)
class SpamLexicon:
    """Compiled spam tokens, and the allowed words.

    ``pattern`` is ``(?:token|stem)(?:suffix){0,2}``, the tokens and stems
    factored as one trie so the scan stays fast.
    """

    pattern: re.Pattern[str]
    allow: re.Pattern[str] | None


@dataclass(frozen=True)
class FictionLexicon:
    """Fiction words with weights, and the report vocabulary that protects a clause."""

    pattern: re.Pattern[str]
    weights: dict[str, float]
    report: re.Pattern[str]
    report_first: re.Pattern[str] | None = field(default=None, compare=False)


@lru_cache(maxsize=8)
def spam_lexicon(extra: Path | None = None) -> SpamLexicon:
    """The built-in spam lexicon, merged with the user's file ``extra``."""
    s = merged("spam_tokens.txt", "token", extra)
    head = alternation([*words(s.get("stem", [])), *words(s.get("token", []))])
    suffixes = alternation(words(s.get("suffix", [])))
    tail = f"(?:{suffixes}){{0,2}}" if suffixes else ""
    allow = words(s.get("allow", []))
    return SpamLexicon(
        pattern=re.compile(f"{head}{tail}" if head else r"(?!x)x"),
        allow=re.compile(alternation(allow)) if allow else None,
    )


@lru_cache(maxsize=8)
def fiction_lexicon(extra: Path | None = None) -> FictionLexicon:
    """The built-in fiction vocabulary, with the user's ``[fiction]``/``[report]`` rows."""
    s = merged("fiction_vocab.tsv", "fiction", None)
    if extra is not None:
        user = merged("spam_tokens.txt", "token", extra)
        s["fiction"] = [*s.get("fiction", []), *user.get("fiction", [])]
        s["report"] = [*s.get("report", []), *user.get("report", [])]
    weights = {row[0]: float(row[1]) if len(row) > 1 else 1.0 for row in s.get("fiction", [])}
    report_words = words(s.get("report", []))
    report = alternation(report_words)
    firsts = "".join(sorted({w[0] for w in report_words if w}))
    return FictionLexicon(
        pattern=re.compile(alternation(list(weights))),
        weights=weights,
        report=re.compile(f"{report}|{_STAT_RE.pattern}"),
        report_first=re.compile(f"[\\d{_STAT_FIRST}{_class_chars(firsts)}]") if report else None,
    )


def _class_chars(chars: str) -> str:
    """``chars`` escaped for use inside a character class."""
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


# ---------------------------------------------------------------------------- tokens


def spam_changes(text: str, lex: SpamLexicon) -> list[Patch]:
    """Cut spam tokens; a line with nothing else left goes whole."""
    hits = [m for m in lex.pattern.finditer(text) if not _allowed(text, m, lex)]
    by_line: dict[int, list[re.Match[str]]] = {}
    for m in hits:
        by_line.setdefault(text.rfind("\n", 0, m.start()) + 1, []).append(m)
    out: list[Patch] = []
    for start, matches in by_line.items():
        out.extend(_line_spam(text, start, matches))
    return out


def _allowed(text: str, m: re.Match[str], lex: SpamLexicon) -> bool:
    """Is the match part of a legitimate word (承包养殖)?"""
    if lex.allow is None:
        return False
    lo = max(0, m.start() - ALLOW_WINDOW)
    window = text[lo : m.end() + ALLOW_WINDOW]
    return any(
        a.start() + lo < m.end() and m.start() < a.end() + lo for a in lex.allow.finditer(window)
    )


def _line_spam(text: str, start: int, matches: list[re.Match[str]]) -> list[Patch]:
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    pieces, pos = [], start
    for m in matches:
        pieces.append(text[pos : m.start()])
        pos = m.end()
    pieces.append(text[pos:end])
    if not _CONTENT_RE.search("".join(pieces)):
        return [(start, min(end + 1, len(text)), "", "spam", "line of spam tokens")]
    return [(m.start(), m.end(), "", "spam", "spam token") for m in matches]


# ---------------------------------------------------------------------------- fiction


class _Unit(NamedTuple):
    """A clause or a quoted passage of one line, in text coordinates."""

    start: int
    end: int
    score: float
    protected: bool
    core: int  # characters before the trailing punctuation


def fiction_changes(text: str, lex: FictionLexicon) -> list[Patch]:
    """Cut clauses spliced in from fiction.

    Only lines whose fiction words weigh :data:`FICTION_SEED` or more in total
    can hold a seed clause, so only those are examined.
    """
    weights = lex.weights
    out: list[Patch] = []
    for start, found in _words_by_line(text, lex).items():
        if sum(weights[m.group()] for m in found) >= FICTION_SEED:
            end = text.find("\n", start)
            line = text[start : len(text) if end < 0 else end]
            out.extend(_line_fiction(text, start, _LineFacts(line, lex, start, found), lex))
    return out


def _words_by_line(text: str, lex: FictionLexicon) -> dict[int, list[re.Match[str]]]:
    """The fiction words of ``text``, by the start of their line, in one scan.

    No word spans a line break, so a line's words are the ones this scan finds in it.

    >>> found = _words_by_line("他说\\n工会\\n她哭了", fiction_lexicon())
    >>> {line: [m.group() for m in words] for line, words in found.items()}
    {0: ['他'], 6: ['她', '哭']}
    """
    out: dict[int, list[re.Match[str]]] = {}
    line, line_end = -1, -1
    for m in lex.pattern.finditer(text):
        if m.start() > line_end:  # a new line: find its bounds once
            line = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.start())
            line_end = len(text) if line_end < 0 else line_end
            out[line] = []
        out[line].append(m)
    return out


def _line_fiction(text: str, start: int, facts: _LineFacts, lex: FictionLexicon) -> list[Patch]:
    line = facts.line
    clause_spans = [m.span() for m in _CLAUSE_RE.finditer(line)]
    quote_spans = [m.span() for m in _QUOTE_RE.finditer(line)]
    clause_scores, quote_scores = facts.scores(clause_spans), facts.scores(quote_spans)
    if max(clause_scores, default=0) < FICTION_SEED and max(quote_scores, default=0) < FICTION_SEED:
        return []
    quotes = facts.units(quote_spans, quote_scores)
    safe_quotes = [(q.start, q.end) for q in quotes if q.protected]
    clauses: list[_Unit] = []
    for c in facts.units(clause_spans, clause_scores):
        if safe_quotes or (c.protected and c.score >= FICTION_SEED):
            clauses += _clause_units(line, c, safe_quotes, lex)
        else:  # the usual case, inline: a clause stays whole
            clauses.append(c)
    marked = _expand(clauses, [c.score >= FICTION_SEED and not c.protected for c in clauses])
    cut = [(c.start, c.end) for c, hit in zip(clauses, marked, strict=True) if hit]
    spans = [(q.start, q.end) for q in quotes if _is_seed(q) or _emptied(q, clauses, cut)]
    spans += cut
    return [_junction(text, start + a, start + b) for a, b in _merge(spans)]


class _LineFacts:
    """Where the fiction words and the report words of one line are.

    The fiction words are the matches ``found`` in the text, the line starting at
    ``offset``. The report words are looked up on first use (lines without a seed
    never need them).
    """

    __slots__ = ("_lex", "_report_at", "hit_at", "hit_weight", "line")

    def __init__(
        self, line: str, lex: FictionLexicon, offset: int, found: list[re.Match[str]]
    ) -> None:
        weights = lex.weights
        self.line = line
        self.hit_at = [m.start() - offset for m in found]
        self.hit_weight = [weights[m.group()] for m in found]
        self._lex = lex
        self._report_at: list[int] | None = None

    @property
    def report_at(self) -> list[int]:
        if self._report_at is None:
            self._report_at = _report_starts(self.line, self._lex)
        return self._report_at

    def scores(self, spans: list[tuple[int, int]]) -> list[float]:
        """The fiction weight of each span: the words starting inside it."""
        hit_at, weight = self.hit_at, self.hit_weight
        return [sum(weight[bisect_left(hit_at, a) : bisect_left(hit_at, b)]) for a, b in spans]

    def units(self, spans: list[tuple[int, int]], scores: list[float]) -> list[_Unit]:
        """The units of sorted, disjoint ``spans`` (scored ``scores``), checked in bulk."""
        if not spans:
            return []
        starts, ends = [a for a, _ in spans], [b for _, b in spans]
        report_at, line = self.report_at, self.line
        first = map(bisect_left, repeat(report_at), starts)
        protected = list(map(lt, first, map(bisect_left, repeat(report_at), ends)))
        cores = [len(line[a:b].rstrip(_TRAIL_CHARS)) for a, b in spans]  # as _TRAIL_RE cuts
        return list(map(_Unit, starts, ends, scores, protected, cores))


def _report_starts(line: str, lex: FictionLexicon) -> list[int]:
    """Starts of ``lex.report``'s matches in ``line``, as ``finditer`` finds them.

    The pattern is tried only where a match can open (a report word's first
    character, a digit or a Chinese numeral), which a fast scan finds.

    >>> _report_starts("已达65个他向工会职工道歉，1,200人", fiction_lexicon())
    [2, 7, 9, 14]
    """
    first = lex.report_first
    if first is None:
        return [m.start() for m in lex.report.finditer(line)]
    out: list[int] = []
    match = lex.report.match
    pos = 0
    while (hit := first.search(line, pos)) is not None:
        m = match(line, hit.start())
        if m is None:
            pos = hit.start() + 1
            continue
        out.append(m.start())
        pos = m.end()
    return out


def _emptied(quote: _Unit, clauses: list[_Unit], cut: list[tuple[int, int]]) -> bool:
    """Are all the clauses of a quotation cut? Then its quotation marks go too."""
    inside = [(c.start, c.end) for c in clauses if quote.start < c.start and c.end < quote.end]
    return bool(inside) and all(span in cut for span in inside)


def _unit(line: str, a: int, b: int, lex: FictionLexicon) -> _Unit:
    """A unit of ``line[a:b]`` scored on its own (for a piece split off a clause)."""
    body = line[a:b]
    protected = bool(lex.report.search(body))
    return _Unit(a, b, _score(body, lex), protected, len(body.rstrip(_TRAIL_CHARS)))


def _score(body: str, lex: FictionLexicon) -> float:
    """Sum of the fiction weights found in ``body``.

    >>> _score("他连忙向她道歉", fiction_lexicon())
    6.0
    """
    return sum(lex.weights.get(m.group(), 0.0) for m in lex.pattern.finditer(body))


def _clause_units(
    line: str, c: _Unit, safe_quotes: list[tuple[int, int]], lex: FictionLexicon
) -> list[_Unit]:
    """A clause as units: whole, or split at a statistic when fiction is glued to it.

    A clause inside a protected quotation (a worker's words with 工会 in them)
    is protected whole and never split.
    """
    if safe_quotes and any(a <= c.start and c.end <= b for a, b in safe_quotes):
        return [_Unit(c.start, c.end, c.score, True, c.core)]
    if c.protected and c.score >= FICTION_SEED:
        return _split_protected(line, c, lex)
    return [c]


def _is_seed(u: _Unit) -> bool:
    return u.score >= FICTION_SEED and not u.protected


def _split_protected(line: str, c: _Unit, lex: FictionLexicon) -> list[_Unit]:
    """Split fiction glued right after (or before) a statistic off a protected clause.

    "已达65个他连忙向她道歉" → "已达65个" (protected) + "他连忙向她道歉" (fiction).
    Only a statistic is a cut point: a report word is not, so genuine narrative
    around one ("她妈妈说工会帮了大忙") stays whole.
    """
    if not c.protected or c.score < FICTION_SEED:
        return [c]
    marks = list(_STAT_RE.finditer(line, c.start, c.end))
    if not marks:
        return [c]
    cut_tail = marks[-1].end()
    tail = _unit(line, cut_tail, c.end, lex)
    if _is_seed(tail):
        return [_Unit(c.start, cut_tail, 0.0, True, cut_tail - c.start), tail]
    cut_head = marks[0].start()
    head = _unit(line, c.start, cut_head, lex)
    if _is_seed(head):
        return [head, _Unit(cut_head, c.end, 0.0, True, c.end - cut_head)]
    return [c]


def _expand(units: list[_Unit], marked: list[bool]) -> list[bool]:
    """Grow fiction runs over weak or tiny unprotected neighbours, as far as they reach.

    A unit that can join (unprotected, scoring :data:`FICTION_JOIN` or only
    :data:`SHORT_LEFTOVER` characters long) is marked when a chain of such units
    links it to a marked one: one sweep to the right and one back find them all.

    >>> u = [_Unit(0, 9, s, p, 9) for s, p in ((0, 0), (1, 0), (3, 0), (1, 1), (1, 0))]
    >>> _expand(u, [False, False, True, False, False])
    [False, True, True, False, False]
    """
    marked = list(marked)
    joins = [
        not u.protected and (u.score >= FICTION_JOIN or u.core <= SHORT_LEFTOVER) for u in units
    ]
    for i in range(1, len(units)):
        if joins[i] and marked[i - 1]:
            marked[i] = True
    for i in range(len(units) - 2, -1, -1):
        if joins[i] and marked[i + 1]:
            marked[i] = True
    return marked


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Union of spans; touching spans merge."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _junction(text: str, a: int, b: int) -> Patch:
    """Cut ``[a, b)`` so the host sentence keeps exactly one sensible mark at the seam.

    - the run ends a sentence (。！？): its mark goes with it; a comma before the
      run goes too when the host text continues ("投进，[…地方。]应用" → "投进应用");
      when the run ended the paragraph, the host sentence keeps a full stop;
    - the run ends in a comma or semicolon: the mark stays when nothing else marks
      the seam ("65个[他…低下]；乡镇");
    """
    trail = _TRAIL_RE.search(text, a, b)
    marks = trail.group() if trail else ""
    lead = text[a - 1] if a > 0 and text[a - 1] in _SOFT else ""
    after = text[b] if b < len(text) else "\n"
    reason = "sentences spliced in from fiction"
    if _FINAL & set(marks):
        if after == "\n":  # the run ended the paragraph: the host keeps a full stop
            return (a - 1 if lead else a, b, "。", "fiction", reason)
        if lead and after not in _BOUNDARY:
            return (a - 1, b, "", "fiction", reason)
        return (a, b, "", "fiction", reason)
    soft = marks.strip(" \t.")
    if soft and not lead and after not in _BOUNDARY:
        return (a, b - len(marks), "", "fiction", reason)
    return (a, b, "", "fiction", reason)
