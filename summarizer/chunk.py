"""Stage 3, chunk: split cleaned text into model-sized pieces.

Chunks follow paragraphs; a paragraph longer than the limit is split between
sentences, never inside one (a single sentence longer than the limit is the only
exception, and is cut at a comma). For Chinese one character is roughly one
token, so sizes are in characters. Each chunk after the first starts with up to
``overlap`` characters of whole sentences from the end of the previous one, so
a statistic split across the boundary is still seen whole. Every chunk keeps its
``[start, end)`` interval in the cleaned text: ``chunk.text == clean[start:end]``.

>>> [c.text for c in chunk_text("甲。乙。\\n丙。", size=200)]
['甲。乙。\\n丙。']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n|$)")
_SOFT_BREAK = re.compile(r"[，,、：:]")


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int
    end: int
    text: str

    def __len__(self) -> int:
        return self.end - self.start


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence (ending in 。！？；, or a line end)."""
    end = len(text) if end is None else end
    spans = []
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.end() > m.start():
            spans.append((m.start(), m.end()))
    return spans


def _units(text: str, size: int) -> list[tuple[int, int]]:
    """Sentences, with over-long ones cut at a comma (or hard, as a last resort)."""
    units: list[tuple[int, int]] = []
    for a, b in sentence_spans(text):
        while b - a > size:
            cut = _last_soft_break(text, a, a + size) or a + size
            units.append((a, cut))
            a = cut
        units.append((a, b))
    return units


def _last_soft_break(text: str, a: int, b: int) -> int | None:
    found = None
    for m in _SOFT_BREAK.finditer(text, a + 1, b):
        found = m.end()
    return found


def chunk_text(text: str, size: int = 3000, overlap: int = 120) -> list[Chunk]:
    """Split ``text`` into chunks of at most ``size`` characters (plus overlap)."""
    if len(text) <= size:
        return [Chunk(0, 0, len(text), text)] if text else []
    units = _units(text, size)
    bounds = _group(text, units, size)
    chunks = []
    for index, (u0, u1) in enumerate(bounds):
        start = units[u0][0]
        if index:
            start = _overlap_start(units, u0, overlap)
        end = units[u1 - 1][1]
        chunks.append(Chunk(index, start, end, text[start:end]))
    return chunks


def _group(text: str, units: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """Group units into chunks, preferring to break at a paragraph end.

    Returns ``(first unit, last unit + 1)`` per chunk.
    """
    bounds: list[tuple[int, int]] = []
    first, para, k = 0, 0, 0
    while k < len(units):
        if units[k][1] - units[first][0] > size and k > first:
            half_full = para > first and units[para - 1][1] - units[first][0] >= size // 2
            cut = para if half_full else k
            bounds.append((first, cut))
            first = cut
            continue
        if text[units[k][1] - 1] == "\n":
            para = k + 1
        k += 1
    bounds.append((first, len(units)))
    return bounds


def _overlap_start(units: list[tuple[int, int]], u0: int, overlap: int) -> int:
    """Start of the chunk beginning at unit ``u0``, extended back by whole sentences."""
    start = units[u0][0]
    k = u0 - 1
    while k >= 0 and units[u0][0] - units[k][0] <= overlap:
        start = units[k][0]
        k -= 1
    return start


def split_chunk(chunk: Chunk) -> tuple[Chunk, Chunk]:
    """Split a chunk in two at the sentence boundary nearest its middle.

    Used when a model's answer was cut off: each half needs a shorter answer.
    Both halves keep the parent's index and their interval in the cleaned text.
    """
    spans = sentence_spans(chunk.text)
    middle = len(chunk.text) // 2
    cuts = [b for _, b in spans[:-1]] or [middle]
    cut = min(cuts, key=lambda b: abs(b - middle))
    first = Chunk(chunk.index, chunk.start, chunk.start + cut, chunk.text[:cut])
    second = Chunk(chunk.index, chunk.start + cut, chunk.end, chunk.text[cut:])
    return first, second
