"""How a table fits the terminal: which columns stay and how wide each is (docs/formats.md).

Values are never cut and words never broken: a column is at least as wide as its longest value
(dates, statuses, numbers) or its longest word (names, reasons); only notes are shortened, with an
ellipsis. When even that is too wide, the least important columns are left out, never the first
one or the contact's name. Imported only to draw a table, never at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GAP = 3  # " │ " between two columns (the table has no outer edge or padding)
SHORTEST_NOTE = 10  # a note shortened further says too little to be worth its column
ALWAYS_KEPT = frozenset({"contact", "contacts", "name"})


@dataclass(frozen=True)
class Layout:
    widths: list[tuple[Any, int]]  # (column, width) for the columns shown, in order
    left_out: list[Any]  # columns left out to fit
    needed: int  # the narrowest the shown columns can be, separators included


def fit_columns(columns: Sequence[Any], texts: Mapping[str, list[str]], whole: Mapping[str, bool], width: int) -> Layout:
    """Lay out `columns` (output.Column) holding `texts` (each column's cells) in `width` cells;
    `whole[key]` says the values are dates or numbers, which never wrap, even at a space."""
    rank = {column.key: _rank(column, position) for position, column in enumerate(columns)}
    natural = {column.key: _natural(column, texts[column.key]) for column in columns}
    least = {column.key: _least(column, texts[column.key], whole[column.key], natural[column.key]) for column in columns}
    kept = list(columns)
    left_out = []
    for column in sorted((c for c in columns if rank[c.key] > 0), key=lambda c: rank[c.key], reverse=True):
        if _needed(kept, least) <= width:
            break
        kept.remove(column)
        left_out.append(column)
    widths = dict(least)
    spare = width - _needed(kept, least)
    for column in sorted(kept, key=lambda c: rank[c.key]):  # the most important grow first
        grow = max(0, min(spare, natural[column.key] - least[column.key]))
        widths[column.key] += grow
        spare -= grow
    return Layout([(column, widths[column.key]) for column in kept], left_out, _needed(kept, least))


def shorten(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending with an ellipsis when it had to be shortened."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def _rank(column: Any, position: int) -> int:
    if position == 0 or column.key in ALWAYS_KEPT:
        return 0
    return position if column.priority is None else column.priority


def _natural(column: Any, cells: list[str]) -> int:
    """The width the column takes when there is room: its longest line, or the header."""
    widest = max((_longest(cell.splitlines() or [""]) for cell in cells), default=0)
    if column.max_width is not None:
        widest = min(widest, column.max_width)
    return max(widest, _longest([column.title]), column.min_width or 0, 1)


def _least(column: Any, cells: list[str], whole: bool, natural: int) -> int:
    header = _longest(column.title.split())
    if column.max_width is not None:
        return min(natural, max(header, SHORTEST_NOTE))
    if whole:
        words = max((_longest(cell.splitlines() or [""]) for cell in cells), default=0)
    else:
        words = max((_longest(cell.split()) for cell in cells), default=0)
    return max(words, header, 1)


def _longest(pieces: list[str]) -> int:
    from rich.cells import cell_len

    return max((cell_len(piece) for piece in pieces), default=0)


def _needed(columns: Sequence[Any], least: Mapping[str, int]) -> int:
    return sum(least[column.key] for column in columns) + GAP * max(len(columns) - 1, 0)
