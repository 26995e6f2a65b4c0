"""report trust (with --explain), report nps, quiet, and the trust parts of show."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import NOW

TRUST_KEYS = [
    "contact", "kind", "trust", "confidence", "trend", "reliability", "consistency", "depth",
    "reciprocity", "satisfaction", "promises_kept", "promises_broken", "touches", "last_contact",
]  # fmt: skip


@pytest.fixture
def history(cli):
    cli.ok("add", "Ana Lima", "--kind", "client", "--tag", "vip")
    cli.ok("add", "Bruno Costa", "--kind", "supplier")
    cli.ok("add", "Chen Wei", "--kind", "prospect")
    for weeks in range(1, 27, 2):
        cli.ok("log", "Ana", "--via", "meeting" if weeks % 4 == 1 else "call", "--at", f"{weeks}w ago",
               "--rating", "5", *(["--in"] if weeks % 3 == 0 else []))  # fmt: skip
    cli.ok("log", "Bruno", "--via", "email", "--at", "200d ago")
    cli.ok("promise", "Ana", "send the quote", "--due", "20d ago")
    cli.ok("kept", "1", "--at", "21d ago")
    cli.ok("promise", "Bruno", "deliver samples", "--due", "30d ago", "--theirs")
    cli.ok("broken", "2")
    cli.ok("feedback", "Ana", "10", "--at", "10d ago")


def test_trust_report_keys_order_and_ranges(cli, history):
    raw = cli.ok("report", "trust", "-f", "csv").stdout.splitlines()
    assert raw[0].split(",") == TRUST_KEYS
    ranked = cli.json("report", "trust")
    assert [r["trust"] for r in ranked] == sorted((r["trust"] for r in ranked), reverse=True)
    rows = {r["contact"]: r for r in ranked}
    for row in rows.values():
        for key in ("trust", "reliability", "consistency", "depth", "reciprocity", "satisfaction"):
            assert 0 <= row[key] <= 100
        assert row["confidence"] in ("low", "medium", "high")
    ana, bruno, chen = rows["Ana Lima"], rows["Bruno Costa"], rows["Chen Wei"]
    assert (ana["promises_kept"], ana["touches"]) == (1, 13)
    assert bruno["promises_broken"] == 1
    assert ana["trust"] > bruno["trust"] and ana["trust"] > chen["trust"]
    assert ana["reliability"] > bruno["reliability"]
    assert ana["depth"] > bruno["depth"]  # meetings and calls beat one email
    assert chen["touches"] == 0 and chen["last_contact"] is None


def test_trust_report_filters_and_sorts(cli, history):
    assert [r["contact"] for r in cli.json("report", "trust", "--kind", "client")] == ["Ana Lima"]
    assert [r["contact"] for r in cli.json("report", "trust", "--tag", "vip")] == ["Ana Lima"]
    assert [r["contact"] for r in cli.json("report", "trust", "--sort", "name")] == ["Ana Lima", "Bruno Costa", "Chen Wei"]
    cli.ok("report", "trust", "--sort", "trend")
    cli.fails(2, "report", "trust", "--sort", "luck")


def test_trust_as_of_the_past_ignores_later_data(cli, history):
    then = cli.json("report", "trust", "--as-of", (NOW.astimezone().date() - timedelta(days=400)).isoformat())
    for row in then:
        assert row["touches"] == 0 and row["promises_kept"] == 0


def test_explain_adds_up(cli, history):
    explained = cli.json("report", "trust", "--explain", "ana")
    [row] = [r for r in cli.json("report", "trust") if r["contact"] == "Ana Lima"]
    assert explained["trust"] == row["trust"]
    weights = {c["name"]: c["weight"] for c in explained["components"]}
    scores = {c["name"]: c["score"] for c in explained["components"]}
    assert abs(sum(weights[n] * scores[n] for n in weights) / sum(weights.values()) - explained["trust"]) < 0.2
    assert all(c["formula"] for c in explained["components"])
    text = cli.ok("report", "trust", "--explain", "ana", "-f", "table").stdout
    for name in ("reliability", "consistency", "depth", "reciprocity", "satisfaction", "weighted mean"):
        assert name in text


def test_config_weights_change_trust(cli, history, isolated):
    (isolated / "config.toml").write_text("[trust.weights]\nreliability = 1\nconsistency = 0\ndepth = 0\nreciprocity = 0\nsatisfaction = 0\n")
    for row in cli.json("report", "trust"):
        assert row["trust"] == row["reliability"]
    (isolated / "config.toml").write_text("[trust.weights]\nluck = 1\n")
    assert "luck" in cli.fails(1, "report", "trust").stderr


def test_nps(cli):
    for name, score in [("Ana", 10), ("Bruno", 9), ("Chen", 7), ("Dina", 3), ("Eva", 6)]:
        cli.ok("add", name, "--kind", "client" if name in ("Ana", "Bruno", "Dina") else "partner")
        cli.ok("feedback", name, str(score))
    cli.ok("feedback", "Dina", "9", "--at", "30d ago")  # older: the latest answer (3) counts
    cli.ok("feedback", "Eva", "10", "--at", "500d ago")  # outside the default window
    [overall] = cli.json("report", "nps")
    assert overall == {"group": "all", "respondents": 5, "promoters": 2, "passives": 1, "detractors": 2, "nps": 0.0}
    by_kind = {r["group"]: r for r in cli.json("report", "nps", "--by", "kind")}
    assert by_kind["client"]["nps"] == pytest.approx(100 * (2 - 1) / 3, abs=0.05)
    assert by_kind["partner"]["nps"] == -50.0
    assert by_kind["all"]["respondents"] == 5
    [since] = cli.json("report", "nps", "--since", "2y ago")
    assert since["respondents"] == 5
    cli.fails(2, "report", "nps", "--by", "colour")


def test_nps_with_no_answers(cli, empty_db):
    assert cli.json("report", "nps") == [
        {"group": "all", "respondents": 0, "promoters": 0, "passives": 0, "detractors": 0, "nps": None}
    ]


def test_quiet_by_own_rhythm_and_in_due(cli):
    cli.ok("add", "Ana Lima")  # kind other: no cadence, so only her rhythm can make her quiet
    for days in (40, 35, 30, 25):  # every 5 days, then silence
        cli.ok("log", "Ana", "--at", f"{days}d ago")
    [row] = cli.json("quiet")
    assert (row["rhythm_days"], row["gap_days"], row["basis"]) == (5.0, 25, "rhythm")
    assert row["ratio"] == 5.0
    assert row["quiet_since"] == (NOW.astimezone().date() - timedelta(days=25 - 14)).isoformat()  # 14-day minimum gap
    [due] = cli.json("due")
    assert (due["contact"], due["reason"]) == ("Ana Lima", "quiet")
    cli.ok("log", "Ana")
    assert cli.json("quiet") == [] and cli.json("due") == []


def test_quiet_falls_back_to_cadence_with_little_history(cli):
    cli.ok("add", "Ana Lima", "--every", "1w")
    cli.ok("log", "Ana", "--at", "30d ago")
    [row] = cli.json("quiet")
    assert (row["basis"], row["rhythm_days"], row["gap_days"]) == ("cadence", 7.0, 30)
    [due] = cli.json("due")
    assert due["reason"] == "cadence"  # one row per contact: the cadence comes first


def test_show_has_trust_promises_and_a_year_of_contact(cli, history):
    profile = cli.json("show", "ana")
    assert 0 <= profile["trust"] <= 100
    assert set(profile["trust_components"]) == {"reliability", "consistency", "depth", "reciprocity", "satisfaction"}
    assert len(profile["contacts_per_month"]) == 12
    assert sum(profile["contacts_per_month"].values()) == 13
    assert len(profile["last_12_months"]) == 12
    assert profile["open_promises"] == []
    bruno = cli.json("show", "bruno")
    assert bruno["open_promises"] == []
    cli.ok("promise", "Bruno", "call back", "--due", "friday")
    assert cli.json("show", "bruno")["open_promises"][0]["what"] == "call back"
    table = cli.ok("show", "bruno", "-f", "table").stdout
    assert "Trust" in table and "call back" in table
