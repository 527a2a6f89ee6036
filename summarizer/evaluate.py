"""``summarize eval GOLD_DIR``: score a backend against hand-written gold files.

Each gold file (format: ``tests/gold/README.md``) names one report and lists what
a careful reader finds in it: the statistics (text, value, unit), the honors
(title, recipient, level) and the initiatives (keywords). The harness runs the
normal pipeline on every report, exactly as ``summarize`` would with the same
flags, and compares:

* **numbers**: one to one by value and unit (``3.59万元`` ≡ ``35900元``; an empty
  unit on either side matches any unit). Precision over the numbers extracted,
  recall over the gold numbers not marked ``optional``.
* **honors**: one to one by fuzzy title (containment, or a similarity ratio of at
  least :data:`HONOR_SIMILARITY` after quotes and 称号 are dropped).
* **initiatives**: a gold initiative is hit when one of its keywords occurs in
  the name or description of an extracted initiative.
* **flag rate**: the share of extracted items (numbers, honors, initiatives,
  title, summary, period) that carry a verification flag.

Per report and overall (micro-averaged), as a table or, with ``--json``, as JSON.
The same harness compares the rules backend, a model, or a prompt change.

>>> gold = [GoldNumber(text="35900元", value=35900, unit="元")]
>>> s = score_numbers([_kn("3.59万元", 35900, "元")], gold)
>>> (s.precision, s.recall)
(1.0, 1.0)
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import InputError
from .models import Honor, HonorLevel, Initiative, KeyNumber, SummaryDocument
from .numerals import normalize_unit

if TYPE_CHECKING:
    from .config import Settings

HONOR_SIMILARITY = 0.6
MIN_CONTAINED = 4  # a title contained in another matches when it has this many characters
GOLD_HELP = "see tests/gold/README.md for the format"

T = TypeVar("T")
G = TypeVar("G")


# --------------------------------------------------------------------------- gold files


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldNumber(_Gold):
    """A statistic the report states: ``{"text": "3.59万元", "value": 35900, "unit": "元"}``."""

    text: str = Field(description="as written in the cleaned report")
    value: float = Field(description="in base units: 3.59万元 → 35900, 84% → 84")
    unit: str = Field(default="", description="base unit: 元, 人, 人次, 家, 个, %, ...")
    metric: str = Field(default="", description="what it counts (for readers; not scored)")
    optional: bool = Field(default=False, description="matching it counts, missing it does not")
    note: str = ""


class GoldHonor(_Gold):
    """An honor the report records; matched by fuzzy title."""

    title: str
    recipient: str = ""
    level: HonorLevel = "other"
    awarded_by: str | None = None
    optional: bool = False
    note: str = ""


class GoldInitiative(_Gold):
    """An initiative, hit when any keyword occurs in an extracted initiative."""

    name: str
    keywords: list[str] = Field(min_length=1)


class GoldFile(_Gold):
    """One report's expected extraction."""

    report: str = Field(description="path of the report, relative to this gold file")
    notes: str = ""
    numbers: list[GoldNumber] = Field(default_factory=list)
    honors: list[GoldHonor] = Field(default_factory=list)
    initiatives: list[GoldInitiative] = Field(default_factory=list)


def load_gold(path: Path) -> GoldFile:
    """Read and validate one gold file; a one-line :class:`InputError` names the fix."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(f"{path}: not valid JSON ({e.msg}, line {e.lineno}): fix the file") from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the gold file ({e}): check the path") from e
    try:
        return GoldFile.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise InputError(f"{path}: {where}: {first['msg']}: fix the gold file ({GOLD_HELP})") from e


def gold_files(gold_dir: Path) -> list[Path]:
    """The ``*.json`` files of ``gold_dir``, sorted; an error when there are none."""
    if not gold_dir.is_dir():
        raise InputError(
            f"{gold_dir}: no such directory: pass the folder that holds the gold JSON files"
        )
    paths = sorted(gold_dir.glob("*.json"))
    if not paths:
        raise InputError(
            f"{gold_dir}: no gold files (*.json) in it: write one per report ({GOLD_HELP})"
        )
    return paths


def report_path(gold_path: Path, gold: GoldFile) -> Path:
    """The report a gold file names, resolved against the gold file's folder."""
    path = (gold_path.parent / gold.report).resolve()
    if not path.is_file():
        raise InputError(
            f"{gold_path}: report {gold.report!r} not found (paths are relative to the gold "
            'file): fix "report"'
        )
    return path


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True)
class Score:
    """Counts for one kind of item; precision, recall and F1 derive from them.

    ``matched`` extracted items matched a gold item (optional ones included);
    ``found`` of the ``expected`` required gold items were matched.
    """

    matched: int = 0
    predicted: int = 0
    found: int = 0
    expected: int = 0
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.matched + other.matched,
            self.predicted + other.predicted,
            self.found + other.found,
            self.expected + other.expected,
            self.missed + other.missed,
            self.extra + other.extra,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "matched": self.matched,
            "predicted": self.predicted,
            "found": self.found,
            "expected": self.expected,
            "missed": list(self.missed),
            "extra": list(self.extra),
        }


