"""Issue 6: `summarize batch` — results files, cache and resume, concurrency, failures,
Ctrl-C, progress, exit codes and output-name safety. Offline tests use the `rules`
backend; the others a local FakeOpenAI server."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from fake_server import FakeOpenAI, Reply, echo_responder, source_of
from rich.console import Console

from summarizer.batch.cli import run
from summarizer.batch.outputs import write_report
from summarizer.batch.progress import LogProgress, RichProgress, make_progress
from summarizer.batch.runner import BatchOptions, run_batch_async
from summarizer.config import load_settings
from summarizer.errors import UsageError
from summarizer.load import load
from summarizer.pipeline import prepare

SECRET = "sk-test-SECRET-0123456789abcdef"
SMALL = ["--chunk-size", "800", "--chunk-overlap", "60"]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, folder / sample.name)
    return folder


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A config file: a price table, and no transient retries (no backoff sleeps)."""
    path = tmp_path / "config.toml"
    path.write_text(
        'transient_retries = 0\n\n[prices."m"]\nprompt = 1.0\ncompletion = 2.0\n', encoding="utf-8"
    )
    return path


def quiet() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=False, width=300), buffer


def serve(**options: Any) -> FakeOpenAI:
    """The fake server, with a listen queue for 8+ clients and no Nagle delay (see its doc)."""
    return FakeOpenAI(backlog=64, tcp_nodelay=True, **options)


def batch(*args: Any) -> int:
    return run([str(a) for a in args], quiet()[0])


def llm(fake: FakeOpenAI, config: Path | None = None) -> list[str]:
    args = ["--base-url", fake.base_url, "--model", "m", "--api-key", SECRET]
    return [*args, "--config", str(config)] if config else args


def index(out: Path) -> list[dict[str, Any]]:
    lines = (out / "index.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def run_json(out: Path) -> dict[str, Any]:
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def chunk_count(paths: list[Path], **flags: Any) -> int:
    settings = load_settings(flags, environ={})
    return sum(len(prepare(load(p), settings).chunks) for p in paths)


def tail_of_last_chunk(path: Path, **flags: Any) -> str:
    """Text only the last chunk of ``path`` holds (the overlap only reaches backwards)."""
    chunks = prepare(load(path), load_settings(flags, environ={})).chunks
    assert len(chunks) >= 2
    return chunks[-1].text[-40:]


def failing_for(snippet: str, status: int = 500) -> Callable[[dict[str, Any]], Reply]:
    def respond(request: dict[str, Any]) -> Reply:
        return Reply(status=status) if snippet in source_of(request) else echo_responder(request)

    return respond


# ------------------------------------------------------------------ results


def test_rules_run_writes_every_result_file(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert batch(reports, "--out", out, "--backend", "rules") == 0
    names = [p.stem for p in SAMPLES]
    for name in names:
        doc = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert doc["run"]["backend"] == "rules"
        assert (out / f"{name}.md").read_text(encoding="utf-8").startswith("# ")
    entries = index(out)
    assert [e["name"] for e in entries] == names
    for e in entries:
        assert {"path", "sha256", "status", "flags", "numbers", "error"} <= set(e)
        assert e["status"] == "ok" and e["error"] is None and len(e["sha256"]) == 64
    totals = run_json(out)
    assert (totals["reports"], totals["ok"], totals["failed"], totals["skipped"]) == (5, 5, 0, 0)
    assert totals["requests"] == 0 and totals["cost"]["estimated"] == 0.0
    assert totals["numbers"] == sum(e["numbers"] for e in entries)
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))


