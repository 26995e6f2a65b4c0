"""Tables at the widths people's terminals have: values whole, words unbroken, names always there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import NOW

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data (names in six languages, long notes, quiet contacts), built once, only read."""
    from reltrack.core.demo import populate
    from reltrack.store.db import Database, resolve_url

    path = tmp_path_factory.mktemp("tables") / "demo.db"
    database = Database(resolve_url(str(path)))
    database.ensure_schema()
    with database.session(write=True) as session:
        populate(session, NOW.astimezone())
    return path


@pytest.fixture
def demo(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RELTRACK_DB", str(demo_db))
    monkeypatch.setenv("TZ", "UTC")
    return demo_db


def _day(value: str | None) -> str:
    return value[:10] if value else "-"


def _whole(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


# per table: the command, the column that starts a record (never empty, never wrapped), and what
# each header must show for a json row: the expectations are written from the data, by hand
TABLES = {
    "due": (
        ["due"],
        "status",
        {"contact": lambda r: r["contact"], "status": lambda r: r["status"], "due": lambda r: r["due_on"],
         "late": lambda r: str(r["days_overdue"]), "last": lambda r: _day(r["last_contact"])},
    ),
    "list": (
        ["list"],
        "due on",
        {"name": lambda r: r["name"], "kind": lambda r: r["kind"], "cadence": lambda r: r["cadence"] or "-",
         "last contact": lambda r: _day(r["last_contact"]), "due on": lambda r: r["due_on"] or "-"},
    ),
    "promises": (
        ["promises", "--all"],
        "id",
        {"id": lambda r: str(r["id"]), "contact": lambda r: r["contact"], "owner": lambda r: r["owner"],
         "due on": lambda r: r["due_on"], "outcome": lambda r: r["outcome"], "resolved on": lambda r: r["resolved_on"] or "-"},
    ),
    "quiet": (
        ["quiet"],
        "ratio",
        {"contact": lambda r: r["contact"], "silent for": lambda r: f"{r['gap_days']}d", "ratio": lambda r: f"{r['ratio']:.1f}x",
         "last": lambda r: _day(r["last_contact"]), "quiet since": lambda r: r["quiet_since"], "basis": lambda r: r["basis"]},
    ),
    "trust": (
        ["report", "trust"],
        "trust",
        {"contact": lambda r: r["contact"], "trust": lambda r: _whole(r["trust"]), "conf": lambda r: r["confidence"],
         "rel": lambda r: _whole(r["reliability"]), "cons": lambda r: _whole(r["consistency"]), "depth": lambda r: _whole(r["depth"]),
         "recip": lambda r: _whole(r["reciprocity"]), "satis": lambda r: _whole(r["satisfaction"])},
    ),
}  # fmt: skip


def _records(stdout: str, anchor: str) -> tuple[list[str], list[dict[str, str]]]:
    """A table as printed, read back: its headers (a header may take two lines) and one dict per
    row, the lines of a wrapped cell joined with a space."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    rule = next(index for index, line in enumerate(lines) if "━" in line)
    header_lines = [[cell.strip() for cell in line.split("┃")] for line in lines[:rule] if "┃" in line]
    headers = [" ".join(part[i] for part in header_lines if part[i]) for i in range(len(header_lines[0]))]
    records: list[dict[str, list[str]]] = []
    for line in lines[rule + 1 :]:
        cells = [cell.strip() for cell in line.split("│")]
        if cells[headers.index(anchor)]:
            records.append({header: [] for header in headers})
        for header, cell in zip(headers, cells, strict=True):
            if cell:
                records[-1][header].append(cell)
    return headers, [{header: " ".join(parts) for header, parts in record.items()} for record in records]


@pytest.mark.parametrize("width", [40, 60, 80, 120])
@pytest.mark.parametrize("table", TABLES)
def test_tables_keep_names_and_whole_values_at_any_width(cli, demo, monkeypatch, table, width):
    arguments, anchor, expected = TABLES[table]
    rows = json.loads(cli.ok(*arguments, "-f", "json").stdout)
    assert rows, f"the demo data has rows for {table}"
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli.ok(*arguments, "-f", "table")
    assert all(cell_len(line) <= width for line in result.stdout.splitlines()), result.stdout
    headers, records = _records(result.stdout, anchor)
    assert {"contact", "name"} & set(headers), headers
    assert len(records) == len(rows), result.stdout
    for record, row in zip(records, rows, strict=True):
        for header, value in expected.items():
            if header in headers:
                assert record[header] == value(row), (header, result.stdout)
    left_out = [header for header in expected if header not in headers]
    assert all(header in result.stderr for header in left_out), result.stderr
    assert ("-f tsv shows every column" in result.stderr) == (result.stderr != ""), result.stderr
    if width >= 120:
        assert result.stderr == ""  # everything fits: no note


@pytest.mark.parametrize("width", [20, 40])
@pytest.mark.parametrize("table", TABLES)
def test_the_name_column_is_never_left_out(cli, demo, monkeypatch, table, width):
    arguments, anchor, expected = TABLES[table]
    monkeypatch.setenv("COLUMNS", str(width))
    stdout = cli.ok(*arguments, "-f", "table").stdout
    header = stdout[: stdout.index("━")]
    assert re.search(r"(^|┃)\s*(contact|name)\s*(┃|$)", header, re.MULTILINE), stdout


def test_the_least_important_columns_go_first(cli, demo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    headers, _ = _records(cli.ok("due", "-f", "table").stdout, "status")
    assert headers == ["contact", "status", "due"]  # why, last and late went, in that order
    headers, _ = _records(cli.ok("list", "-f", "table").stdout, "due on")
    assert "due on" in headers and "org" not in headers


def test_a_hundred_stays_a_hundred(cli, demo, monkeypatch):
    rows = json.loads(cli.ok("report", "trust", "-f", "json").stdout)
    assert any(row["consistency"] == 100 for row in rows)  # the demo data has a perfect score to show
    for width in range(40, 90, 5):
        monkeypatch.setenv("COLUMNS", str(width))
        headers, records = _records(cli.ok("report", "trust", "-f", "table").stdout, "trust")
        if "cons" in headers:
            assert sorted(r["cons"] for r in records) == sorted(_whole(row["consistency"]) for row in rows)


HEADERS = {
    "due": ["contact", "status", "due", "late", "last", "why"],
    "list": ["name", "kind", "org", "tags", "cadence", "last contact", "due on"],
    "promises": ["id", "contact", "owner", "what", "due on", "outcome", "resolved on"],
    "quiet": ["contact", "usually every", "silent for", "ratio", "last", "quiet since", "basis"],
    "trust": ["contact", "trust", "conf", "trend", "rel", "cons", "depth", "recip", "satis"],
}


@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize("table", TABLES)
def test_headers_never_break_inside_a_word(cli, demo, monkeypatch, table, width):
    # names are checked whole (their wrapped lines joined with a space) by the test above
    arguments, anchor, _ = TABLES[table]
    monkeypatch.setenv("COLUMNS", str(width))
    headers, _ = _records(cli.ok(*arguments, "-f", "table").stdout, anchor)
    assert set(headers) <= set(HEADERS[table]), headers  # `contac t` would be neither


LONG_NOTE = " ".join(["Long notes stay readable:"] + [f"point {n} of the meeting." for n in range(700)])


def test_a_long_note_takes_one_line_in_tables_and_touch_shows_it_whole(cli, monkeypatch):
    assert len(LONG_NOTE) > 5000
    cli.ok("add", "Ana Lima", "--every", "2w")
    cli.ok("log", "Ana Lima", "--at", "2d ago", "--note", LONG_NOTE)
    touch_id = json.loads(cli.ok("touches", "-f", "json").stdout)[0]["id"]
    monkeypatch.setenv("COLUMNS", "80")
    listing = cli.ok("touches", "-f", "table").stdout.splitlines()
    assert len(listing) == 3, listing  # header, rule, one line for the touchpoint
    assert listing[2].rstrip().endswith("…") and "Long notes" in listing[2]
    recent = cli.ok("show", "Ana Lima", "-f", "table").stdout
    assert recent.count("point 1 of") == 0 and "Long notes" in recent  # show shortens it too
    whole = cli.ok("touch", str(touch_id), "-f", "table").stdout
    assert " ".join(whole.split()).count("of the meeting.") == 700  # every word, wrapped at spaces
    record = json.loads(cli.ok("touch", str(touch_id), "-f", "json").stdout)
    assert record["note"] == LONG_NOTE
    assert record["contacts"] == ["Ana Lima"] and record["via"] == "call" and record["id"] == touch_id


def test_touch_of_an_unknown_id_is_an_error(cli, empty_db):
    assert "no touchpoint with id 7" in cli.fails(1, "touch", "7").stderr
