"""report frequency: tidy, zero-filled rows checked against hand-counted data."""

from __future__ import annotations

import pytest

KEYS = ["contact", "period_start", "touches", "inbound", "outbound",
        "meeting", "video", "call", "message", "email", "social", "letter"]  # fmt: skip


@pytest.fixture
def history(cli):
    cli.ok("add", "Ana Lima", "--kind", "client", "--tag", "vip")
    cli.ok("add", "Bruno Costa", "--kind", "supplier")
    cli.ok("log", "Ana", "--via", "meeting", "--at", "2026-01-05 10:00")
    cli.ok("log", "Ana", "--via", "call", "--at", "2026-01-20 16:00", "--in")
    cli.ok("log", "Ana", "Bruno", "--via", "email", "--at", "2026-03-31 23:30")  # one touchpoint, two contacts
    cli.ok("log", "Ana", "--via", "note", "--at", "2026-03-15 12:00")  # a note is not contact
    cli.ok("log", "Bruno", "--via", "video", "--at", "2026-04-01 00:30", "--in")
    cli.ok("log", "Bruno", "--via", "letter", "--at", "2025-12-31 12:00")  # before the range


def test_monthly_rows_are_zero_filled_and_hand_counted(cli, history):
    raw = cli.ok("report", "frequency", "--since", "2026-01-01", "--until", "2026-04-30", "-f", "csv").stdout
    assert raw.splitlines()[0].split(",") == KEYS
    rows = cli.json("report", "frequency", "--since", "2026-01-01", "--until", "2026-04-30")
    got = {(r["contact"], r["period_start"]): (r["touches"], r["inbound"], r["outbound"], r["meeting"], r["call"], r["email"], r["video"]) for r in rows}
    assert got == {
        ("Ana Lima", "2026-01-01"): (2, 1, 1, 1, 1, 0, 0),
        ("Ana Lima", "2026-02-01"): (0, 0, 0, 0, 0, 0, 0),
        ("Ana Lima", "2026-03-01"): (1, 0, 1, 0, 0, 1, 0),
        ("Ana Lima", "2026-04-01"): (0, 0, 0, 0, 0, 0, 0),
        ("Bruno Costa", "2026-01-01"): (0, 0, 0, 0, 0, 0, 0),
        ("Bruno Costa", "2026-02-01"): (0, 0, 0, 0, 0, 0, 0),
        ("Bruno Costa", "2026-03-01"): (1, 0, 1, 0, 0, 1, 0),
        ("Bruno Costa", "2026-04-01"): (1, 1, 0, 0, 0, 0, 1),
    }
    assert [r["period_start"] for r in rows[:4]] == ["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]


def test_weeks_start_on_monday_and_quarters_on_the_first_month(cli, history):
    weeks = cli.json("report", "frequency", "--period", "week", "--since", "2026-03-30", "--until", "2026-04-05", "--kind", "supplier")
    assert [(r["period_start"], r["touches"]) for r in weeks] == [("2026-03-30", 2)]
    quarters = cli.json("report", "frequency", "--period", "quarter", "--since", "2025-12-01", "--until", "2026-06-30", "--tag", "vip")
    assert [(r["period_start"], r["touches"]) for r in quarters] == [("2025-10-01", 0), ("2026-01-01", 3), ("2026-04-01", 0)]


def test_by_channel(cli, history):
    rows = cli.json("report", "frequency", "--since", "2026-01-01", "--until", "2026-04-30", "--by", "channel")
    assert list(rows[0]) == ["channel", "period_start", "touches", "inbound", "outbound"]
    email = {r["period_start"]: r["touches"] for r in rows if r["channel"] == "email"}
    assert email == {"2026-01-01": 0, "2026-02-01": 0, "2026-03-01": 1, "2026-04-01": 0}  # one email with two contacts: once
    assert {r["channel"] for r in rows} == {"meeting", "video", "call", "message", "email", "social", "letter"}


def test_default_is_the_last_twelve_months_and_table_summary(cli, history, monkeypatch):
    rows = cli.json("report", "frequency")
    assert len(rows) == 2 * 12
    monkeypatch.setenv("COLUMNS", "160")
    table = cli.ok("report", "frequency", "--since", "2026-01-01", "--until", "2026-04-30", "-f", "table").stdout
    ana = next(line for line in table.splitlines() if "Ana Lima" in line)
    assert "▁" in ana or "█" in ana
    cells = [cell for cell in ana.split() if cell != "│"]
    assert cells[-3:] == ["3", "0.8", "-1"]  # total, per month (3/4), (Mar 1 + Apr 0) - (Jan 2 + Feb 0)


def test_errors(cli, history):
    cli.fails(2, "report", "frequency", "--period", "fortnight")
    cli.fails(2, "report", "frequency", "--by", "mood")
    cli.fails(2, "report", "frequency", "--since", "2026-05-01", "--until", "2026-04-01")
