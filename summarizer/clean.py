"""Stage 2, clean: turn a scraped page into the report text the model should see.

The passes run in a fixed order; each one proposes changes on the current text,
and :class:`~summarizer.clean_state.EditBuffer` applies them, records an
:class:`~summarizer.textmap.Edit` per change (kind, raw span, replacement,
reason) and keeps the cleaned→raw offset map exact.

==============  ======================================================  =================
pass            what it does                                            edit kinds
==============  ======================================================  =================
html            tags out, script/style/head dropped, blocks → lines     html
characters      entities (broken ones too), line breaks, mojibake       entity, whitespace,
                repair, pinyin annotations                              mojibake, pinyin
t2s             opencc traditional → simplified, then 著 → 着 fixes     t2s (per line)
injection       sentences addressed to a model, planted JSON            injection
fullwidth       ASCII punctuation in Chinese text → full width          fullwidth (per line)
spam            spam tokens (包养网 …), lines of nothing else           spam
fiction         clauses spliced in from web fiction                     fiction
spin            synonym-spun words restored, in spun documents only     spin (per line for
                                                                        same-length words)
page            breadcrumbs, page controls, meta lines, credits,        breadcrumb,
                footers, tails, image notes, end marks, list numbers,   page_control,
                empty lines, captions, duplicates; title, date,         metadata, credit,
                outlet and authors kept aside; stacked punctuation;     footer, tail,
                spacing                                                 image_note, end_mark,
                                                                        list_number,
                                                                        empty_line, caption,
                                                                        duplicate_line,
                                                                        punct, whitespace
==============  ======================================================  =================

Damaged spans (mojibake that no re-decoding can repair) stay in the text and are
reported in ``damaged`` and in a warning.

>>> c = clean_text("當(dāng)前位置：首頁>新聞\\n工會工作報告\\n"
...                "今年以來,,全市工會新增會員1,200人,建成驛站32個,服務職工5萬人次。")
>>> c.text
'今年以来，全市工会新增会员1,200人，建成驿站32个，服务职工5万人次。'
>>> c.metadata.title
'工会工作报告'
>>> sorted(c.counts())
['breadcrumb', 'fullwidth', 'metadata', 'pinyin', 'punct', 't2s']
>>> c.raw[slice(*c.to_raw(0, 4))]
'今年以來'
"""

from __future__ import annotations

import gc
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from . import clean_chars as chars
from .boilerplate import Metadata, PageLexicon, page_lexicon, scan_page
from .clean_state import EditBuffer, Patch, Record, RecordLog, outside, shifted
from .injection import injection_changes
from .load import RawDocument
from .spam import FictionLexicon, SpamLexicon, fiction_changes, fiction_lexicon, spam_changes
from .spam import spam_lexicon as load_spam_lexicon
from .spin import SpinTable, SpinVerdict, spin_scan, spin_table
from .textmap import Edit, OffsetMap

if TYPE_CHECKING:
    from .config import Settings

__all__ = [
    "CleanedText",
    "Damage",
    "Metadata",
    "clean",
    "clean_command",
    "clean_text",
    "describe_edits",
    "edits_json",
]

LINE_KINDS = frozenset({"t2s", "fullwidth"})  # recorded one edit per changed line
SPIN_LINE_REASON = "spun words restored"  # spin edits of a whole line (same-length words)


@dataclass(frozen=True)
class Damage:
    """A span of the cleaned text that a lost or mis-decoded byte left damaged."""

    start: int
    end: int
    raw_start: int
    raw_end: int
    text: str


