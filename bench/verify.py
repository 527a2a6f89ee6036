"""Verify plus grounding, per report, next to cleaning the same report, in the same run.

    /work/venv/bin/python bench/verify.py [--repeat 30] [--check] [REPORT ...]

For each report (default: tests/data/*.txt) it times, on one core, median of
``--repeat`` interleaved cold runs (caches cleared before each):

- ``clean``:  ``clean(raw)``, the cleaning stage of the pipeline;
- ``verify``: what ``pipeline.assemble`` does after extraction: ``SourceIndex.build``,
  ``check_report``, ``add_coverage`` and ``ground_report``.

Two extracted reports per source are verified:

- ``rules``: the offline rules extractor's report (every quote verbatim, so every
  span is an exact match);
- ``model-like``: the same report with every third quote paraphrased (one character
  dropped, a 了 inserted), plus a made-up figure and a made-up honor, so that the
  fuzzy alignment and the "none" path run as they do on a real model's answer.

It prints milliseconds and the ratio verify/clean per report and overall (target
≤ 1x). ``--check`` exits 1 when the overall ratio of either report kind is over.
``--stages`` adds where the verify time goes, over all reports: the source index
(mostly ``find_numbers`` on the whole text), then what the cross-check, the coverage
count and the grounding add to it (each cut timed cold like the rest).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.clean import CleanedText, clean  # noqa: E402
from summarizer.extract.rules import extract_report  # noqa: E402
from summarizer.ground import ground_report  # noqa: E402
from summarizer.load import RawDocument, load  # noqa: E402
from summarizer.models import Honor, KeyNumber, UnionWorkReport  # noqa: E402
from summarizer.verify import SourceIndex, add_coverage, check_report, clear_caches  # noqa: E402

TARGET = 1.0


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _paraphrase(quote: str) -> str:
    """``开展走访慰问活动`` → ``开展了走访慰问活`` : what a model does to a quote."""
    if len(quote) < 6:
        return quote
    mid = len(quote) // 2
    return quote[:mid] + "了" + quote[mid:-1]


def model_like(report: UnionWorkReport) -> UnionWorkReport:
    """The rules report with every third quote paraphrased and two made-up items."""
    numbers = [
        n.model_copy(update={"evidence": _paraphrase(n.evidence)}) if k % 3 == 0 else n
        for k, n in enumerate(report.numbers)
    ]
    numbers.append(
        KeyNumber(text="987人", value=987, unit="人", metric="编造", evidence="新增987人")
    )
    initiatives = [
        i.model_copy(update={"evidence": _paraphrase(i.evidence)}) if k % 3 == 0 else i
        for k, i in enumerate(report.initiatives)
    ]
    honors = [*report.honors, Honor(title="全国五一劳动奖状", evidence="荣获全国五一劳动奖状")]
    return report.model_copy(
        update={"numbers": numbers, "initiatives": initiatives, "honors": honors}
    )


def verify_and_ground(report: UnionWorkReport, cleaned: CleanedText) -> None:
    """Exactly the post-extraction work of ``pipeline.assemble``."""
    index = SourceIndex.build(cleaned.text, scan=True)
    add_coverage(check_report(report, index), report, index)
    ground_report(report, cleaned)


def _median_ms(runs: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median wall time of each function, the functions interleaved, each run cold."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for k, fn in enumerate(runs):
            clear_caches()
            gc.collect()
            t = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t)
    return [statistics.median(t) * 1000 for t in times]


def _stages(report: UnionWorkReport, cleaned: CleanedText) -> list[Callable[[], object]]:
    """``verify_and_ground`` cut after each stage: index, + check, + coverage, + grounding."""

    def index() -> SourceIndex:
        return SourceIndex.build(cleaned.text, scan=True)

    def checked() -> object:
        return check_report(report, index())

    def covered() -> object:
        return add_coverage(check_report(report, index()), report, index())

    return [index, checked, covered, lambda: verify_and_ground(report, cleaned)]


def stages(raws: list[RawDocument], repeat: int) -> None:
    """Per report kind, the milliseconds each stage adds, summed over all reports."""
    print(f"{'stages, all reports':<28}{'index':>9}{'+check':>9}{'+coverage':>11}{'+ground':>9}")
    for kind in ("rules", "model-like"):
        totals = [0.0] * 4
        for raw in raws:
            cleaned = clean(raw)
            report = extract_report(cleaned.text)
            report = model_like(report) if kind == "model-like" else report
            cumulative = _median_ms(_stages(report, cleaned), repeat)
            totals = [a + b for a, b in zip(totals, cumulative, strict=True)]
        steps = [totals[0]] + [b - a for a, b in pairwise(totals)]
        widths = (9, 9, 11, 9)
        print(f"{kind:<28}" + "".join(f"{t:>{w}.2f}" for t, w in zip(steps, widths, strict=True)))


def bench(raw: RawDocument, repeat: int) -> tuple[int, int, list[float]]:
    cleaned = clean(raw)
    rules = extract_report(cleaned.text)
    model = model_like(rules)
    runs: list[Callable[[], object]] = [
        lambda: clean(raw),
        lambda: verify_and_ground(rules, cleaned),
        lambda: verify_and_ground(model, cleaned),
    ]
    return len(cleaned.text), len(rules.numbers), _median_ms(runs, repeat)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("reports", nargs="*", type=Path, help="report files (default tests/data)")
    p.add_argument("--repeat", type=int, default=30, help="runs per measurement, median kept")
    p.add_argument("--check", action="store_true", help=f"exit 1 if a ratio is over {TARGET}x")
    p.add_argument("--stages", action="store_true", help="also print the time of each stage")
    args = p.parse_args()
    _pin_one_core()
    paths = args.reports or sorted((ROOT / "tests" / "data").glob("*.txt"))
    raws = [load(path) for path in paths]
    bench(raws[0], 2)  # warm up: word lists, regexes, opencc
    print(f"{'report':<28}{'chars':>7}{'figures':>8}{'clean':>9}"
          f"{'rules':>9}{'ratio':>7}{'model-like':>12}{'ratio':>7}")  # fmt: skip
    totals = [0.0, 0.0, 0.0]
    for raw in raws:
        chars, figures, (t_clean, t_rules, t_model) = bench(raw, args.repeat)
        totals = [a + b for a, b in zip(totals, (t_clean, t_rules, t_model), strict=True)]
        print(f"{Path(raw.path).name[:27]:<28}{chars:>7}{figures:>8}{t_clean:>7.2f}ms"
              f"{t_rules:>7.2f}ms{t_rules / t_clean:>6.2f}x"
              f"{t_model:>10.2f}ms{t_model / t_clean:>6.2f}x")  # fmt: skip
    ratios = (totals[1] / totals[0], totals[2] / totals[0])
    print(f"{'all reports':<43}{totals[0]:>7.2f}ms{totals[1]:>7.2f}ms{ratios[0]:>6.2f}x"
          f"{totals[2]:>10.2f}ms{ratios[1]:>6.2f}x   (target <= {TARGET:g}x)")  # fmt: skip
    if args.stages:
        stages(raws, args.repeat)
    return 1 if args.check and max(ratios) > TARGET else 0


if __name__ == "__main__":
    raise SystemExit(main())
