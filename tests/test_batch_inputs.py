"""Issue 6: expanding batch inputs (files, directories, globs, manifests) and output names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES

from summarizer.batch.inputs import _base_name, expand_inputs
from summarizer.errors import UsageError


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """reports/{a.txt, b.html, sub/c.md, sub/deep/d.txt, .hidden/e.txt, notes.docx}."""
    root = tmp_path / "reports"
    for rel in ("a.txt", "b.html", "sub/c.md", "sub/deep/d.txt", ".hidden/e.txt", "notes.docx"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SAMPLES[0], root / rel)
    return root


def names(jobs: list) -> list[str]:
    return [j.name for j in jobs]


def test_directory_is_searched_recursively_for_report_suffixes_only(tree: Path) -> None:
    jobs = expand_inputs([str(tree)])
    assert [j.path.relative_to(tree).as_posix() for j in jobs] == [
        "a.txt",
        "b.html",
        "sub/c.md",
        "sub/deep/d.txt",
    ]
    assert names(jobs) == ["a", "b", "sub_c", "sub_deep_d"]


def test_files_globs_and_dedupe_keep_the_given_order(tree: Path) -> None:
    jobs = expand_inputs([str(tree / "sub/c.md"), str(tree / "**/*.txt"), str(tree)])
    rels = [j.path.relative_to(tree).as_posix() for j in jobs]
    assert rels == ["sub/c.md", "a.txt", "sub/deep/d.txt", "b.html"]  # each file once


def test_manifest_lists_paths_relative_to_itself(tree: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "tonight.lst"
    manifest.write_text("# tonight\n\nreports/a.txt\nreports/sub\n", encoding="utf-8")
    at_manifest = tmp_path / "list.txt"  # a .txt manifest needs the @ prefix
    at_manifest.write_text(f"{tree / 'b.html'}\n", encoding="utf-8")
    jobs = expand_inputs([str(manifest), "@" + str(at_manifest)])
    assert names(jobs) == ["a", "c", "deep_d", "b"]


def test_output_directory_inside_an_input_is_not_read_back(tree: Path) -> None:
    out = tree / "out"
    out.mkdir()
    shutil.copy(SAMPLES[0], out / "a.md")  # last night's result
    assert "out" not in " ".join(names(expand_inputs([str(tree)], exclude=[out])))


def test_colliding_names_get_a_stable_path_hash(tree: Path) -> None:
    shutil.copy(SAMPLES[1], tree / "a.md")
    jobs = expand_inputs([str(tree / "a.txt"), str(tree / "a.md")])
    first, second = names(jobs)
    assert first.startswith("a-") and second.startswith("a-") and first != second
    assert names(expand_inputs([str(tree / "a.txt"), str(tree / "a.md")])) == [first, second]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("../../etc/passwd.txt", "etc_passwd"),
        ("/abs/湖南 工会.txt", "abs_湖南_工会"),
        ("..\\..\\win.txt", "win"),
        ("run.txt", "run_report"),
        ("summary.md", "summary_report"),
        ("....txt", "report"),
    ],
)
def test_names_cannot_leave_the_output_directory(label: str, expected: str) -> None:
    name = _base_name(label)
    assert name == expected
    assert "/" not in name and "\\" not in name and not name.startswith(".")


def test_missing_input_and_empty_glob_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        expand_inputs([str(tmp_path / "nope.txt")])
    with pytest.raises(UsageError, match="matches no file"):
        expand_inputs([str(tmp_path / "*.txt")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="No report files"):
        expand_inputs([str(tmp_path / "empty")])
