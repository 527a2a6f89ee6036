"""Edit text while keeping a map from every cleaned offset back to the raw text.

The cleaner runs a series of passes. Each pass proposes :class:`Change` objects
in the coordinates of the current text; :meth:`TextState.apply` applies them,
records an :class:`Edit` (in raw coordinates) for each, and composes the offset
map. Same-length substitutions (opencc's 發→发) go through
:meth:`TextState.substitute`, which leaves the map untouched: offsets still line
up one to one.

The map is piecewise: the cleaned text is tiled by pieces, each either a *copy*
of a raw range of the same length (offsets map one to one) or a *replacement*
that maps, as a whole, onto the raw range it replaced.

>>> s = TextState("當(dāng)前,,好")
>>> s.apply([Change(1, 7, "", "pinyin", "tone-marked pinyin annotation")])
>>> s.apply([Change(2, 4, ",", "punct", "doubled punctuation")])
>>> s.text
'當前,好'
>>> s.map.to_raw(2, 4)   # ",好" came from ",,好"
(8, 11)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """A proposed edit in current-text coordinates: replace ``[start, end)``."""

    start: int
    end: int
    replacement: str
    kind: str
    reason: str


@dataclass(frozen=True)
class Edit:
    """A change that was made, located in the raw text.

    ``before`` is the text as the pass saw it; ``raw[raw_start:raw_end]`` is the
    original. ``after`` is what replaced it (empty for a removal).
    """

    kind: str
    raw_start: int
    raw_end: int
    before: str
    after: str
    reason: str


class OffsetMap:
    """Maps offsets in the cleaned text to offsets in the raw text."""

    __slots__ = ("_copy", "_raw_end", "_raw_len", "_raw_start", "_starts", "length")

    def __init__(
        self,
        starts: list[int],
        raw_start: list[int],
        raw_end: list[int],
        copy: list[bool],
        length: int,
        raw_len: int,
    ) -> None:
        self._starts = starts
        self._raw_start = raw_start
        self._raw_end = raw_end
        self._copy = copy
        self.length = length
        self._raw_len = raw_len

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        if length == 0:
            return cls([], [], [], [], 0, 0)
        return cls([0], [0], [length], [True], length, length)

    def __len__(self) -> int:
        return len(self._starts)

    def _piece(self, i: int) -> int:
        return bisect_right(self._starts, i) - 1

    def char_start(self, i: int) -> int:
        """Raw offset where cleaned character ``i`` begins."""
        if i >= self.length:
            return self._raw_len
        p = self._piece(i)
        if self._copy[p]:
            return self._raw_start[p] + (i - self._starts[p])
        return self._raw_start[p]

    def char_end(self, i: int) -> int:
        """Raw offset just after cleaned character ``i``."""
        p = self._piece(i)
        if self._copy[p]:
            return self._raw_start[p] + (i - self._starts[p]) + 1
        return self._raw_end[p]

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw span ``[a, b)`` that produced cleaned span ``[start, end)``."""
        if not 0 <= start <= end <= self.length:
            raise IndexError(f"span ({start}, {end}) outside 0..{self.length}")
        if start == end:
            pos = self.char_start(start) if start < self.length else self._raw_len
            return pos, pos
        return self.char_start(start), self.char_end(end - 1)

    def pieces(self) -> Iterable[tuple[int, int, int, int, bool]]:
        """``(start, end, raw_start, raw_end, is_copy)`` for each piece."""
        n = len(self._starts)
        for k in range(n):
            end = self._starts[k + 1] if k + 1 < n else self.length
            yield self._starts[k], end, self._raw_start[k], self._raw_end[k], self._copy[k]


