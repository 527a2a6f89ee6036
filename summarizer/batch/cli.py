"""``summarize batch``: parse the arguments, call one library function, return the exit code.

Exit codes: 0 every report ok; 1 a report failed (or ``--strict`` and a flag);
2 usage error; 130 interrupted (finished results are kept: rerun to do the rest).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, SummarizerError

if TYPE_CHECKING:
    from rich.console import Console

    from ..config import Settings
    from .outputs import RunTotals
    from .runner import BatchOptions

T = TypeVar("T")
PROG = "summarize batch"
_OWN_ARGS = frozenset(
    {
        "paths",
        "out",
        "db",
        "force",
        "retry_failed",
        "submit",
        "export_jsonl",
        "batch_id",
        "from_jsonl",
        "wait",
        "poll",
        "retry_live",
    }
)

EPILOG = """\
results in DIR: <name>.json and <name>.md per report, index.jsonl, run.json,
summary.md (flagged reports first) and numbers.csv (UTF-8 with BOM, for Excel).
The cache (DIR/.summarizer.db, or --db PATH across nights) makes an unchanged
report cost no request, and lets an interrupted run resume where it stopped.

provider batch (about half price, answers within 24 h):
  summarize batch reports/ --out DIR --submit openai-batch      upload, create the batch
  summarize batch collect BATCH_ID --out DIR                     fetch and write results
self-hosted vLLM:
  summarize batch reports/ --out DIR --model M --export-jsonl requests.jsonl
  python -m vllm.entrypoints.openai.run_batch -i requests.jsonl -o results.jsonl --model M
  summarize batch collect --from-jsonl results.jsonl --out DIR