@dataclass(frozen=True)
class _GoldKey:
    """A gold item reduced to what matching needs."""

    label: str
    optional: bool


def match_one_to_one(
    predicted: Sequence[T],
    gold: Sequence[G],
    similarity: Callable[[T, G], float],
    describe: Callable[[T], str],
    reduce: Callable[[G], _GoldKey],
) -> Score:
    """Greedy one-to-one matching, required gold items first, best similarity first.

    ``similarity`` is 0 for no match. Returns the counts and the labels of the
    missed gold items and the unmatched predictions.
    """
    free = list(range(len(predicted)))
    order = sorted(range(len(gold)), key=lambda g: reduce(gold[g]).optional)
    found = matched = 0
    missed: list[str] = []
    for g in order:
        item = reduce(gold[g])
        scored = [(similarity(predicted[p], gold[g]), -p) for p in free]
        best = max(scored, default=(0.0, 0))
        if best[0] > 0:
            free.remove(-best[1])
            matched += 1
            found += not item.optional
        elif not item.optional:
            missed.append(item.label)
    expected = sum(not reduce(g).optional for g in gold)
    extra = tuple(describe(predicted[p]) for p in free)
    return Score(matched, len(predicted), found, expected, tuple(missed), extra)


def _same_number(pred: KeyNumber, gold: GoldNumber) -> float:
    """1 when value and unit agree, 0.5 when one unit is empty (it agrees with any), else 0.

    The lower score for an empty unit lets an exact match win the greedy choice.
    """
    if abs(pred.value - gold.value) > max(abs(gold.value) * 1e-6, 1e-9):
        return 0.0
    pu, gu = normalize_unit(pred.unit), normalize_unit(gold.unit)
    if pu == gu:
        return 1.0
    return 0.5 if not pu or not gu else 0.0


def score_numbers(predicted: Sequence[KeyNumber], gold: Sequence[GoldNumber]) -> Score:
    """Numbers matched one to one by value and unit."""
    return match_one_to_one(
        predicted,
        gold,
        _same_number,
        lambda n: f"{n.text}（{n.metric}）",
        lambda g: _GoldKey(f"{g.text}（{g.metric}）" if g.metric else g.text, g.optional),
    )


_TITLE_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉()（）,，.。、:：;；!！?？·]|荣誉称号$|称号$")


def normalize_title(title: str) -> str:
    """Title for comparison: no quotes, brackets, punctuation or trailing 称号.

    >>> normalize_title("全国优秀“爱心托管班”荣誉称号")
    '全国优秀爱心托管班'
    """
    return _TITLE_NOISE.sub("", _TITLE_NOISE.sub("", title))


def title_similarity(a: str, b: str) -> float:
    """1 when one title contains the other (and has 4+ characters), else the ratio.

    >>> title_similarity("联合通报表彰", "通报表彰")
    1.0
    >>> round(title_similarity("优秀案例", "优秀组织奖"), 2)
    0.44
    """
    x, y = normalize_title(a), normalize_title(b)
    if not x or not y:
        return 0.0
    if min(len(x), len(y)) >= MIN_CONTAINED and (x in y or y in x):
        return 1.0
    return SequenceMatcher(None, x, y).ratio()


