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
    assert [(r["contact"], r["confidence"]) for r in ranked] == [("Ana Lima", "high"), ("Bruno Costa", "low"), ("Chen Wei", "low")]
    low = [r["trust"] for r in ranked if r["confidence"] == "low"]
    assert low == sorted(low, reverse=True)
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
    by_trend = cli.json("report", "trust", "--sort", "trend")
    assert [(r["contact"], r["trend"]) for r in by_trend] == [("Ana Lima", 5.3), ("Bruno Costa", -7.7), ("Chen Wei", None)]  # rising first, none last
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


def test_nps_promoters_are_nine_and_ten_passives_seven_and_eight(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("feedback", "Ana", "8")
    assert cli.json("report", "nps") == [{"group": "all", "respondents": 1, "promoters": 0, "passives": 1, "detractors": 0, "nps": 0.0}]
    cli.ok("feedback", "Ana", "9", "--at", "1d ago")  # older than the 8: the 8 still counts
    assert cli.json("report", "nps")[0]["nps"] == 0.0
    cli.ok("add", "Bruno Costa")
    cli.ok("feedback", "Bruno", "9")
    cli.ok("add", "Chen Wei")
    cli.ok("feedback", "Chen", "6")
    assert cli.json("report", "nps") == [{"group": "all", "respondents": 3, "promoters": 1, "passives": 1, "detractors": 1, "nps": 0.0}]


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


def test_quiet_since_counts_the_cadence_from_the_last_contact_whatever_the_as_of_day(cli):
    today = NOW.astimezone().date()
    last = today - timedelta(days=29)  # a month from the 2nd of November is 30 days
    cli.ok("add", "Ana Lima", "--every", "1mo")
    cli.ok("log", "Ana", "--at", last.isoformat())
    cli.ok("followup", "Ana", (today + timedelta(days=200)).isoformat())  # so `due` shows the quiet row
    since = (last + timedelta(days=76)).isoformat()  # 2.5 x 30 = 75
    for later in (50, 71, 104):  # as of January, February (28 days) and March (31 days)
        as_of = (today + timedelta(days=later)).isoformat()
        [row] = cli.json("quiet", "--as-of", as_of)
        assert (row["rhythm_days"], row["quiet_since"]) == (30.0, since), as_of
        [due] = cli.json("due", "--as-of", as_of)
        assert (due["reason"], due["due_on"]) == ("quiet", since), as_of


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


def test_explain_never_calls_a_promise_due_before_its_deadline(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("promise", "Ana", "send the quote", "--due", "tomorrow")
    cli.ok("kept", "1")  # kept early: counts, as kept on time
    cli.ok("promise", "Ana", "call back", "--due", "tomorrow")  # open, not yet due: does not count
    cli.ok("promise", "Ana", "send the invoice", "--due", "3 days ago")  # open past its deadline: counts
    explained = cli.json("report", "trust", "--explain", "Ana")
    [reliability] = [c for c in explained["components"] if c["name"] == "reliability"]
    assert reliability["terms"] == {"kept on time": 1, "kept late": 0, "broken": 0, "open past due": 1, "promises counted": 2}
    assert (reliability["evidence"], reliability["score"]) == (2, 50.0)  # (1 + 0 + 1) / (2 + 2)
    table = cli.ok("report", "trust", "--explain", "Ana", "-f", "table").stdout
    assert "promises counted: 2" in table and "promises due" not in table
