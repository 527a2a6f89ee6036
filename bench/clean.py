"""Cleaning throughput, next to opencc's own t2s on the same text, in the same run.

    /work/venv/bin/python bench/clean.py [--mb 3] [--repeat 3] [--per-doc]

The sample reports (tests/data/*.txt) are concatenated and repeated to about
``--mb`` megabytes of UTF-8. Timed on one core, in CPU time of this process
(best of ``--repeat``, the measurements taking turns), so other work on the
machine does not skew the ratio:

- ``opencc``: a bare ``OpenCC("t2s").convert`` of the whole text;
- ``clean``:  ``clean_text`` of the whole text (every pass, provenance included).

It prints MB/s of raw text for both and the ratio clean/opencc (target ≤ 5).
``--per-doc`` also times cleaning each report separately (the realistic workload:
one document per call, so document-level rules see one report at a time);
``--passes`` prints the CPU time of each cleaning pass (with ``--per-doc``, over the
whole text and over the reports one by one).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.clean import PASSES, Lexicons, clean_text, lexicons  # noqa: E402
from summarizer.clean_chars import opencc_t2s  # noqa: E402


def _pin_one_core() -> None:
    """Run on a single CPU where the OS allows it."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _best(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Best CPU time of ``repeat`` runs of each of ``fns``: other processes on the
    machine do not count. The runs alternate, so a busy spell slows them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t = time.process_time()
            fn()
            best[k] = min(best[k], time.process_time() - t)
    return best


def _pass_times(texts: list[str], lex: Lexicons, repeat: int) -> dict[str, float]:
    """Best CPU time of each pass over all of ``texts``, in order (as ``clean_text``
    runs them: with the cyclic garbage collector paused)."""
    from summarizer.clean import _gc_paused, _Run
    from summarizer.clean_state import EditBuffer

    best: dict[str, float] = {}
    for _ in range(repeat):
        spent = dict.fromkeys((step.__name__ for step in PASSES), 0.0)
        with _gc_paused():
            for text in texts:
                run = _Run(EditBuffer(text), lex)
                for step in PASSES:
                    t = time.process_time()
                    step(run)
                    spent[step.__name__] += time.process_time() - t
        for name, seconds in spent.items():
            best[name] = min(best.get(name, 1e9), seconds)
    return best


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--mb", type=float, default=3.0, help="size of the text in MB (default 3)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement, best kept")
    p.add_argument("--per-doc", action="store_true", help="also clean each report separately")
    p.add_argument("--passes", action="store_true", help="print the CPU time of each pass")
    args = p.parse_args()
    _pin_one_core()

    docs = [f.read_text(encoding="utf-8") for f in sorted((ROOT / "tests" / "data").glob("*.txt"))]
    unit = "\n".join(docs) + "\n"
    copies = max(1, round(args.mb * 1e6 / len(unit.encode("utf-8"))))
    text = unit * copies
    mb = len(text.encode("utf-8")) / 1e6
    convert, lex = opencc_t2s(), lexicons()
    clean_text(unit, lex=lex)  # warm up: word lists, regexes, opencc

    timed = [lambda: convert(text), lambda: clean_text(text, lex=lex)]
    if args.per_doc:
        timed.append(lambda: [clean_text(d, lex=lex) for _ in range(copies) for d in docs])
    t_cc, t_clean, *t_docs = _best(timed, args.repeat)
    print(f"text: {mb:.2f} MB ({len(text):,} characters, {len(docs)} reports x {copies})")
    print(f"opencc t2s : {mb / t_cc:7.1f} MB/s  ({t_cc * 1000:.0f} ms)")
    print(f"clean_text : {mb / t_clean:7.1f} MB/s  ({t_clean * 1000:.0f} ms)")
    print(f"ratio      : {t_clean / t_cc:7.2f}x opencc (target <= 5x)")
    if t_docs:
        print(f"per report : {mb / t_docs[0]:7.1f} MB/s  ({t_docs[0] / t_cc:.2f}x opencc)")
    if args.passes:
        whole = _pass_times([text], lex, args.repeat)
        if args.per_doc:  # each pass over the whole text, and over the reports one by one
            each = _pass_times([d for _ in range(copies) for d in docs], lex, args.repeat)
            print(f"  {'pass':<16} {'whole':>8}  {'per report':>10}")
            for name, seconds in whole.items():
                print(f"  {name:<16} {seconds * 1000:5.1f} ms  {each[name] * 1000:7.1f} ms")
        else:
            for name, seconds in whole.items():
                print(f"  {name:<16} {seconds * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
