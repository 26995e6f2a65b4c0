"""Dates as people type them, through the commands: the config's day order, `-1m` without `--`."""

from __future__ import annotations

import json

import pytest

from reltrack.cli.params import negative_values_as_arguments

# NOW (tests/conftest.py) is Tuesday 2026-12-01 12:00 UTC


@pytest.fixture
def ana(cli):  # type: ignore[no-untyped-def]
    cli.ok("add", "Ana Lima", "--every", "2w")


@pytest.mark.parametrize(
    ("typed", "day"),
    [("31.12.2026", "2026-12-31"), ("31/12/2026", "2026-12-31"), ("2026/12/31", "2026-12-31"), ("Dec 31", "2026-12-31"),
     ("31 Dec", "2026-12-31"), ("next week", "2026-12-07"), ("next friday", "2026-12-04"), ("tomorrow 3pm", "2026-12-02")],
)  # fmt: skip
def test_follow_up_dates_as_typed(cli, ana, typed, day):
    assert f"Follow up with Ana Lima on {day}." in cli.ok("followup", "ana", typed).stderr


def test_last_tuesday_on_a_tuesday_is_a_week_ago(cli, ana):
    cli.ok("log", "ana", "--at", "last tuesday")
    cli.ok("log", "ana", "--at", "tuesday 9:00")  # plain tuesday: today
    assert [t["at"][:16] for t in cli.json("touches")] == ["2026-12-01T09:00", "2026-11-24T00:00"]


def test_in_five_minutes_and_friday_at_three(cli, ana):
    cli.ok("promise", "ana", "call back", "--due", "friday 15:00")
    assert cli.json("promises")[0]["due_on"] == "2026-12-04"
    cli.ok("log", "ana", "--at", "5 minutes ago")
    assert cli.json("touches")[0]["at"].startswith("2026-12-01T11:55")


def test_the_ambiguous_month_first_form_is_refused_unless_the_config_says_so(cli, ana, isolated):
    message = cli.fails(2, "followup", "ana", "12/31").stderr
    assert "reltrack reads D/M (day-first)" in message and 'order = "month-first" under [dates]' in message
    (isolated / "config.toml").write_text('[dates]\norder = "month-first"\n', encoding="utf-8")
    assert "on 2026-12-31." in cli.ok("followup", "ana", "12/31").stderr
    assert "on 2027-06-05." in cli.ok("followup", "ana", "6/5/2027").stderr


def test_a_bad_day_order_in_the_config_is_refused(cli, ana, isolated):
    (isolated / "config.toml").write_text('[dates]\norder = "year-first"\n', encoding="utf-8")
    assert 'dates.order: expected "day-first" or "month-first"' in cli.fails(1, "followup", "ana", "friday").stderr


def test_a_negative_offset_is_a_value_not_an_option(cli, ana):
    result = cli("followup", "ana", "-1m")
    assert "no such option" not in result.stderr
    if result.exit_code == 0:  # a follow-up in the past may be refused; never taken for an option
        assert "on 2026-11-01." in result.stderr
    cli.ok("log", "ana", "--at", "-1w", "--note", "-5 degrees outside")
    assert cli.json("touches")[0]["note"] == "-5 degrees outside"


OPTIONS = [type("P", (), {"param_type_name": "option", "is_flag": flag, "count": False, "opts": opts}) for opts, flag in
           [(["--at"], False), (["--note", "-n"], False), (["--yes", "-y"], True)]]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "read"),
    [
        (["ana", "-1m"], ["--", "ana", "-1m"]),
        (["ana", "-y", "-2w", "--at", "-1d"], ["-y", "--at", "-1d", "--", "ana", "-2w"]),
        (["ana", "-n", "-5 degrees", "-3d"], ["-n", "-5 degrees", "--", "ana", "-3d"]),
        (["ana", "--at", "-1d"], ["--at", "-1d", "--", "ana"]),
        (["ana", "-y"], ["ana", "-y"]),  # nothing negative: unchanged
        (["ana", "--", "-1m"], ["ana", "--", "-1m"]),  # already explicit
    ],
)
def test_negative_values_are_read_as_arguments(args, read):
    assert negative_values_as_arguments(args, OPTIONS) == read
