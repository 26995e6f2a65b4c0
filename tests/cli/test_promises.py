"""promise, promises, kept, broken, cancel, feedback, and promises in `due`."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import NOW


def day(offset: int) -> str:
    return (NOW.astimezone().date() + timedelta(days=offset)).isoformat()


def test_promise_lifecycle(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("promise", "Ana", "send the quote", "--due", day(3))
    cli.ok("promise", "Ana", "intro to their accountant", "--due", day(-2), "--theirs")
    rows = cli.json("promises")
    assert [(r["owner"], r["what"], r["outcome"]) for r in rows] == [
        ("theirs", "intro to their accountant", "late"),
        ("mine", "send the quote", "open"),
    ]
    mine = rows[1]["id"]
    cli.ok("kept", str(mine))
    assert [r["what"] for r in cli.json("promises")] == ["intro to their accountant"]
    [kept] = [r for r in cli.json("promises", "--all") if r["id"] == mine]
    assert (kept["status"], kept["outcome"], kept["resolved_on"]) == ("kept", "kept", day(0))


def test_kept_after_the_deadline_is_kept_late(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("promise", "Ana", "send the quote", "--due", day(-5))
    [row] = cli.json("promises")
    cli.ok("kept", str(row["id"]), "--at", "2d ago")
    [row] = cli.json("promises", "--all")
    assert row["outcome"] == "kept late"
    cli.ok("broken", str(row["id"]))  # a correction
    assert cli.json("promises", "--all")[0]["outcome"] == "broken"
    cli.ok("cancel", str(row["id"]))
    assert cli.json("promises", "--all")[0]["outcome"] == "cancelled"


def test_promise_errors(cli):
    cli.ok("add", "Ana Lima")
    cli.fails(2, "promise", "Ana", "x", "--due", "whenever")
    cli.fails(2, "promise", "Ana", "   ", "--due", "friday")
    cli.fails(2, "promise", "Ana", "send it")  # --due is required
    cli.fails(1, "promise", "Nobody", "x", "--due", "friday")
    cli.fails(1, "kept", "999")
    cli.fails(2, "kept", "one")
    cli.ok("promise", "Ana", "send the quote", "--due", "friday")
    cli.fails(1, "kept", str(cli.json("promises")[0]["id"]), "--at", "tomorrow")
    assert cli.json("promises")[0]["outcome"] == "open"


def test_promises_in_due(cli, monkeypatch):
    cli.ok("add", "Ana Lima")  # kind other: never due by cadence, so only promises show
    cli.ok("add", "Bruno Costa")
    cli.ok("promise", "Ana", "send the quote", "--due", day(0))
    cli.ok("promise", "Ana", "draft the contract", "--due", day(5))
    cli.ok("promise", "Bruno", "pay the invoice", "--due", day(-3), "--theirs")
    cli.ok("promise", "Bruno", "sign", "--due", day(2), "--theirs")
    rows = cli.json("due")
    assert sorted((r["contact"], r["reason"], r["status"], r["due_on"]) for r in rows) == [
        ("Ana Lima", "promise", "due", day(0)),
        ("Bruno Costa", "chase", "due", day(-3)),
    ]
    within = {(r["reason"], r["due_on"]): r["status"] for r in cli.json("due", "--within", "7d")}
    assert within[("promise", day(5))] == "upcoming"
    assert within[("chase", day(2))] == "upcoming"  # their deadline coming up: chase it the day after
    late = {r["reason"]: r for r in cli.json("due", "--as-of", day(10))}
    assert late["promise"]["status"] == "overdue" and late["chase"]["status"] == "overdue"
    assert list(rows[0]) == ["contact", "status", "reason", "due_on", "days_overdue", "last_contact", "cadence_days", "urgency"]
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: the table's `why` column fits on one line
    table = cli.ok("due", "-f", "table").stdout
    assert "you promised: send the quote" in table
    assert "they promised: pay the invoice" in table


def test_feedback(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("feedback", "Ana", "9", "--note", "would recommend")
    cli.ok("feedback", "Ana", "10", "--at", "2d ago")
    cli.fails(2, "feedback", "Ana", "11")
    cli.fails(2, "feedback", "Ana", "-1")
    cli.fails(1, "feedback", "Ana", "8", "--at", "in 2 days")
    assert cli.json("info")["feedback"] == 2