def test_numbers_csv_has_a_bom_and_one_row_per_number(reports: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    batch(reports, "--out", out, "--backend", "rules")
    data = (out / "numbers.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == run_json(out)["numbers"] > 0
    assert rows[0]["report"].endswith(".txt") and rows[0]["unit"]
    assert any("万" in r["text"] or "人" in r["text"] for r in rows)  # Chinese kept as is


def test_run_json_totals_and_cost_from_the_price_table(
    reports: Path, tmp_path: Path, config: Path
) -> None:
    out = tmp_path / "out"
    with serve() as fake:
        assert batch(reports, "--out", out, *llm(fake, config)) == 0
        requests = len(fake.chat_requests)
    totals = run_json(out)
    assert totals["requests"] == requests == chunk_count(SAMPLES)
    assert (totals["prompt_tokens"], totals["completion_tokens"]) == (100 * requests, 50 * requests)
    assert totals["tokens"] == 150 * requests
    assert totals["cost"]["estimated"] == pytest.approx(requests * (100 * 1.0 + 50 * 2.0) / 1e6)
    assert totals["wall_s"] > 0 and totals["model"] == "m" and totals["exit_code"] == 0


def test_summary_lists_flagged_reports_first(reports: Path, tmp_path: Path, config: Path) -> None:
    flagged = SAMPLES[3]
    marker = prepare(load(flagged), load_settings({}, environ={})).chunks[-1].text[-20:]
    made_up = {"text": "999999人", "value": 999999, "unit": "人", "metric": "新增", "evidence": ""}

    def respond(request: dict[str, Any]) -> Reply:
        if marker in source_of(request):
            return Reply(report={"summary": "", "numbers": [made_up]})
        return echo_responder(request)

    out = tmp_path / "out"
    with serve(responder=respond) as fake:
        args = [reports, "--out", out, *llm(fake, config), "--corrective-attempts", "0"]
        assert batch(*args) == 0
        assert batch(*args, "--strict") == 1  # flags fail only with --strict
    rows = [
        line
        for line in (out / "summary.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ")
    ][1:]
    assert rows[0].startswith("| ⚠ |") and flagged.stem in rows[0]
    assert len(rows) == 5
    by_name = {e["name"]: e for e in index(out)}
    assert by_name[flagged.stem]["flags"] >= 1
    assert run_json(out)["flagged_reports"] == 1


# ------------------------------------------------------------------ cache


def test_second_run_costs_no_request_and_force_asks_again(
    reports: Path, tmp_path: Path, config: Path
) -> None:
    out = tmp_path / "out"
    with serve() as fake:
        batch(reports, "--out", out, *llm(fake, config))
        first = len(fake.chat_requests)
        assert batch(reports, "--out", out, *llm(fake, config)) == 0
        assert len(fake.chat_requests) == first  # nothing new
        assert {e["status"] for e in index(out)} == {"skipped"}
        assert run_json(out)["requests"] == 0 and run_json(out)["skipped"] == 5
        assert batch(reports, "--out", out, *llm(fake, config), "--force") == 0
        assert len(fake.chat_requests) == 2 * first
        assert {e["status"] for e in index(out)} == {"ok"}


def test_shared_db_reuses_reports_in_a_new_output_directory(
    reports: Path, tmp_path: Path, config: Path
) -> None:
    db = tmp_path / "shared.db"
    with serve() as fake:
        batch(reports, "--out", tmp_path / "night1", "--db", db, *llm(fake, config))
        first = len(fake.chat_requests)
        assert batch(reports, "--out", tmp_path / "night2", "--db", db, *llm(fake, config)) == 0
        assert len(fake.chat_requests) == first
    assert (tmp_path / "night2" / f"{SAMPLES[0].stem}.md").is_file()
    assert not (tmp_path / "night2" / ".summarizer.db").exists()


def test_run_resumes_at_the_chunk_that_failed(reports: Path, tmp_path: Path, config: Path) -> None:
    victim = SAMPLES[3]
    snippet = tail_of_last_chunk(victim, chunk_size=800, chunk_overlap=60)
    out = tmp_path / "out"
    with serve(responder=failing_for(snippet)) as fake:
        assert batch(reports, "--out", out, *llm(fake, config), *SMALL) == 1
        first = len(fake.chat_requests)
    by_name = {e["name"]: e for e in index(out)}
    assert by_name[victim.stem]["status"] == "failed"
    assert "HTTP 500" in by_name[victim.stem]["error"]
    assert sum(e["status"] == "ok" for e in by_name.values()) == 4
    with serve() as fake:
        assert batch(reports, "--out", out, *llm(fake, config), *SMALL) == 0
        assert len(fake.chat_requests) == 1  # only the chunk that failed
        assert snippet in source_of(fake.chat_requests[0].body)
    assert first == chunk_count(SAMPLES, chunk_size=800, chunk_overlap=60)
    assert {e["status"] for e in index(out)} == {"ok", "skipped"}


# ------------------------------------------------------------------ concurrency and failures


class Gauge:
    """A responder that holds each request 50 ms and records the most at once."""

    def __init__(self) -> None:
        self.now = self.peak = 0
        self.lock = threading.Lock()

    def __call__(self, request: dict[str, Any]) -> Reply:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
        time.sleep(0.05)
        with self.lock:
            self.now -= 1
        return echo_responder(request)


def test_concurrency_caps_requests_in_flight(reports: Path, tmp_path: Path, config: Path) -> None:
    gauge = Gauge()
    with serve(responder=gauge) as fake:
        args = [reports, "--out", tmp_path / "out", *llm(fake, config), *SMALL]
        assert batch(*args, "--concurrency", "4") == 0
        assert len(fake.chat_requests) > 8
    assert 1 < gauge.peak <= 4  # concurrent, never more than --concurrency


def test_one_failing_report_does_not_stop_the_others(
    reports: Path, tmp_path: Path, config: Path
) -> None:
    victim = SAMPLES[1]
    out = tmp_path / "out"
    snippet = prepare(load(victim), load_settings({}, environ={})).chunks[-1].text[-30:]
    with serve(responder=failing_for(snippet)) as fake:
        assert batch(reports, "--out", out, *llm(fake, config)) == 1
        assert fake.base_url.split("//")[1] in index(out)[1]["error"]
    entries = index(out)
    assert [e["status"] for e in entries] == ["ok", "failed", "ok", "ok", "ok"]
    assert "\n" not in entries[1]["error"] and "retry later" in entries[1]["error"]
    assert entries[1]["json_file"] is None and not (out / f"{victim.stem}.json").exists()
    assert run_json(out)["failed"] == 1 and run_json(out)["exit_code"] == 1


def test_unreadable_report_fails_alone(reports: Path, tmp_path: Path) -> None:
    (reports / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert batch(reports, "--out", out, "--backend", "rules") == 1
    failed = [e for e in index(out) if e["status"] == "failed"]
    assert [e["name"] for e in failed] == ["empty"] and "empty" in failed[0]["error"]


@pytest.mark.parametrize("processes", [False, True], ids=["inline", "worker"])
def test_ctrl_c_keeps_finished_results_and_a_rerun_does_the_rest(
    reports: Path, tmp_path: Path, processes: bool
) -> None:
    out = tmp_path / "out"
    options = BatchOptions(inputs=(str(reports),), out_dir=out, processes=processes)
    with serve(latency=0.02) as fake:
        flags = {"base_url": fake.base_url, "model": "m", "api_key": SECRET, "concurrency": 1}
        settings = load_settings({**flags, "chunk_size": 800, "chunk_overlap": 60}, environ={})

        async def interrupt() -> None:
            task = asyncio.create_task(run_batch_async(options, settings))
            while len(fake.chat_requests) < 6:
                await asyncio.sleep(0.005)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(interrupt())
        first = len(fake.chat_requests)
        statuses = [e["status"] for e in index(out)]
        assert "ok" in statuses and "pending" in statuses
        assert run_json(out)["interrupted"] and run_json(out)["exit_code"] == 130
        for e in index(out):
            assert (out / f"{e['name']}.json").exists() == (e["status"] == "ok")

        result = asyncio.run(run_batch_async(options, settings.with_overrides(concurrency=8)))
        second = len(fake.chat_requests) - first
    total = chunk_count(SAMPLES, chunk_size=800, chunk_overlap=60)
    assert result.exit_code == 0
    assert {o.status for o in result.outcomes} <= {"ok", "skipped"}
    assert total <= first + second <= total + 1  # at most the request in flight is repeated


def test_sigkill_mid_run_then_rerun_redoes_no_finished_request(
    reports: Path, tmp_path: Path, config: Path
) -> None:
    out = tmp_path / "out"
    with serve(latency=0.05) as fake:
        args = [str(reports), "--out", str(out), *llm(fake, config), *SMALL, "--concurrency", "2"]
        command = [sys.executable, "-m", "summarizer", "batch", *args]
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while len(fake.chat_requests) < 6 and time.monotonic() < deadline:
            time.sleep(0.01)
        child.kill()
        child.wait(timeout=10)
        asked = {source_of(s.body) for s in fake.chat_requests}
        assert batch(*args) == 0
        again = [source_of(s.body) for s in fake.chat_requests[len(asked) :]]
    total = chunk_count(SAMPLES, chunk_size=800, chunk_overlap=60)
    assert child.returncode == -9 and len(asked) + len(again) <= total + 2
    assert len(set(again) & asked) <= 2  # at most the requests in flight when killed
    assert {e["status"] for e in index(out)} <= {"ok", "skipped"}


def test_worker_process_writes_the_same_results_as_inline(reports: Path, tmp_path: Path) -> None:
    with serve() as fake:
        flags = {"base_url": fake.base_url, "model": "m", "api_key": SECRET}
        settings = load_settings(flags, environ={})
        for mode in ("inline", "worker"):
            options = BatchOptions((str(reports),), tmp_path / mode, processes=mode == "worker")
            assert asyncio.run(run_batch_async(options, settings)).exit_code == 0
    for sample in SAMPLES:
        docs = [
            json.loads((tmp_path / mode / f"{sample.stem}.json").read_text(encoding="utf-8"))
            for mode in ("inline", "worker")
        ]
        for doc in docs:
            doc["run"]["elapsed_s"] = 0
        assert docs[0] == docs[1]


def test_two_passes_glean_through_the_batch(reports: Path, tmp_path: Path, config: Path) -> None:
    with serve() as fake:
        assert batch(reports, "--out", tmp_path / "out", *llm(fake, config), "--passes", "2") == 0
        assert len(fake.chat_requests) >= chunk_count(SAMPLES)
    assert {e["status"] for e in index(tmp_path / "out")} == {"ok"}


# ------------------------------------------------------------------ progress and exit codes


def test_plain_log_lines_when_not_a_terminal(reports: Path, tmp_path: Path) -> None:
    console, buffer = quiet()
    assert run([str(reports), "--out", str(tmp_path / "out"), "--backend", "rules"], console) == 0
    text = buffer.getvalue()
    assert "\x1b[" not in text
    done = [line for line in text.splitlines() if "] ok" in line]
    assert len(done) == 5 and "[1/5]" in done[0] and "ETA" in done[0]
    assert isinstance(make_progress(console), LogProgress)
    tty = Console(file=io.StringIO(), force_terminal=True)
    assert isinstance(make_progress(tty), RichProgress)


def test_rich_progress_runs_on_a_terminal(reports: Path, tmp_path: Path) -> None:
    buffer = io.StringIO()
    tty = Console(file=buffer, force_terminal=True, width=160)
    assert run([str(reports), "--out", str(tmp_path / "out"), "--backend", "rules"], tty) == 0
    assert "5/5" in buffer.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["reports"],  # no --out
        ["missing.txt", "--out", "out"],
        ["reports", "--out", "out", "--submit", "anthropic"],
        ["collect", "--out", "out"],  # neither BATCH_ID nor --from-jsonl
        ["reports", "--out", "out", "--concurrency", "0"],
    ],
)
def test_usage_errors_exit_2(args: list[str], reports: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(reports.parent)
    assert batch(*args, "--backend", "rules") == 2


def test_out_that_is_a_file_is_a_usage_error(reports: Path, tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x", encoding="utf-8")
    assert batch(reports, "--out", tmp_path / "out", "--backend", "rules") == 2


# ------------------------------------------------------------------ safety


def test_outputs_never_leave_the_output_directory(reports: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(SAMPLES[0], outside / "run.txt")
    manifest = reports / "list.lst"
    manifest.write_text(f"../elsewhere/run.txt\n{SAMPLES[1]}\n", encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    out = tmp_path / "out"
    assert batch(manifest, "--out", out, "--backend", "rules") == 0
    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(out == p or out in p.parents for p in created)
    assert [e["name"] for e in index(out)] == ["run_report", SAMPLES[1].stem]
    doc = json.loads((out / f"{SAMPLES[1].stem}.json").read_text(encoding="utf-8"))
    from summarizer.models import SummaryDocument

    with pytest.raises(UsageError, match="outside"):
        write_report(out, "../escape", SummaryDocument.model_validate(doc))


def test_the_api_key_is_in_no_file_the_run_produced(
    reports: Path, tmp_path: Path, config: Path
) -> None:
    out = tmp_path / "out"
    victim = prepare(load(SAMPLES[2]), load_settings({}, environ={})).chunks[-1].text[-30:]
    with serve(responder=failing_for(victim, status=401)) as fake:
        batch(reports, "--out", out, *llm(fake, config))
        batch(reports, "--out", out, *llm(fake, config))
    files = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == ".summarizer.db" for p in files)
    for path in files:
        assert SECRET.encode() not in path.read_bytes(), path
    assert "API key" in index(out)[2]["error"]


# ------------------------------------------------------------------ lasting failures


def test_a_lasting_failure_is_remembered_and_retried_only_on_request(
    tmp_path: Path, config: Path
) -> None:
    """An answer cut off even after splitting would be cut off again: a warm rerun
    reports the same failure without a request; --retry-failed asks again."""
    folder = tmp_path / "reports"
    folder.mkdir()
    victim = folder / "short.txt"  # under MIN_SPLIT_CHARS: no split, a lasting failure
    victim.write_text("县总工会全年新建职工书屋4321个，发放慰问金33.2万元。", encoding="utf-8")
    shutil.copy(SAMPLES[0], folder / SAMPLES[0].name)

    def cut_off(request: dict[str, Any]) -> Reply:
        if "新建职工书屋4321个" in source_of(request):
            return Reply(finish_reason="length", raw='{"title": "')
        return echo_responder(request)

    out = tmp_path / "out"
    asked: list[int] = []
    with serve(responder=cut_off) as fake:

        def victim_requests() -> int:
            return sum("新建职工书屋4321个" in source_of(s.body) for s in fake.chat_requests)

        for run_no, extra in enumerate(([], [], ["--retry-failed"])):
            assert batch(folder, "--out", out, *extra, *llm(fake, config)) == 1
            asked.append(victim_requests())
            row = next(r for r in index(out) if r["name"] == "short")
            assert row["status"] == "failed" and "cut off" in row["error"]
            assert ("--retry-failed" in row["error"]) == (run_no == 1)  # says why it did not ask
    # one request cold, none warm (the failure was remembered), one on --retry-failed
    assert asked == [1, 1, 2]


def test_grounding_warm_up_starts_once_the_first_requests_are_on_their_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The thread importing cn2an starts when ``concurrency`` chunks have gone to the
    extractor (not before: it would share the interpreter with the first requests being
    built), and only once."""
    from summarizer.batch import runner

    started: list[object] = []

    class Thread:
        def __init__(self, target: object, daemon: bool) -> None:
            self.target = target

        def start(self) -> None:
            started.append(self.target)

    monkeypatch.setattr(runner.threading, "Thread", Thread)
    settings = load_settings({"concurrency": 4, "backend": "rules"}, environ={})
    lazy = runner.LazyExtractor(settings, None, lambda message: None, {})
    lazy._own_client = object()  # as when the run built its own client
    lazy._warm_up_when_busy(3)
    assert started == []
    lazy._warm_up_when_busy(2)
    assert started == [runner.warm_up]
    lazy._warm_up_when_busy(9)
    assert started == [runner.warm_up]


def test_the_collector_is_tuned_for_the_run_and_restored_after() -> None:
    import gc

    from summarizer.batch.heap import YOUNG_THRESHOLD, tuned_gc

    before = gc.get_threshold()
    with tuned_gc() as settle:
        assert gc.get_threshold() == before  # not until start-up is over
        settle()
        settle()
        assert gc.get_threshold()[0] == max(YOUNG_THRESHOLD, before[0])
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_worker_warms_finish_up_after_the_first_concurrency_reports(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In the worker, ``finish``'s imports start beside the cleaning only once the
    reports the first requests wait for are prepared."""
    from summarizer.batch import stages

    started: list[object] = []

    class Thread:
        def __init__(self, target: object, args: object, daemon: bool) -> None:
            self.target = target

        def start(self) -> None:
            started.append(self.target)

    settings = load_settings({"concurrency": 2, "backend": "rules"}, environ={})
    monkeypatch.setattr(stages.threading, "Thread", Thread)
    monkeypatch.setattr(stages, "_WORKER_SETTINGS", [settings])
    monkeypatch.setattr(stages, "_WORKER_PREPARED", [object()])
    monkeypatch.setattr(stages, "_WORKER_PREPARES", [0])
    raw = load(SAMPLES[0])
    stages._worker_prepare(raw)
    assert started == []
    stages._worker_prepare(raw)
    stages._worker_prepare(raw)
    assert started == [stages._warm_finish]


def test_a_client_that_cannot_be_built_fails_the_reports_without_a_traceback(
    tmp_path: Path,
    reports: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The client is built in a loop callback while the first reports are cleaned; its
    failure surfaces as each report's one-line error, not as a callback's traceback."""
    for k in range(4):  # enough reports for the worker process (the callback path)
        shutil.copy(SAMPLES[k], reports / f"copy_{k}.txt")
    out = tmp_path / "out"
    argv = [reports, "--out", out, "--base-url", "http://127.0.0.1:9/v1", "--model", "m"]
    code = batch(*argv, "--api-key", SECRET, "--prompt-version", "v99")
    assert code == 1
    rows = index(out)
    assert len(rows) == 9 and all("Unknown prompt version 'v99'" in r["error"] for r in rows)
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert "Exception in callback" not in captured.err + captured.out
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []
