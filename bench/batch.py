"""Benchmark of ``summarize batch`` against the local fake server (not a test).

1. Cold: N synthetic reports (made from tests/data, each made unique), a fake
   server answering every request after ``--latency`` seconds, ``--concurrency C``.
   Prints the wall time and its ratio to the ideal, requests × latency / C.
   Target: ≤ 1.15× ideal.
2. Warm: the same command again. Prints the wall time and the requests made.
   Target: 0 requests, under 3 s.
3. Peak memory of both runs.

Each run is a fresh child process (``python bench/batch.py --child ...``) running
the real CLI entry (``summarizer.batch.cli.run``) against the fake server, which
lives in this (parent) process. ``--floor`` adds a third child: the same
requests through the extractor alone, to show what openai and instructor cost
by themselves on this machine. "run wall" is timed inside the child around
``run()``; for the cold run, openai and instructor are imported before the clock
starts (their ~2-3 s import is a one-off start-up cost, reported separately).
"process wall" is the whole child, interpreter start-up included. Peak RSS is
the child's ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (the OS high-water
mark of resident memory, interpreter and imports included).

    /work/venv/bin/python bench/batch.py                    # 200 reports, 300 ms, 16
    /work/venv/bin/python bench/batch.py --reports 50 --latency 0.1
"""

from __future__ import annotations

import argparse
import compileall
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SAMPLES = sorted((TESTS / "data").glob("*.txt"))


def make_reports(folder: Path, count: int) -> None:
    """``count`` distinct reports: the samples in turn, each with its own first and last line.

    Both lines carry a statistic, so every chunk of every report is a distinct
    request (identical chunks would be answered once, from the cache).
    """
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8").strip("\n") for p in SAMPLES]
    for k in range(count):
        head = f"第{k}号汇编：本次汇编收录职工{100 + k}人。"
        tail = f"本次汇编另收录会员{200 + k}人。"
        text = f"{head}\n{texts[k % len(texts)]}\n{tail}\n"
        (folder / f"report_{k:04d}.txt").write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ child: one run


