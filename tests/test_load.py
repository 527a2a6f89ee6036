"""Loading: encodings detected, undecodable bytes counted, binary and empty input refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.load import decode, load

TEXT = "城步县总工会新增会员504人，建会率由50%提升到84%。發放慰問金3.59萬元，惠及職工871人。"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings_round_trip(encoding: str, expected: str) -> None:
    doc = decode((TEXT * 3).encode(encoding))
    assert doc.text == TEXT * 3
    assert doc.encoding == expected
    assert doc.replaced == 0


def test_big5() -> None:
    text = "延津縣總工會採取四項舉措強化職工思想政治引領，全年共舉辦各類職工文體活動十九場。" * 4
    doc = decode(text.encode("big5"))
    assert doc.text == text
    assert "big5" in doc.encoding


def test_undecodable_bytes_are_replaced_and_counted() -> None:
    data = TEXT.encode("utf-8") * 5 + b"\xff\xfe\xfd" + TEXT.encode("utf-8") * 5
    doc = decode(data)
    assert doc.replaced == 3
    assert doc.text.count("\ufffd") == 3
    assert any("replaced" in w for w in doc.warnings)


def test_nul_bytes_are_removed_with_a_warning() -> None:
    doc = decode(TEXT.encode("utf-8") + b"\x00\x00" + TEXT.encode("utf-8"))
    assert "\x00" not in doc.text and any("NUL" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("data", "fix"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdftotext"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "OCR"),
        (bytes(range(0, 9)) * 200, "binary"),
        (b"   \n\t \n", "empty"),
        (b"", "empty"),
    ],
)
def test_unusable_input_names_the_fix(data: bytes, fix: str) -> None:
    with pytest.raises(InputError, match=fix):
        decode(data, "x")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        load(tmp_path)


def test_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    assert load(path).sha256 == hashlib.sha256(TEXT.encode("gb18030")).hexdigest()
