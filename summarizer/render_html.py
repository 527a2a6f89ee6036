"""Stage 7, render as HTML: the summary beside the cleaned source, every figure at its evidence.

One self-contained file. The summary (initiatives, key figures, honors, flags,
coverage) sits on the left; the cleaned source on the right, with a ``<mark>`` at
the span of every extracted number, initiative and honor, and a dashed one at each
statistic the summary missed. Clicking a summary item scrolls to its evidence and
flashes it; clicking a highlight goes back to its item. Flagged items are red and
say why.

Safety: every piece of report text goes through :func:`html.escape`, so a report
containing ``<script>`` shows those characters and runs nothing. On top of that, a
Content-Security-Policy allows only this page's own inline style and script (by
SHA-256 hash): no network, no other script, no inline handlers.

The source text comes from ``doc.source.text`` (set by the pipeline, never
serialized); a document read back from JSON has none, and the page says so.

>>> from summarizer.models import RunInfo, SourceInfo, SummaryDocument, Verification
>>> n = KeyNumber(text="504人", value=504, unit="人", metric="会员")
>>> doc = SummaryDocument(
...     source=SourceInfo(path="a.txt", sha256="", encoding="utf-8", chars_raw=9, chars_clean=9,
...                       text="<b>新增会员504人</b>"),
...     report=UnionWorkReport(numbers=[n]),
...     verification=Verification(spans=[Span(path="numbers[0]", status="exact", clean_start=7,
...                                           clean_end=11)]),
...     run=RunInfo(backend="rules", model=None, prompt_version=None, chunks=1, requests=0,
...                 elapsed_s=0.0))
>>> page = to_html(doc)
>>> '&lt;b&gt;新增会员<mark class="hl number" data-spans="r0-s0"' in page, "<b>" in page
(True, False)
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from .models import Flag, KeyNumber, Span, SummaryDocument, UnionWorkReport
from .render import LEVELS_ZH, flagged_items, format_value

__all__ = ["to_html", "to_html_many"]

_CSS = """
:root { --red: #b00020; --ink: #1f2328; --muted: #656d76; --line: #d0d7de; }
* { box-sizing: border-box; }
html, body { margin: 0; color: var(--ink); background: #fff; }
body { font: 15px/1.65 system-ui, "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
  "Microsoft YaHei", sans-serif; }
nav.reports { padding: 8px 20px; border-bottom: 1px solid var(--line); background: #f6f8fa; }
nav.reports a { margin-right: 1em; color: #0969da; }
.report { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); height: 100vh;
  border-bottom: 2px solid var(--line); }
.summary, .source { overflow: auto; padding: 12px 20px 40px; }
.source { border-left: 1px solid var(--line); background: #fbfbfa; }
.source pre { white-space: pre-wrap; word-break: break-word; font: inherit; margin: 0; }
h1 { font-size: 1.35em; margin: .3em 0; } h2 { font-size: 1.1em; margin: 1.2em 0 .4em; }
.facts, .run, .muted { color: var(--muted); font-size: .9em; }
.facts span + span::before { content: " · "; }
ul, ol { padding-left: 1.4em; margin: .3em 0; }
li { margin: .25em 0; }
table { border-collapse: collapse; width: 100%; font-size: .93em; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left;
  vertical-align: top; }
th { white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
[data-target] { cursor: pointer; }
[data-target]:hover, [data-target]:focus { background: #f0f6ff; outline: none; }
.flagged { color: var(--red); }
li.flagged, tr.flagged td:first-child { box-shadow: inset 3px 0 0 var(--red); }
.reason { display: block; font-size: .88em; color: var(--red); }
blockquote { margin: .2em 0 .2em .2em; padding-left: .6em; border-left: 3px solid var(--line);
  color: var(--muted); font-size: .92em; }
.status { font-size: .78em; padding: 0 .35em; border-radius: 3px; margin-left: .3em;
  white-space: nowrap; }
.status.exact { background: #dafbe1; color: #116329; }
.status.fuzzy { background: #fff8c5; color: #7d4e00; }
.status.none { background: #ffebe9; color: var(--red); }
.coverage { font-size: .95em; }
.coverage meter { width: 10em; vertical-align: middle; }
mark.hl { color: inherit; background: #fff3b0; border-radius: 2px; }
mark.hl.initiative { background: #dbeafe; }
mark.hl.honor { background: #ede4ff; }
mark.hl.number { background: #ffd54f; font-weight: 600; }
mark.hl.missed { background: none; border-bottom: 2px dashed #8c959f; }
mark.hl.flagged { background: #ffd7d5; color: var(--red); }
mark.hl[data-spans] { cursor: pointer; }
.flash { animation: flash 1.4s ease-out 1; }
@keyframes flash { 0%, 40% { box-shadow: 0 0 0 3px #0969da; } 100% { box-shadow: none; } }
@media (prefers-reduced-motion: reduce) {
  .flash { animation: none; box-shadow: 0 0 0 3px #0969da; } }
@media (max-width: 900px) { .report { grid-template-columns: 1fr; height: auto; }
  .summary, .source { overflow: visible; } }
@media print { .report { height: auto; } .summary, .source { overflow: visible; } }
"""

_JS = """
(function () {
  "use strict";
  function flash(nodes) {
    document.querySelectorAll(".flash").forEach(function (n) { n.classList.remove("flash"); });
    nodes.forEach(function (n) { void n.offsetWidth; n.classList.add("flash"); });
  }
  function toEvidence(item) {
    var id = item.getAttribute("data-target");
    var marks = document.querySelectorAll('mark[data-spans~="' + id + '"]');
    if (!marks.length) { return; }
    marks[0].scrollIntoView({block: "center"});
    flash(marks);
  }
  function toItem(mark) {
    var ids = mark.getAttribute("data-spans").split(" ");
    for (var i = ids.length - 1; i >= 0; i--) {
      var item = document.querySelector('[data-target="' + ids[i] + '"]');
      if (item) { item.scrollIntoView({block: "center"}); flash([item]); return; }
    }
  }
  document.addEventListener("click", function (e) {
    var item = e.target.closest("[data-target]");
    if (item) { toEvidence(item); return; }
    var mark = e.target.closest("mark[data-spans]");
    if (mark) { toItem(mark); }
  });
  document.addEventListener("keydown", function (e) {
    if ((e.key === "Enter" || e.key === " ") && e.target.matches("[data-target]")) {
      e.preventDefault();
      toEvidence(e.target);
    }
  });
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


CSP = (
    f"default-src 'none'; style-src '{_sha256(_CSS)}'; script-src '{_sha256(_JS)}'; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)

_KINDS = {"numbers": "number", "initiatives": "initiative", "honors": "honor"}
_STATUS_LABEL = {"exact": "精确", "fuzzy": "近似", "none": "未定位"}


def esc(text: object) -> str:
    """Escape text for an element or a quoted attribute.

    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------------- highlights


@dataclass(frozen=True)
class Mark:
    """A highlight in the cleaned text: ``[start, end)``, its id, kind and tooltip."""

    start: int
    end: int
    ident: str
    kind: str  # number | evidence | initiative | honor | missed
    label: str
    flagged: bool = False


def _kind(path: str) -> str:
    """``numbers[3]`` → number, ``numbers[3].evidence`` → evidence, ``honors[0]`` → honor."""
    if path.endswith(".evidence"):
        return "evidence"
    return _KINDS.get(path.split("[", 1)[0], "evidence")


def _item_label(report: UnionWorkReport, path: str) -> str:
    """What a span belongs to, for the tooltip: ``关键数字 新增会员：504人``."""
    head, _, rest = path.partition("[")
    try:
        i = int(rest.split("]", 1)[0])
        if head == "numbers":
            n = report.numbers[i]
            return f"数字 {n.metric}：{n.text}"
        if head == "initiatives":
            return f"举措 {report.initiatives[i].name}"
        if head == "honors":
            return f"荣誉 {report.honors[i].title}"
    except (ValueError, IndexError):
        pass
    return path


def span_marks(doc: SummaryDocument, prefix: str) -> tuple[list[Mark], dict[str, str]]:
    """The highlights of one document, and the mark id of each grounded item path.

    Spans that fall outside the text (a stale document) are skipped.
    """
    grouped = flagged_items(doc.verification.flags)
    size = len(doc.source.text or "")
    marks: list[Mark] = []
    ids: dict[str, str] = {}
    for k, span in enumerate(doc.verification.spans):
        if not _inside(span.clean_start, span.clean_end, size):
            continue
        ident = f"{prefix}-s{k}"
        item = span.path.split(".")[0]
        label = f"{_item_label(doc.report, span.path)}（{_STATUS_LABEL[span.status]}）"
        reasons = [f"⚠ {f.detail}" for f in grouped.get(item, [])]
        start, end = span.clean_start or 0, span.clean_end or 0
        tip = " ".join([label, *reasons])
        marks.append(Mark(start, end, ident, _kind(span.path), tip, bool(reasons)))
        ids[span.path] = ident
    for k, m in enumerate(doc.verification.missed):
        if _inside(m.clean_start, m.clean_end, size):
            ident = f"{prefix}-m{k}"
            marks.append(Mark(m.clean_start, m.clean_end, ident, "missed", f"未采集：{m.text}"))
            ids[f"missed[{k}]"] = ident
    return marks, ids


def _inside(start: int | None, end: int | None, size: int) -> bool:
    return start is not None and end is not None and 0 <= start < end <= size


def highlight(text: str, marks: Sequence[Mark]) -> str:
    """``text`` escaped, with a ``<mark>`` per run of characters under the same spans.

    Overlapping spans are split at every boundary: each piece lists all the spans
    that cover it in ``data-spans``, widest first, and takes the classes of all
    their kinds, so a number inside its evidence sentence shows both.

    >>> a = Mark(0, 6, "e", "evidence", "依据")
    >>> b = Mark(2, 6, "n", "number", "数字 <504人>")
    >>> highlight("新增504人。", [a, b])  # doctest: +NORMALIZE_WHITESPACE
    '<mark class="hl evidence" data-spans="e" title="依据">新增</mark><mark class="hl evidence \
number" data-spans="e n" title="依据\\n数字 &lt;504人&gt;">504人</mark>。'
    """
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out: list[str] = []
    widest_first = sorted(marks, key=lambda m: m.start - m.end)
    for a, b in pairwise(cuts):
        covering = [m for m in widest_first if m.start <= a and b <= m.end]
        out.append(_piece(text[a:b], covering))
    return "".join(out)


def _piece(text: str, covering: Sequence[Mark]) -> str:
    if not covering:
        return esc(text)
    kinds = dict.fromkeys(m.kind for m in covering)  # ordered, unique
    classes = " ".join(["hl", *kinds, *(["flagged"] if any(m.flagged for m in covering) else [])])
    spans = " ".join(m.ident for m in covering)
    title = "\n".join(m.label for m in covering)
    return (
        f'<mark class="{classes}" data-spans="{esc(spans)}" title="{esc(title)}">{esc(text)}</mark>'
    )


# ---------------------------------------------------------------------- summary side


def _reasons(flags: Sequence[Flag]) -> str:
    """The visible reasons of a flagged item."""
    return "".join(
        f'<span class="reason">⚠ {esc(f.detail)}（{esc(f.kind)}{_flag_path(f)}）</span>'
        for f in flags
    )


def _flag_path(f: Flag) -> str:
    return f"，{esc(f.path)}" if "." in f.path else ""


def _item_attrs(path: str, target: str | None, flags: Sequence[Flag], *extra: str) -> str:
    """``data-path``, ``class``, ``title`` and, when the item was located, its click target.

    >>> flag = Flag(kind="k", path="numbers[4]", text="", detail="无")
    >>> _item_attrs("numbers[4]", "r0-s9", [flag])
    'data-path="numbers[4]" class="flagged" title="无（k）" data-target="r0-s9" tabindex="0" \
role="button"'
    """
    classes = [*extra, *(["flagged"] if flags else [])]
    attrs = [f'data-path="{esc(path)}"']
    if classes:
        attrs.append(f'class="{" ".join(classes)}"')
    if flags:
        attrs.append(f'title="{esc("；".join(f"{f.detail}（{f.kind}）" for f in flags))}"')
    if target:
        attrs += [f'data-target="{esc(target)}"', 'tabindex="0"', 'role="button"']
    return " ".join(attrs)


def _status(spans: dict[str, Span], path: str) -> str:
    span = spans.get(path)
    if span is None:
        return ""
    sim = f" {span.similarity:.2f}" if span.status == "fuzzy" and span.similarity else ""
    return f'<span class="status {span.status}">{_STATUS_LABEL[span.status]}{sim}</span>'


@dataclass(frozen=True)
class _View:
    """What the summary-side helpers share for one document."""

    doc: SummaryDocument
    ids: dict[str, str]
    spans: dict[str, Span]
    flags: dict[str, list[Flag]]

    def flags_of(self, path: str) -> list[Flag]:
        return self.flags.get(path, [])


def _header(v: _View) -> str:
    r, run = v.doc.report, v.doc.run
    facts = [r.organization, r.region, r.published.isoformat() if r.published else None, r.period]
    fact_html = "".join(f"<span>{esc(f)}</span>" for f in facts if f)
    model = f" · 模型 {esc(run.model)}" if run.model else ""
    return (
        f"<h1>{esc(r.title or v.doc.source.path)}</h1>"
        f'<div class="facts">{fact_html}</div>'
        f'<div class="run">后端 {esc(run.backend)}{model} · {run.requests} 次请求 · '
        f"纠正 {run.corrective_turns} 次 · {run.passes} 轮 · 来源 {esc(v.doc.source.path)}</div>"
    )


def _summary_text(v: _View) -> str:
    flags = [f for k in ("title", "summary", "period") for f in v.flags_of(k)]
    css = ' class="flagged"' if flags else ""
    return f"<h2>摘要</h2><p{css}>{esc(v.doc.report.summary or '（无）')}</p>{_reasons(flags)}"


def _coverage(v: _View) -> str:
    ver = v.doc.verification
    if ver.coverage is None:
        share = "原文中没有统计数字"
        meter = ""
    else:
        share = f"{ver.coverage:.0%}（{ver.statistics_captured}/{ver.statistics_in_source}）"
        meter = f'<meter min="0" max="1" value="{ver.coverage:.4f}"></meter> '
    missed = "".join(
        f"<li {_item_attrs(f'missed[{k}]', v.ids.get(f'missed[{k}]'), [])}>{esc(m.text)}</li>"
        for k, m in enumerate(ver.missed)
    )
    missed_html = f'<p>未采集的统计数字：</p><ul class="missed">{missed}</ul>' if missed else ""
    return (
        '<h2>覆盖率</h2><div class="coverage" data-coverage="'
        f'{"" if ver.coverage is None else ver.coverage}">{meter}统计数字覆盖 {share} · '
        f"数字核实 {ver.numbers_grounded}/{ver.numbers_checked} · "
        f"引文核实 {ver.quotes_grounded}/{ver.quotes_checked}</div>{missed_html}"
    )


def _initiatives(v: _View) -> str:
    items = []
    for i, it in enumerate(v.doc.report.initiatives):
        path = f"initiatives[{i}]"
        flags = v.flags_of(path)
        desc = f" — {esc(it.description)}" if it.description else ""
        quote = f"<blockquote>{esc(it.evidence)}</blockquote>" if it.evidence else ""
        items.append(
            f"<li {_item_attrs(path, v.ids.get(path), flags, 'item')}><b>{esc(it.name)}</b>"
            f"（{esc(it.category)}）{desc}{_status(v.spans, path)}{quote}{_reasons(flags)}</li>"
        )
    return f"<h2>主要举措</h2><ol>{''.join(items)}</ol>" if items else ""


def _number_row(v: _View, i: int, n: KeyNumber) -> str:
    path = f"numbers[{i}]"
    flags = v.flags_of(path)
    target = v.ids.get(path) or v.ids.get(f"{path}.evidence")  # the figure, else its sentence
    attrs = _item_attrs(path, target, flags, "item")
    qualifier = f"（{esc(n.qualifier)}）" if n.qualifier else ""
    return (
        f"<tr {attrs}><td>{i + 1}</td><td>{esc(n.metric)}{_reasons(flags)}</td>"
        f'<td class="num">{format_value(n.value)}{qualifier}</td><td>{esc(n.unit)}</td>'
        f"<td>{esc(n.text)}{_status(v.spans, path)}</td></tr>"
    )


def _numbers(v: _View) -> str:
    rows = "".join(_number_row(v, i, n) for i, n in enumerate(v.doc.report.numbers))
    if not rows:
        return ""
    head = "<tr><th>#</th><th>指标</th><th>数值</th><th>单位</th><th>原文</th></tr>"
    return f"<h2>关键数字</h2><table><thead>{head}</thead><tbody>{rows}</tbody></table>"


def _honors(v: _View) -> str:
    items = []
    for i, h in enumerate(v.doc.report.honors):
        path = f"honors[{i}]"
        flags = v.flags_of(path)
        who = f" — {esc(h.recipient)}" if h.recipient else ""
        level = LEVELS_ZH.get(h.level, h.level)
        level += f"，{esc(h.awarded_by)}授予" if h.awarded_by else ""
        items.append(
            f"<li {_item_attrs(path, v.ids.get(path), flags, 'item')}><b>{esc(h.title)}</b>{who}"
            f"（{level}）{_status(v.spans, path)}{_reasons(flags)}</li>"
        )
    return f"<h2>荣誉</h2><ul>{''.join(items)}</ul>" if items else ""


def _flags(v: _View) -> str:
    flags = v.doc.verification.flags
    if not flags:
        return '<h2>核查</h2><p class="ok">✓ 所有数字和引文都在原文中找到。</p>'
    items = []
    for f in flags:
        item = f.path.split(".")[0]
        attrs = _item_attrs(item, v.ids.get(item), [f], "flag")
        items.append(
            f"<li {attrs}><code>{esc(f.path)}</code> “{esc(f.text)}”：{esc(f.detail)}"
            f"（{esc(f.kind)}）</li>"
        )
    return f'<h2>核查：{len(flags)} 处存疑</h2><ul class="flags">{"".join(items)}</ul>'


# ---------------------------------------------------------------------- page


def _source_side(doc: SummaryDocument, marks: Sequence[Mark]) -> str:
    text = doc.source.text
    if text is None:
        return (
            '<p class="muted">原文不可用：这份摘要是从 JSON 读回的，不含清洗后的原文。'
            "请直接用 <code>--format html</code> 生成。</p>"
        )
    return f"<h2>原文（清洗后）</h2><pre>{highlight(text, marks)}</pre>"


def _report_section(doc: SummaryDocument, prefix: str) -> str:
    marks, ids = span_marks(doc, prefix)
    if doc.source.text is None:
        ids = {}
    spans = {s.path: s for s in doc.verification.spans}
    v = _View(doc, ids, spans, flagged_items(doc.verification.flags))
    parts = (_header, _summary_text, _initiatives, _numbers, _honors, _flags, _coverage)
    summary = "".join(part(v) for part in parts)
    return (
        f'<section class="report" id="{prefix}">'
        f'<div class="summary">{summary}</div>'
        f'<div class="source">{_source_side(doc, marks)}</div></section>'
    )


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head>\n"
        f"<body>{body}<script>{_JS}</script></body></html>\n"
    )


def to_html(doc: SummaryDocument) -> str:
    """One report as a self-contained HTML page."""
    return _page(doc.report.title or doc.source.path, _report_section(doc, "r0"))


def to_html_many(docs: Iterable[SummaryDocument]) -> str:
    """Several reports in one page, one section each, with a table of contents."""
    docs = list(docs)
    links = "".join(
        f'<a href="#r{k}">{esc(d.report.title or d.source.path)}</a>' for k, d in enumerate(docs)
    )
    sections = "".join(_report_section(d, f"r{k}") for k, d in enumerate(docs))
    return _page(f"{len(docs)} 份报告摘要", f'<nav class="reports">{links}</nav>{sections}')
