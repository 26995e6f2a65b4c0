"""Rows to table | tsv | csv | json, in one place.

A command hands over rows (dataclasses, named tuples or dicts) and the columns to show; this
module picks the format, turns values into text and writes them to stdout. tsv, csv and json
are written a row at a time as the rows come, so a listing of millions holds one row in memory.
Messages for people go to stderr through `say` and never mix with data.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any, Literal


@dataclass(frozen=True)
class Column:
    key: str  # the csv header and json key: a public interface, see docs/formats.md
    header: str = ""  # table heading; defaults to the key
    justify: Literal["left", "right", "center"] = "left"
    style: Callable[[Any], str | None] | None = None  # rich style chosen by value, table only
    max_width: int | None = None  # table only: a longer note is shortened to one line with an ellipsis
    min_width: int | None = None  # table only: keeps names readable on narrow terminals
    # table only: on a narrow terminal the highest goes first; by default the column's position.
    # The first column and contact names are always kept (docs/formats.md)
    priority: int | None = None
    in_table: bool = True  # False: only in tsv/csv/json, to keep the terminal view narrow
    in_data: bool = True  # False: only in the table, a note for people that is no stable key
    cell: Callable[[Any], str] | None = None  # table only: a shorter human form of the value
    # values whose str() is their text and never a formula (numbers, days, words of a vocabulary,
    # durations) or None: tsv and csv write them as they are
    plain: bool = False

    @property
    def title(self) -> str:
        return self.header or self.key.replace("_", " ")


def choose_format(requested: str | None) -> str:
    """`table` on a terminal; `tsv` when stdout is piped, so scripts get plain columns."""
    if requested:
        return requested
    return "table" if sys.stdout.isatty() else "tsv"


def value_of(row: Any, key: str) -> Any:
    return row[key] if isinstance(row, Mapping) else getattr(row, key)


def as_json_value(value: Any) -> Any:
    if isinstance(value, Decimal):  # money: exact decimal text, never a float ("1250.50")
        return format(value, "f")
    if isinstance(value, datetime):
        return value.astimezone().isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [as_json_value(item) for item in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json_value(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {key: as_json_value(item) for key, item in value.items()}
    return value


def as_text(value: Any) -> str:
    """The plain-text form used by tsv and csv: ISO dates, empty for missing, `;` between list items."""
    convert = _TEXT.get(type(value))
    if convert is not None:
        return convert(value)
    if isinstance(value, list | tuple):
        return ";".join(as_text(item) for item in value)
    if isinstance(value, datetime):
        return _instant_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _instant_text(value: datetime) -> str:
    return value.astimezone().isoformat(timespec="seconds")


def _list_text(value: list | tuple) -> str:
    try:
        return ";".join(value)  # texts, nearly always
    except TypeError:
        return ";".join(as_text(item) for item in value)


# by exact type, the common cases first: a listing of millions converts every cell
_TEXT: dict[type, Callable[[Any], str]] = {
    str: lambda value: value,
    int: str,
    float: str,
    type(None): lambda value: "",
    bool: lambda value: "true" if value else "false",
    datetime: _instant_text,
    date: date.isoformat,
    list: _list_text,
    tuple: _list_text,
    Decimal: lambda value: format(value, "f"),  # money: exact decimal text, never exponent notation
}


def as_day(value: datetime) -> str:
    """A datetime cut to its local date, for narrow table columns."""
    return value.astimezone().date().isoformat()


def as_cell(value: Any) -> str:
    """The human form used in tables: local `YYYY-MM-DD HH:MM`, `-` for missing."""
    if value is None or value == []:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list | tuple):
        return ", ".join(as_cell(item) for item in value)
    if isinstance(value, float):
        return f"{value:.1f}"
    return as_text(value)


_NUMBER_OR_PHONE = frozenset("0123456789 +-().")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Neutralise CSV injection (OWASP): a cell that a spreadsheet would run as a formula
    gets a leading `'`. Plain numbers and phone numbers are left as they are."""
    if text.startswith(_FORMULA_START) and not set(text) <= _NUMBER_OR_PHONE:
        return "'" + text
    return text


def _values_of(first: Any, keys: Sequence[str]) -> Callable[[Any], tuple] | None:
    """How to read a row's values in key order, decided once from the first row; None when the
    rows are named tuples in column order already, or plain tuples (in column order by design),
    with nothing to look up."""
    if isinstance(first, tuple) and tuple(getattr(type(first), "_fields", keys)) == tuple(keys):
        return None
    getter = itemgetter(*keys) if isinstance(first, Mapping) else attrgetter(*keys)
    return (lambda row: (getter(row),)) if len(keys) == 1 else getter


