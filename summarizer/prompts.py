"""Find and read the versioned prompt files.

In an installed wheel they sit at ``summarizer/prompts/<version>/``; in a source
checkout (editable install, or running from the repository) at ``prompts/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import ConfigError

DEFAULT_VERSION = "v1"


@dataclass(frozen=True)
class Prompt:
    version: str
    system: str
    instructions: str
    gleaning: str


def prompt_root() -> Path:
    """The directory holding one sub-directory per prompt version."""
    packaged = Path(str(resources.files("summarizer"))) / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "prompts"


def load_prompt(version: str = DEFAULT_VERSION, root: Path | None = None) -> Prompt:
    base = (root or prompt_root()) / version
    if not base.is_dir():
        available = sorted(p.name for p in (root or prompt_root()).glob("v*") if p.is_dir())
        raise ConfigError(
            f"Unknown prompt version {version!r}: use one of {', '.join(available) or 'none'}"
        )

    def read(name: str) -> str:
        return (base / name).read_text(encoding="utf-8").strip()

    return Prompt(version, read("system.txt"), read("instructions.txt"), read("gleaning.txt"))