def child(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    from rich.console import Console

    from summarizer.batch.cli import run

    if args.child == "cold":
        import importlib

        import instructor
        import openai

        importlib.import_module("summarizer.batch.runner")  # the CLI imports it lazily
        instructor.from_openai(openai.AsyncOpenAI(api_key="x", base_url=args.base_url))
    imported = time.perf_counter()
    argv = [args.inputs, "--out", args.out, "--base-url", args.base_url, "--model", "bench"]
    argv += ["--api-key", "sk-bench", "--concurrency", str(args.concurrency)]
    log = io.StringIO()
    code = run(argv, Console(file=log, force_terminal=False, width=200))
    finished = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the worker, once it has exited
    rss_kb = usage.ru_maxrss
    result = {
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "children_cpu_s": children.ru_utime + children.ru_stime,
        "children_rss_mb": children.ru_maxrss / 1024,
        "code": code,
        "import_s": imported - started,
        "run_s": finished - imported,
        "rss_mb": rss_kb / 1024,
        "log_tail": log.getvalue().splitlines()[-2:],
    }
    print(json.dumps(result))


def floor_child(args: argparse.Namespace) -> None:
    """The same requests through the extractor alone: every report cleaned up front,
    no cache, no files. What openai + instructor + the grounding check cost by
    themselves on this machine; the batch run cannot beat it."""
    import asyncio

    from summarizer.config import load_settings
    from summarizer.load import load
    from summarizer.pipeline import make_extractor, prepare

    flags = {"base_url": args.base_url, "model": "floor", "api_key": "sk-bench"}
    settings = load_settings({**flags, "concurrency": args.concurrency}, environ={})
    prepared = [prepare(load(p), settings) for p in sorted(Path(args.inputs).glob("*.txt"))]

    async def extract_all() -> float:
        extractor = make_extractor(settings)
        await extractor.extract(prepared[0].chunks)  # first-call set-up, off the clock
        started = time.perf_counter()
        await asyncio.gather(*(extractor.extract(p.chunks) for p in prepared[1:]))
        return time.perf_counter() - started

    requests = sum(len(p.chunks) for p in prepared[1:])
    print(json.dumps({"run_s": asyncio.run(extract_all()), "requests": requests}))


# ------------------------------------------------------------------ parent


def one_run(fake: Any, args: argparse.Namespace, folder: Path, mode: str) -> dict[str, Any]:
    """A child process: ``cold`` (imports off the clock), ``warm``, or ``floor``."""
    before = len(fake.chat_requests)
    cmd = [
        *(sys.executable, __file__, "--child", mode, "--base-url", fake.base_url),
        *("--inputs", str(folder / "reports"), "--out", str(folder / "out")),
        *("--concurrency", str(args.concurrency)),
    ]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    process_s = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"child failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = process_s
    result.setdefault("requests", len(fake.chat_requests) - before)
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--reports", type=int, default=200)
    p.add_argument("--latency", type=float, default=0.3)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--floor", action="store_true", help="also time the extractor alone")
    p.add_argument("--child", choices=("cold", "warm", "floor"), help=argparse.SUPPRESS)
    p.add_argument("--base-url", help=argparse.SUPPRESS)
    p.add_argument("--inputs", help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        floor_child(args) if args.child == "floor" else child(args)
        return
    # The children import the package from this checkout: compile it first, as pip does
    # when it installs one (with PYTHONDONTWRITEBYTECODE set, each child would otherwise
    # compile every module it imports inside the timed run).
    compileall.compile_dir(ROOT / "summarizer", quiet=1)
    sys.path.insert(0, str(TESTS))
    from fake_server import FakeOpenAI

    # A real server's listen queue is larger than the stdlib's 5 (16 clients connecting at
    # once overflow it: 1 s SYN retransmissions), and it does not wait ~40 ms for a
    # delayed ACK before sending each body (Nagle): see FakeOpenAI's docstring.
    fake_server = FakeOpenAI(latency=args.latency, backlog=128, tcp_nodelay=True)
    with tempfile.TemporaryDirectory() as tmp, fake_server as fake:
        folder = Path(tmp)
        make_reports(folder / "reports", args.reports)
        cold = one_run(fake, args, folder, "cold")
        warm = one_run(fake, args, folder, "warm")
        floor = one_run(fake, args, folder, "floor") if args.floor else None
    report(args, cold, warm)
    if floor is not None:
        ideal = floor["requests"] * args.latency / args.concurrency
        print(
            f"floor: the extractor alone, {floor['requests']} requests: {floor['run_s']:.2f} s, "
            f"ratio {floor['run_s'] / ideal:.3f}x"
        )


def report(args: argparse.Namespace, cold: dict[str, Any], warm: dict[str, Any]) -> None:
    ideal = cold["requests"] * args.latency / args.concurrency
    ratio = cold["run_s"] / ideal if ideal else float("nan")
    warm_ok = warm["requests"] == 0 and warm["process_s"] < 3
    lines = [
        f"{args.reports} reports, latency {args.latency * 1000:.0f} ms, "
        f"concurrency {args.concurrency}",
        f"cold: exit {cold['code']}, {cold['requests']} requests, "
        f"run wall {cold['run_s']:.2f} s, ideal {ideal:.2f} s, ratio {ratio:.3f}x "
        f"(target <= 1.15x) {'OK' if ratio <= 1.15 else 'MISSED'}",
        f"      imports before the clock {cold['import_s']:.2f} s, process wall "
        f"{cold['process_s']:.2f} s, CPU: main process {cold['cpu_s']:.2f} s, "
        f"worker {cold['children_cpu_s']:.2f} s",
        f"warm: exit {warm['code']}, {warm['requests']} requests, run wall {warm['run_s']:.2f} s, "
        f"process wall {warm['process_s']:.2f} s (target 0 requests, < 3 s) "
        f"{'OK' if warm_ok else 'MISSED'}",
        f"peak RSS (ru_maxrss): cold {cold['rss_mb']:.0f} MB (worker process "
        f"{cold['children_rss_mb']:.0f} MB), warm {warm['rss_mb']:.0f} MB (worker "
        f"{warm['children_rss_mb']:.0f} MB)",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
