"""Issue 7 §1: a 20 MB report is chunked, in memory that grows linearly with it.

Measured in a subprocess (peak RSS), so this test's own memory does not count.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

PROBE = """
import json, resource, sys
from summarizer.config import load_settings
from summarizer.load import load
from summarizer.pipeline import prepare
settings = load_settings({}, environ={})
p = prepare(load(sys.argv[1]), settings)
print(json.dumps({
    "chunks": [len(c.text) for c in p.chunks],
    "limit": settings.chunk_size + settings.chunk_overlap,
    "starts": [c.start for c in p.chunks],
    "clean": len(p.cleaned.text),
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def varied_report(megabytes: float) -> str:
    """The samples, repeated with every number and line changed, so no rule can
    shortcut them as duplicates."""
    parts = [p.read_text(encoding="utf-8") for p in SAMPLES]
    out, size, i = [], 0, 0
    while size < megabytes * 2**20:
        text = re.sub(r"\d+", lambda m, i=i: str(int(m.group()) + i), parts[i % len(parts)])
        text = text.replace("\n", f"{i}\n")
        out.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    return "\n".join(out)


def probe(path: Path) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout)
    return result


@pytest.fixture(scope="module")
def sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, object]]:
    folder = tmp_path_factory.mktemp("big")
    out = {}
    for mb in (2, 20):
        path = folder / f"{mb}mb.txt"
        path.write_text(varied_report(mb), encoding="utf-8")
        out[mb] = probe(path)
    return out


def test_twenty_megabytes_are_chunked_within_the_limit(sizes: dict[int, dict]) -> None:
    big = sizes[20]
    chunks, limit = big["chunks"], big["limit"]
    assert len(chunks) > 1000
    assert max(chunks) <= limit
    assert sum(chunks) >= big["clean"]  # every character is in some chunk
    assert big["starts"] == sorted(big["starts"])


def test_memory_grows_linearly_not_worse(sizes: dict[int, dict]) -> None:
    small, big = sizes[2]["rss_mb"], sizes[20]["rss_mb"]
    # 10x the input: a quadratic structure would show as ~100x; allow for the
    # interpreter's fixed ~60 MB and noise.
    assert big < 1500, f"{big:.0f} MB peak for 20 MB of text"
    assert big - 60 < 12 * (small - 30), (small, big)
