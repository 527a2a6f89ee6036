"""The cleaner's edit buffer: :class:`~summarizer.textmap.TextState`, made fast.

:class:`EditBuffer` composes the offset map exactly as ``TextState.apply`` does
(``tests/test_textmap.py`` checks, with hypothesis, that both give the same text,
map and edits), but in one tight loop over the changes that copies the untouched
stretches of the old map with list slices. A pass costs time in proportion to its
own changes, not to the pieces earlier passes left behind.

Two representation choices keep the per-change cost low:

- passes propose changes as plain tuples, :data:`Patch` = ``(start, end,
  replacement, kind, reason)``, the fields of :class:`~summarizer.textmap.Change`;
- the buffer records each change as a plain tuple in the field order of
  :class:`~summarizer.textmap.Edit` (:data:`Record`); ``Edit`` objects are built
  from them on demand (``CleanedText.edits``).

It adds two helpers:

- :meth:`EditBuffer.apply_all` merges the changes several finders propose on the
  same text into one apply, dropping any change that overlaps one from an
  earlier finder (earlier finders win);
- :meth:`EditBuffer.replace_lines` records a same-length rewrite (opencc,
  full-width punctuation) as one edit per changed line: the map is untouched.

>>> b = EditBuffer("當(dāng)前,,好")
>>> applied = b.apply_all([lambda t: [(1, 7, "", "pinyin", "annotation")],
...                        lambda t: [(8, 9, "", "punct", "doubled")]])
>>> b.text, b.map.to_raw(2, 4)
('當前,好', (9, 11))
>>> b.edits[0]
Edit(kind='pinyin', raw_start=1, raw_end=7, before='(dāng)', after='', reason='annotation')
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter

from .textmap import Change, Edit, OffsetMap, TextState

Patch = tuple[int, int, str, str, str]  # start, end, replacement, kind, reason
Record = tuple[str, int, int, str, str, str]  # kind, raw_start, raw_end, before, after, reason
Finder = Callable[[str], Iterable[Patch]]

_BY_SPAN = itemgetter(0, 1)


def as_patch(ch: Change) -> Patch:
    return (ch.start, ch.end, ch.replacement, ch.kind, ch.reason)


class EditBuffer(TextState):
    """A :class:`TextState` whose changes cost time in proportion to their number."""

    def __init__(self, raw: str) -> None:
        super().__init__(raw)
        self.records: list[Record] = []

    @property
    def edits(self) -> list[Edit]:
        """The changes made so far, as :class:`Edit` objects (built on each access)."""
        return [Edit(*r) for r in self.records]

    @edits.setter
    def edits(self, value: list[Edit]) -> None:
        """``TextState.__init__`` starts with an empty list; nothing else assigns it."""
        self.records = [
            (e.kind, e.raw_start, e.raw_end, e.before, e.after, e.reason) for e in value
        ]

    def substitute(self, new_text: str, kind: str, reason: str) -> None:
        """Same-length rewrite recorded per changed run, as ``TextState.substitute``."""
        old = self.text
        if len(new_text) != len(old):
            raise ValueError("substitute() needs a same-length text; use apply()")
        run = -1
        for k in range(len(old) + 1):
            differs = k < len(old) and old[k] != new_text[k] and old[k] != "\n"
            if differs and run < 0:
                run = k
            elif not differs and run >= 0:
                ra, rb = self.map.to_raw(run, k)
                self.records.append((kind, ra, rb, old[run:k], new_text[run:k], reason))
                run = -1
        self.text = new_text

    def apply(self, changes: Iterable[Change]) -> None:
        """Apply non-overlapping changes (any order) and compose the map."""
        self.apply_patches(sorted((as_patch(c) for c in changes), key=_BY_SPAN))

    def apply_patches(self, patches: Sequence[Patch]) -> None:
        """Apply sorted, non-overlapping patches and compose the map.

        One loop: for each patch, copy the old pieces before it (list slices for
        the whole ones), add a replacement piece, record the edit. The piece
        holding a position is found by stepping from the previous one, with a
        bisection only for long jumps.
        """
        if not patches:
            return
        old = self.map
        starts, raw_start, raw_end, copy = old._starts, old._raw_start, old._raw_end, old._copy
        n, length, raw_len = len(starts), old.length, len(self.raw)
        out_s: list[int] = []
        out_rs: list[int] = []
        out_re: list[int] = []
        out_cp: list[bool] = []
        text = self.text
        parts: list[str] = []
        record = self.records.append
        pos = new_len = 0
        p = 0  # the piece holding ``pos``
        for a, b, repl, kind, reason in patches:
            if a < pos:
                raise ValueError(f"overlapping changes at {a} ({kind})")
            if a > pos:  # copy the pieces covering [pos, a)
                if p + 1 < n and starts[p + 1] <= a - 1:
                    q = bisect_right(starts, a - 1, p + 1) - 1  # the piece holding a - 1
                else:
                    q = p
                ps = starts[p]
                if copy[p]:
                    r = raw_start[p] + pos - ps
                    r_end = r + (a if q == p else starts[p + 1]) - pos
                    if (
                        out_cp
                        and out_cp[-1]
                        and out_re[-1] == r
                        and out_s[-1] + r - out_rs[-1] == new_len
                    ):
                        out_re[-1] = r_end
                    else:
                        out_s.append(new_len)
                        out_rs.append(r)
                        out_re.append(r_end)
                        out_cp.append(True)
                else:
                    out_s.append(new_len)
                    out_rs.append(raw_start[p])
                    out_re.append(raw_end[p])
                    out_cp.append(False)
                if q > p:
                    shift = new_len - pos
                    if q > p + 1:
                        out_s.extend([s + shift for s in starts[p + 1 : q]])
                        out_rs.extend(raw_start[p + 1 : q])
                        out_re.extend(raw_end[p + 1 : q])
                        out_cp.extend(copy[p + 1 : q])
                    out_s.append(starts[q] + shift)
                    out_rs.append(raw_start[q])
                    out_re.append(raw_start[q] + a - starts[q] if copy[q] else raw_end[q])
                    out_cp.append(copy[q])
                parts.append(text[pos:a])
                new_len += a - pos
                p = q + 1 if q + 1 < n and starts[q + 1] == a else q
            if a >= length:
                ra = rb = raw_len
            else:
                ra = raw_start[p] + a - starts[p] if copy[p] else raw_start[p]
                if b == a:
                    rb = ra
                else:
                    qb = p
                    if qb + 1 < n and starts[qb + 1] <= b - 1:
                        qb = bisect_right(starts, b - 1, qb + 1) - 1
                    rb = raw_start[qb] + b - starts[qb] if copy[qb] else raw_end[qb]
                    p = qb + 1 if qb + 1 < n and starts[qb + 1] == b else qb
            if repl:
                out_s.append(new_len)
                out_rs.append(ra)
                out_re.append(rb)
                out_cp.append(False)
                parts.append(repl)
                new_len += len(repl)
            record((kind, ra, rb, text[a:b], repl, reason))
            pos = b
        if pos < length:
            self._copy_rest(pos, p, new_len, (out_s, out_rs, out_re, out_cp))
            parts.append(text[pos:])
            new_len += length - pos
        self.text = "".join(parts)
        self.map = OffsetMap(out_s, out_rs, out_re, out_cp, new_len, raw_len)

    def _copy_rest(
        self,
        pos: int,
        p: int,
        new_len: int,
        out: tuple[list[int], list[int], list[int], list[bool]],
    ) -> None:
        """Copy the pieces from ``pos`` to the end of the old map."""
        old = self.map
        starts, raw_start, raw_end, copy = old._starts, old._raw_start, old._raw_end, old._copy
        out_s, out_rs, out_re, out_cp = out
        shift = new_len - pos
        if copy[p]:
            r = raw_start[p] + pos - starts[p]
            r_end = raw_end[p]
            if out_cp and out_cp[-1] and out_re[-1] == r and out_s[-1] + r - out_rs[-1] == new_len:
                out_re[-1] = r_end
            else:
                out_s.append(new_len)
                out_rs.append(r)
                out_re.append(r_end)
                out_cp.append(True)
        else:
            out_s.append(new_len)
            out_rs.append(raw_start[p])
            out_re.append(raw_end[p])
            out_cp.append(False)
        out_s.extend([s + shift for s in starts[p + 1 :]])
        out_rs.extend(raw_start[p + 1 :])
        out_re.extend(raw_end[p + 1 :])
        out_cp.extend(copy[p + 1 :])

    def apply_all(self, finders: Sequence[Finder]) -> list[Patch]:
        """Run every finder on the current text and apply their patches at once.

        A patch overlapping one already accepted (from an earlier finder, or
        earlier in the same finder) is dropped. Returns the applied patches,
        sorted, in the coordinates of the text before the call.
        """
        accepted = _non_overlapping(find(self.text) for find in finders)
        self.apply_patches(accepted)
        return accepted

    def replace_lines(self, new_text: str, kind: str, reason: str) -> int:
        """Take a same-length rewrite; record one edit per changed line. Returns that count.

        >>> b = EditBuffer("工會\\n職工\\n好")
        >>> b.replace_lines("工会\\n职工\\n好", "t2s", "opencc")
        2
        >>> [(e.before, e.after, e.raw_start, e.raw_end) for e in b.edits]
        [('工會', '工会', 0, 2), ('職工', '职工', 3, 5)]
        """
        old = self.text
        if len(new_text) != len(old):
            raise ValueError("replace_lines() needs a same-length text; use apply()")
        if new_text == old:
            return 0
        changed: list[tuple[int, int, str, str]] = []
        pos = 0
        for old_line, new_line in zip(old.split("\n"), new_text.split("\n"), strict=True):
            end = pos + len(old_line)
            if old_line != new_line:
                changed.append((pos, end, old_line, new_line))
            pos = end + 1
        spans = raw_spans(self.map, [(a, b) for a, b, _, _ in changed])
        self.records.extend(
            (kind, ra, rb, before, after, reason)
            for (ra, rb), (_, _, before, after) in zip(spans, changed, strict=True)
        )
        self.text = new_text
        return len(changed)


def raw_spans(m: OffsetMap, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``m.to_raw`` of many sorted, non-empty spans, in one walk over the pieces.

    >>> raw_spans(OffsetMap([0, 2], [0, 5], [2, 9], [True, False], 4, 9), [(0, 1), (1, 3)])
    [(0, 1), (1, 9)]
    """
    starts, raw_start, raw_end, copy = m._starts, m._raw_start, m._raw_end, m._copy
    n = len(starts)
    out: list[tuple[int, int]] = []
    p = 0
    for a, b in spans:
        while p + 1 < n and starts[p + 1] <= a:
            p += 1
        ra = raw_start[p] + a - starts[p] if copy[p] else raw_start[p]
        q = p
        while q + 1 < n and starts[q + 1] <= b - 1:
            q += 1
        rb = raw_start[q] + b - starts[q] if copy[q] else raw_end[q]
        out.append((ra, rb))
    return out


