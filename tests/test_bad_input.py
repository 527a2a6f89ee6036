"""Issue 7 §1: bad input gets one line on stderr that names the fix, exit code 2,
and no traceback; odd but valid input still works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import sample

from summarizer.cli import main

REPORT = (
    "某县总工会2024年工作报告\n"
    "一是强化组织建设。全年新建工会组织12家，新增会员504人，建会率由50%提升到84%。\n"
    "二是做实帮扶救助。发放困难职工慰问金3.59万元，惠及职工871人。\n"
    "县总工会获评全国模范职工之家。\n"
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--backend", "rules"])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(
    ("name", "data", "fix"),
    [
        ("empty.txt", b"", "is empty: pass a report with text in it"),
        ("blank.txt", " \n\t\u3000\n".encode(), "is empty"),
        ("scan.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "pdftotext"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "run OCR on it first"),
        ("blob.bin", bytes(range(1, 9)) * 300, "binary file, not text"),
    ],
)
def test_unusable_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, fix: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run(capsys, str(path))
    assert code == 2 and out == ""
    assert fix in one_line(err)


def test_missing_file_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.txt"))
    assert code == 2 and "no such file: check the path" in one_line(err)
    code, _, err = run(capsys, str(tmp_path))
    assert code == 2 and f"use `summarize batch {tmp_path}`" in one_line(err)


def test_pure_boilerplate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = (
        "当前位置：首页 > 新闻中心 > 正文\n"
        "来源：某某网  时间：2024-05-01  阅读：1234\n"
        "字体：大 中 小  打印  关闭\n"
        "责任编辑：张三\n"
        "版权所有 某某网 京ICP备12345678号-1 京公网安备11010202000001号\n"
    )
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    code, _, err = run(capsys, str(path))
    assert code == 2 and "nothing left after cleaning" in one_line(err)


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5", "utf-16", "utf-8-sig"])
def test_other_encodings_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    import opencc

    text = opencc.OpenCC("s2t").convert(REPORT) if encoding == "big5" else REPORT
    path = tmp_path / f"r-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    code, out, err = run(capsys, str(path), "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert {n["text"] for n in doc["report"]["numbers"]} >= {"504人", "3.59万元", "84%"}
    expected = {"gbk": "gb18030", "big5": "big5hkscs"}.get(encoding, encoding)
    assert doc["source"]["encoding"] == expected


def test_nul_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(REPORT.encode("utf-8").replace("。".encode(), "。\x00".encode(), 2))
    code, out, err = run(capsys, str(path), "--format", "json")
    assert code == 0
    assert "NUL" in err
    assert "\\u0000" not in out and len(json.loads(out)["report"]["numbers"]) >= 5


def test_text_that_is_not_chinese_warns_and_still_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "en.txt"
    path.write_text(
        "The county federation of trade unions added 504 members in 2024.\n"
        "It paid 35,900 yuan in summer allowances to 871 workers.\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, str(path))
    assert code == 0
    assert "mostly not Chinese" in err and "# " in out


def test_html_page_is_stripped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "".join(f"<p>{line}</p>" for line in REPORT.splitlines())
    page = (
        "<!DOCTYPE html><html><head><title>某县总工会2024年工作报告</title>"
        "<style>p{color:red}</style><script>var tracking = 1;</script></head>"
        f"<body><div class='nav'>首页 &gt; 新闻</div>{body}</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    assert main(["clean", str(path)]) == 0
    out = capsys.readouterr().out
    assert "<" not in out and "tracking" not in out and "color:red" not in out
    assert "新增会员504人" in out
    code, out, _ = run(capsys, str(path), "--format", "json")
    assert code == 0 and "504人" in {n["text"] for n in json.loads(out)["report"]["numbers"]}


def test_samples_run_offline_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(sample("001"))]) == 0
    out = capsys.readouterr().out
    assert "Backend: `rules`" in out and "OPENAI_BASE_URL" in out
