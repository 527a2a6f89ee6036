"""Stage 7, render: a SummaryDocument as Markdown, JSON, JSON Lines or HTML.

Formats are a dispatch table (:data:`RENDERERS`), one function per format.
All output is UTF-8 text with Chinese kept as it is (``ensure_ascii=False``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from .models import Flag, SummaryDocument

LEVELS_ZH = {
    "national": "全国",
    "provincial": "省级",
    "municipal": "市级",
    "county": "县级",
    "other": "其他",
}
CONFIGURE_HINT = (
    "set OPENAI_BASE_URL, OPENAI_API_KEY and SUMMARIZER_MODEL, or pass --base-url/--api-key/"
    "--model (see README, Configure a model)"
)


def format_value(value: float) -> str:
    """``35900.0`` → ``35,900``; ``84.0`` → ``84``; ``0.915`` → ``0.915``."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


_MD_SPECIAL = "\\`*_[]<>|#~"
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in _MD_SPECIAL})


def md_inline(text: str | None) -> str:
    """One line of inline text: whitespace folded, Markdown and HTML syntax escaped.

    The report's text (and the model's) is data: it must not open a link, a tag,
    a heading or a table cell in whatever renders the Markdown.

    >>> md_inline("a|b\\n<script>[x](javascript:1)")
    'a\\\\|b \\\\<script\\\\>\\\\[x\\\\](javascript:1)'
    """
    return " ".join((text or "").split()).translate(_MD_ESCAPES)


def md_cell(text: str | None) -> str:
    """A Markdown table cell: one line, pipes escaped (see :func:`md_inline`)."""
    return md_inline(text)


def flagged_items(flags: Sequence[Flag]) -> dict[str, list[Flag]]:
    """Flags grouped by the top-level item they concern (``numbers[4]``)."""
    grouped: dict[str, list[Flag]] = {}
    for f in flags:
        grouped.setdefault(f.path.split(".")[0], []).append(f)
    return grouped


def _mark(path: str, grouped: dict[str, list[Flag]]) -> str:
    return " ⚠" if path in grouped else ""


def _header(doc: SummaryDocument) -> list[str]:
    r = doc.report
    title = md_inline(r.title) or md_inline(doc.source.path)
    facts = [
        ("单位 Organization", r.organization),
        ("地区 Region", r.region),
        ("日期 Date", r.published.isoformat() if r.published else None),
        ("时期 Period", r.period),
    ]
    lines = [f"# {title}", ""]
    lines += [f"- **{k}**: {md_inline(v)}" for k, v in facts if v]
    return [*lines, "", _backend_line(doc), ""]


def _backend_line(doc: SummaryDocument) -> str:
    run = doc.run
    if run.backend == "rules":
        return f"> Backend: `rules` (offline, no model). To use a model, {CONFIGURE_HINT}."
    return (
        f"> Backend: `{run.backend}` · model `{run.model}` · mode `{run.mode}` · prompt "
        f"`{run.prompt_version}` · {run.requests} request(s) · {run.usage.prompt_tokens}+"
        f"{run.usage.completion_tokens} tokens · {run.elapsed_s:.1f}s"
    )


def _initiatives(doc: SummaryDocument, grouped: dict[str, list[Flag]]) -> list[str]:
    lines = ["## 主要举措 Initiatives", ""]
    for i, item in enumerate(doc.report.initiatives):
        mark = _mark(f"initiatives[{i}]", grouped)
        shown = item.description and item.description.strip() != (item.evidence or "").strip()
        desc = f" — {md_inline(item.description)}" if shown else ""
        lines.append(
            f"{i + 1}. **{md_inline(item.name)}**（{md_inline(item.category)}）{desc}{mark}"
        )
        if item.evidence:
            lines.append(f"   > {md_inline(item.evidence)}")
    return [*lines, ""] if doc.report.initiatives else []


