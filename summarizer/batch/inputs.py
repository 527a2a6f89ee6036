"""Expand ``INPUT...`` into report files: files, directories, globs and manifests.

* a file with a report suffix (``.txt``, ``.html``, ``.htm``, ``.md``) is a report;
* a directory is searched recursively for report files (hidden entries skipped);
* a pattern with ``*``, ``?`` or ``[`` that is not an existing path is a glob
  (``**`` recurses);
* ``@FILE``, or any other existing file, is a manifest: one path, directory or glob
  per line, relative to the manifest's directory; blank lines and ``#`` comments
  are ignored.

The result is deduplicated (by resolved path) and stable: inputs keep the order
they were given in, a directory's files are sorted. Each report gets an output
name that cannot leave the output directory and is unique in the run: a report
``reports/2024/湖南.txt`` found through the directory ``reports`` becomes
``2024_湖南`` (``DIR/2024_湖南.json`` and ``.md``).
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..outputs import safe_name

REPORT_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md"})
RESERVED_NAMES = frozenset({"run", "summary", "index", "numbers"})
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class ReportJob:
    """One report to summarize: where it is, the stem of its outputs, what it must hash to."""

    path: Path
    name: str
    expected_sha256: str | None = None


@dataclass(frozen=True)
class _Found:
    path: Path
    label: str  # the name source: relative path under a directory input, else the file name


def is_report_file(path: Path) -> bool:
    """Whether ``path`` has a report suffix.

    >>> is_report_file(Path("a/报告.HTML")), is_report_file(Path("list.lst"))
    (True, False)
    """
    return path.suffix.lower() in REPORT_SUFFIXES


def expand_inputs(items: Sequence[str], exclude: Sequence[Path] = ()) -> list[ReportJob]:
    """The report files named by ``items``, deduplicated, each with an output name.

    ``exclude`` lists directories never searched (the output directory, so that
    last night's ``.md`` results are not read back as reports).
    """
    skip = tuple(p.resolve() for p in exclude)
    found: dict[Path, _Found] = {}
    for item in items:
        for hit in _expand(item, skip, seen_manifests=set()):
            found.setdefault(hit.path.resolve(), hit)
    if not found:
        raise UsageError(
            "No report files found in the inputs: pass .txt, .html or .md files, "
            "directories holding them, globs, or a manifest"
        )
    hits = list(found.values())
    return [ReportJob(h.path, n) for h, n in zip(hits, _names(hits), strict=True)]


def _expand(item: str, skip: tuple[Path, ...], seen_manifests: set[Path]) -> Iterator[_Found]:
    """Dispatch one input on its kind: manifest, directory, report file or glob."""
    if item.startswith("@"):
        yield from _manifest(Path(item[1:]), skip, seen_manifests)
        return
    path = Path(item).expanduser()
    if path.is_dir():
        yield from _directory(path, skip)
    elif path.is_file():
        yield from _file_or_manifest(path, skip, seen_manifests)
    elif _GLOB_CHARS & set(item):
        yield from _glob(item, skip, seen_manifests)
    else:
        raise UsageError(f"{item}: no such file or directory: check the path")


def _file_or_manifest(path: Path, skip: tuple[Path, ...], seen: set[Path]) -> Iterator[_Found]:
    if is_report_file(path):
        yield _Found(path, path.name)
    else:
        yield from _manifest(path, skip, seen)


def _directory(root: Path, skip: tuple[Path, ...]) -> Iterator[_Found]:
    """Report files under ``root``, sorted, skipping hidden entries and ``skip``."""
    if _skipped(root, skip):
        return
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or _skipped(path, skip):
            continue
        if path.is_file() and is_report_file(path):
            yield _Found(path, str(rel))


def _skipped(path: Path, skip: tuple[Path, ...]) -> bool:
    resolved = path.resolve()
    return any(resolved == s or s in resolved.parents for s in skip)


def _glob(pattern: str, skip: tuple[Path, ...], seen: set[Path]) -> Iterator[_Found]:
    matches = sorted(glob.glob(str(Path(pattern).expanduser()), recursive=True))
    if not matches:
        raise UsageError(f"{pattern}: the pattern matches no file: check it, or quote it")
    for match in matches:
        path = Path(match)
        if path.is_dir():
            yield from _directory(path, skip)
        elif is_report_file(path) and not _skipped(path, skip):
            yield _Found(path, path.name)


def _manifest(path: Path, skip: tuple[Path, ...], seen: set[Path]) -> Iterator[_Found]:
    """Each non-blank, non-comment line is expanded like a command-line input."""
    resolved = path.resolve()
    if resolved in seen:
        return
    seen.add(resolved)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(
            f"{path}: cannot read it as a manifest ({e}): a manifest is a UTF-8 list of "
            "paths; reports must end in .txt, .html, .htm or .md"
        ) from e
    for line in text.splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        target = entry if Path(entry).expanduser().is_absolute() else str(path.parent / entry)
        yield from _expand(target, skip, seen)


# ------------------------------------------------------------------ output names


def _names(hits: Sequence[_Found]) -> list[str]:
    """A safe, unique name per report; a collision adds a hash of the path.

    >>> _names([_Found(Path("a/x.txt"), "x.txt"), _Found(Path("b/x.md"), "x.md")])[0][:2]
    'x-'
    """
    base = [_base_name(h.label) for h in hits]
    counts: dict[str, int] = {}
    for name in base:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    return [
        name if counts[name.casefold()] == 1 else f"{name}-{_path_hash(h.path)}"
        for name, h in zip(base, hits, strict=True)
    ]


def _base_name(label: str) -> str:
    """``2024/湖南/报告.txt`` → ``2024_湖南_报告``; reserved roll-up names get a suffix.

    >>> _base_name("../../etc/passwd.txt"), _base_name("summary.md")
    ('etc_passwd', 'summary_report')
    """
    stem = label[: -len(Path(label).suffix)] if Path(label).suffix else label
    name = safe_name(stem, max_len=100)
    return f"{name}_report" if name.casefold() in RESERVED_NAMES else name


def _path_hash(path: Path) -> str:
    return hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:8]
