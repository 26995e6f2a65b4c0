"""table | tsv | csv | json: parsed back, stable keys, safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import json

from reltrack.store.db import display_url


def test_default_is_tsv_with_header_when_piped(cli):
    cli.ok("add", "Ana Lima", "--kind", "client", "--note", "likes\ttabs")
    lines = cli.ok("list").stdout.splitlines()
    assert lines[0].startswith("name\tkind\t")
    assert lines[1].split("\t")[:2] == ["Ana Lima", "client"]
    assert "\x1b[" not in cli.ok("list").stdout  # no colour codes in pipes


def test_csv_is_rfc4180_and_round_trips_awkward_text(cli):
    note = 'said "call me", then left;\nsecond line, with commas'
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana", "--note", note)
    result = cli.ok("touches", "--format", "csv")
    assert result.stdout_bytes.endswith(b"\r\n")
    raw = result.stdout_bytes.decode()
    [row] = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert row["note"] == note
    assert row["contacts"] == "Ana Lima"


def test_json_is_an_array_of_objects_with_iso_dates(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana", "--at", "2026-03-01 09:15", "--rating", "4")
    [touch] = json.loads(cli.ok("touches", "-f", "json").stdout)
    assert touch["at"].startswith("2026-03-01T09:15:00")
    assert touch["rating"] == 4 and touch["minutes"] is None


def test_csv_injection_is_neutralised_but_numbers_and_phones_are_not(cli):
    cli.ok("add", "=HYPERLINK(\"http://evil\")", "--phone", "+47 22 33 44 55", "--org", "@corp")
    cli.ok("add", "Bruno Costa", "--phone", "-(351) 21-000", "--org", "+cmd|' /C calc'!A0")
    cli.ok("log", "Bruno", "--at", "20d ago")
    rows = {r["phone"]: r for r in cli.csv("list")}
    first, second = rows["+47 22 33 44 55"], rows["-(351) 21-000"]
    assert first["name"] == "'=HYPERLINK(\"http://evil\")"
    assert first["org"] == "'@corp"
    assert second["org"].startswith("'+cmd")
    # numbers stay numbers: a negative days_overdue is not a formula
    cli.ok("add", "Chen Wei", "--kind", "prospect")
    due = {r["contact"]: r for r in cli.csv("due", "--within", "30d")}
    assert due["Chen Wei"]["days_overdue"] == "-7"
    # json is not a spreadsheet format: values are untouched
    assert any(r["name"] == "=HYPERLINK(\"http://evil\")" for r in cli.json("list"))


def test_no_color_and_table_format(cli, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "40d ago")
    out = cli.ok("due", "-f", "table").stdout
    assert "Ana Lima" in out and "overdue" in out
    assert "\x1b[" not in out


def test_info_reports_location_schema_and_counts(cli, database_url):
    cli.ok("add", "Ana Lima")
    info = cli.json("info")
    assert info["database"] == (database_url if "://" not in database_url else display_url(database_url))
    assert info["schema"]
    assert info["contacts"] == 1
    assert info["config"].endswith("config.toml (not present: defaults in use)")
