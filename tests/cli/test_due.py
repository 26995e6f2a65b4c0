"""due, followup, snooze: the morning list."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import NOW


def today() -> date:
    return NOW.astimezone().date()


def test_empty_database_gives_a_friendly_hint(cli, empty_db):
    result = cli.ok("due")
    assert "reltrack add" in result.stderr
    assert result.stdout.splitlines()[0].startswith("contact\tstatus")  # piped: header only
    assert cli.json("due") == []


def test_columns_in_order(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "20d ago")
    header = cli.ok("due", "--format", "csv").stdout.splitlines()[0]
    assert header == "contact,status,reason,due_on,days_overdue,last_contact,cadence_days,urgency"
    [row] = cli.json("due")
    assert list(row) == header.split(",")
    assert row["status"] == "due"  # 20 days on a 2-week cadence; overdue from 21 days (1.5 x)
    assert row["reason"] == "cadence"
    assert row["due_on"] == (today() - timedelta(days=6)).isoformat()
    assert row["days_overdue"] == 6
    assert row["cadence_days"] == 14


def test_overdue_after_max_gap(cli):
    cli.ok("add", "Ana Lima", "--every", "1w", "--max", "10d")
    cli.ok("log", "Ana", "--at", "10d ago")
    [row] = cli.json("due")
    assert row["status"] == "overdue"
    assert row["days_overdue"] == 3


def test_back_dated_log_counts_from_its_own_date_and_never_moves_last_contact_back(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "3d ago")
    assert cli.json("due") == []
    cli.ok("log", "Ana", "--at", "40d ago")  # typed today, happened long ago
    assert cli.json("due") == []
    [row] = cli.json("list")
    assert row["last_contact"].startswith((today() - timedelta(days=3)).isoformat())


def test_never_contacted_counts_from_when_added_and_kind_other_has_no_cadence(cli):
    cli.ok("add", "Ana Lima", "--kind", "prospect")
    cli.ok("add", "Zé Ninguém")  # kind other: no default cadence
    assert cli.json("due") == []
    [row] = cli.json("due", "--within", "8d")
    assert (row["contact"], row["status"], row["last_contact"]) == ("Ana Lima", "upcoming", None)
    assert row["due_on"] == (today() + timedelta(days=7)).isoformat()
    assert row["days_overdue"] == -7
    rows = cli.json("due", "--as-of", (today() + timedelta(days=30)).isoformat())
    assert [r["contact"] for r in rows] == ["Ana Lima"]
    assert rows[0]["status"] == "overdue"


def test_as_of_ignores_later_touchpoints(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "60d ago")
    cli.ok("log", "Ana", "--at", "1d ago")
    assert cli.json("due") == []
    [row] = cli.json("due", "--as-of", "5d ago")
    assert row["status"] == "overdue"
    assert row["last_contact"].startswith((today() - timedelta(days=60)).isoformat())


def test_explicit_followup_overrides_cadence_until_a_later_touchpoint(cli, clock):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "1d ago", "--next", "2d ago", "--force")
    [row] = cli.json("due")
    assert (row["reason"], row["due_on"]) == ("followup", (today() - timedelta(days=2)).isoformat())
    cli.ok("log", "Ana", "--at", "3d ago")  # older: does not end the follow-up
    assert cli.json("due")[0]["reason"] == "followup"
    clock(seconds=1)  # times are stored to the second: the next touchpoint comes a second later
    cli.ok("log", "Ana")  # a touchpoint after it was set: back to the cadence
    assert cli.json("due") == []


def test_a_follow_up_in_the_past_is_refused_unless_forced(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    refused = cli.fails(1, "log", "Ana", "--next", "2 weeks ago")
    assert (today() - timedelta(days=14)).isoformat() in refused.stderr and "--force" in refused.stderr
    assert cli.json("touches") == []  # nothing written: not the touchpoint either
    cli.fails(1, "followup", "Ana", "2 weeks ago")
    cli.fails(1, "followup", "Ana", "yesterday")
    assert cli.json("show", "Ana")["followup_on"] is None
    cli.ok("followup", "Ana", "today")  # today is not the past
    assert cli.json("show", "Ana")["followup_on"] == today().isoformat()
    cli.ok("followup", "Ana", "2 weeks ago", "--force")
    [row] = cli.json("due")
    assert (row["reason"], row["due_on"], row["days_overdue"]) == ("followup", (today() - timedelta(days=14)).isoformat(), 14)


def test_log_next_sets_a_follow_up_that_the_same_touchpoint_does_not_end(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--next", "in 3 days")  # the touchpoint and the follow-up share this moment
    [row] = cli.json("due", "--within", "5d")
    assert (row["reason"], row["due_on"]) == ("followup", (today() + timedelta(days=3)).isoformat())


def test_followup_command_and_clear(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "1h ago")
    cli.ok("followup", "Ana", "in 3 days")
    [row] = cli.json("due", "--within", "5d")
    assert (row["reason"], row["status"]) == ("followup", "upcoming")
    assert row["due_on"] == (today() + timedelta(days=3)).isoformat()
    cli.ok("followup", "Ana", "--clear")
    assert cli.json("due", "--within", "5d") == []
    cli.fails(2, "followup", "Ana")
    cli.fails(2, "followup", "Ana", "someday")


def test_snooze_hides_until_then(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "30d ago")
    cli.ok("snooze", "Ana", "1w")
    assert cli.json("due") == []
    assert [r["contact"] for r in cli.json("due", "--as-of", "in 8 days")] == ["Ana Lima"]
    cli.ok("snooze", "Ana", "--clear")
    assert len(cli.json("due")) == 1
    cli.ok("snooze", "Ana", (today() + timedelta(days=2)).isoformat())
    assert cli.json("due") == []
    cli.fails(1, "snooze", "Ana", "yesterday")
    cli.fails(2, "snooze", "Ana", "whenever")


def test_snooze_hides_only_until_it_ends_so_what_comes_after_is_upcoming(cli):
    from icalendar import Calendar

    cli.ok("add", "Ana Lima", "--every", "2w")
    cli.ok("log", "Ana", "--at", "3d ago")  # due in 11 days
    cli.ok("snooze", "Ana", (today() + timedelta(days=7)).isoformat())
    assert cli.json("due") == []
    [row] = cli.json("due", "--within", "30d")
    assert (row["status"], row["due_on"]) == ("upcoming", (today() + timedelta(days=11)).isoformat())
    assert cli.json("due", "--within", "10d") == []  # due after the span
    feed = Calendar.from_ical(cli.ok("export", "due", "--within", "30d").stdout)
    [event] = feed.walk("VEVENT")
    assert event.decoded("DTSTART") == today() + timedelta(days=11)


def test_a_contact_due_while_snoozed_comes_up_the_day_the_snooze_ends(cli):
    cli.ok("add", "Ana Lima", "--every", "1w")
    cli.ok("log", "Ana", "--at", "8d ago")  # due yesterday
    cli.ok("snooze", "Ana", (today() + timedelta(days=5)).isoformat())
    assert cli.json("due", "--within", "4d") == []
    [row] = cli.json("due", "--within", "5d")
    assert (row["status"], row["due_on"], row["days_overdue"]) == ("upcoming", (today() + timedelta(days=5)).isoformat(), -5)


def test_snooze_keeps_promise_deadlines(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "30d ago")
    cli.ok("promise", "Ana", "Send the quote", "--due", "tomorrow")
    cli.ok("snooze", "Ana", "1w")
    assert [r["reason"] for r in cli.json("due", "--within", "3d")] == ["promise"]


def test_most_urgent_first(cli):
    cli.ok("add", "Weekly Wanda", "--every", "1w")
    cli.ok("add", "Quarterly Quinn", "--every", "3mo")
    cli.ok("log", "Weekly", "--at", "14d ago")  # 7 days late on a 7-day rhythm
    cli.ok("log", "Quarterly", "--at", "100d ago")  # a week or so late on a 90-day rhythm
    rows = cli.json("due")
    assert [r["contact"] for r in rows] == ["Weekly Wanda", "Quarterly Quinn"]
    assert rows[0]["urgency"] > rows[1]["urgency"]


def test_within_lists_due_and_overdue_by_urgency_then_upcoming_by_date(cli):
    cli.ok("add", "Due Dora", "--every", "2w")
    cli.ok("log", "Due", "--at", "14d ago")  # due today: urgency 0
    cli.ok("add", "Late Lars", "--every", "1w")
    cli.ok("log", "Late", "--at", "12d ago")  # overdue
    cli.ok("add", "Promised Pia")
    cli.ok("promise", "Promised", "send the deck", "--due", "in 3 days")  # upcoming, yet urgency 0.71
    cli.ok("add", "Soon Sven", "--every", "2w")
    cli.ok("log", "Soon", "--at", "13d ago")  # upcoming tomorrow, urgency -0.71
    rows = cli.json("due", "--within", "7d")
    assert [(r["contact"], r["status"]) for r in rows] == [
        ("Late Lars", "overdue"),
        ("Due Dora", "due"),
        ("Soon Sven", "upcoming"),
        ("Promised Pia", "upcoming"),
    ]
    assert rows[3]["urgency"] > rows[1]["urgency"]  # urgency alone would have put the promise above Dora


def test_check_exits_1_when_something_is_due(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("due", "--check")
    cli.ok("due", "--check", "--within", "30d")  # upcoming alone is not due
    cli.ok("due", "--check", "--format", "table")
    cli.ok("log", "Ana", "--at", "30d ago")
    assert cli("due", "--check").exit_code == 1
    checked = cli("due", "--check", "--format", "table")  # the table view keeps the same rule
    assert checked.exit_code == 1 and "Ana Lima" in checked.stdout and checked.stderr == ""


def test_config_changes_kind_defaults(cli, isolated):
    (isolated / "config.toml").write_text('[cadence]\nclient = "3d"\nother = "1w"\n', encoding="utf-8")
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("add", "Zé Ninguém")
    cli.ok("log", "Ana", "Zé", "--at", "4d ago")
    assert [r["contact"] for r in cli.json("due")] == ["Ana Lima"]
    assert cli.json("show", "Zé")["cadence"] == "1w (from kind)"


def test_bad_config_is_a_one_line_error(cli, isolated):
    cli.ok("add", "Ana Lima", "--kind", "client")
    (isolated / "config.toml").write_text('[cadence]\nclient = "often"\n', encoding="utf-8")
    assert "cadence.client" in cli.fails(1, "due").stderr
    assert "cadence.client" in cli.fails(1, "add", "Bruno Costa").stderr  # writers stop too
    (isolated / "config.toml").unlink()
    assert [r["name"] for r in cli.json("list")] == ["Ana Lima"]
    (isolated / "config.toml").write_text("[cadence\n", encoding="utf-8")
    cli.fails(1, "due")


def test_max_factor_below_one_is_refused_as_a_config_error(cli, isolated):
    cli.ok("add", "Ana Lima", "--every", "2w")
    cli.ok("log", "Ana", "--at", "10d ago")
    config = isolated / "config.toml"
    for wrong in ("0.5", "0.99", "0", "-1", "inf", "nan", "1000"):
        config.write_text(f"[due]\nmax_factor = {wrong}\n", encoding="utf-8")
        assert "due.max_factor" in cli.fails(1, "due").stderr, wrong
    config.write_text("[due]\nmax_factor = 1\n", encoding="utf-8")  # overdue the day it is due
    [row] = cli.json("due", "--as-of", "in 4 days")
    assert row["status"] == "overdue"
    assert cli.json("due") == []  # the cadence itself is untouched: due in 4 days, not before


def test_within_keeps_a_quiet_row_instead_of_an_upcoming_one(cli):
    cli.ok("add", "Rui Prata", "--kind", "partner")  # monthly cadence: next due in about two weeks
    for days_ago in range(29, 14, -2):  # every 2 days, then silent for 15
        cli.ok("log", "Rui", "--at", f"{days_ago}d ago")
    assert [(r["status"], r["reason"]) for r in cli.json("due")] == [("due", "quiet")]
    assert [(r["status"], r["reason"]) for r in cli.json("due", "--within", "30d")] == [("due", "quiet")]


def test_as_of_a_date_counts_that_days_touchpoints(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("log", "Ana", "--at", "30d ago")
    cli.ok("log", "Ana", "--at", f"{(today() - timedelta(days=1)).isoformat()} 15:00")
    assert cli.json("due", "--as-of", "yesterday") == []  # met in the afternoon of that day
    assert cli.json("due", "--as-of", "today") == cli.json("due") == []


def test_a_max_shorter_than_the_inherited_cadence_bounds_it(cli):
    cli.ok("add", "Mia Berg", "--kind", "client", "--max", "1w")  # clients: every 2 weeks
    cli.ok("add", "Ola Nord", "--max", "1w")  # kind other: no cadence of its own
    cli.ok("log", "Mia", "Ola", "--at", "10d ago")
    rows = cli.json("due")
    assert [(r["contact"], r["status"]) for r in rows] == [("Mia Berg", "overdue"), ("Ola Nord", "overdue")]
    assert rows[0]["due_on"] == (today() - timedelta(days=3)).isoformat()
