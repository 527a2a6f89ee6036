"""Command line: parse arguments, call one library function, map errors to exit codes.

No logic lives here. Heavy imports (pydantic, openai, instructor, rich) happen
inside the command functions, so ``summarize --help`` answers in well under 0.5 s.

Exit codes: 0 ok; 1 a report failed, or ``--strict`` found flags; 2 usage or
input error; 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

PROG = "summarize"
COMMANDS = ("clean", "batch", "eval")
EPILOG = """\
other commands:
  summarize clean REPORT [--removed]     show the cleaned text the model sees, or what was removed
  summarize batch INPUT... --out DIR     the nightly job: many reports, cached and resumable
  summarize batch collect BATCH_ID --out DIR   fetch a provider batch's results
  summarize eval GOLD_DIR                precision/recall against gold files

With no endpoint configured, the offline `rules` backend is used. Configure a model with
OPENAI_BASE_URL, OPENAI_API_KEY and SUMMARIZER_MODEL (or --base-url/--api-key/--model).
"""


def _endpoint_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("model endpoint (flag > config file > environment)")
    g.add_argument("--backend", choices=("auto", "llm", "rules"), help="default: auto")
    g.add_argument("--base-url", help="OpenAI-compatible base URL [OPENAI_BASE_URL]")
    g.add_argument("--api-key", help="API key [OPENAI_API_KEY]")
    g.add_argument("--model", help="model name [SUMMARIZER_MODEL]")
    g.add_argument(
        "--mode",
        choices=("auto", "tools", "json", "json_schema", "md_json"),
        help="structured-output mode (default auto: the one known to work for the endpoint)",
    )
    g.add_argument("--config", metavar="FILE", help="TOML config file [SUMMARIZER_CONFIG]")
    g.add_argument(
        "--cache-db",
        metavar="PATH",
        help="database remembering the working mode per endpoint (default ~/.cache/summarizer)",
    )
    g.add_argument("--prompt-version", metavar="V", help="prompt version (default v1)")
    g.add_argument("--prompt-dir", metavar="DIR", help="directory of prompt versions")
    t = p.add_argument_group("tuning")
    t.add_argument("--chunk-size", type=int, metavar="CHARS", help="default 3000")
    t.add_argument("--chunk-overlap", type=int, metavar="CHARS", help="default 120")
    t.add_argument("--timeout", type=float, metavar="S", help="per request, default 120")
    t.add_argument("--max-tokens", type=int, help="answer budget per request, default 4096")
    t.add_argument(
        "--retries", type=int, dest="validation_retries", help="re-asks on schema errors"
    )
    t.add_argument(
        "--corrective-attempts", type=int, help="re-asks for ungrounded numbers/quotes (default 1)"
    )
    t.add_argument("--transient-retries", type=int, help="retries of 429/5xx/timeouts (default 4)")
    t.add_argument("--passes", type=int, choices=(1, 2), help="2 adds a gleaning pass")
    t.add_argument("--concurrency", type=int, help="requests at once (default 8)")
    t.add_argument("--rpm", type=int, dest="requests_per_minute", help="requests per minute cap")
    t.add_argument("--tpm", type=int, dest="tokens_per_minute", help="tokens per minute cap")
    t.add_argument("--spam-lexicon", metavar="FILE", help="extra spam tokens, one per line")
    t.add_argument("--spin-table", metavar="FILE", help="extra spin pairs (spun<TAB>original)")
    p.add_argument("--strict", action="store_true", default=None, help="exit 1 if any flag remains")
    p.add_argument("--debug", action="store_true", default=None, help="show tracebacks and logs")


def summarize_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Summarize Chinese trade-union work reports (工会工作报告) into initiatives, "
        "key figures and honors, each checked against the source.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="REPORT", help="report files, or - for stdin")
    p.add_argument("--format", "-f", choices=("md", "json", "jsonl", "html"), default="md")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    _endpoint_options(p)
    return p


def clean_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"{PROG} clean", description="Print the cleaned text the model will see."
    )
    p.add_argument("path", metavar="REPORT", help="report file, or - for stdin")
    p.add_argument("--removed", action="store_true", help="list what was removed or replaced")
    p.add_argument("--json", action="store_true", help="with --removed: JSON instead of text")
    p.add_argument("-o", "--output", metavar="FILE")
    p.add_argument("--spam-lexicon", metavar="FILE")
    p.add_argument("--spin-table", metavar="FILE")
    p.add_argument("--config", metavar="FILE")
    p.add_argument("--debug", action="store_true", default=None)
    return p


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("summarizer")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "dev"


_NOT_SETTINGS = {"paths", "path", "format", "output", "removed", "json", "command", "out"}


def settings_flags(args: argparse.Namespace) -> dict[str, Any]:
    """The options the user actually gave, as Settings overrides."""
    return {k: v for k, v in vars(args).items() if v is not None and k not in _NOT_SETTINGS}


def cmd_summarize(args: argparse.Namespace, console: Any) -> int:
    from pathlib import Path

    from .config import load_settings
    from .pipeline import SummarizeRequest, summarize_to_output

    settings = load_settings(settings_flags(args))
    output = Path(args.output) if args.output else None
    request = SummarizeRequest(paths=args.paths, fmt=args.format, output=output)
    return summarize_to_output(request, settings, console)


def cmd_clean(args: argparse.Namespace, console: Any) -> int:
    from pathlib import Path

    from .clean import clean_command
    from .config import load_settings

    settings = load_settings(settings_flags(args))
    output = Path(args.output) if args.output else None
    return clean_command(
        args.path, settings, removed=args.removed, as_json=args.json, output=output
    )


def cmd_batch(argv: Sequence[str], console: Any) -> int:
    from .batch.cli import run as run_batch

    return run_batch(argv, console)


def cmd_eval(argv: Sequence[str], console: Any) -> int:
    from .evaluate import run_cli

    return run_cli(argv, console)


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _quiet_sdk_logs(debug: bool) -> None:
    """instructor logs every failed attempt at ERROR; we report errors ourselves."""
    import logging

    level = logging.DEBUG if debug else logging.CRITICAL
    logging.basicConfig(level=logging.WARNING if debug else logging.CRITICAL)
    for name in ("instructor", "openai", "httpx", "httpx2", "httpcore"):
        logging.getLogger(name).setLevel(level)


def dispatch(argv: Sequence[str]) -> tuple[Callable[[], int], bool]:
    """Parse ``argv``; return the command to run and whether --debug is on."""
    if argv and argv[0] in ("batch", "eval"):
        debug = "--debug" in argv
        runner = cmd_batch if argv[0] == "batch" else cmd_eval
        return (lambda: runner(argv[1:], _stderr_console())), debug
    if argv and argv[0] == "clean":
        args = clean_parser().parse_args(argv[1:])
        return (lambda: cmd_clean(args, _stderr_console())), bool(args.debug)
    args = summarize_parser().parse_args(argv)
    return (lambda: cmd_summarize(args, _stderr_console())), bool(args.debug)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``summarize`` script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    run, debug = dispatch(argv)
    _quiet_sdk_logs(debug)
    try:
        return run()
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        return report_error(e, debug)


def report_error(error: BaseException, debug: bool) -> int:
    """One line on stderr naming the fix; the traceback only with --debug."""
    from .errors import SummarizerError

    if debug:
        import traceback

        traceback.print_exception(error)
    if isinstance(error, SummarizerError):
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return error.exit_code
    print(
        f"{PROG}: internal error: {type(error).__name__}: {error} (rerun with --debug for details)",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