def _same_honor(pred: Honor, gold: GoldHonor) -> float:
    sim = title_similarity(pred.title, gold.title)
    return sim if sim >= HONOR_SIMILARITY else 0.0


def score_honors(predicted: Sequence[Honor], gold: Sequence[GoldHonor]) -> Score:
    """Honors matched one to one by fuzzy title."""
    return match_one_to_one(
        predicted, gold, _same_honor, lambda h: h.title, lambda g: _GoldKey(g.title, g.optional)
    )


def _initiative_text(item: Initiative) -> str:
    return f"{item.name} {item.description}"


def score_initiatives(predicted: Sequence[Initiative], gold: Sequence[GoldInitiative]) -> Score:
    """Keyword hits: recall over gold initiatives, precision over extracted ones.

    An extracted initiative counts as matched when it holds a keyword of any gold
    initiative (several may hit the same one: this is no one-to-one matching).
    """
    texts = [_initiative_text(i) for i in predicted]
    hit = [any(k in t for k in g.keywords for t in texts) for g in gold]
    keywords = [k for g in gold for k in g.keywords]
    matched = [any(k in t for k in keywords) for t in texts]
    return Score(
        matched=sum(matched),
        predicted=len(predicted),
        found=sum(hit),
        expected=len(gold),
        missed=tuple(g.name for g, h in zip(gold, hit, strict=True) if not h),
        extra=tuple(i.name for i, m in zip(predicted, matched, strict=True) if not m),
    )


def flag_counts(doc: SummaryDocument) -> tuple[int, int]:
    """(flagged items, items): items are numbers, honors, initiatives and the free texts."""
    r = doc.report
    items = len(r.numbers) + len(r.honors) + len(r.initiatives)
    items += sum(bool(t) for t in (r.title, r.summary, r.period))
    flagged = {f.path.split(".")[0] for f in doc.verification.flags}
    return min(len(flagged), items), items


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ReportEval:
    """The scores of one report."""

    gold: str
    report: str
    numbers: Score
    honors: Score
    initiatives: Score
    flagged: int
    items: int

    @property
    def flag_rate(self) -> float:
        return self.flagged / self.items if self.items else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "report": self.report,
            "numbers": self.numbers.as_dict(),
            "honors": self.honors.as_dict(),
            "initiatives": self.initiatives.as_dict(),
            "flag_rate": round(self.flag_rate, 4),
            "flagged": self.flagged,
            "items": self.items,
        }


@dataclass(frozen=True)
class EvalResult:
    """All reports' scores and their micro-averaged total."""

    backend: str
    model: str | None
    prompt_version: str | None
    reports: tuple[ReportEval, ...] = field(default_factory=tuple)

    @property
    def overall(self) -> ReportEval:
        total = ReportEval("overall", "", Score(), Score(), Score(), 0, 0)
        for r in self.reports:
            total = ReportEval(
                "overall",
                "",
                total.numbers + r.numbers,
                total.honors + r.honors,
                total.initiatives + r.initiatives,
                total.flagged + r.flagged,
                total.items + r.items,
            )
        return total

    def as_dict(self) -> dict[str, Any]:
        overall = self.overall.as_dict()
        for key in ("gold", "report"):
            overall.pop(key)
        return {
            "backend": self.backend,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "overall": overall,
            "reports": [r.as_dict() for r in self.reports],
        }


def score_document(gold_path: Path, gold: GoldFile, doc: SummaryDocument) -> ReportEval:
    """Compare one summarized report with its gold file."""
    report = doc.report
    flagged, items = flag_counts(doc)
    return ReportEval(
        gold=gold_path.name,
        report=gold.report,
        numbers=score_numbers(report.numbers, gold.numbers),
        honors=score_honors(report.honors, gold.honors),
        initiatives=score_initiatives(report.initiatives, gold.initiatives),
        flagged=flagged,
        items=items,
    )