def _text_converter(columns: Sequence[Column], csv_safe: bool) -> Callable[[tuple], list]:
    """values -> cells for tsv/csv: only the columns that need it are converted."""
    convert = [index for index, column in enumerate(columns) if not column.plain]
    few: dict[object, str] = {}  # days and yes/no: few distinct values in any listing, each converted once

    def cells(values: tuple) -> list:
        # inlined for the common cases (text, numbers, missing): it runs for every cell of a listing of millions
        row = list(values)
        for index in convert:
            value = row[index]
            kind = type(value)
            if kind is str:
                # spreadsheet_safe, inlined
                if csv_safe and value.startswith(_FORMULA_START) and not set(value) <= _NUMBER_OR_PHONE:
                    row[index] = "'" + value
            elif value is None:
                row[index] = ""
            elif kind is datetime:  # never a formula
                row[index] = _instant_text(value)
            elif kind is list:  # names, tags
                text = _list_text(value)
                row[index] = spreadsheet_safe(text) if csv_safe else text
            elif kind is date or kind is bool:  # never a formula either
                text = few.get(value)
                row[index] = text if text is not None else few.setdefault(value, as_text(value))
            elif kind is not int:
                row[index] = spreadsheet_safe(as_text(value)) if csv_safe else as_text(value)
        return row

    return cells


