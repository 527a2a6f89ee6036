"""summarizer: structured, verified summaries of Chinese trade-union work reports.

Pipeline, one module per stage: load → clean → chunk → extract → merge → verify →
render. See README.md.
"""

from __future__ import annotations

__all__ = ["__version__"]
__version__ = "0.1.0"
