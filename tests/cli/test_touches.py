"""log, touches, edit-touch, delete-touch."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.conftest import NOW


def test_log_defaults_to_an_outbound_call_now(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana")
    [touch] = cli.json("touches")
    assert touch["via"] == "call"
    assert touch["direction"] == "out"
    assert touch["contacts"] == ["Ana Lima"]
    assert datetime.fromisoformat(touch["at"]) == NOW


def test_log_with_every_option(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana", "--via", "f2f", "--at", "2026-01-15 14:30", "--note", "lunch; contract talk",
           "--in", "--rating", "5", "--minutes", "90")  # fmt: skip
    [touch] = cli.json("touches")
    assert touch["via"] == "meeting"
    assert touch["at"].startswith("2026-01-15T14:30")
    assert (touch["direction"], touch["rating"], touch["minutes"], touch["note"]) == ("in", 5, 90, "lunch; contract talk")


def test_one_touchpoint_for_several_contacts(cli):
    for name in ("Ana Lima", "Bruno Costa", "Chen Wei"):
        cli.ok("add", name)
    cli.ok("log", "Ana", "Bruno", "Chen", "--via", "meeting")
    touches = cli.json("touches")
    assert len(touches) == 1
    assert touches[0]["contacts"] == ["Ana Lima", "Bruno Costa", "Chen Wei"]
    assert len(cli.json("touches", "Bruno")) == 1
    assert all(r["last_contact"] for r in cli.json("list"))


def test_touches_filters(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("add", "Bruno Costa")
    cli.ok("log", "Ana", "--via", "email", "--at", "40d ago")
    cli.ok("log", "Ana", "--via", "meeting", "--at", "10d ago")
    cli.ok("log", "Bruno", "--via", "call", "--at", "5d ago")
    assert [t["via"] for t in cli.json("touches")] == ["call", "meeting", "email"]  # newest first
    assert [t["via"] for t in cli.json("touches", "Ana")] == ["meeting", "email"]
    assert [t["via"] for t in cli.json("touches", "--since", "30d ago")] == ["call", "meeting"]
    assert [t["via"] for t in cli.json("touches", "--until", "7d ago")] == ["meeting", "email"]
    assert [t["via"] for t in cli.json("touches", "--via", "in-person")] == ["meeting"]
    assert len(cli.json("touches", "--limit", "1")) == 1


def test_future_touchpoint_is_refused_and_nothing_written(cli):
    cli.ok("add", "Ana Lima")
    result = cli.fails(1, "log", "Ana", "--at", "tomorrow")
    assert "future" in result.stderr
    assert cli.json("touches") == []


def test_a_touchpoint_at_this_very_moment_is_not_in_the_future(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana", "--at", "now")
    cli.ok("log", "Ana", "--at", NOW.isoformat())
    assert [datetime.fromisoformat(t["at"]) for t in cli.json("touches")] == [NOW, NOW]
    cli.fails(1, "log", "Ana", "--at", (NOW + timedelta(seconds=1)).isoformat())  # a second later is
    assert len(cli.json("touches")) == 2


def test_edit_touch_by_id(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("add", "Bruno Costa")
    cli.ok("log", "Ana", "--via", "call")
    [touch] = cli.json("touches")
    cli.ok("edit-touch", str(touch["id"]), "--via", "video", "--at", "3d ago", "--add", "Bruno", "--in", "--rating", "4")
    [edited] = cli.json("touches")
    assert edited["via"] == "video"
    assert edited["contacts"] == ["Ana Lima", "Bruno Costa"]
    assert (edited["direction"], edited["rating"]) == ("in", 4)
    cli.ok("edit-touch", str(touch["id"]), "--remove", "Ana")
    assert cli.json("touches")[0]["contacts"] == ["Bruno Costa"]
    cli.fails(1, "edit-touch", str(touch["id"]), "--remove", "Bruno")  # would leave it with nobody
    cli.fails(1, "edit-touch", "999", "--via", "call")
    cli.fails(1, "edit-touch", str(touch["id"]), "--at", "in 2 days")


def test_delete_touch(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana")
    [touch] = cli.json("touches")
    cli.fails(1, "delete-touch", str(touch["id"]))
    assert len(cli.json("touches")) == 1
    cli.ok("delete-touch", str(touch["id"]), "--yes")
    assert cli.json("touches") == []
    cli.fails(1, "delete-touch", "12345", "--yes")


def test_a_note_is_on_the_timeline_but_is_not_contact(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--via", "call", "--at", "30d ago")
    cli.ok("log", "Ana", "--via", "note", "--note", "heard she changed jobs")
    assert len(cli.json("touches")) == 2
    [row] = cli.json("list")
    last = datetime.fromisoformat(row["last_contact"])
    assert NOW - last == timedelta(days=30)
