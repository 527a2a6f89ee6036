"""The batch job's results: per-report files and the roll-ups, every write atomic.

Per report: ``DIR/<name>.json`` and ``DIR/<name>.md``. For the run:

* ``index.jsonl``: one :class:`IndexEntry` per report, in input order;
* ``run.json``: the :class:`RunTotals`;
* ``summary.md``: one table row per report, flagged reports first, then failed;
* ``numbers.csv``: every number of every report, UTF-8 with a BOM (Excel).

All go through :func:`summarizer.outputs.write_bytes_atomic` (temp file, fsync,
rename), so a crash leaves the previous version or the new one, never half.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..config import Price, Settings
from ..models import SCHEMA_VERSION, SummaryDocument, Usage
from ..outputs import inside, write_bytes_atomic
from ..render import md_cell, md_inline, to_json, to_markdown

STATUSES = ("ok", "skipped", "failed", "pending")
CSV_COLUMNS = (
    "report",
    "name",
    "sha256",
    "index",
    "metric",
    "text",
    "value",
    "unit",
    "qualifier",
    "evidence",
    "flagged",
)


@dataclass(frozen=True)
class ReportOutcome:
    """What happened to one report in this run.

    ``status``: ``ok`` (summarized now), ``skipped`` (unchanged, reused from the
    cache with no request), ``failed`` (``error`` says why), ``pending`` (the run
    was interrupted first).
    """

    path: str
    name: str
    status: str
    sha256: str | None = None
    document: SummaryDocument | None = None
    error: str | None = None
    requests: int = 0
    usage: Usage = field(default_factory=Usage)

    @property
    def flags(self) -> int:
        return len(self.document.verification.flags) if self.document else 0

    @property
    def numbers(self) -> int:
        return len(self.document.report.numbers) if self.document else 0


class IndexEntry(BaseModel):
    """One line of ``index.jsonl``."""

    model_config = ConfigDict(extra="forbid")

    path: str
    name: str
    sha256: str | None
    status: str
    flags: int
    numbers: int
    error: str | None
    requests: int
    json_file: str | None
    md_file: str | None

    @classmethod
    def of(cls, o: ReportOutcome) -> IndexEntry:
        """``IndexEntry`` for an outcome; output file names only when they were written."""
        done = o.document is not None
        return cls(
            path=o.path,
            name=o.name,
            sha256=o.sha256,
            status=o.status,
            flags=o.flags,
            numbers=o.numbers,
            error=o.error,
            requests=o.requests,
            json_file=f"{o.name}.json" if done else None,
            md_file=f"{o.name}.md" if done else None,
        )


class Cost(BaseModel):
    """Estimated spend of this run's requests, from the config's ``[prices]`` table."""

    model_config = ConfigDict(extra="forbid")

    estimated: float | None
    prompt_per_million: float | None = None
    completion_per_million: float | None = None
    note: str | None = None


class RunTotals(BaseModel):
    """``run.json``: the totals of one run."""

    model_config = ConfigDict(extra="forbid")

    reports: int
    ok: int
    skipped: int
    failed: int
    pending: int
    flags: int
    flagged_reports: int
    numbers: int
    requests: int
    prompt_tokens: int
    completion_tokens: int
    tokens: int
    cost: Cost
    wall_s: float
    started_at: str
    finished_at: str
    backend: str
    model: str | None
    prompt_version: str
    schema_version: str
    interrupted: bool
    exit_code: int


@dataclass(frozen=True)
class RunFacts:
    """What the totals need beyond the outcomes (keeps ``totals`` short of arguments)."""

    settings: Settings
    started_at: str
    finished_at: str
    wall_s: float
    requests: int
    usage: Usage
    interrupted: bool = False


def estimate_cost(settings: Settings, usage: Usage) -> Cost:
    """Prompt and completion tokens times the model's price per million tokens.

    >>> from summarizer.config import load_settings
    >>> s = load_settings({"model": "m", "base_url": "http://127.0.0.1:8000/v1"}, environ={})
    >>> s = s.with_overrides(prices={"m": Price(1.0, 2.0)})
    >>> estimate_cost(s, Usage(prompt_tokens=500_000, completion_tokens=250_000)).estimated
    1.0
    """
    model = settings.credentials.model or ""
    price: Price | None = settings.prices.get(model)
    if settings.resolved_backend == "rules":
        return Cost(estimated=0.0, note="rules backend: no model requests")
    if price is None:
        note = f"no price for model {model!r}: add [prices.{json.dumps(model)}] to the config"
        return Cost(estimated=None, note=note)
    amount = (usage.prompt_tokens * price.prompt + usage.completion_tokens * price.completion) / 1e6
    return Cost(
        estimated=round(amount, 6),
        prompt_per_million=price.prompt,
        completion_per_million=price.completion,
    )


def totals(outcomes: Sequence[ReportOutcome], facts: RunFacts, exit_code: int) -> RunTotals:
    """Count statuses, flags and numbers; add requests, tokens and cost."""
    count = {s: sum(1 for o in outcomes if o.status == s) for s in STATUSES}
    s = facts.settings
    return RunTotals(
        reports=len(outcomes),
        **count,
        flags=sum(o.flags for o in outcomes),
        flagged_reports=sum(1 for o in outcomes if o.flags),
        numbers=sum(o.numbers for o in outcomes),
        requests=facts.requests,
        prompt_tokens=facts.usage.prompt_tokens,
        completion_tokens=facts.usage.completion_tokens,
        tokens=facts.usage.prompt_tokens + facts.usage.completion_tokens,
        cost=estimate_cost(s, facts.usage),
        wall_s=round(facts.wall_s, 3),
        started_at=facts.started_at,
        finished_at=facts.finished_at,
        backend=s.resolved_backend,
        model=s.credentials.model if s.resolved_backend == "llm" else None,
        prompt_version=s.prompt_version,
        schema_version=SCHEMA_VERSION,
        interrupted=facts.interrupted,
        exit_code=exit_code,
    )


# ------------------------------------------------------------------ writers


@dataclass(frozen=True)
class Written:
    """The sha256 of the ``.json`` and ``.md`` written for a report (stored with it)."""

    json_sha256: str
    md_sha256: str


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str | None:
    try:
        return _sha256(path.read_bytes())
    except OSError:
        return None


def write_if_changed(path: Path, data: bytes) -> None:
    """Write atomically unless the file already holds ``data``."""
    if _file_sha256(path) != _sha256(data):
        write_bytes_atomic(path, data)


def report_paths(out_dir: Path, name: str) -> tuple[Path, Path]:
    """``DIR/<name>.json`` and ``DIR/<name>.md``; refuses names that leave ``DIR``."""
    return inside(out_dir, Path(f"{name}.json")), inside(out_dir, Path(f"{name}.md"))


def write_report(out_dir: Path, name: str, document: SummaryDocument) -> Written:
    """Render and write a report's two files (unchanged files are left alone)."""
    json_path, md_path = report_paths(out_dir, name)
    json_data, md_data = to_json(document).encode("utf-8"), to_markdown(document).encode("utf-8")
    write_if_changed(json_path, json_data)
    write_if_changed(md_path, md_data)
    return Written(_sha256(json_data), _sha256(md_data))


