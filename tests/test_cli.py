"""The summarize command: wiring, output formats, exit codes and error lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import sample
from fake_server import FakeOpenAI, Reply

from summarizer.cli import main

S000 = str(sample("000"))
S002 = str(sample("002"))


def endpoint(srv: FakeOpenAI) -> list[str]:
    return ["--base-url", srv.base_url, "--api-key", "sk-cli-test", "--model", "fake"]


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\nfrom summarizer import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {m.split('.')[0] for m in sys.modules}\n"
        "heavy &= {'openai', 'instructor', 'pydantic', 'rich'}\n"
        "print(sorted(heavy), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "usage: summarize" in out.stdout
    assert out.stderr.strip() == "[]"


def test_markdown_against_a_local_fake_server(capsys: pytest.CaptureFixture[str]) -> None:
    made_up = {
        "title": "城步",
        "numbers": [
            {
                "text": "504人",
                "value": 504,
                "unit": "人",
                "metric": "新增会员",
                "evidence": "新增会员504人",
            },
            {
                "text": "888人",
                "value": 888,
                "unit": "人",
                "metric": "虚构",
                "evidence": "新增会员504人",
            },
        ],
    }
    with FakeOpenAI().script(Reply(report=made_up), Reply(report=made_up)) as srv:
        code = main([S000, *endpoint(srv)])
        headers = srv.chat_requests[0].headers
    out = capsys.readouterr().out
    assert code == 0
    assert "| 504 |" in out.replace(",", "")
    assert "⚠ `numbers[1]` “888人”" in out
    assert {k.lower(): v for k, v in headers.items()}["authorization"] == "Bearer sk-cli-test"


def test_strict_exits_1_when_flags_remain(capsys: pytest.CaptureFixture[str]) -> None:
    bad = {
        "numbers": [{"text": "7777人", "value": 7777, "unit": "人", "metric": "x", "evidence": ""}]
    }
    with FakeOpenAI().script(Reply(report=bad), Reply(report=bad)) as srv:
        code = main([S000, *endpoint(srv), "--strict"])
    captured = capsys.readouterr()
    assert code == 1
    assert "--strict" in captured.err and "7777人" in captured.out


def test_json_array_jsonl_and_output_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeOpenAI() as srv:
        assert main([S000, S002, *endpoint(srv), "--format", "json"]) == 0
        docs = json.loads(capsys.readouterr().out)
        assert [Path(d["source"]["path"]).name[:3] for d in docs] == ["000", "002"]
        assert main([S000, S002, *endpoint(srv), "--format", "jsonl"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 2 and all(
            json.loads(line)["run"]["backend"] == "llm" for line in lines
        )
        out = tmp_path / "sub" / "one.json"
        assert main([S000, *endpoint(srv), "--format", "json", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    text = out.read_text(encoding="utf-8")
    assert "城步" in text  # UTF-8, not \\u escapes
    assert json.loads(text)["source"]["path"] == S000


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    data = Path(S000).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    with FakeOpenAI() as srv:
        assert main(["-", *endpoint(srv), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["source"]["path"] == "-" and doc["source"]["chars_raw"] > 1000


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["/nonexistent/report.txt", "--backend", "rules"], "no such file: check the path"),
        (["tests", "--backend", "rules"], "is a directory"),
        ([S000, "--backend", "llm"], "No model endpoint configured"),
        ([S000, "--base-url", "https://api.openai.com/v1"], "No API key: pass --api-key"),
    ],
)
def test_errors_are_one_line_with_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_debug_shows_the_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["/nonexistent/report.txt", "--backend", "rules", "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_unreachable_server_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = [S000, "--base-url", f"http://127.0.0.1:{port}/v1", "--model", "m"]
    assert main([*argv, "--mode", "tools", "--transient-retries", "0"]) == 1
    err = capsys.readouterr().err
    assert f"Cannot reach http://127.0.0.1:{port}/v1" in err and "Traceback" not in err


def test_clean_and_removed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", S000]) == 0
    cleaned = capsys.readouterr().out
    assert "城步县总工会" in cleaned and "(dāng)" not in cleaned
    assert main(["clean", S000, "--removed"]) == 0
    listing = capsys.readouterr().out
    assert listing.startswith("# ") and "pinyin" in listing and "t2s" in listing
    assert main(["clean", S000, "--removed", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"]["pinyin"] == sum(e["kind"] == "pinyin" for e in payload["edits"])
