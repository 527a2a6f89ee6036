"""Writing results: UTF-8 always, atomically (temp file, then rename), never outside
the output directory.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

from .errors import UsageError

_UNSAFE_RE = re.compile(r"[^\w\u4e00-\u9fff.\-]+")


def write_text(text: str, path: Path | None, bom: bool = False) -> None:
    """Write ``text`` to ``path`` atomically, or to stdout when ``path`` is None."""
    data = ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
    if path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(path)
    if path.exists() and not path.is_file():  # /dev/null, /dev/stdout, a FIFO: write into it
        _write_special(path, data)
        return
    write_bytes_atomic(path, data)


def _write_special(path: Path, data: bytes) -> None:
    """Write into a device or pipe (renaming over it would replace ``/dev/null``)."""
    if path.is_dir():
        raise UsageError(f"{path} is a directory: pass a file name to -o")
    try:
        with path.open("wb") as fh:
            fh.write(data)
    except OSError as e:
        raise UsageError(f"Cannot write {path}: {e.strerror}: choose another output path") from e


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file in the same directory, fsync, then rename over ``path``.

    A crash leaves either the old file or the new one, never half of one.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise UsageError(f"Cannot write {path}: {e.strerror}: choose another output path") from e
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def safe_name(name: str, max_len: int = 120) -> str:
    """A file name derived from an input name that cannot leave the output directory.

    >>> safe_name("../../etc/passwd")
    'etc_passwd'
    >>> safe_name("/abs/湖南 工会.txt")
    'abs_湖南_工会.txt'
    """
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    parts = [p for p in name.split("/") if p not in ("", ".", "..")]
    joined = _UNSAFE_RE.sub("_", "_".join(parts)).strip("._")
    return (joined or "report")[:max_len]


def inside(directory: Path, candidate: Path) -> Path:
    """Return ``candidate`` if it resolves inside ``directory``, else raise."""
    root = directory.resolve()
    target = (root / candidate).resolve()
    if root != target and root not in target.parents:
        raise UsageError(f"Refusing to write {candidate}: it is outside {directory}")
    return target