exit codes: 0 all ok; 1 a report failed (or --strict and a flag); 2 usage error;
130 interrupted (rerun the same command to do the rest).
"""


def batch_parser() -> argparse.ArgumentParser:
    from ..cli import _endpoint_options

    p = argparse.ArgumentParser(
        prog=PROG,
        description="Summarize many reports: cached, resumable, concurrent.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "paths",
        nargs="+",
        metavar="INPUT",
        help="report files, directories (recursive: *.txt *.html *.md), globs, or manifests "
        "(@FILE, or a file listing one path per line)",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="where the results go")
    p.add_argument("--db", metavar="PATH", help="cache database (default DIR/.summarizer.db)")
    p.add_argument("--force", action="store_true", help="ignore the cache: ask again")
    p.add_argument(
        "--retry-failed",
        action="store_true",
        help="ask again for chunks that failed for good in an earlier run (cut off, "
        "never valid, filtered); by default such a failure is remembered and costs no request",
    )
    p.add_argument(
        "--submit", choices=("openai-batch",), help="send the requests as a provider batch"
    )
    p.add_argument(
        "--export-jsonl", metavar="FILE", help="only write the Batch API JSONL (e.g. for vLLM)"
    )
    _endpoint_options(p)
    return p


def collect_parser() -> argparse.ArgumentParser:
    from ..cli import _endpoint_options

    p = argparse.ArgumentParser(
        prog=f"{PROG} collect",
        description="Fetch a provider batch's answers (or read vLLM's output) and write the "
        "results, as `summarize batch` does.",
    )
    p.add_argument("batch_id", nargs="?", metavar="BATCH_ID", help="the id --submit printed")
    p.add_argument("--from-jsonl", metavar="FILE", help="a Batch API output file (vLLM run-batch)")
    p.add_argument("--out", required=True, metavar="DIR", help="where the results go")
    p.add_argument("--db", metavar="PATH", help="cache database (default DIR/.summarizer.db)")
    p.add_argument("--wait", action="store_true", help="poll until the batch has finished")
    p.add_argument("--poll", type=float, default=60.0, metavar="S", help="poll interval (60)")
    p.add_argument(
        "--retry-live", action="store_true", help="send chunks that failed in the batch live"
    )
    _endpoint_options(p)
    return p


def run(argv: Sequence[str], console: Console | None) -> int:
    """The ``summarize batch ...`` command."""
    argv = list(argv)
    is_collect = bool(argv) and argv[0] == "collect"
    parser = collect_parser() if is_collect else batch_parser()
    try:
        args = parser.parse_args(argv[1:] if is_collect else argv)
    except SystemExit as e:  # --help (0) or a usage error (2); argparse printed why
        return e.code if isinstance(e.code, int) else EXIT_USAGE
    if is_collect and (args.batch_id is None) == (args.from_jsonl is None):
        parser.print_usage()
        _say(console, f"{PROG} collect: error: pass either BATCH_ID or --from-jsonl FILE")
        return EXIT_USAGE
    command = cmd_collect if is_collect else cmd_batch
    return _guarded(lambda: command(args, console), console, bool(args.debug))


def _guarded(command: Callable[[], int], console: Console | None, debug: bool) -> int:
    """Map errors to one line and an exit code; Ctrl-C to 130."""
    try:
        return command()
    except (KeyboardInterrupt, asyncio.CancelledError):
        _say(console, f"{PROG}: interrupted: finished results are kept; rerun to do the rest")
        return 130
    except SummarizerError as e:
        if debug:
            raise
        _say(console, f"{PROG}: error: {e}")
        return e.exit_code


def _settings(args: argparse.Namespace) -> Settings:
    from ..cli import settings_flags
    from ..config import load_settings

    flags = {k: v for k, v in settings_flags(args).items() if k not in _OWN_ARGS}
    return load_settings(flags)


def cmd_batch(args: argparse.Namespace, console: Console | None) -> int:
    """A live run, or (``--submit``/``--export-jsonl``) a provider batch submission."""
    from .runner import BatchOptions

    options = BatchOptions(
        inputs=tuple(args.paths),
        out_dir=Path(args.out),
        db_path=Path(args.db) if args.db else None,
        force=bool(args.force),
        retry_failed=bool(args.retry_failed),
        submit=args.submit,
        export_jsonl=Path(args.export_jsonl) if args.export_jsonl else None,
    )
    settings = _settings(args)
    if options.submit or options.export_jsonl:
        return _submit(options, settings, console)
    from .runner import run_batch_async

    result = run_async(run_batch_async(options, settings, console))
    _say(console, _result_line(result.totals, options.out_dir))
    return result.exit_code


def _submit(options: BatchOptions, settings: Settings, console: Console | None) -> int:
    from .provider import submit_async

    done = run_async(submit_async(options, settings, console))
    plan = done.plan
    counts = f"{plan.reused_reports} report(s) unchanged, {plan.cached_chunks} chunk(s) cached"
    _say(console, f"{len(plan.lines)} request(s) for {len(plan.sources)} report(s); {counts}")
    if done.jsonl is not None:
        _say(console, f"requests written to {done.jsonl}")
    if done.batch_id is None:
        _say(console, "nothing to send: run without --submit/--export-jsonl to write the results")
    elif options.submit:
        _say(
            console,
            f"submitted batch {done.batch_id}: collect it with\n"
            f"  summarize batch collect {done.batch_id} --out {options.out_dir}",
        )
    else:
        collect = f"summarize batch collect --from-jsonl RESULTS.jsonl --out {options.out_dir}"
        _say(console, f"after running it, collect the results with\n  {collect}")
    return EXIT_FAILED if plan.failures else EXIT_OK


def cmd_collect(args: argparse.Namespace, console: Console | None) -> int:
    from .provider import CollectOptions, collect_async

    options = CollectOptions(
        out_dir=Path(args.out),
        batch_id=args.batch_id,
        from_jsonl=Path(args.from_jsonl) if args.from_jsonl else None,
        db_path=Path(args.db) if args.db else None,
        wait=bool(args.wait),
        poll_s=float(args.poll),
        retry_live=bool(args.retry_live),
    )
    result = run_async(collect_async(options, _settings(args), console))
    _say(console, _result_line(result.totals, options.out_dir))
    return result.exit_code


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` with SIGTERM treated like Ctrl-C (cancel, keep what finished)."""
    from .runner import cancel_on_sigterm

    async def main() -> T:
        cancel_on_sigterm()
        return await coro

    return asyncio.run(main())


def _result_line(run: RunTotals, out_dir: Path) -> str:
    return (
        f"{run.reports} report(s): {run.ok} ok, {run.skipped} skipped, {run.failed} failed, "
        f"{run.flags} flag(s); {run.requests} request(s); results in {out_dir}"
    )


def _say(console: Console | None, text: str) -> None:
    if console is not None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)
