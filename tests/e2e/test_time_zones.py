"""A settled outcome never changes after the fact: the day a promise was settled is fixed where it
was recorded, whatever the time zone of the laptop that reads it later (docs/dates.md)."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from tests.conftest import NOW

DEADLINE = (NOW - timedelta(days=11)).date()  # the promise's deadline, a day in the past
ZONES = ("UTC", "Europe/Oslo", "Asia/Tokyo", "America/Los_Angeles")


def run_in(reltrack, zone: str, *args: str) -> str:
    result = reltrack(*args, env={"TZ": zone})
    assert result.returncode == 0, result.stderr
    return result.stdout


def outcomes_and_trust(reltrack, zone: str, db: str) -> tuple[list[tuple[str, str, str]], str]:
    promises = json.loads(run_in(reltrack, zone, "--db", db, "promises", "--all", "-f", "json"))
    [trust] = list(csv.DictReader(io.StringIO(run_in(reltrack, zone, "--db", db, "report", "trust", "-f", "csv"))))
    return [(p["what"], p["outcome"], p["resolved_on"]) for p in promises], trust["trust"]


def test_kept_late_at_night_stays_as_recorded_in_every_time_zone(reltrack, tmp_path):
    db = str(tmp_path / "zones.db")
    run_in(reltrack, "UTC", "--db", db, "add", "Ana Lima", "--kind", "client")
    run_in(reltrack, "UTC", "--db", db, "log", "Ana", "--at", (DEADLINE - timedelta(days=10)).isoformat())
    for what in ("the quote", "the contract"):
        run_in(reltrack, "UTC", "--db", db, "promise", "Ana", what, "--due", DEADLINE.isoformat())
    # 23:30 UTC on the deadline: still that day in UTC, already the next day in Oslo and Tokyo
    run_in(reltrack, "UTC", "--db", db, "kept", "1", "--at", f"{DEADLINE.isoformat()}T23:30:00+00:00")
    # 00:30 in Oslo the day after the deadline: the previous evening in UTC and Los Angeles
    run_in(reltrack, "Europe/Oslo", "--db", db, "kept", "2", "--at", f"{(DEADLINE + timedelta(days=1)).isoformat()} 00:30")
    expected = [
        ("the quote", "kept", DEADLINE.isoformat()),
        ("the contract", "kept late", (DEADLINE + timedelta(days=1)).isoformat()),
    ]
    seen = {zone: outcomes_and_trust(reltrack, zone, db) for zone in ZONES}
    assert {zone: outcomes for zone, (outcomes, _) in seen.items()} == {zone: expected for zone in ZONES}
    assert len({trust for _, trust in seen.values()}) == 1, seen  # one kept on time, one late: the same score everywhere


def test_an_export_read_back_in_another_time_zone_keeps_the_outcome(reltrack, tmp_path):
    db = str(tmp_path / "utc.db")
    run_in(reltrack, "UTC", "--db", db, "add", "Ana Lima")
    run_in(reltrack, "UTC", "--db", db, "promise", "Ana", "the quote", "--due", DEADLINE.isoformat())
    run_in(reltrack, "UTC", "--db", db, "kept", "1", "--at", f"{DEADLINE.isoformat()}T23:30:00+00:00")  # on time, in UTC
    for fmt in ("csv", "json"):
        exported = tmp_path / f"promises.{fmt}"  # written in Tokyo, where that moment is the next morning
        exported.write_text(run_in(reltrack, "Asia/Tokyo", "--db", db, "export", "promises", "-f", fmt), encoding="utf-8")
        target = str(tmp_path / f"read-back-{fmt}.db")
        run_in(reltrack, "Europe/Oslo", "--db", target, "add", "Ana Lima")
        run_in(reltrack, "Europe/Oslo", "--db", target, "import", str(exported))
        [row] = json.loads(run_in(reltrack, "Europe/Oslo", "--db", target, "promises", "--all", "-f", "json"))
        assert (row["outcome"], row["resolved_on"]) == ("kept", DEADLINE.isoformat()), fmt