class _Builder:
    """Accumulates the pieces of a new map, merging adjacent copies."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.raw_start: list[int] = []
        self.raw_end: list[int] = []
        self.copy: list[bool] = []

    def add(self, start: int, raw_start: int, raw_end: int, copy: bool) -> None:
        if (
            copy
            and self.copy
            and self.copy[-1]
            and self.raw_end[-1] == raw_start
            and self.starts[-1] + (self.raw_end[-1] - self.raw_start[-1]) == start
        ):
            self.raw_end[-1] = raw_end
            return
        self.starts.append(start)
        self.raw_start.append(raw_start)
        self.raw_end.append(raw_end)
        self.copy.append(copy)


def _copy_range(old: OffsetMap, a: int, b: int, out: _Builder, shift: int) -> None:
    """Copy the pieces of ``old`` covering ``[a, b)`` into ``out``, moved by ``shift``."""
    if a >= b:
        return
    p = old._piece(a)
    n = len(old._starts)
    while p < n and old._starts[p] < b:
        p_start = old._starts[p]
        p_end = old._starts[p + 1] if p + 1 < n else old.length
        lo, hi = max(a, p_start), min(b, p_end)
        if old._copy[p]:
            r = old._raw_start[p] + (lo - p_start)
            out.add(lo + shift, r, r + (hi - lo), True)
        else:
            out.add(lo + shift, old._raw_start[p], old._raw_end[p], False)
        p += 1


class TextState:
    """The text being cleaned, its offset map and the edits made so far."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.text = raw
        self.map = OffsetMap.identity(len(raw))
        self.edits: list[Edit] = []

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.map.to_raw(start, end)

    def apply(self, changes: Iterable[Change]) -> None:
        """Apply non-overlapping changes (any order) and compose the map."""
        ordered = sorted(changes, key=lambda c: (c.start, c.end))
        if not ordered:
            return
        text, old = self.text, self.map
        parts: list[str] = []
        out = _Builder()
        pos = 0
        new_len = 0
        for ch in ordered:
            if ch.start < pos:
                raise ValueError(f"overlapping changes at {ch.start} ({ch.kind})")
            _copy_range(old, pos, ch.start, out, new_len - pos)
            parts.append(text[pos : ch.start])
            new_len += ch.start - pos
            raw_a, raw_b = old.to_raw(ch.start, ch.end)
            if ch.replacement:
                out.add(new_len, raw_a, raw_b, False)
                parts.append(ch.replacement)
                new_len += len(ch.replacement)
            self.edits.append(
                Edit(ch.kind, raw_a, raw_b, text[ch.start : ch.end], ch.replacement, ch.reason)
            )
            pos = ch.end
        _copy_range(old, pos, len(text), out, new_len - pos)
        parts.append(text[pos:])
        new_len += len(text) - pos
        self.text = "".join(parts)
        self.map = OffsetMap(
            out.starts, out.raw_start, out.raw_end, out.copy, new_len, len(self.raw)
        )

    def substitute(self, new_text: str, kind: str, reason: str) -> None:
        """Replace the text by a same-length variant; record each changed run.

        >>> s = TextState("工會發布")
        >>> s.substitute("工会发布", "t2s", "traditional to simplified")
        >>> [(e.before, e.after, e.raw_start, e.raw_end) for e in s.edits]
        [('會發', '会发', 1, 3)]
        """
        old = self.text
        if len(new_text) != len(old):
            raise ValueError("substitute() needs a same-length text; use apply()")
        if new_text == old:
            return
        for a, b in _changed_runs(old, new_text):
            ra, rb = self.map.to_raw(a, b)
            self.edits.append(Edit(kind, ra, rb, old[a:b], new_text[a:b], reason))
        self.text = new_text


def _changed_runs(old: str, new: str) -> Iterable[tuple[int, int]]:
    """Maximal runs where two same-length strings differ, compared line by line."""
    pos = 0
    for old_line, new_line in zip(old.splitlines(True), new.splitlines(True), strict=True):
        if old_line != new_line:
            run_start = -1
            for k, (x, y) in enumerate(zip(old_line, new_line, strict=True)):
                if x != y:
                    if run_start < 0:
                        run_start = k
                elif run_start >= 0:
                    yield pos + run_start, pos + k
                    run_start = -1
            if run_start >= 0:
                yield pos + run_start, pos + len(old_line)
        pos += len(old_line)
