"""Stage 1, load: bytes from a file or stdin to text, with the encoding detected.

UTF-8 (with or without BOM) and UTF-16/32 with a BOM are recognised directly;
anything else goes to charset-normalizer, a maintained detector, instead of a
hand-written guesser. GBK and GB2312 are decoded as GB18030, their superset.
Undecodable bytes are replaced with U+FFFD and counted, never fatal.
"""

from __future__ import annotations

import codecs
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}
_TRUSTED = ("gb18030", "big5", "cp950", "utf-")  # detections taken as they are
_BINARY_MAGIC = {
    b"%PDF": "a PDF file: convert it to text first (for example with pdftotext)",
    b"\x89PNG": "a PNG image: run OCR on it first, then pass the text",
    b"\xff\xd8\xff": "a JPEG image: run OCR on it first, then pass the text",
    b"PK\x03\x04": "a ZIP or Office file: save it as plain text first",
    b"\xd0\xcf\x11\xe0": "an old Office file: save it as plain text first",
    b"GIF8": "a GIF image: run OCR on it first, then pass the text",
}
MAX_BYTES = 64 * 1024 * 1024
# control bytes other than tab, line feed, vertical tab, form feed and carriage return
_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])


@dataclass(frozen=True)
class RawDocument:
    """A decoded report, before cleaning. Offsets elsewhere refer to ``text``."""

    path: str
    text: str
    encoding: str
    sha256: str
    size: int
    replaced: int = 0
    warnings: tuple[str, ...] = ()


def load(path: str | Path) -> RawDocument:
    """Read ``path`` (or ``-`` for stdin) and decode it."""
    name = str(path)
    data = _read_stdin() if name == "-" else _read_file(Path(path))
    return decode(data, name)


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def _read_file(path: Path) -> bytes:
    if path.is_dir():
        raise InputError(
            f"{path} is a directory: pass report files, or use `summarize batch {path}`",
            path=str(path),
        )
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{path} is {size // 2**20} MB, over the {MAX_BYTES // 2**20} MB limit: "
                "split it into separate reports",
                path=str(path),
            )
        return path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file: check the path", path=str(path)) from e
    except PermissionError as e:
        raise InputError(f"{path}: permission denied: check the file's permissions") from e
    except IsADirectoryError as e:  # pragma: no cover - raced with is_dir()
        raise InputError(f"{path} is a directory: pass report files") from e


def decode(data: bytes, name: str = "<bytes>") -> RawDocument:
    """Decode bytes, detecting the encoding.

    >>> decode("工会".encode("gb18030")).encoding
    'gb18030'
    """
    _reject_binary(data, name)
    encoding = _detect(data)
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - _count_literal_fffd(data, encoding)
    warnings: list[str] = []
    if replaced:
        warnings.append(f"{replaced} undecodable byte sequence(s) replaced with U+FFFD")
    if "\x00" in text:
        warnings.append(f"{text.count(chr(0))} NUL character(s) removed")
        text = text.replace("\x00", "")
    if not text.strip():
        raise InputError(f"{name} is empty: pass a report with text in it", path=name)
    return RawDocument(
        path=name,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        replaced=max(replaced, 0),
        warnings=tuple(warnings),
    )


def _reject_binary(data: bytes, name: str) -> None:
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name} looks like {what}", path=name)
    head = data[:4096]
    if head.startswith(tuple(bom for bom, _ in _BOMS)):
        return
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > 0.30 and head.count(0) < len(head) * 0.45:
        raise InputError(
            f"{name} looks like a binary file, not text: pass a .txt, .md or .html report",
            path=name,
        )


def _detect(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        if _mostly_utf8(data, e):
            return "utf-8"
    if _decodes(data, "gb2312"):
        return "gb18030"
    if _decodes(data, "big5hkscs") and _decodes(data, "gb18030"):
        return _likelier_chinese(data[:20_000])
    return _detect_with_library(data)


def _likelier_chinese(data: bytes) -> str:
    """GB18030 or Big5, for bytes valid in both: the reading with more common characters.

    A character is common when its simplified form is in GB2312 (the 6,763
    everyday characters); misread bytes land on rare ones.

    >>> _likelier_chinese("職工會員".encode("big5"))
    'big5hkscs'
    """
    from .clean_chars import opencc_t2s

    t2s = opencc_t2s()

    def common(encoding: str) -> int:
        text = t2s(data.decode(encoding, errors="replace"))
        return sum(1 for ch in text if ch > "\u3000" and _decodes(ch.encode("gb18030"), "gb2312"))

    return "big5hkscs" if common("big5hkscs") > common("gb18030") else "gb18030"


def _decodes(data: bytes, encoding: str) -> bool:
    """Whether ``data`` is valid ``encoding`` throughout.

    Bytes that decode cleanly as GB2312 are GB text: Big5 puts about two in five
    characters on trail bytes below 0xA1, which GB2312 never uses, so Big5 text
    passes this only when it is a few characters long (and even then rarely), and
    statistical detection is unreliable on exactly those short inputs.

    >>> _decodes("工会".encode("gb18030"), "gb2312"), _decodes("工會".encode("big5"), "gb2312")
    (True, False)
    """
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(data: bytes, first_error: UnicodeDecodeError) -> bool:
    """A UTF-8 file with a few broken bytes stays UTF-8 (with replacements)."""
    if first_error.start < len(data) // 2 and len(data) < 64:
        return False
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    return bad <= max(2, len(data) // 500)


def _detect_with_library(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    name = codecs.lookup(best.encoding).name if best else "utf-8"
    name = _SUPERSETS.get(name, name)
    if name.startswith(_TRUSTED):
        return name
    for fallback in ("gb18030", "big5hkscs"):  # a CJK codec that fits beats a guess
        if _decodes(data, fallback):
            return fallback
    return name


def _count_literal_fffd(data: bytes, encoding: str) -> int:
    """U+FFFD characters that were really in the file, not replacements."""
    if "\ufffd".encode("utf-8") not in data or not encoding.startswith("utf-8"):
        return 0
    return data.count("\ufffd".encode("utf-8"))