def _non_overlapping(batches: Iterable[Iterable[Patch]]) -> list[Patch]:
    """Merge batches of patches, earlier batches first; drop any that overlaps a kept one.

    >>> a = [(0, 3, "", "x", "")]
    >>> [p[0] for p in _non_overlapping([a, [(2, 4, "", "y", ""), (5, 6, "", "y", "")]])]
    [0, 5]
    """
    kept: list[Patch] = []
    for batch in batches:
        fresh = _sweep(sorted(batch, key=_BY_SPAN), kept)
        if fresh:
            kept = sorted([*kept, *fresh], key=_BY_SPAN) if kept else fresh
    return kept


def _sweep(batch: list[Patch], kept: list[Patch]) -> list[Patch]:
    """The patches of a sorted batch that overlap neither ``kept`` nor each other."""
    out: list[Patch] = []
    k = 0
    nk = len(kept)
    last = (-1, -1)
    for ch in batch:
        a, b = ch[0], ch[1]
        while k < nk and kept[k][1] <= a and kept[k][0] < a:
            k += 1
        if k < nk and _overlap(kept[k][0], kept[k][1], a, b):
            continue
        if out and (a < last[1] or _overlap(last[0], last[1], a, b)):
            continue
        out.append(ch)
        last = (a, b)
    return out


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Two spans overlap, or start at the same point (an ambiguous order)."""
    return a0 == b0 or (a0 < b1 and b0 < a1)


def shifted(positions: Sequence[int], patches: Sequence[Patch]) -> list[int]:
    """Where sorted ``positions`` (each outside every patch) land once ``patches`` apply.

    >>> shifted([1, 10], [(2, 5, "x", "k", "r")])
    [1, 8]
    """
    out: list[int] = []
    delta = 0
    i = 0
    for pos in positions:
        while i < len(patches) and patches[i][1] <= pos:
            delta += len(patches[i][2]) - (patches[i][1] - patches[i][0])
            i += 1
        out.append(pos + delta)
    return out
