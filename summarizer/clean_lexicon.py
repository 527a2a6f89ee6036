"""The cleaner's word lists: plain-text data files, shipped in ``summarizer/data``.

Every file has the same shape, so users can extend any of them by hand::

    # a comment; blank lines are ignored
    [section]
    word<TAB>column<TAB>column     # columns may also be separated by spaces

Lines before the first ``[section]`` belong to the section named by the caller
(``default``). A user file (``--spam-lexicon``, ``--spin-table``) is merged over
the built-in one: its rows are added, and a row whose first field is already
known replaces the built-in row.

>>> sections = parse_sections("# c\\n包养网\\n[allow]\\n承包养殖  # legit\\n", "token")
>>> sections["token"], sections["allow"]
([('包养网',)], [('承包养殖',)])
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from .errors import ConfigError

Row = tuple[str, ...]
Trie = dict[str, "Trie"]
Sections = dict[str, list[Row]]

_SECTION_RE = re.compile(r"^\[([A-Za-z_][A-Za-z0-9_]*)\]$")
_COMMENT_RE = re.compile(r"(?:^|\s)#.*$")


def parse_sections(text: str, default: str) -> Sections:
    """Split a data file into sections of rows (tuples of fields)."""
    out: Sections = {}
    current = default
    for line in text.splitlines():
        body = _COMMENT_RE.sub("", line).strip()
        if not body:
            continue
        header = _SECTION_RE.match(body)
        if header:
            current = header.group(1)
            continue
        out.setdefault(current, []).append(tuple(body.split()))
    return out


@cache
def builtin(name: str) -> str:
    """The text of a data file shipped with the package."""
    return (files("summarizer") / "data" / name).read_text(encoding="utf-8")


def user_file(path: Path) -> str:
    """The text of a user's extension file; a clear error when it cannot be read."""
    try:
        return Path(path).expanduser().read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise ConfigError(f"Word list {path} not found: fix the path or drop the option") from e
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"Cannot read word list {path} ({e}): save it as UTF-8 text") from e


def merged(name: str, default: str, extra: Path | None) -> Sections:
    """Built-in sections of ``name``, with the rows of the user file ``extra`` merged in.

    >>> merged("spin_pairs.tsv", "pair", None)["pair"][0][:2]
    ('经由过程', '通过')
    """
    sections = parse_sections(builtin(name), default)
    if extra is None:
        return sections
    for section, rows in parse_sections(user_file(extra), default).items():
        sections[section] = _merge_rows(sections.get(section, []), rows)
    return sections


def _merge_rows(base: list[Row], extra: list[Row]) -> list[Row]:
    """Rows of ``base`` and ``extra``; an ``extra`` row replaces the base row with its key."""
    keys = {row[0] for row in extra}
    return [row for row in base if row[0] not in keys] + extra


def words(rows: list[Row]) -> list[str]:
    """The first field of each row."""
    return [row[0] for row in rows]


def alternation(items: list[str]) -> str:
    """A regex matching any of ``items``, longest first, factored as a trie for speed.

    Python's ``re`` tries the branches of an alternation one by one; a trie-shaped
    pattern tries at most one branch per character.

    >>> alternation(["工会", "工作", "工"])
    '工(?:会|作)?'
    >>> re.findall(alternation(["年夜", "年夜饭", "ab"]), "年夜饭ab年夜")
    ['年夜饭', 'ab', '年夜']
    """
    trie: Trie = {}
    for item in set(items):
        if not item:
            continue
        node = trie
        for ch in item:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: Trie) -> str:
    """Regex for a trie node: branches longest-first, an end marker makes the rest optional."""
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) == 1:
        body = branches[0]
        if ends:
            return f"(?:{body})?" if len(body) > 1 else f"{body}?"
        return body
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if ends else group