def evaluate_dir(
    gold_dir: Path,
    settings: Settings,
    *,
    client: Any | None = None,
    console: Any | None = None,
    extras: dict[str, Any] | None = None,
) -> EvalResult:
    """Run the pipeline on every gold file's report and score it."""
    from .pipeline import SummarizeRequest, summarize_documents

    paths = gold_files(gold_dir)
    golds = [load_gold(p) for p in paths]
    reports = [str(report_path(p, g)) for p, g in zip(paths, golds, strict=True)]
    request = SummarizeRequest(paths=reports, client=client, extras=dict(extras or {}))
    docs = summarize_documents(request, settings, console)
    run = docs[0].run
    return EvalResult(
        backend=run.backend,
        model=run.model,
        prompt_version=run.prompt_version,
        reports=tuple(score_document(p, g, d) for p, g, d in zip(paths, golds, docs, strict=True)),
    )


# --------------------------------------------------------------------------- output


def _fraction(value: float, part: int, whole: int) -> str:
    return f"{value:.2f} ({part}/{whole})"


def table_rows(result: EvalResult) -> list[list[str]]:
    """One row per report and a last ``overall`` row."""
    rows = []
    for r in (*result.reports, result.overall):
        n, h, i = r.numbers, r.honors, r.initiatives
        rows.append(
            [
                r.gold.removesuffix(".json"),
                _fraction(n.precision, n.matched, n.predicted),
                _fraction(n.recall, n.found, n.expected),
                f"{n.f1:.2f}",
                _fraction(h.precision, h.matched, h.predicted),
                _fraction(h.recall, h.found, h.expected),
                f"{i.found}/{i.expected}",
                f"{r.flag_rate:.2f} ({r.flagged}/{r.items})",
            ]
        )
    return rows


HEADERS = ["report", "numbers P", "numbers R", "F1", "honors P", "honors R", "initiatives", "flags"]


def render_table(result: EvalResult, details: bool = False) -> Any:
    """A rich renderable: the scores table, then (``details``) what was missed."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    model = f" · model {result.model}" if result.model else ""
    table = Table(
        title=f"summarize eval · backend {result.backend}{model}",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for h in HEADERS:
        table.add_column(h, justify="left" if h == "report" else "right", no_wrap=True)
    rows = table_rows(result)
    for k, row in enumerate(rows):
        table.add_row(
            *row, style="bold" if k == len(rows) - 1 else None, end_section=k == len(rows) - 2
        )
    parts: list[Any] = [table]
    if details:
        parts += [Text(line) for line in detail_lines(result)]
    return Group(*parts)


def detail_lines(result: EvalResult) -> list[str]:
    """Missed gold items and unmatched extractions, per report."""
    out: list[str] = []
    for r in result.reports:
        out.append(f"\n{r.gold}:")
        for kind, score in (
            ("numbers", r.numbers),
            ("honors", r.honors),
            ("initiatives", r.initiatives),
        ):
            if score.missed:
                out.append(f"  missed {kind}: " + "、".join(score.missed))
            if score.extra:
                out.append(f"  extra {kind}: " + "、".join(score.extra))
    return out


def eval_parser() -> argparse.ArgumentParser:
    from .cli import _endpoint_options

    p = argparse.ArgumentParser(
        prog="summarize eval",
        description="Score a backend against gold files: numbers P/R/F1, honors, "
        f"initiative keyword hits and flag rate ({GOLD_HELP}).",
    )
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of gold JSON files")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--details", action="store_true", help="list missed and extra items")
    _endpoint_options(p)
    return p


def run_cli(argv: Sequence[str], console: Any) -> int:
    """The ``summarize eval`` command: parse, evaluate, print."""
    import sys

    from .cli import settings_flags
    from .config import load_settings

    args = eval_parser().parse_args(list(argv))
    flags = {k: v for k, v in settings_flags(args).items() if k not in ("gold_dir", "details")}
    result = evaluate_dir(Path(args.gold_dir), load_settings(flags), console=console)
    if args.json:
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return 0
    from rich.console import Console

    out = Console(file=sys.stdout, highlight=False, soft_wrap=True, width=_width(sys.stdout))
    out.print(render_table(result, details=args.details))
    return 0


def _width(stream: Any) -> int | None:
    """Wide enough for the table when stdout is no terminal (a pipe or a test)."""
    return None if getattr(stream, "isatty", lambda: False)() else 160


def _kn(text: str, value: float, unit: str) -> KeyNumber:
    """Doctest helper."""
    return KeyNumber(text=text, value=value, unit=unit, metric="")
