"""The cleaner's edit buffer: :class:`~summarizer.textmap.TextState`, made fast.

:class:`EditBuffer` composes the offset map exactly as ``TextState.apply`` does
(``tests/test_textmap.py`` checks, with hypothesis, that both give the same text,
map and edits), but in one tight loop over the changes that copies the untouched
stretches of the old map with list slices. A pass costs time in proportion to its
own changes, not to the pieces earlier passes left behind.

Three representation choices keep the per-change cost low:

- passes propose changes as plain tuples, :data:`Patch` = ``(start, end,
  replacement, kind, reason)``, the fields of :class:`~summarizer.textmap.Change`;
- each change is recorded in the field order of :class:`~summarizer.textmap.Edit`
  (:data:`Record`); ``Edit`` objects are built from records on demand
  (``CleanedText.edits``);
- the :class:`RecordLog` keeps each applied batch as it came (the patches, the
  text they were found in, and the raw span of each, computed by the apply; or
  the lines a same-length rewrite changed, located in the raw text only when
  read) and builds the record tuples on first access.

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

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, count, repeat
from operator import add, itemgetter, le, lt, ne, sub
from typing import overload

from .textmap import Change, Edit, OffsetMap, TextState

Patch = tuple[int, int, str, str, str]  # start, end, replacement, kind, reason
Record = tuple[str, int, int, str, str, str]  # kind, raw_start, raw_end, before, after, reason
Finder = Callable[[str], Iterable[Patch]]
# applied patches, with the text they were found in and their raw starts and ends
_Applied = tuple[str, Sequence[Patch], list[int], list[int]]

_BY_SPAN = itemgetter(0, 1)


def as_patch(ch: Change) -> Patch:
    return (ch.start, ch.end, ch.replacement, ch.kind, ch.reason)


class RecordLog(Sequence[Record]):
    """Every edit made, in order, as :data:`Record` tuples built on first access.

    A batch of applied patches is kept as the patches, the text they were found
    in and the raw span of each; its records (``text[a:b]`` is the ``before``)
    are built when the log is first read. :meth:`kinds` reads the kinds without
    building anything.

    >>> log = RecordLog()
    >>> log.add_patches("ab,,c", [(2, 3, "", "punct", "doubled")], [2], [3])
    >>> list(log), len(log), list(log.kinds()), log.kind_counts()
    ([('punct', 2, 3, ',', '', 'doubled')], 1, ['punct'], Counter({'punct': 1}))
    """

    __slots__ = ("_batches", "_built", "_size")

    def __init__(self, records: Iterable[Record] = ()) -> None:
        self._batches: list[_Batch] = []
        self._built: list[Record] | None = None
        self._size = 0
        self.add(list(records))

    def add(self, records: list[Record]) -> None:
        """Append ready-made records."""
        if records:
            self._batches.append(records)
            self._size += len(records)
            self._built = None

    def add_patches(
        self, text: str, patches: Sequence[Patch], raw_a: list[int], raw_b: list[int]
    ) -> None:
        """Append the edits of ``patches`` applied to ``text``, at raw spans ``raw_a``/``raw_b``."""
        if patches:
            self._batches.append((text, patches, raw_a, raw_b))
            self._size += len(patches)
            self._built = None

    def add_lines(self, lines: _Lines) -> None:
        """Append the edits of lines rewritten in place (one edit per line)."""
        if lines.before:
            self._batches.append(lines)
            self._size += len(lines.before)
            self._built = None

    def kinds(self) -> Iterator[str]:
        """The kind of each edit, in order."""
        for batch in self._batches:
            if isinstance(batch, _Lines):
                yield from repeat(batch.kind, len(batch.before))
            else:
                yield from map(itemgetter(3 if isinstance(batch, tuple) else 0), _rows(batch))

    def kind_counts(self) -> Counter[str]:
        """The number of edits of each kind, kinds in the order they first come."""
        total: Counter[str] = Counter()
        for batch in self._batches:
            if isinstance(batch, _Lines):
                total[batch.kind] += len(batch.before)
            else:
                total.update(map(itemgetter(3 if isinstance(batch, tuple) else 0), _rows(batch)))
        return total

    def _records(self) -> list[Record]:
        if self._built is None:
            self._built = list(chain.from_iterable(map(_build, self._batches)))
        return self._built

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, i: int) -> Record: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[Record]: ...

    def __getitem__(self, i: int | slice) -> Record | Sequence[Record]:
        return self._records()[i]

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RecordLog):
            return self._records() == other._records()
        if isinstance(other, (list, tuple)):
            return self._records() == list(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self._records()))

    def __repr__(self) -> str:
        return f"RecordLog({self._records()!r})"


class _Lines:
    """Lines rewritten in place: where they start (current text), before and after.

    The map is the one of the text they were changed in (a rewrite keeps it);
    their raw spans are looked up when the records are built.
    """

    __slots__ = ("after", "before", "kind", "map", "reason", "starts")

    def __init__(
        self,
        m: OffsetMap,
        starts: list[int],
        before: list[str],
        after: list[str],
        kind: str,
        reason: str,
    ) -> None:
        self.map, self.starts, self.before, self.after = m, starts, before, after
        self.kind, self.reason = kind, reason

    def records(self) -> list[Record]:
        raw_a = _char_starts(self.map, self.starts)
        raw_b = _char_ends(self.map, list(map(add, self.starts, map(len, self.before))))
        kinds, reasons = repeat(self.kind), repeat(self.reason)
        return list(zip(kinds, raw_a, raw_b, self.before, self.after, reasons, strict=False))


# a batch of edits: records, applied patches, or lines rewritten in place
_Batch = list[Record] | _Applied | _Lines


def _rows(batch: list[Record] | _Applied) -> Sequence[Record] | Sequence[Patch]:
    return batch[1] if isinstance(batch, tuple) else batch


def _build(batch: _Batch) -> list[Record]:
    """The records of one batch."""
    if isinstance(batch, _Lines):
        return batch.records()
    if not isinstance(batch, tuple):
        return batch
    text, patches, raw_a, raw_b = batch
    return [
        (kind, ra, rb, text[a:b], repl, reason)
        for (a, b, repl, kind, reason), ra, rb in zip(patches, raw_a, raw_b, strict=True)
    ]


class EditBuffer(TextState):
    """A :class:`TextState` whose changes cost time in proportion to their number."""

    def __init__(self, raw: str) -> None:
        self.log = RecordLog()
        super().__init__(raw)

    @property
    def records(self) -> list[Record]:
        """The changes made so far, as :data:`Record` tuples."""
        return list(self.log)

    @property
    def edits(self) -> list[Edit]:
        """The changes made so far, as :class:`Edit` objects (built on each access)."""
        return [Edit(*r) for r in self.log]

    @edits.setter
    def edits(self, value: list[Edit]) -> None:
        """``TextState.__init__`` starts with an empty list; nothing else assigns it."""
        self.log = RecordLog(
            (e.kind, e.raw_start, e.raw_end, e.before, e.after, e.reason) for e in value
        )

    def substitute(self, new_text: str, kind: str, reason: str) -> None:
        """Same-length rewrite recorded per changed run, as ``TextState.substitute``."""
        old = self.text
        if len(new_text) != len(old):
            raise ValueError("substitute() needs a same-length text; use apply()")
        records: list[Record] = []
        run = -1
        for k in range(len(old) + 1):
            differs = k < len(old) and old[k] != new_text[k] and old[k] != "\n"
            if differs and run < 0:
                run = k
            elif not differs and run >= 0:
                ra, rb = self.map.to_raw(run, k)
                records.append((kind, ra, rb, old[run:k], new_text[run:k], reason))
                run = -1
        self.log.add(records)
        self.text = new_text

    def apply(self, changes: Iterable[Change]) -> None:
        """Apply non-overlapping changes (any order) and compose the map."""
        self.apply_patches(sorted((as_patch(c) for c in changes), key=_BY_SPAN))

    def apply_patches(self, patches: Sequence[Patch]) -> None:
        """Apply sorted, non-overlapping patches and compose the map.

        One loop (:func:`_compose`) builds the new map and finds each patch's raw
        span; the log keeps the patches with their spans.
        """
        if not patches:
            return
        text = self.text
        parts, raw_a, raw_b, self.map = _compose(self.map, len(self.raw), text, patches)
        self.log.add_patches(text, patches, raw_a, raw_b)
        self.text = "".join(parts)

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

        The changed lines are found by comparing the two texts' lines in bulk.

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
        old_lines, new_lines = old.split("\n"), new_text.split("\n")
        if len(old_lines) != len(new_lines):
            raise ValueError("replace_lines() needs the line breaks kept in place")
        changed = list(compress(count(), map(ne, old_lines, new_lines)))
        before = list(map(old_lines.__getitem__, changed))
        after = list(map(new_lines.__getitem__, changed))
        offsets = list(accumulate(map((1).__add__, map(len, old_lines)), initial=0))
        starts = list(map(offsets.__getitem__, changed))
        self.log.add_lines(_Lines(self.map, starts, before, after, kind, reason))
        self.text = new_text
        return len(changed)


def _compose(
    old: OffsetMap, raw_len: int, text: str, patches: Sequence[Patch]
) -> tuple[list[str], list[int], list[int], OffsetMap]:
    """Apply ``patches`` to ``text`` mapped by ``old``.

    Returns the pieces of the new text, the raw span of each patch (starts, ends)
    and the new map. For each patch: the gap of untouched text before it (one
    clipped piece of the old map when it lies in one piece, the usual case; see
    :func:`_copy_gap`), then its raw span and, when it inserts text, a
    replacement piece. ``p`` is always the piece holding the current position.
    """
    starts, raw_start, raw_end, copy = old._starts, old._raw_start, old._raw_end, old._copy
    n, length = len(starts), old.length
    stops = starts[1:]
    stops.append(length)  # where each piece ends
    out: _Pieces = ([], [], [], [])
    out_s, out_rs, out_re, out_cp = out
    parts: list[str] = []
    raw_a: list[int] = []
    raw_b: list[int] = []
    pos = new_len = p = 0
    for a, b, repl, kind, _ in patches:
        if a != pos:
            if a < pos:
                raise ValueError(f"overlapping changes at {a} ({kind})")
            if a > stops[p]:
                p = _copy_gap(old, pos, a, p, new_len, out)
            elif copy[p]:
                r = raw_start[p] + pos - starts[p]
                if out_cp and out_cp[-1] and out_re[-1] == r:
                    out_re[-1] = r + a - pos  # contiguous with the last copy: extend it
                else:
                    out_s.append(new_len)
                    out_rs.append(r)
                    out_re.append(r + a - pos)
                    out_cp.append(True)
            else:
                out_s.append(new_len)
                out_rs.append(raw_start[p])
                out_re.append(raw_end[p])
                out_cp.append(False)
            if a == stops[p] and p + 1 < n:
                p += 1
            parts.append(text[pos:a])
            new_len += a - pos
        if a >= length:
            ra = rb = raw_len
        else:
            ra = raw_start[p] + a - starts[p] if copy[p] else raw_start[p]
            if b == a:
                rb = ra
            else:
                if b > stops[p]:
                    p = bisect_right(starts, b - 1, p + 1) - 1
                rb = raw_start[p] + b - starts[p] if copy[p] else raw_end[p]
                if b == stops[p] and p + 1 < n:
                    p += 1
        raw_a.append(ra)
        raw_b.append(rb)
        if repl:
            out_s.append(new_len)
            out_rs.append(ra)
            out_re.append(rb)
            out_cp.append(False)
            parts.append(repl)
            new_len += len(repl)
        pos = b
    if pos < length:
        _copy_gap(old, pos, length, p, new_len, out)
        parts.append(text[pos:])
        new_len += length - pos
    return parts, raw_a, raw_b, OffsetMap(*out, new_len, raw_len)


_Pieces = tuple[list[int], list[int], list[int], list[bool]]


def _copy_gap(old: OffsetMap, pos: int, a: int, p: int, new_len: int, out: _Pieces) -> int:
    """Copy the pieces of ``old`` covering ``[pos, a)`` (``pos`` in piece ``p``) to ``out``.

    The first one, clipped, extends the last piece of ``out`` when both are
    contiguous copies; the ones after it are copied whole (moved), the last one
    clipped. Returns the piece holding ``a - 1``.
    """
    starts, raw_start, raw_end, copy = old._starts, old._raw_start, old._raw_end, old._copy
    out_s, out_rs, out_re, out_cp = out
    q = bisect_right(starts, a - 1, p) - 1
    if copy[p]:
        r = raw_start[p] + pos - starts[p]
        r_end = r + (a if q == p else starts[p + 1]) - pos
        if out_cp and out_cp[-1] and out_re[-1] == r:
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
        out_s.extend(map(shift.__add__, starts[p + 1 : q + 1]))
        out_rs.extend(raw_start[p + 1 : q + 1])
        out_re.extend(raw_end[p + 1 : q])
        out_re.append(raw_start[q] + a - starts[q] if copy[q] else raw_end[q])
        out_cp.extend(copy[p + 1 : q + 1])
    return q


def raw_spans(m: OffsetMap, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``m.to_raw`` of many non-empty spans (pieces found by bisection, in bulk).

    >>> raw_spans(OffsetMap([0, 2], [0, 5], [2, 9], [True, False], 4, 9), [(0, 1), (1, 3)])
    [(0, 1), (1, 9)]
    """
    starts = _char_starts(m, [a for a, _ in spans])
    return list(zip(starts, _char_ends(m, [b for _, b in spans]), strict=True))