def write_rows(rows: Iterable[Any], columns: Sequence[Column], fmt: str, stream: Any = None) -> None:
    """Write rows as tsv, csv or json to `stream` (stdout by default), one row at a time."""
    out = _on_terminal(stream or sys.stdout)
    shown = [column for column in columns if column.in_data]
    keys = [column.key for column in shown]
    rows = iter(rows)
    first = next(rows, None)
    pending: Iterator[Any] = iter(()) if first is None else itertools.chain([first], rows)
    getter = _values_of(first, keys) if first is not None else None
    values = pending if getter is None else map(getter, pending)  # each row's values in key order
    if fmt == "json":
        import json

        out.write("[")
        for index, row in enumerate(values):
            item = {key: as_json_value(value) for key, value in zip(keys, row)}
            # the same text as json.dumps(list, indent=2), one element at a time
            out.write(("," if index else "") + "\n  " + json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  "))
        out.write("\n]\n" if first is not None else "]\n")
    elif fmt == "csv":
        import csv

        writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as _csv_line
        writer.writerow(keys)
        cells = _text_converter(shown, csv_safe=True)
        writer.writerows(map(cells, values))
    elif fmt == "tsv":
        out.write(_tsv_line(keys))
        for row in map(_text_converter(shown, csv_safe=False), values):
            out.write(_tsv_line(row))
    else:
        raise ValueError(f"unknown format {fmt}")


def _tsv_line(cells: Iterable[Any]) -> str:
    # a tab or newline inside a value would break the columns: they become spaces
    return "\t".join("" if cell is None else " ".join(str(cell).split()) for cell in cells) + "\n"


def _csv_line() -> Callable[[Sequence[Any]], str]:
    """cells -> the text of one csv line, exactly as the csv module writes it."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180

    def line(cells: Sequence[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    return line


REMEMBERED_ROWS = 100_000  # distinct rests of a row kept as text by write_groups: a few MB


def write_groups(groups: Iterable[tuple[Any, Sequence[tuple]]], columns: Sequence[Column], fmt: str, stream: Any = None) -> None:
    """Rows that come in groups sharing their first value, as (first value, [the rest of each row]):
    the same text as write_rows of the rows (first, *rest), in less time. A report of a hundred
    thousand contacts by period has millions of rows, most of them alike (no contact that month),
    so in tsv and csv each group's first cell is made once and each distinct rest (a tuple of
    hashable values) once."""
    if fmt not in ("csv", "tsv"):
        write_rows(((first, *rest) for first, rests in groups for rest in rests), columns, fmt, stream)
        return
    out = _on_terminal(stream or sys.stdout)
    shown = [column for column in columns if column.in_data]
    first_cell, other_cells = _text_converter(shown[:1], fmt == "csv"), _text_converter(shown[1:], fmt == "csv")
    line = _csv_line() if fmt == "csv" else _tsv_line
    out.write(line([column.key for column in shown]))
    # a line is the first cell's text, then the rest's text starting with its separator: both are cut
    # from whole lines made by `line`, so that quoting and escaping are exactly those of write_rows
    cut = len(line(["", ""]))  # the separator and the line ending after an empty last cell
    made: dict[tuple, str] = {}
    for first, rests in groups:
        texts = []
        for rest in rests:
            text = made.get(rest)
            if text is None:
                text = line(["", *other_cells(rest)])
                if len(made) < REMEMBERED_ROWS:
                    made[rest] = text
            texts.append(text)
        if texts:
            start = line([*first_cell((first,)), ""])[:-cut]
            out.write(start + start.join(texts))  # start, rest 1, start, rest 2 ...: a whole line each


def console(stderr: bool = False, width: int | None = None):  # type: ignore[no-untyped-def]
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def render(
    rows: Iterable[Any],
    columns: Sequence[Column],
    fmt: str | None,
    *,
    title: str | None = None,
    empty: str | None = None,
) -> None:
    """Show rows in the chosen format. With no rows, a table shows `empty` on stderr;
    tsv and csv still print their header and json an empty array, for scripts."""
    fmt = choose_format(fmt)
    if fmt != "table":
        write_rows(rows, columns, fmt)
        return
    rows = list(rows)  # a table is laid out from all its rows at once
    if not rows:
        if empty:
            say(empty)
        return
    from rich.table import Table

    from reltrack.table_layout import fit_columns, shorten

    out = console()
    shown = [column for column in columns if column.in_table]
    texts = {column.key: [_cell_text(column, value_of(row, column.key)) for row in rows] for column in shown}
    whole = {column.key: all(_is_short(value_of(row, column.key)) for row in rows) for column in shown}
    layout = fit_columns(shown, texts, whole, out.width)
    table = Table(title=_escape(title) if title else None, title_justify="left", header_style="bold", show_edge=False, pad_edge=False)
    for column, width in layout.widths:
        table.add_column(column.title, justify=column.justify, width=width, overflow="fold")
    for index, row in enumerate(rows):
        cells = []
        for column, width in layout.widths:
            text = texts[column.key][index]
            text = _escape(shorten(text, width) if column.max_width is not None else text)
            style = column.style(value_of(row, column.key)) if column.style else None
            cells.append(f"[{style}]{text}[/]" if style else text)
        table.add_row(*cells)
    if layout.needed > out.width:  # even the columns kept always do not fit: the terminal wraps, nothing is cut
        out = console(width=layout.needed)
    out.print(table)
    if layout.left_out:
        names = ", ".join(column.title for column in layout.left_out)
        say(f"({names}: left out to fit the terminal; -f tsv shows every column)")


def _cell_text(column: Column, value: Any) -> str:
    text = column.cell(value) if column.cell and value is not None else as_cell(value)
    return " ".join(text.split()) if column.max_width is not None else text  # a shortened note stays on one line


def render_record(pairs: Sequence[tuple[str, Any]], fmt: str | None, *, title: str | None = None) -> None:
    """One record (show, info): key/value lines in a table, one object in json, two columns in tsv/csv."""
    fmt = choose_format(fmt)
    if fmt == "json":
        import json

        _on_terminal(sys.stdout).write(json.dumps({k: as_json_value(v) for k, v in pairs}, ensure_ascii=False, indent=2) + "\n")
    elif fmt in ("tsv", "csv"):
        write_rows([{"field": k, "value": v} for k, v in pairs], [Column("field"), Column("value")], fmt)
    else:
        from rich.table import Table

        table = Table(title=_escape(title) if title else None, title_justify="left", show_header=False, box=None, pad_edge=False)
        table.add_column(style="bold")
        table.add_column()
        for key, value in pairs:
            table.add_row(key.replace("_", " "), _escape(as_cell(value)))
        console().print(table)


def _is_short(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) <= 12 and " " not in value
    return value is None or isinstance(value, date | int | float | Decimal)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(for_terminal(text))


# Characters a terminal acts on instead of showing: C0 controls (ESC starts escape sequences that
# can retitle the window or clear the screen), DEL, C1 controls (U+009B is a one-character CSI),
# the Unicode line and paragraph separators, and the bidirectional overrides that reorder text.
_CONTROLS = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


def _escapes(keep: str) -> dict[int, str]:
    return {code: (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}") for code in _CONTROLS if chr(code) not in keep}


_IN_TEXT = _escapes(keep="\n\t")  # tables and messages: line breaks and tabs are layout
_ON_ONE_LINE = _escapes(keep="")  # errors: always one line
_IN_DATA = _escapes(keep="\n\t\r")  # csv, tsv and json on a terminal: their own line ends stay


def for_terminal(text: str) -> str:
    """`text` with every control character shown as an escape (`\\x1b`) instead of acted on."""
    return text.translate(_IN_TEXT)


def one_line(text: str) -> str:
    """`text` with every control character escaped, line breaks too: for errors quoting what was typed."""
    return text.translate(_ON_ONE_LINE)


class _TerminalSafe:
    """Data written to a terminal (csv, tsv, json): the values stay as stored in files and pipes,
    but a terminal is not given their control characters to act on."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(text.translate(_IN_DATA))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _on_terminal(stream: Any) -> Any:
    isatty = getattr(stream, "isatty", None)
    return _TerminalSafe(stream) if isatty is not None and isatty() else stream


def counted(number: int, one: str, many: str | None = None) -> str:
    """`1 touchpoint`, `2 touchpoints`; `many` for words that do not just add an s (`pieces`)."""
    return f"{number} {one if number == 1 else many or one + 's'}"


def say(message: str) -> None:
    """A message for the person at the terminal: stderr, so pipes carry only data."""
    print(for_terminal(message), file=sys.stderr)
