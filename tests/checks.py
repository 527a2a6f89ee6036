"""An independent second opinion on the cross-check, for tests against real models.

Deliberately simple and separate from summarizer.verify, so that a test using it
does not grade the verifier with its own code.
"""

from __future__ import annotations

import re

from summarizer.models import SummaryDocument


def _digits(text: str) -> str:
    return re.sub(r"[\s,，]", "", text)


def in_source(number_text: str, source: str) -> bool:
    """A deliberately simple second opinion, independent of summarizer.verify:
    the figure's digits and unit as written, or the same value with 万/亿 expanded."""
    if _digits(number_text) in _digits(source):
        return True
    m = re.match(r"(\d+(?:\.\d+)?)(万|亿)?", _digits(number_text))
    if not m:
        return False
    wanted = float(m[1]) * {"万": 1e4, "亿": 1e8}.get(m[2] or "", 1)
    for n in re.finditer(r"(\d+(?:\.\d+)?)(万|亿)?", _digits(source)):
        if abs(float(n[1]) * {"万": 1e4, "亿": 1e8}.get(n[2] or "", 1) - wanted) < 1e-6:
            return True
    return False


def unflagged_inventions(doc: SummaryDocument, source: str) -> tuple[int, list[str]]:
    """(made-up items counted, those without a flag)."""
    flagged = {f.path for f in doc.verification.flags} | {
        f.path.rsplit(".", 1)[0] for f in doc.verification.flags
    }
    made_up, missed = 0, []
    for i, n in enumerate(doc.report.numbers):
        if not in_source(n.text, source):
            made_up += 1
            if f"numbers[{i}]" not in flagged:
                missed.append(f"numbers[{i}] {n.text}")
    report = doc.report
    quotes = [(f"numbers[{i}].evidence", n.evidence) for i, n in enumerate(report.numbers)]
    quotes += [(f"initiatives[{i}].evidence", x.evidence) for i, x in enumerate(report.initiatives)]
    quotes += [(f"honors[{i}].evidence", h.evidence) for i, h in enumerate(report.honors)]
    for path, quote in quotes:
        if quote.strip() and _digits(quote) not in _digits(source):
            made_up += 1
            if path not in flagged:
                missed.append(f"{path} {quote}")
    return made_up, missed