def _char_starts(m: OffsetMap, positions: list[int]) -> list[int]:
    """``m.char_start`` of each position (all inside the text), in two list passes."""
    starts, raw_start, copy = m._starts, m._raw_start, m._copy
    pieces = [p - 1 for p in map(bisect_right, repeat(starts), positions)]
    return [
        raw_start[p] + i - starts[p] if copy[p] else raw_start[p]
        for p, i in zip(pieces, positions, strict=True)
    ]


def _char_ends(m: OffsetMap, ends: list[int]) -> list[int]:
    """Raw end of each non-empty span ending at ``ends``: ``m.char_end(end - 1)``."""
    starts, raw_start, raw_end, copy = m._starts, m._raw_start, m._raw_end, m._copy
    pieces = [p - 1 for p in map(bisect_left, repeat(starts), ends)]  # the piece of end - 1
    return [
        raw_start[p] + i - starts[p] if copy[p] else raw_end[p]
        for p, i in zip(pieces, ends, strict=True)
    ]


def _non_overlapping(batches: Iterable[Iterable[Patch]]) -> list[Patch]:
    """Merge batches of patches, earlier batches first; drop any that overlaps a kept one.

    When no two patches overlap, all are kept. Otherwise a batch's patches are
    checked against each batch kept before it by bisection (:func:`_clear_of`),
    then against each other (:func:`_sweep`, only when two of them overlap).

    >>> a = [(0, 3, "", "x", "")]
    >>> [p[0] for p in _non_overlapping([a, [(2, 4, "", "y", ""), (5, 6, "", "y", "")]])]
    [0, 5]
    """
    lists = [list(batch) for batch in batches]
    # Sorted whole tuples, which is sorted by span when no two patches start at one
    # point; and when two do, the check fails whichever of them comes first.
    merged = sorted(chain.from_iterable(lists))
    if _disjoint(merged):  # the usual case: nothing to drop
        return merged
    kept: list[_Kept] = []
    for fresh in lists:
        fresh = _by_span(fresh)
        for done in kept:
            fresh = _clear_of(fresh, done)
        if not _disjoint(fresh):
            fresh = _sweep(fresh, [])
        if fresh:
            kept.append(_Kept(fresh))
    # no two kept patches start at one point: whole tuples sort by span
    return sorted(chain.from_iterable(done.patches for done in kept))


