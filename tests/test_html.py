"""Issue 4 §5: ``--format html``, the summary beside the cleaned source with every
figure, initiative and honor highlighted at its span.

Unit tests parse the page with :mod:`html.parser`. Tests marked ``browser`` open it
in a real headless Chromium (Debian's ``chromium`` package), driven through the
DevTools protocol over ``--remote-debugging-pipe`` (no extra Python package): they
read computed styles, click with real mouse events, record CSP violations and save
a screenshot to ``artifacts/html_report.png``. They skip when Chromium is missing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from fake_server import FakeOpenAI, Reply
from fakes import QueueClient

from summarizer.cli import main
from summarizer.config import load_settings
from summarizer.models import SummaryDocument
from summarizer.pipeline import SummarizeRequest, summarize_documents
from summarizer.render import render_many, to_json
from summarizer.render_html import CSP, Mark, highlight, to_html, to_html_many

RED = "rgb(176, 0, 32)"
ARTIFACTS = ROOT / "artifacts"

# ------------------------------------------------------------------ the report

_TOWNS = ["城关镇", "儒林镇", "丹口镇", "西岩镇", "茅坪镇", "蒋坊乡", "汀坪乡", "长安营镇"]
_ACTIONS = [
    "深入开展普惠服务",
    "持续推进职工之家建设",
    "扎实做好困难职工帮扶",
    "积极组织劳动技能竞赛",
]
FILLER = "\n".join(
    f"{town}工会{action}，推动工会工作走深走实，让广大职工群众切实感受到组织的关怀与温暖。"
    for town in _TOWNS
    for action in _ACTIONS
)
SOURCE = f"""城步县总工会2024年工作报告
一年来，县总工会新增会员504人，建会率由50%提升到84%。
从春送岗位到冬送温暖，“四送”品牌服务全年不打烊，温暖每一位职工的心田。
安排3.59万元开展走访慰问，覆盖职工1.2万余人次。
组织职工拔河比赛，开发区12支队伍200余名职工参赛。
{FILLER}
安排专项资金39万元建立职工之家、职工书屋等工会阵地6处。
县总工会被评为全国模范职工之家。
"""


def number(text: str, value: float, unit: str, metric: str, evidence: str) -> dict[str, Any]:
    return {"text": text, "value": value, "unit": unit, "metric": metric, "evidence": evidence}


ANSWER: dict[str, Any] = {
    "title": "城步县总工会2024年工作报告",
    "organization": "城步县总工会",
    "summary": "县总工会新增会员504人，建会率提升到84%。",
    "initiatives": [
        {"name": "拔河比赛", "category": "文体活动", "evidence": "开发区12支队伍200余名职工参赛"},
        {"name": "四送品牌服务", "category": "维权服务", "evidence": "四送品牌服务全年都不打烊"},
        {"name": "职工马拉松", "category": "文体活动", "evidence": "县总工会举办了职工马拉松比赛"},
    ],
    "numbers": [
        number("504人", 504, "人", "新增会员", "新增会员504人"),
        number("35900元", 35900, "元", "走访慰问", "安排3.59万元开展走访慰问"),
        number("999人", 999, "人", "新增会员", "新增会员999人"),  # made up
        number("84%", 48, "%", "建会率", "建会率由50%提升到84%"),  # wrong value
        number("39万元", 390000, "元", "阵地建设", "安排专项资金39万元建立职工之家"),
    ],
    "honors": [
        {"title": "全国模范职工之家", "recipient": "城步县总工会", "level": "national",
         "evidence": "县总工会被评为全国模范职工之家"},
    ],
}  # fmt: skip

HOSTILE_SOURCE = (
    "城步县总工会工作报告\n"
    "县总工会新增会员504人。<script>document.documentElement.setAttribute('data-pwned',"
    "'source')</script>\n"
    '安排3.59万元开展走访慰问。<img src=x onerror="document.documentElement.setAttribute('
    "'data-pwned','img')\">\n"
    "职工之家建设{{ x }}&amp;“</pre></mark>”。\n"
)
HOSTILE_ANSWER: dict[str, Any] = {
    "summary": "<script>document.documentElement.setAttribute('data-pwned','summary')</script>",
    "initiatives": [
        {"name": "<img src=x onerror=alert(1)>", "evidence": "<script>document.documentElement"}
    ],
    "numbers": [number("504人", 504, "人", '"></td><b onclick=x>', "新增会员504人。<script>")],
}


def summarize(path: Path, answer: dict[str, Any]) -> SummaryDocument:
    """The pipeline over ``path`` with one scripted answer and no corrective turn."""
    settings = load_settings(
        {
            "base_url": "http://fake.invalid/v1",
            "api_key": "k",
            "model": "m",
            "corrective_attempts": 0,
        },
        environ={},
    )
    request = SummarizeRequest(paths=[str(path)], client=QueueClient(Reply(report=answer)).client)
    return summarize_documents(request, settings)[0]


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> SummaryDocument:
    path = tmp_path_factory.mktemp("html") / "report.txt"
    path.write_text(SOURCE, encoding="utf-8")
    return summarize(path, ANSWER)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> SummaryDocument:
    path = tmp_path_factory.mktemp("html") / "hostile.txt"
    path.write_text(HOSTILE_SOURCE, encoding="utf-8")
    return summarize(path, HOSTILE_ANSWER)


# ------------------------------------------------------------------ reading the page


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Parsed(HTMLParser):
    """Every element with its attributes and text (text of descendants included)."""

    elements: list[Element] = field(default_factory=list)
    _open: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in ("meta", "br", "img", "input", "link"):
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            if self._open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text += data

    def find(self, tag: str | None = None, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if (tag is None or e.tag == tag) and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def one(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.find(tag, **attrs)
        assert len(found) == 1, (tag, attrs, len(found))
        return found[0]

    def marks_of(self, ident: str) -> list[Element]:
        return [e for e in self.find("mark") if ident in e.attrs.get("data-spans", "").split()]


def parse(page: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(page)
    parsed.close()
    return parsed


def located(doc: SummaryDocument) -> Iterator[tuple[str, str, str]]:
    """``(mark id, path, expected text)`` of every span with a place in the source."""
    text = doc.source.text or ""
    for k, span in enumerate(doc.verification.spans):
        if span.status != "none" and span.clean_start is not None and span.clean_end is not None:
            yield f"r0-s{k}", span.path, text[span.clean_start : span.clean_end]


# ------------------------------------------------------------------ unit tests


def test_the_source_is_shown_whole_and_every_span_is_highlighted(doc: SummaryDocument) -> None:
    page = parse(to_html(doc))
    assert page.one("pre").text == doc.source.text  # nothing lost, nothing doubled
    statuses = {s.path: s.status for s in doc.verification.spans}
    assert statuses["initiatives[0]"] == "exact"
    assert statuses["initiatives[1]"] == "fuzzy"  # a paraphrase still finds its clause
    assert statuses["initiatives[2]"] == statuses["numbers[2]"] == "none"
    spans = list(located(doc))
    assert len(spans) >= 10
    for ident, path, expected in spans:
        assert "".join(m.text for m in page.marks_of(ident)) == expected, path
    kinds = {c for m in page.find("mark") for c in m.attrs["class"].split()}
    assert {"hl", "number", "evidence", "initiative", "honor", "missed", "flagged"} <= kinds


def test_a_number_sits_inside_its_evidence_and_both_are_marked(doc: SummaryDocument) -> None:
    page = parse(to_html(doc))
    ident = {path: i for i, path, _ in located(doc)}
    inner = page.marks_of(ident["numbers[0]"])
    assert [m.text for m in inner] == ["504人"]
    assert inner[0].attrs["data-spans"].split() == [
        ident["numbers[0].evidence"],
        ident["numbers[0]"],
    ]
    assert inner[0].attrs["class"].split()[:3] == ["hl", "evidence", "number"]


def test_flagged_items_are_red_classed_with_their_reason(doc: SummaryDocument) -> None:
    page = parse(to_html(doc))
    made_up = page.one("tr", **{"data-path": "numbers[2]"})
    assert "flagged" in made_up.attrs["class"].split()
    assert "原文中没有这个数字" in made_up.attrs["title"]
    assert "⚠ 原文中没有这个数字" in made_up.text  # visible, not only a tooltip
    wrong = page.one("tr", **{"data-path": "numbers[3]"})
    assert "flagged" in wrong.attrs["class"].split() and "应为 84" in wrong.text
    ident = {path: i for i, path, _ in located(doc)}
    assert all("flagged" in m.attrs["class"] for m in page.marks_of(ident["numbers[3]"]))
    invented = page.one("li", **{"data-path": "initiatives[2]", "class": "item flagged"})
    assert "原文中没有这句话" in invented.text
    listed = page.one("li", **{"data-path": "initiatives[2]", "class": "flag flagged"})
    assert "initiatives[2].evidence" in listed.text  # and again in the list of flags
    fine = page.one("tr", **{"data-path": "numbers[0]"})
    assert "flagged" not in fine.attrs["class"] and "title" not in fine.attrs


def test_every_click_target_has_its_highlight(doc: SummaryDocument) -> None:
    page = parse(to_html(doc))
    targets = [e.attrs["data-target"] for e in page.elements if "data-target" in e.attrs]
    assert len(targets) >= 10
    for target in targets:
        assert page.marks_of(target), target
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))


def test_missed_statistics_and_coverage_are_shown(doc: SummaryDocument) -> None:
    page = parse(to_html(doc))
    missed = [m.text for m in doc.verification.missed]
    assert "1.2万余人次" in missed and "200余名" in missed
    listed = [
        li.text for li in page.find("li") if li.attrs.get("data-path", "").startswith("missed")
    ]
    assert listed == missed
    coverage = page.one("div", **{"class": "coverage"})
    assert coverage.attrs["data-coverage"] == str(doc.verification.coverage)
    total = doc.verification.statistics_in_source
    assert f"（{doc.verification.statistics_captured}/{total}）" in coverage.text


def test_report_text_is_escaped_everywhere(hostile: SummaryDocument) -> None:
    html_text = to_html(hostile)
    page = parse(html_text)
    assert [e.tag for e in page.elements].count("script") == 1  # ours
    assert not page.find("img")
    assert [b.text for b in page.find("b")] == ["<img src=x onerror=alert(1)>"]  # inert text
    handlers = [k for e in page.elements for k in e.attrs if k.startswith("on")]
    assert handlers == []
    assert page.one("pre").text == hostile.source.text  # shown as text, verbatim
    assert "{{ x }}" in page.one("pre").text  # no templating on the way either
    assert "<script>document.documentElement.setAttribute('data-pwned'" in page.one("pre").text
    assert "&lt;script&gt;" in html_text


def test_the_page_is_self_contained_with_a_strict_csp(doc: SummaryDocument) -> None:
    html_text = to_html(doc)
    for needle in ("<link", " src=", 'href="http', "url(", "@import", "//fonts."):
        assert needle not in html_text
    assert '<meta charset="utf-8">' in html_text
    policy = parse(html_text).one("meta", **{"http-equiv": "Content-Security-Policy"})
    assert policy.attrs["content"] == CSP
    assert "default-src 'none'" in CSP and "unsafe-inline" not in CSP
    style = re.search(r"<style>(.*?)</style>", html_text, re.S)
    script = re.search(r"<script>(.*?)</script>", html_text, re.S)
    assert style and script
    for body, directive in ((style[1], "style-src"), (script[1], "script-src")):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in CSP


def test_overlapping_spans_are_split_not_lost() -> None:
    a = Mark(0, 6, "a", "initiative", "A")
    b = Mark(3, 9, "b", "number", "B", flagged=True)
    page = parse(f"<pre>{highlight('一二三四五六七八九十', [a, b])}</pre>")
    pieces = [(m.text, m.attrs["data-spans"], m.attrs["class"]) for m in page.find("mark")]
    assert pieces == [
        ("一二三", "a", "hl initiative"),
        ("四五六", "a b", "hl initiative number flagged"),
        ("七八九", "b", "hl number flagged"),
    ]
    assert page.one("pre").text == "一二三四五六七八九十"


def test_several_reports_make_one_page(doc: SummaryDocument, hostile: SummaryDocument) -> None:
    html_text = render_many([doc, hostile], "html")
    assert html_text == to_html_many([doc, hostile])
    page = parse(html_text)
    assert [s.attrs["id"] for s in page.find("section")] == ["r0", "r1"]
    assert [a.attrs["href"] for a in page.find("a")] == ["#r0", "#r1"]
    assert [p.text for p in page.find("pre")] == [doc.source.text, hostile.source.text]
    first, second = ({t for m in page.find("mark") for t in m.attrs["data-spans"].split()
                      if t.startswith(p)} for p in ("r0-", "r1-"))  # fmt: skip
    assert first and second  # each report's highlights are its own
    targets = {e.attrs["data-target"] for e in page.elements if "data-target" in e.attrs}
    assert targets <= first | second and targets & second


def test_a_document_read_back_from_json_renders_without_the_source(doc: SummaryDocument) -> None:
    payload = json.loads(to_json(doc))
    assert "text" not in payload["source"]  # the JSON contract does not carry it
    back = SummaryDocument.model_validate(payload)
    assert back.source.text is None
    page = parse(to_html(back))
    assert not page.find("mark") and not page.find("pre")
    assert "原文不可用" in to_html(back)
    assert "flagged" in page.one("tr", **{"data-path": "numbers[2]"}).attrs["class"]


def test_cli_writes_an_html_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(SOURCE, encoding="utf-8")
    out = tmp_path / "out.html"
    with FakeOpenAI() as server:
        code = main(
            [str(path), "--format", "html", "-o", str(out), "--base-url", server.base_url,
             "--api-key", "k", "--model", "m"]
        )  # fmt: skip
    assert code == 0
    page = parse(out.read_text(encoding="utf-8"))
    assert page.one("pre").text.startswith("一年来，县总工会新增会员504人")
    assert page.find("mark")


# ------------------------------------------------------------------ Chromium over CDP

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
browser = pytest.mark.browser
RECORD_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective));"
)


class Chromium:
    """Headless Chromium driven with the DevTools protocol over fds 3 and 4."""

    def __init__(self, binary: str, profile: str, timeout: float = 10.0) -> None:
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()

        def wire() -> None:  # in the child: the protocol wants fds 3 (in) and 4 (out)
            a, b = os.dup(to_child), os.dup(from_child)
            os.dup2(a, 3)
            os.dup2(b, 4)

        flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-quic", "--mute-audio", "--hide-scrollbars", "--window-size=1400,1000",
            f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank",
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            [binary, *flags],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire,
        )
        os.close(to_child)
        os.close(from_child)
        self.timeout = timeout
        self._buffer = b""
        self._id = 0
        self._events: list[dict[str, Any]] = []

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            reply = self._message(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})  # type: ignore[no-any-return]
            self._events.append(reply)

    def _wait(self, method: str, session: str) -> None:
        deadline = time.monotonic() + self.timeout
        while True:
            for k, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self._events[k]
                    return
            self._events.append(self._message(deadline))

    def open(self, path: Path) -> Tab:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session)
        self.call("Page.addScriptToEvaluateOnNewDocument", session, source=RECORD_CSP)
        self.call("Page.navigate", session, url=path.as_uri())
        self._wait("Page.loadEventFired", session)
        return Tab(self, session)

    def close(self) -> None:
        try:
            self.call("Browser.close")
            self.proc.wait(5)
        except (OSError, RuntimeError, TimeoutError, EOFError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        os.close(self._out)
        os.close(self._in)


@dataclass
class Tab:
    browser: Chromium
    session: str

    def js(self, expression: str) -> Any:
        result = self.browser.call(
            "Runtime.evaluate", self.session, expression=expression, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click at the centre of the element (scrolled into view first)."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.browser.call(
                "Input.dispatchMouseEvent", self.session, type=kind, x=box[0], y=box[1],
                button="left", clickCount=1,
            )  # fmt: skip

    def screenshot(self, path: Path) -> None:
        data = self.browser.call("Page.captureScreenshot", self.session, format="png")["data"]
        path.write_bytes(base64.b64decode(data))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Chromium]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory() as profile:
        browser_ = Chromium(CHROMIUM, profile)
        try:
            yield browser_
        finally:
            browser_.close()


def write(tmp_path: Path, html_text: str, name: str = "report.html") -> Path:
    path = tmp_path / name
    path.write_text(html_text, encoding="utf-8")
    return path


_IN_VIEW = (
    '(id => { const m = document.querySelector(`mark[data-spans~="${id}"]`);'
    " const c = m.closest('.source').getBoundingClientRect(); const r = m.getBoundingClientRect();"
    " return r.top >= c.top && r.bottom <= c.bottom; })"
)


@browser
def test_chromium_shows_every_highlight_and_flags_in_red(
    chromium: Chromium, doc: SummaryDocument, tmp_path: Path
) -> None:
    tab = chromium.open(write(tmp_path, to_html(doc)))
    assert tab.js("document.documentElement.dataset.ready") == "1"  # our script ran
    spans = list(located(doc))
    shown = tab.js(
        f"{json.dumps([i for i, _, _ in spans])}.map(id => Array.from(document"
        ".querySelectorAll(`mark[data-spans~=\"${id}\"]`)).map(m => m.textContent).join(''))"
    )
    assert shown == [expected for _, _, expected in spans]
    color = "(s => getComputedStyle(document.querySelector(s)).color)"
    assert tab.js(f"{color}('tr[data-path=\"numbers[2]\"]')") == RED  # made-up figure
    assert tab.js(f"{color}('li.item[data-path=\"initiatives[2]\"]')") == RED  # invented quote
    assert tab.js(f"{color}('mark.flagged.number')") == RED  # the wrong value, in the source
    assert tab.js(f"{color}('tr[data-path=\"numbers[0]\"]')") != RED
    reason = tab.js(
        "(() => { const r = document.querySelector('tr[data-path=\"numbers[2]\"] .reason');"
        " return [r.offsetHeight > 0, r.innerText]; })()"
    )
    assert reason[0] and "原文中没有这个数字" in reason[1]
    assert tab.js("window.__csp") == []  # our style and script pass the policy
    shot = tmp_path / "html_report.png"
    tab.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(shot, ARTIFACTS / "html_report.png")


@browser
def test_clicking_an_item_scrolls_to_its_evidence_and_back(
    chromium: Chromium, doc: SummaryDocument, tmp_path: Path
) -> None:
    tab = chromium.open(write(tmp_path, to_html(doc)))
    target = tab.js("document.querySelector('tr[data-path=\"numbers[4]\"]').dataset.target")
    assert target == {p: i for i, p, _ in located(doc)}["numbers[4]"]
    assert tab.js(f"{_IN_VIEW}('{target}')") is False  # far down the source at first
    tab.click('tr[data-path="numbers[4]"]')
    assert tab.js(f"{_IN_VIEW}('{target}')") is True
    flashing = tab.js("Array.from(document.querySelectorAll('.flash')).map(m => m.textContent)")
    assert flashing == ["39万元"]
    tab.click("mark.hl.honor")  # and from the source back to its item
    assert tab.js("document.querySelector('.flash').dataset.path") == "honors[0]"


@browser
def test_script_in_a_report_runs_nothing(
    chromium: Chromium, hostile: SummaryDocument, tmp_path: Path
) -> None:
    tab = chromium.open(write(tmp_path, to_html(hostile)))
    assert tab.js("document.documentElement.dataset.ready") == "1"  # scripts do run here
    assert tab.js("document.documentElement.getAttribute('data-pwned')") is None
    assert tab.js("[document.scripts.length, document.images.length]") == [1, 0]
    assert "<script>document.documentElement" in tab.js("document.querySelector('pre').textContent")
    assert tab.js("window.__csp") == []  # nothing even tried


@browser
def test_the_csp_blocks_markup_that_escaped_escaping(
    chromium: Chromium, doc: SummaryDocument, tmp_path: Path
) -> None:
    """Defence in depth: a raw ``<script>`` smuggled into the page is refused by the CSP."""
    page = to_html(doc).replace(
        "</pre>", "<script>document.documentElement.setAttribute('data-pwned','raw')</script></pre>"
    )
    tab = chromium.open(write(tmp_path, page))
    assert tab.js("document.documentElement.getAttribute('data-pwned')") is None
    assert tab.js("window.__csp") == ["script-src-elem"]


@browser
def test_the_harness_sees_a_script_that_runs(chromium: Chromium, tmp_path: Path) -> None:
    """Control: with no escaping and no CSP the marker appears, so its absence above counts."""
    page = "<html><body><script>document.documentElement.setAttribute('data-pwned','1')</script>"
    tab = chromium.open(write(tmp_path, page))
    assert tab.js("document.documentElement.getAttribute('data-pwned')") == "1"
