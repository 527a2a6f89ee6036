"""Stage 4, extract: chunks of cleaned text → one ``UnionWorkReport`` per chunk.

Two backends return the same model:

* ``llm`` (:mod:`.llm`): instructor on an OpenAI-compatible client. The only code
  in the package that imports openai or instructor, lazily, and it receives the
  client as a parameter.
* ``rules`` (:mod:`.rules`): a deterministic offline extractor, the default when
  no endpoint is configured.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import UnionWorkReport, Usage


@dataclass(frozen=True)
class ChunkResult:
    """What one chunk produced, and what it cost."""

    chunk_index: int
    report: UnionWorkReport
    usage: Usage = field(default_factory=Usage)
    requests: int = 0
    corrective_turns: int = 0
    cached: bool = False


@dataclass(frozen=True)
class Extraction:
    """All chunk results of one report, plus how they were produced."""

    results: tuple[ChunkResult, ...]
    backend: str
    model: str | None = None
    mode: str | None = None
    prompt_version: str | None = None
    notices: tuple[str, ...] = ()

    @property
    def requests(self) -> int:
        return sum(r.requests for r in self.results)

    @property
    def cached_requests(self) -> int:
        return sum(1 for r in self.results if r.cached)

    @property
    def corrective_turns(self) -> int:
        return sum(r.corrective_turns for r in self.results)

    @property
    def usage(self) -> Usage:
        total = Usage()
        for r in self.results:
            total = total + r.usage
        return total
