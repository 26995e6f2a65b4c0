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
    assert (row["outcome"], row["resolved_on"]) == ("kept late", day(-2))


def test_a_settled_promise_is_never_rewritten_without_force(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("promise", "Ana", "send the quote", "--due", day(-10))
    [row] = cli.json("promises")
    ident = str(row["id"])
    cli.ok("kept", ident, "--at", day(-12))
    for again in (["kept", ident], ["broken", ident], ["cancel", ident], ["broken", ident, "--at", "1d ago"]):
        refused = cli.fails(1, *again)
        assert f"already kept on {day(-12)}" in refused.stderr and "--force" in refused.stderr
    assert [(r["outcome"], r["resolved_on"]) for r in cli.json("promises", "--all")] == [("kept", day(-12))]
    cli.ok("broken", ident, "--at", "1d ago", "--force")  # a correction, on purpose
    assert [(r["outcome"], r["resolved_on"]) for r in cli.json("promises", "--all")] == [("broken", day(-1))]
    assert f"already broken on {day(-1)}" in cli.fails(1, "cancel", ident).stderr
    cli.ok("cancel", ident, "--force")
    assert cli.json("promises", "--all")[0]["outcome"] == "cancelled"


def test_reopen_edit_and_delete_a_promise(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("promise", "Ana", "send the quote", "--due", day(-3))
    [row] = cli.json("promises")
    ident = str(row["id"])
    cli.fails(1, "reopen", ident)  # open already
    cli.ok("kept", ident, "--at", "1d ago")
    assert cli.json("promises") == []
    cli.ok("reopen", ident)
    [row] = cli.json("promises")
    assert (row["status"], row["outcome"], row["resolved_on"]) == ("open", "late", None)
    cli.ok("kept", ident, "--at", "1d ago")  # open again, so no --force needed
    cli.ok("edit-promise", ident, "--what", "send the  revised quote", "--due", day(5))
    [row] = cli.json("promises", "--all")
    assert (row["what"], row["due_on"], row["outcome"]) == ("send the revised quote", day(5), "kept")  # judged by the new deadline
    cli.fails(2, "edit-promise", ident)  # nothing to change
    cli.fails(2, "edit-promise", ident, "--what", "  ")
    cli.fails(2, "edit-promise", ident, "--due", "whenever")
    cli.fails(1, "edit-promise", "999", "--what", "x")
    cli.fails(1, "reopen", "999")
    assert "without --yes" in cli.fails(1, "delete-promise", ident).stderr  # not on a terminal
    assert len(cli.json("promises", "--all")) == 1
    cli.ok("delete-promise", ident, "--yes")
    assert cli.json("promises", "--all") == []
    cli.fails(1, "delete-promise", ident, "--yes")


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


def test_feedbacks_lists_them_newest_first_in_every_format_and_delete_feedback(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("add", "Bruno Costa")
    cli.ok("feedback", "Ana", "9", "--note", "would recommend", "--at", "3d ago")
    cli.ok("feedback", "Bruno", "4", "--at", "1d ago")
    cli.ok("feedback", "Ana", "7", "--at", "10d ago")
    rows = cli.json("feedbacks")
    assert [(r["contact"], r["score"], r["note"]) for r in rows] == [("Bruno Costa", 4, None), ("Ana Lima", 9, "would recommend"), ("Ana Lima", 7, None)]
    assert list(rows[0]) == ["id", "contact", "score", "at", "note"]
    assert rows[0]["at"].startswith((NOW.astimezone().date() - timedelta(days=1)).isoformat())
    assert [r["score"] for r in cli.json("feedbacks", "ana")] == [9, 7]
    assert [r["score"] for r in cli.csv("feedbacks", "ana")] == ["9", "7"]
    tsv = cli.ok("feedbacks", "ana", "-f", "tsv").stdout.splitlines()
    assert tsv[0] == "id\tcontact\tscore\tat\tnote" and tsv[1].split("\t")[2:3] == ["9"] and len(tsv) == 3
    table = cli.ok("feedbacks", "-f", "table").stdout
    assert "would recommend" in table and "Bruno Costa" in table
    shown = cli.json("show", "ana")["feedback"]
    assert [(r["score"], r["note"]) for r in shown] == [(9, "would recommend"), (7, None)]
    assert "would recommend" in cli.ok("show", "ana", "-f", "table").stdout
    ident = str(rows[1]["id"])
    cli.fails(1, "delete-feedback", ident)  # not on a terminal, no --yes
    cli.ok("delete-feedback", ident, "--yes")
    assert [r["score"] for r in cli.json("feedbacks", "ana")] == [7]
    cli.fails(1, "delete-feedback", ident, "--yes")
    cli.fails(1, "feedbacks", "Nobody")
    assert cli.json("feedbacks", "bruno")[0]["score"] == 4
    cli.ok("delete-feedback", str(rows[0]["id"]), "--yes")
    assert cli.json("feedbacks", "bruno") == []
    empty = cli.ok("feedbacks", "bruno", "-f", "table")
    assert "No feedback yet" in empty.stdout + empty.stderr
