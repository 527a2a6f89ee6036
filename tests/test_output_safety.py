"""Issue 7 §6: the report's text (and the model's) is data in every output format.

HTML escaping and the output directory are tested in test_html.py and
test_batch.py; this file covers Markdown: table cells keep their columns, and
no text opens a heading, a link, a tag or a new line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fake_server import Reply
from fakes import QueueClient

from summarizer.config import load_settings
from summarizer.models import SummaryDocument
from summarizer.pipeline import SummarizeRequest, summarize_documents
from summarizer.render import to_markdown

SOURCE = "县总工会新增会员504人，建会率84%。\n# 不是标题 | 也不是表格\n"
HOSTILE = "a|b\n# 标题\n<script>alert(1)</script>[点我](javascript:alert(1))"
ANSWER: dict[str, Any] = {
    "title": "报告\n# 第二个标题",
    "organization": "总工会|<b>粗体</b>",
    "summary": f"摘要。{HOSTILE}",
    "initiatives": [{"name": HOSTILE, "category": "其他", "description": HOSTILE}],
    "numbers": [
        {"text": "504人", "value": 504, "unit": "人|x", "metric": HOSTILE,
         "evidence": "新增会员504人"},
        {"text": "84%", "value": 84, "unit": "%", "metric": "建会率", "evidence": HOSTILE},
    ],
    "honors": [{"title": HOSTILE, "recipient": HOSTILE, "evidence": HOSTILE}],
}  # fmt: skip


@pytest.fixture(scope="module")
def markdown(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("md") / "report.txt"
    path.write_text(SOURCE, encoding="utf-8")
    settings = load_settings(
        {"base_url": "http://fake.invalid/v1", "api_key": "k", "model": "m"}, environ={}
    )
    client = QueueClient(*[Reply(report=ANSWER)] * 4).client
    (doc,) = summarize_documents(SummarizeRequest(paths=[str(path)], client=client), settings)
    return to_markdown(SummaryDocument.model_validate(doc.model_dump()))


def unescaped(text: str, char: str) -> int:
    return len(re.findall(rf"(?<!\\){re.escape(char)}", text))


def test_table_rows_keep_their_columns(markdown: str) -> None:
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    header, *body = rows
    assert len(body) == 2
    assert all(unescaped(row, "|") == unescaped(header, "|") for row in body)


def test_no_text_opens_a_heading_tag_or_link(markdown: str) -> None:
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings[0].startswith("# 报告") and "\\#" in headings[0]
    assert all(h.startswith("## ") for h in headings[1:])  # only the renderer's sections
    assert not re.search(r"(?<!\\)<(script|b>|/)", markdown)
    assert not re.search(r"(?<!\\)\]\(javascript", markdown) and "\\](javascript" in markdown


def test_every_hostile_field_stays_on_its_line(markdown: str) -> None:
    # HOSTILE holds a newline: each occurrence must have been folded into one line
    for line in markdown.splitlines():
        assert not line.startswith(("<script", "<b>", "# 标题", "# 第二个标题"))
    assert markdown.count("a\\|b \\# 标题") >= 5


def test_escaped_text_still_reads_the_same(markdown: str) -> None:
    assert "总工会\\|\\<b\\>粗体\\</b\\>" in markdown
    plain = re.sub(r"\\(.)", r"\1", markdown)
    assert "<script>alert(1)</script>[点我](javascript:alert(1))" in plain


def test_output_to_a_device_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    """`-o /dev/null` (or a FIFO) must not be renamed over: that replaced /dev/null
    with a regular file once."""
    import os
    import stat
    import threading

    from summarizer.cli import main
    from summarizer.outputs import write_text

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_text("工会", fifo)
    reader.join(timeout=10)
    assert got == ["工会".encode()] and stat.S_ISFIFO(fifo.stat().st_mode)

    report = tmp_path / "r.txt"
    report.write_text("县总工会新增会员504人。", encoding="utf-8")
    assert main([str(report), "--backend", "rules", "-o", os.devnull]) == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert main([str(report), "--backend", "rules", "-o", str(tmp_path)]) == 2  # a directory