@dataclass(frozen=True)
class CleanedText:
    """The cleaned report, the raw text it came from and how one maps to the other.

    ``records`` hold every edit as a plain tuple (kind, raw_start, raw_end,
    before, after, reason), built on first access (a
    :class:`~summarizer.clean_state.RecordLog`); :attr:`edits` presents them as
    :class:`Edit` objects. ``captions`` are spans of the cleaned text
    holding image captions (kept once); ``damaged`` are spans kept although the
    source is damaged there; ``spin_score`` is the evidence of synonym spinning
    per 1000 characters, and ``spun`` whether it was high enough for the spin
    table to be applied.
    """

    text: str
    raw: str
    offsets: OffsetMap
    records: Sequence[Record]
    metadata: Metadata = field(default_factory=Metadata)
    warnings: tuple[str, ...] = ()
    captions: tuple[tuple[int, int], ...] = ()
    damaged: tuple[Damage, ...] = ()
    spin_score: float = 0.0
    spun: bool = False

    @cached_property
    def edits(self) -> tuple[Edit, ...]:
        """Every removal and replacement, in the order made, located in the raw text."""
        return tuple(Edit(*r) for r in self.records)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_raw(start, end)

    def counts(self) -> dict[str, int]:
        """Number of edits per kind, e.g. ``{"pinyin": 301, "spam": 52}``.

        ``t2s`` and ``fullwidth`` count changed lines (one edit per line), and so
        do the same-length words of ``spin``.
        """
        return dict(_kind_counts(self.records))


@dataclass(frozen=True)
class Lexicons:
    """Every word list the passes use, loaded once per settings."""

    page: PageLexicon
    spam: SpamLexicon
    fiction: FictionLexicon
    spin: SpinTable


def lexicons(settings: Settings | None = None) -> Lexicons:
    """The built-in word lists, extended by the user's ``spam_lexicon`` and ``spin_table``."""
    spam = settings.spam_lexicon if settings else None
    spin = settings.spin_table if settings else None
    return Lexicons(
        page_lexicon(), load_spam_lexicon(spam), fiction_lexicon(spam), spin_table(spin)
    )


@dataclass
class _Run:
    """Working state of one cleaning (internal, mutable): the buffer and what passes noted."""

    buf: EditBuffer
    lex: Lexicons
    metadata: Metadata = field(default_factory=Metadata)
    html_title: str | None = None
    captions: list[tuple[int, int]] = field(default_factory=list)
    verdict: SpinVerdict | None = None


Pass = Callable[[_Run], None]

# ---------------------------------------------------------------------------- passes


def pass_html(run: _Run) -> None:
    """An HTML page loses its tags; offsets keep pointing into the raw HTML."""
    if chars.looks_like_html(run.buf.text):
        run.html_title = chars.html_title(run.buf.text)
        run.buf.apply_patches(chars.html_changes(run.buf.text))


def pass_characters(run: _Run) -> None:
    """Entities, line breaks, mojibake repair, pinyin annotations and emoji, in one apply.

    They never overlap in practice; if they do, the earlier finder wins.
    """
    run.buf.apply_all(
        (
            chars.entity_changes,
            chars.newline_changes,
            chars.mojibake_changes,
            chars.pinyin_changes,
            chars.emoji_changes,
        )
    )


def pass_t2s(run: _Run) -> None:
    """opencc ``t2s`` (after pinyin removal), then the 著 → 着 fixes for traditional text."""
    text = run.buf.text
    converted = chars.opencc_t2s()(text)
    if converted == text:
        return
    if len(converted) == len(text):
        run.buf.replace_lines(chars.fix_t2s(converted), "t2s", "traditional to simplified")
        return
    _t2s_by_line(run)


def _t2s_by_line(run: _Run) -> None:
    """A rare phrase conversion changed the length: convert line by line.

    Lines keeping their length are rewritten in place; a line whose length
    changed is replaced whole (its characters then map to the whole raw line).
    """
    convert = chars.opencc_t2s()
    kept: list[str] = []
    patches: list[Patch] = []
    pos = 0
    for line in run.buf.text.split("\n"):
        new = chars.fix_t2s(convert(line))
        kept.append(new if len(new) == len(line) else line)
        if len(new) != len(line):
            patches.append((pos, pos + len(line), new, "t2s", "traditional to simplified"))
        pos += len(line) + 1
    run.buf.replace_lines("\n".join(kept), "t2s", "traditional to simplified")
    run.buf.apply_patches(patches)


def pass_injection(run: _Run) -> None:
    """Sentences addressed to a model and planted JSON (before ASCII → full width)."""
    run.buf.apply_patches(injection_changes(run.buf.text))