def rewrite_report(
    out_dir: Path, name: str, document: SummaryDocument, written: Written | None
) -> Written:
    """A reused report's files: untouched when they still hash as stored, else rendered.

    Warm runs skip rendering (JSON with ``indent=2`` is the slow, pure-Python encoder).
    """
    json_path, md_path = report_paths(out_dir, name)
    on_disk = Written(_file_sha256(json_path) or "", _file_sha256(md_path) or "")
    return written if on_disk == written else write_report(out_dir, name, document)


def write_rollups(out_dir: Path, outcomes: Sequence[ReportOutcome], run: RunTotals) -> None:
    """``index.jsonl``, ``summary.md``, ``numbers.csv``, then ``run.json`` last."""
    write_bytes_atomic(out_dir / "index.jsonl", index_jsonl(outcomes).encode("utf-8"))
    write_bytes_atomic(out_dir / "summary.md", summary_md(outcomes, run).encode("utf-8"))
    write_bytes_atomic(out_dir / "numbers.csv", ("\ufeff" + numbers_csv(outcomes)).encode("utf-8"))
    text = json.dumps(run.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    write_bytes_atomic(out_dir / "run.json", text.encode("utf-8"))


def index_jsonl(outcomes: Sequence[ReportOutcome]) -> str:
    lines = [
        json.dumps(IndexEntry.of(o).model_dump(mode="json"), ensure_ascii=False) for o in outcomes
    ]
    return "".join(line + "\n" for line in lines)


def _order(o: ReportOutcome) -> tuple[int, int]:
    """Flagged first (most flags first), then failed, then pending, then clean."""
    if o.flags:
        return (0, -o.flags)
    return ({"failed": 1, "pending": 2}.get(o.status, 3), 0)


_STATUS_MARK = {"ok": "✓", "skipped": "✓", "failed": "✗", "pending": "…"}


def summary_md(outcomes: Sequence[ReportOutcome], run: RunTotals) -> str:
    """The roll-up: a headline, then one table row per report, flagged first."""
    head = [
        "# 批处理汇总 Batch summary",
        "",
        _headline(run),
        "",
        "| | 报告 Report | 标题 Title | 核查 Flags | 数字 Numbers | 状态 Status |",
        "|---|---|---|---:|---:|---|",
    ]
    rows = [_summary_row(o) for o in sorted(outcomes, key=_order)]
    return "\n".join([*head, *rows, ""])


def _headline(run: RunTotals) -> str:
    cost = f"${run.cost.estimated:,.4f}" if run.cost.estimated is not None else "cost unknown"
    parts = [
        f"{run.reports} reports: {run.ok} ok, {run.skipped} skipped (unchanged), "
        f"{run.failed} failed" + (f", {run.pending} pending (interrupted)" if run.pending else ""),
        f"{run.flags} flag(s) in {run.flagged_reports} report(s)",
        f"{run.requests} request(s)",
        f"{run.tokens:,} tokens",
        cost,
        f"{run.wall_s:.1f} s",
    ]
    return " · ".join(parts)


def _summary_row(o: ReportOutcome) -> str:
    mark = "⚠" if o.flags else _STATUS_MARK[o.status]
    link = f"[{md_cell(o.name)}](<{o.name}.md>)" if o.document else md_cell(o.name)
    title = md_inline(o.document.report.title) if o.document else ""
    status = o.status + (f": {o.error}" if o.error else "")
    return f"| {mark} | {link} | {md_cell(title)} | {o.flags} | {o.numbers} | {md_cell(status)} |"


def numbers_csv(outcomes: Sequence[ReportOutcome]) -> str:
    """Every number of every report, one per row (CRLF line ends, as Excel writes them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for o in outcomes:
        if o.document is None:
            continue
        flagged = {f.path.split(".")[0] for f in o.document.verification.flags}
        for i, n in enumerate(o.document.report.numbers):
            writer.writerow(
                [
                    o.path,
                    o.name,
                    o.sha256 or "",
                    i + 1,
                    n.metric,
                    n.text,
                    _plain(n.value),
                    n.unit,
                    n.qualifier or "",
                    n.evidence,
                    "yes" if f"numbers[{i}]" in flagged else "",
                ]
            )
    return buffer.getvalue()


def _plain(value: float) -> str:
    """``35900.0`` → ``35900``; ``0.915`` → ``0.915`` (no thousands separators in CSV)."""
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)