def _by_span(batch: list[Patch]) -> list[Patch]:
    """``sorted(batch, key=_BY_SPAN)``: whole tuples sort the same when no two start together."""
    out = sorted(batch)
    starts = list(map(itemgetter(0), out))
    return out if all(map(lt, starts, starts[1:])) else sorted(batch, key=_BY_SPAN)


class _Kept:
    """A sorted, disjoint batch of patches, with their starts and ends for bisection."""

    __slots__ = ("ends", "patches", "starts")

    def __init__(self, patches: list[Patch]) -> None:
        self.patches = patches
        self.starts = list(map(itemgetter(0), patches))
        self.ends = list(map(itemgetter(1), patches))


def _clear_of(batch: list[Patch], kept: _Kept) -> list[Patch]:
    """The patches of ``batch`` overlapping no kept patch (nor starting where one starts).

    The kept patches are sorted and disjoint: the one to check is the first one
    ending after the patch starts, and one starting at the same point.
    """
    starts, ends = kept.starts, kept.ends
    n = len(starts)
    out: list[Patch] = []
    for patch in batch:
        a, b = patch[0], patch[1]
        k = bisect_right(ends, a)
        if k < n and starts[k] < b:
            continue
        k = bisect_left(starts, a)
        if k < n and starts[k] == a:
            continue
        out.append(patch)
    return out