def _numbers(doc: SummaryDocument, grouped: dict[str, list[Flag]]) -> list[str]:
    if not doc.report.numbers:
        return []
    lines = [
        "## 关键数字 Key figures",
        "",
        "| # | 指标 Metric | 数值 Value | 单位 Unit | 原文 Text | |",
        "|---|---|---:|---|---|---|",
    ]
    for i, n in enumerate(doc.report.numbers):
        qualifier = f"（{n.qualifier}）" if n.qualifier else ""
        lines.append(
            f"| {i + 1} | {md_cell(n.metric)} | {format_value(n.value)}{md_cell(qualifier)} | "
            f"{md_cell(n.unit)} | {md_cell(n.text)} |{_mark(f'numbers[{i}]', grouped)} |"
        )
    return [*lines, ""]


def _honors(doc: SummaryDocument, grouped: dict[str, list[Flag]]) -> list[str]:
    if not doc.report.honors:
        return []
    lines = ["## 荣誉 Honors", ""]
    for i, h in enumerate(doc.report.honors):
        who = f" — {md_inline(h.recipient)}" if h.recipient else ""
        by = f"，{md_inline(h.awarded_by)}授予" if h.awarded_by else ""
        mark = _mark(f"honors[{i}]", grouped)
        lines.append(f"- **{md_inline(h.title)}**{who}（{LEVELS_ZH[h.level]}{by}）{mark}")
    return [*lines, ""]


def _verification(doc: SummaryDocument) -> list[str]:
    v = doc.verification
    lines = [
        "## 核查 Flags",
        "",
        f"Numbers grounded {v.numbers_grounded}/{v.numbers_checked} · quotes grounded "
        f"{v.quotes_grounded}/{v.quotes_checked}"
        + (
            f" · coverage {v.coverage:.0%} ({v.statistics_captured}/{v.statistics_in_source} "
            "statistics in the source)"
            if v.coverage is not None
            else ""
        ),
        "",
    ]
    if v.flags:
        lines += [
            f"- ⚠ `{f.path}` “{md_inline(f.text)}”: {md_inline(f.detail)} ({f.kind})"
            for f in v.flags
        ]
    else:
        lines.append("✓ Every number and quote was found in the source.")
    if v.missed:
        shown = "、".join(md_inline(m.text) for m in v.missed[:30])
        more = f" (+{len(v.missed) - 30} more)" if len(v.missed) > 30 else ""
        lines += ["", f"Statistics in the source not captured ({len(v.missed)}): {shown}{more}"]
    return [*lines, ""]


def to_markdown(doc: SummaryDocument) -> str:
    grouped = flagged_items(doc.verification.flags)
    summary = ["## 摘要 Summary", "", md_inline(doc.report.summary) or "（无）", ""]
    parts = [
        *_header(doc),
        *summary,
        *_initiatives(doc, grouped),
        *_numbers(doc, grouped),
        *_honors(doc, grouped),
        *_verification(doc),
    ]
    return "\n".join(parts)


def to_json(doc: SummaryDocument) -> str:
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"


def to_jsonl(doc: SummaryDocument) -> str:
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False) + "\n"


def to_html(doc: SummaryDocument) -> str:
    from .render_html import to_html as render

    return render(doc)


RENDERERS: dict[str, Callable[[SummaryDocument], str]] = {
    "md": to_markdown,
    "json": to_json,
    "jsonl": to_jsonl,
    "html": to_html,
}


def render_many(docs: Sequence[SummaryDocument], fmt: str) -> str:
    """Several reports in one output: a JSON array, JSON lines, or sections."""
    if fmt == "json" and len(docs) != 1:
        payload = [d.model_dump(mode="json") for d in docs]
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html" and len(docs) != 1:
        from .render_html import to_html_many

        return to_html_many(docs)
    sep = "\n---\n\n" if fmt == "md" else ""
    return sep.join(RENDERERS[fmt](d) for d in docs)
