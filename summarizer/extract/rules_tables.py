"""Statistics in tables flattened to text, for the rules backend (see :mod:`.rules`).

A scraped table keeps its cells between bars, one row per line::

    项目 | 2006年 | 2005年
    基层工会数（个） | 6941 | 6254

or, flattened further, one cell per line: the column headings (years) after the
table's corner, then each row's label followed by one figure per column::

    指 标
    2006年
    2005年
    基层工会数
    6941
    6254

Each figure of a row is a statistic: its metric is the row's label with the
column's heading (基层工会数（2006年）), its unit the one the label gives in
brackets when the cell has none, its evidence the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import KeyNumber
from ..numerals import NumberMention, find_numbers, normalize_unit
from .rules_text import Span, lines

_BAR = re.compile("[|｜]")
# A label's unit in brackets: 基层工会数（个）, 会员（人）, 经费(元).
_LABEL_UNIT = re.compile(r"[（(]([^（）()]{1,4})[）)]\s*$")
TABLE_LEAST_BARS = 2  # a row has at least three cells


@dataclass(frozen=True)
class _Cell:
    span: Span
    text: str


def extract_tables(text: str) -> tuple[list[tuple[int, KeyNumber]], list[Span]]:
    """The figures of the tables in ``text``, both shapes, and the spans they take (rows
    with bars, cells one per line), where the prose reading must not look again.

    >>> found, taken = extract_tables("说明\\n项目 | 2006年 | 2005年\\n会员（人） | 135 | 124\\n")
    >>> [(n.text, n.metric) for _, n in found], taken  # doctest: +NORMALIZE_WHITESPACE
    ([('135', '会员（2006年）'), ('124', '会员（2005年）')],
     [Span(start=3, end=21), Span(start=22, end=39)])
    """
    rows = table_rows(text)
    columns = extract_column_table_numbers(text)
    taken = [Span(row[0].span.start, row[-1].span.end) for row in rows]
    taken += [Span(a, a + len(n.text)) for a, n in columns]
    return extract_table_numbers(text, rows) + columns, taken


def is_table_row(line: str) -> bool:
    """A line with its cells between bars: ``项目 | 2006年 | 2005年``."""
    return len(_BAR.findall(line)) >= TABLE_LEAST_BARS


def table_rows(text: str) -> list[list[_Cell]]:
    """The lines of ``text`` that are table rows, as their cells (bars between).

    >>> [[c.text for c in row] for row in table_rows("说明\\n项目 | 2006年 | 2005年\\n")]
    [['项目', '2006年', '2005年']]
    """
    rows = []
    for line in lines(text):
        body = line.of(text)
        if not is_table_row(body):
            continue
        cells, pos = [], line.start
        for piece in _BAR.split(body):
            lead = len(piece) - len(piece.lstrip())
            stripped = piece.strip()
            if stripped:
                cells.append(_Cell(Span(pos + lead, pos + lead + len(stripped)), stripped))
            pos += len(piece) + 1
        rows.append(cells)
    return rows


def extract_table_numbers(
    text: str, rows: list[list[_Cell]] | None = None
) -> list[tuple[int, KeyNumber]]:
    """Every figure of every table row (``rows``: :func:`table_rows` of ``text``, if
    known) after the first row of its table (the heading).

    >>> t = "项目 | 2006年 | 2005年\\n工会数（个） | 6941 | 6254\\n会员数（人） | 1356885 | 1248255"
    >>> found = extract_table_numbers(t)
    >>> [(n.text, n.unit, n.metric) for _, n in found]  # doctest: +NORMALIZE_WHITESPACE
    [('6941', '个', '工会数（2006年）'), ('6254', '个', '工会数（2005年）'),
     ('1356885', '人', '会员数（2006年）'), ('1248255', '人', '会员数（2005年）')]
    """
    found: list[tuple[int, KeyNumber]] = []
    heading: list[_Cell] = []
    last_end: int | None = None
    for row in table_rows(text) if rows is None else rows:
        if last_end is None or not _NEXT_ROW.fullmatch(text, last_end, row[0].span.start):
            heading = row if not _figures(text, row[1:]) else []  # a new table
        if row is not heading:
            found += _row_numbers(text, row, heading)
        last_end = row[-1].span.end
    return found


# What lies between the last cell of a row and the first of the next: bars, spaces and
# one line break.
_NEXT_ROW = re.compile(r"[ \t|｜]*\n[ \t|｜]*")


def _figures(text: str, cells: list[_Cell]) -> list[tuple[int, NumberMention]]:
    """The figure standing alone in each cell that is one (column index, mention), read
    in its row (alone on a line, 6941 would be a list number)."""
    if not cells:
        return []
    start = cells[0].span.start
    row = text[start : cells[-1].span.end]
    mentions = [m for m in find_numbers(row) if m.kind in _CELL_KINDS]
    out = []
    for k, cell in enumerate(cells):
        a, b = cell.span.start - start, cell.span.end - start
        inside = [m for m in mentions if a <= m.start and m.end <= b]
        if len(inside) == 1 and inside[0].end - inside[0].start >= b - a - 1:
            out.append((k, inside[0]))
    return out


# A cell of digits alone is a value even when long (1356885 would be a code in prose).
_CELL_KINDS = frozenset({"statistic", "code"})


def _row_numbers(text: str, row: list[_Cell], heading: list[_Cell]) -> list[tuple[int, KeyNumber]]:
    label = row[0].text
    bracket = _LABEL_UNIT.search(label)
    unit = bracket.group(1) if bracket else ""
    base = label[: bracket.start()] if bracket else label
    evidence = text[row[0].span.start : row[-1].span.end]
    cell_unit = unit if normalize_unit(unit) == unit else ""
    out = []
    for k, m in _figures(text, row[1:]):
        column = heading[k + 1].text if k + 1 < len(heading) else ""
        metric = f"{base}（{column}）" if column else base
        out.append((row[1].span.start + m.start, _cell_number(m, cell_unit, metric, evidence)))
    return out


def _cell_number(m: NumberMention, unit: str, metric: str, evidence: str) -> KeyNumber:
    """The statistic of one cell: ``unit`` when the figure has none of its own."""
    return KeyNumber(
        text=m.text,
        value=float(m.value),
        unit=m.unit or unit,
        metric=metric,
        qualifier=m.qualifier,
        evidence=evidence,
    )


# --------------------------------------------------------------- one cell per line

_YEAR_HEAD = re.compile(r"(?:19|20)[0-9]{2}年(?:度|底|末)?")
_BARE_FIGURE = re.compile(r"[0-9][0-9,.]*[%％]?")
_ROW_LABEL = re.compile(r"[^0-9。！？!?]{2,20}")
COLUMN_ROWS_LEAST = 3  # rows a one-cell-per-line table needs before it is read as one
# A figure alone on its line reads as a list number (ordinal) or a code to the scanner.
_LINE_KINDS = frozenset({"statistic", "code", "ordinal"})


def extract_column_table_numbers(text: str) -> list[tuple[int, KeyNumber]]:
    """The figures of tables flattened one cell per line (see the module's docstring).

    >>> t = "指标\\n2006年\\n2005年\\n工会数\\n6941\\n6254\\n会员\\n13568\\n12482\\n机关\\n52\\n46"
    >>> [(n.text, n.metric) for _, n in extract_column_table_numbers(t)][:3]
    [('6941', '工会数（2006年）'), ('6254', '工会数（2005年）'), ('13568', '会员（2006年）')]
    """
    rows = lines(text)
    found: list[tuple[int, KeyNumber]] = []
    k = 0
    while k < len(rows):
        heads = _year_run(text, rows, k)
        if heads:
            block = _column_rows(text, rows, k + len(heads), len(heads))
            if len(block) >= COLUMN_ROWS_LEAST:
                found += _column_numbers(text, rows, block, heads)
                k = block[-1] + len(heads) + 1
                continue
        k += 1
    return found


def _year_run(text: str, rows: list[Span], k: int) -> list[str]:
    """The column headings starting at line ``k``: consecutive lines that are a year."""
    heads: list[str] = []
    while k + len(heads) < len(rows) and _YEAR_HEAD.fullmatch(rows[k + len(heads)].of(text)):
        heads.append(rows[k + len(heads)].of(text))
    return heads


def _column_rows(text: str, rows: list[Span], k: int, width: int) -> list[int]:
    """The label lines of the rows from line ``k``: a label, then ``width`` figures."""
    labels: list[int] = []
    while k + width < len(rows) and _ROW_LABEL.fullmatch(rows[k].of(text)):
        cells = rows[k + 1 : k + 1 + width]
        if not all(_BARE_FIGURE.fullmatch(c.of(text)) for c in cells):
            break
        labels.append(k)
        k += width + 1
    return labels


def _column_numbers(
    text: str, rows: list[Span], labels: list[int], heads: list[str]
) -> list[tuple[int, KeyNumber]]:
    out = []
    for k in labels:
        label = rows[k].of(text)
        for j, head in enumerate(heads):
            cell = rows[k + 1 + j]
            m = next((m for m in find_numbers(cell.of(text)) if m.kind in _LINE_KINDS), None)
            if m is None:
                continue
            evidence = text[rows[k].start : cell.end]
            out.append((cell.start, _cell_number(m, "", f"{label}（{head}）", evidence)))
    return out