def pass_fullwidth(run: _Run) -> None:
    """ASCII ``, ; : ! ? ( )`` in Chinese text → full width; numbers keep theirs."""
    reason = "ASCII punctuation in Chinese text to full width"
    run.buf.replace_lines(chars.to_fullwidth(run.buf.text), "fullwidth", reason)


def pass_spam(run: _Run) -> None:
    """Spam tokens of the lexicon, wherever they sit."""
    run.buf.apply_patches(sorted(spam_changes(run.buf.text, run.lex.spam)))


def pass_fiction(run: _Run) -> None:
    """Clauses spliced in from web fiction (before spin restoration, which may join them)."""
    run.buf.apply_patches(sorted(fiction_changes(run.buf.text, run.lex.fiction)))


def pass_spin(run: _Run) -> None:
    """Score synonym spinning; restore the original words when the text is spun.

    Same-length words are recorded one edit per changed line (like ``t2s``),
    words of another length one edit each.
    """
    run.verdict, same, patches = spin_scan(run.buf.text, run.lex.spin)
    run.buf.replace_lines(same, "spin", SPIN_LINE_REASON)
    run.buf.apply_patches(patches)


def pass_page(run: _Run) -> None:
    """Page furniture and metadata, then stacked punctuation and spacing, in one apply.

    Punctuation and spacing are read on one line at a time, so they are looked for
    only in the lines kept (their changes in a dropped line would be dropped too).
    """
    scan = scan_page(run.buf.text, run.lex.page)
    applied = run.buf.apply_all(
        (
            lambda _text: scan.patches,
            lambda text: outside(chars.punct_changes, text, scan.dropped),
            lambda text: outside(chars.whitespace_changes, text, scan.dropped),
        )
    )
    run.metadata = scan.metadata
    ends = shifted([p for span in scan.captions for p in span], applied)
    run.captions = list(zip(ends[::2], ends[1::2], strict=True))


def pass_trim(run: _Run) -> None:
    """No newline or space at either end of the text."""
    text = run.buf.text
    body = text.strip("\n ")
    if body == text:
        return
    lead = len(text) - len(text.lstrip("\n "))
    patches = [(0, lead, "", "whitespace", "leading blank")] if lead else []
    if lead + len(body) < len(text):
        patches.append((lead + len(body), len(text), "", "whitespace", "trailing blank"))
    run.buf.apply_patches(patches)
    run.captions = [(a - lead, b - lead) for a, b in run.captions]


PASSES: tuple[Pass, ...] = (
    pass_html,
    pass_characters,
    pass_t2s,
    pass_injection,
    pass_fullwidth,
    pass_spam,
    pass_fiction,
    pass_spin,
    pass_page,
    pass_trim,
)

# ---------------------------------------------------------------------------- entry points