def _disjoint(patches: list[Patch]) -> bool:
    """Sorted patches with strictly increasing starts, none starting before the previous ends.

    >>> _disjoint([(0, 2, "", "k", ""), (2, 2, "x", "k", "")]), _disjoint([(1, 1, "", "k", "")] * 2)
    (True, False)
    """
    starts = list(map(itemgetter(0), patches))
    ends = list(map(itemgetter(1), patches))
    return all(map(lt, starts, starts[1:])) and all(map(le, ends, starts[1:]))


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


def outside(find: Finder, text: str, spans: Sequence[tuple[int, int]]) -> list[Patch]:
    """The patches ``find`` proposes on ``text`` outside ``spans``, in ``text`` coordinates.

    ``spans`` are sorted, disjoint runs of whole lines (each from a line start to
    past its line break, or to the end). ``find`` must read one line at a time:
    the rest of the text, joined, is made of the same whole lines, so they read
    the same, and no patch crosses from one kept run into the next.

    Joining pays only when much is left out; otherwise ``find`` reads the whole
    text, and its patches inside ``spans`` come along (for a caller whose own
    patches cover ``spans``, so that :meth:`EditBuffer.apply_all` drops them).

    >>> commas = lambda t: [(i, i + 1, "", "k", "") for i, c in enumerate(t) if c == ","]
    >>> outside(commas, "a,\\nb,,\\nc,", [(3, 7)])
    [(1, 2, '', 'k', ''), (8, 9, '', 'k', '')]
    """
    if sum(b - a for a, b in spans) * 4 < len(text):
        return list(find(text))
    ends, starts = [0, *map(itemgetter(1), spans)], [*map(itemgetter(0), spans), len(text)]
    runs = [(a, b) for a, b in zip(ends, starts, strict=True) if a < b]  # the lines kept
    lands = list(accumulate((b - a for a, b in runs), initial=0))  # where each run lands
    out: list[Patch] = []
    for a, b, new, kind, reason in find("".join([text[a:b] for a, b in runs])):
        k = bisect_right(lands, a) - 1
        shift = runs[k][0] - lands[k]
        out.append((a + shift, b + shift, new, kind, reason))
    return out


def shifted(positions: Sequence[int], patches: Sequence[Patch]) -> list[int]:
    """Where sorted ``positions`` (each outside every patch) land once ``patches`` apply.

    A position moves by the length change of the patches ending at or before it.

    >>> shifted([1, 10], [(2, 5, "x", "k", "r")])
    [1, 8]
    """
    if not positions:
        return []
    ends = list(map(itemgetter(1), patches))
    growth = map(
        sub, map(len, map(itemgetter(2), patches)), map(sub, ends, map(itemgetter(0), patches))
    )
    delta = list(accumulate(growth, initial=0))
    return [pos + delta[bisect_right(ends, pos)] for pos in positions]