def clean_text(
    raw: str,
    settings: Settings | None = None,
    *,
    passes: tuple[Pass, ...] = PASSES,
    lex: Lexicons | None = None,
) -> CleanedText:
    """Run the cleaning passes over ``raw``."""
    run = _Run(EditBuffer(raw), lex or lexicons(settings))
    with _gc_paused():
        for step in passes:
            step(run)
        return _result(run)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector; reference counting still frees everything.

    The passes allocate hundreds of thousands of tuples and match objects while
    big lists of patches and map pieces stay alive, and each collection would walk
    those lists again: on a 3 MB text, a third of the cleaning time. The passes
    make no reference cycles, so nothing is left for the collector to find.
    """
    if not gc.isenabled():  # paused by the caller: leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def clean(doc: RawDocument, settings: Settings | None = None) -> CleanedText:
    """Clean a loaded document."""
    return clean_text(doc.text, settings)


def _result(run: _Run) -> CleanedText:
    buf = run.buf
    metadata = run.metadata
    if metadata.title is None and run.html_title:
        metadata = Metadata(run.html_title, metadata.published, metadata.outlet, metadata.authors)
    damaged = _damage(buf)
    verdict = run.verdict or SpinVerdict(False, 0.0, 0)
    records = buf.log
    return CleanedText(
        text=buf.text,
        raw=buf.raw,
        offsets=buf.map,
        records=records,
        metadata=metadata,
        warnings=_warnings(records, damaged, verdict),
        captions=tuple(run.captions),
        damaged=damaged,
        spin_score=round(verdict.score, 2),
        spun=verdict.spun,
    )


def _damage(buf: EditBuffer) -> tuple[Damage, ...]:
    out = []
    for a, b in chars.damaged_spans(buf.text):
        ra, rb = buf.map.to_raw(a, b)
        out.append(Damage(a, b, ra, rb, buf.text[a:b]))
    return tuple(out)


def _kind_counts(records: Sequence[Record]) -> Counter[str]:
    """Records per kind (counted in a :class:`RecordLog` without building them)."""
    if isinstance(records, RecordLog):
        return records.kind_counts()
    return Counter(map(itemgetter(0), records))


def _warnings(
    records: Sequence[Record], damaged: tuple[Damage, ...], verdict: SpinVerdict
) -> tuple[str, ...]:
    """Notes for stderr: damaged source, spinning, injected spam."""
    counts = _kind_counts(records)
    out = []
    if damaged:
        sample = ", ".join(repr(d.text) for d in damaged[:3])
        out.append(
            f"source is damaged: {len(damaged)} mojibake span(s) kept (e.g. {sample}); "
            "see `summarize clean --removed`"
        )
    if counts["mojibake"]:
        out.append(f"repaired {counts['mojibake']} mojibake span(s) by re-decoding")
    if verdict.spun:
        out.append(
            f"text is synonym-spun (伪原创, score {verdict.score:.1f} per 1000 chars): "
            f"original words restored from the spin table ({counts['spin']} edit(s))"
        )
    if counts["injection"]:
        out.append(
            f"removed {counts['injection']} instruction(s) or JSON block(s) addressed to a "
            "model (prompt injection); see `summarize clean --removed`"
        )
    if counts["spam"] or counts["fiction"]:
        out.append(
            f"removed {counts['spam']} spam token(s) and {counts['fiction']} passage(s) "
            "spliced in from fiction"
        )
    return tuple(out)


# ---------------------------------------------------------------------------- reporting


def describe_edits(cleaned: CleanedText) -> str:
    """The ``clean --removed`` listing: counts, metadata, damage, then one line per edit."""
    counts = sorted(cleaned.counts().items(), key=lambda kv: (-kv[1], kv[0]))
    lines = [f"# {len(cleaned.records)} edits: " + ", ".join(f"{k} {n}" for k, n in counts)]
    lines += [f"# {line}" for line in _summary_lines(cleaned)]
    for e in cleaned.edits:
        lines.append(_describe(cleaned, e))
    return "\n".join(lines) + "\n"


def _summary_lines(cleaned: CleanedText) -> list[str]:
    m = cleaned.metadata
    spin = "spun: table applied" if cleaned.spun else "not spun"
    out = [
        f"title: {m.title or '-'}",
        f"published: {m.published.isoformat() if m.published else '-'}",
        f"outlet: {m.outlet or '-'}",
        f"authors: {'、'.join(m.authors) or '-'}",
        f"spin score: {cleaned.spin_score} ({spin})",
        f"captions: {len(cleaned.captions)}",
        f"damaged spans kept: {len(cleaned.damaged)}",
    ]
    out += [f"  damaged raw[{d.raw_start}:{d.raw_end}] {d.text!r}" for d in cleaned.damaged]
    return out


def _describe(cleaned: CleanedText, e: Edit) -> str:
    where = f"raw[{e.raw_start}:{e.raw_end}]"
    if e.reason == SPIN_LINE_REASON:
        return f"{e.kind:<14} {where} {_spin_diff(e.before, e.after)}"
    if e.kind in LINE_KINDS:
        return f"{e.kind:<14} {where} {_diff(e.before, e.after)}"
    raw = cleaned.raw[e.raw_start : e.raw_end]
    seen = f" [as seen: {_short(e.before)!r}]" if e.before != raw else ""
    after = f" → {e.after!r}" if e.after else ""
    return f"{e.kind:<14} {where} {_short(raw)!r}{seen}{after}  ({e.reason})"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _spin_diff(before: str, after: str, limit: int = 12) -> str:
    """Restored words of a spin line edit: ``休息者→劳动者 办事→服务 …``.

    Read with the built-in spin table; anything else shows as a character diff.
    """
    table = spin_table()
    words: list[str] = []
    rebuilt: list[str] = []
    pos = 0
    for m in table.pattern.finditer(before):
        original = table.pairs[m.group()][0]
        if original != m.group() and after[m.start() : m.end()] == original:
            words.append(f"{m.group()}→{original}")
            rebuilt += (before[pos : m.start()], original)
            pos = m.end()
    if "".join([*rebuilt, before[pos:]]) != after:
        return _diff(before, after, limit)
    more = " …" if len(words) > limit else ""
    return " ".join(words[:limit]) + more


def _diff(before: str, after: str, limit: int = 12) -> str:
    """Changed runs of a same-length line rewrite: ``會→会 發→发 …``."""
    runs: list[str] = []
    i = 0
    while i < len(before) and len(runs) < limit:
        if before[i] == after[i]:
            i += 1
            continue
        j = i
        while j < len(before) and before[j] != after[j]:
            j += 1
        runs.append(f"{before[i:j]}→{after[i:j]}")
        i = j
    more = " …" if i < len(before) and before[i:] != after[i:] else ""
    return " ".join(runs) + more


def cleaned_json(cleaned: CleanedText, *, with_text: bool, with_edits: bool) -> dict[str, object]:
    """The JSON payload of ``summarize clean --json``."""
    m = cleaned.metadata
    payload: dict[str, object] = {
        "counts": cleaned.counts(),
        "metadata": {
            "title": m.title,
            "published": m.published.isoformat() if m.published else None,
            "outlet": m.outlet,
            "authors": list(m.authors),
        },
        "spin": {"score": cleaned.spin_score, "spun": cleaned.spun},
        "captions": [
            {"start": a, "end": b, "text": cleaned.text[a:b]} for a, b in cleaned.captions
        ],
        "damaged": {
            "count": len(cleaned.damaged),
            "spans": [
                {
                    "start": d.start,
                    "end": d.end,
                    "raw_start": d.raw_start,
                    "raw_end": d.raw_end,
                    "text": d.text,
                }
                for d in cleaned.damaged
            ],
        },
        "warnings": list(cleaned.warnings),
    }
    if with_text:
        payload["text"] = cleaned.text
    if with_edits:
        payload["edits"] = [_edit_json(cleaned, e) for e in cleaned.edits]
    return payload


def _edit_json(cleaned: CleanedText, e: Edit) -> dict[str, object]:
    return {
        "kind": e.kind,
        "raw_start": e.raw_start,
        "raw_end": e.raw_end,
        "raw": cleaned.raw[e.raw_start : e.raw_end],
        "before": e.before,
        "after": e.after,
        "reason": e.reason,
    }


def edits_json(cleaned: CleanedText) -> str:
    """``clean --removed --json``: counts per kind, metadata, damage and every edit."""
    payload = cleaned_json(cleaned, with_text=False, with_edits=True)
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def clean_command(
    path: str, settings: Settings, *, removed: bool, as_json: bool, output: Path | None
) -> int:
    """The ``summarize clean`` command.

    Plain: the cleaned text. ``--removed``: what was done. ``--json``: the same as
    JSON (the cleaned text with counts and metadata, or with ``--removed`` every edit).
    """
    from .load import load
    from .outputs import write_text

    cleaned = clean(load(path), settings)
    for warning in cleaned.warnings:  # stdout stays the cleaned text
        print(f"warning: {warning}", file=sys.stderr)
    if removed:
        text = edits_json(cleaned) if as_json else describe_edits(cleaned)
    elif as_json:
        payload = cleaned_json(cleaned, with_text=True, with_edits=False)
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    else:
        text = cleaned.text + "\n"
    write_text(text, output)
    return 0
