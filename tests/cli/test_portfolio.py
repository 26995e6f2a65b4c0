"""The worked example of docs/portfolio.md: tests/data/portfolio/commands.txt, and the figures computed
there by hand (retention, repeat rate, HHI and shares, hours, value per hour, profit, referrals, NPS,
statuses), as `report portfolio`, `report risk`, `due` and `review` give them."""

from __future__ import annotations

import json
import shlex
from decimal import Decimal
from pathlib import Path

import pytest

SCENARIO = Path(__file__).parent.parent / "data" / "portfolio" / "commands.txt"
AS_OF = "2026-06-30"


@pytest.fixture
def scenario(cli):  # type: ignore[no-untyped-def]
    for line in SCENARIO.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cli.ok(*shlex.split(line))
    return cli


def portfolio(cli, *args: str) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {row["contact"]: row for row in cli.json("report", "portfolio", "--as-of", AS_OF, *args)}


def figures(cli, *args: str) -> dict:  # type: ignore[no-untyped-def]
    return cli.json("report", "portfolio", "--as-of", AS_OF, "--summary", *args)


def test_rows_per_contact_match_the_hand_calculation(scenario):
    rows = portfolio(scenario)
    assert list(rows) == ["Ana Lima", "Bjørk Guðmundsdóttir", "陈伟", "Eva Novák", "Дмитрий Соколов"]  # won value, then name
    assert "Aoife Ní Bhriain" not in rows  # a friend: not a working relationship
    ana, bjork, chen, eva, dmitri = rows.values()
    assert list(ana) == [
        "contact", "kind", "org", "status", "tenure_days", "won_value", "cost", "profit", "currency", "won_deals",
        "referrals", "referred_value", "hours", "value_per_hour", "satisfaction", "nps", "trust",
    ]  # fmt: skip
    # Ana: Brand 4000.00 (cost 1000.00) and Site 2000.00 this year; 60 + 30 + 30 minutes
    assert (ana["won_value"], ana["cost"], ana["profit"], ana["won_deals"]) == ("6000.00", "1000.00", "5000.00", 2)
    assert (ana["hours"], ana["value_per_hour"]) == (2.0, "3000.00")
    assert (ana["referrals"], ana["referred_value"]) == (1, "3000.00")  # Bjørk, who began in the period
    assert (ana["status"], ana["tenure_days"], ana["nps"]) == ("active", 486, 9.0)  # since Old site, 2025-03-01
    # Bjørk: 3000.00 over 45 + 90 minutes = 2.25 hours: 1333.333... rounds to 1333.33
    assert (bjork["won_value"], bjork["hours"], bjork["value_per_hour"]) == ("3000.00", 2.25, "1333.33")
    assert (bjork["status"], bjork["tenure_days"], bjork["nps"]) == ("new", 71, 6.0)
    # 陈伟: 1000.00 over 20 minutes; silent since the deal of 2025-07-20, longer than the 90 days of lapsing
    assert (chen["value_per_hour"], chen["hours"], chen["status"], chen["tenure_days"]) == ("3000.00", 0.33, "lapsed", 394)
    assert (eva["won_value"], eva["value_per_hour"], eva["status"]) == ("0.00", None, "lapsed")
    assert (dmitri["status"], dmitri["hours"], dmitri["value_per_hour"]) == ("active", 0.42, "0.00")  # 15 + 10 minutes
    assert all(row["currency"] == "EUR" and 0 <= row["trust"] <= 100 for row in rows.values())


def test_summary_matches_the_hand_calculation(scenario):
    summary = figures(scenario)
    assert (summary["period_start"], summary["period_end"]) == ("2025-07-01", "2026-06-30")
    assert (summary["previous_start"], summary["previous_end"]) == ("2024-07-01", "2025-06-30")

    def pair(name: str, currency: str | None = None) -> tuple:
        figure = summary["currencies"][currency][name] if currency else summary[name]
        return figure["value"], figure["previous"]

    # S = Ana, 陈伟, Дмитрий (Eva had lapsed); E = Ana, Bjørk, Дмитрий; N = Bjørk: (3 - 1) / 3
    assert [pair(name) for name in ("relationships_start", "relationships_end", "new_relationships")] == [(3, 0), (3, 3), (1, 3)]
    assert pair("retention_rate") == (66.7, None)
    assert [pair(name) for name in ("clients", "repeat_clients", "repeat_rate")] == [(3, 2), (1, 0), (33.3, 0.0)]
    assert pair("referrals") == (1, 0) and pair("referred_value", "EUR") == ("3000.00", "0.00")
    assert pair("nps") == (0.0, 100.0)  # latest answers 9, 6, 8 against Ana's 10
    assert pair("hours") == (5.0, 1.67)  # 300 minutes against 100
    assert pair("won_value", "EUR") == ("10000.00", "2300.00")
    assert pair("cost", "EUR") == ("1000.00", "0.00") and pair("profit", "EUR") == ("9000.00", "2300.00")
    assert pair("won_deals", "EUR") == (4, 2)
    assert pair("value_per_hour", "EUR") == ("2000.00", "1380.00")
    # shares 60 / 30 / 10: HHI 3600 + 900 + 100; before, 1500 and 800 of 2300
    assert pair("top_client_share", "EUR") == (60.0, 65.2)
    assert pair("top3_share", "EUR") == (100.0, 100.0)
    assert pair("hhi", "EUR") == (4600.0, 5463.1)
    assert isinstance(pair("satisfaction")[0], float)


def test_summary_rows_in_tsv(scenario):
    lines = scenario.ok("report", "portfolio", "--as-of", AS_OF, "--summary", "-f", "tsv").stdout.splitlines()
    assert lines[0] == "figure\tcurrency\tvalue\tprevious"
    assert "retention_rate\t\t66.7\t" in lines and "won_value\tEUR\t10000.00\t2300.00" in lines


def test_grouped_by_kind(scenario):
    rows = {row["contact"]: row for row in scenario.json("report", "portfolio", "--as-of", AS_OF, "--by", "kind")}
    client = rows["client"]
    assert (client["status"], client["won_value"], client["won_deals"], client["referrals"]) == ("1 new, 1 active, 2 lapsed", "10000.00", 4, 1)
    assert (client["hours"], client["value_per_hour"]) == (4.58, "2181.82")  # 275 minutes
    assert client["nps"] == 0.0  # promoter Ana, detractor Bjørk
    assert rows["supplier"]["status"] == "1 active"


def test_risks_most_serious_first_with_reasons(scenario):
    risks = scenario.json("report", "risk", "--as-of", AS_OF)
    assert [(r["level"], r["area"], r["contact"], r["severity"]) for r in risks] == [
        ("high", "value at risk", "Ana Lima", 75.0),  # 60% of the value, and a detractor's answer in the year
        ("high", "concentration", "Ana Lima", 60.0),  # one client at 60% of the income
        ("high", "supplier", "Дмитрий Соколов", 44.4),  # 2 of 3 promises failed, x 2/3
        ("medium", "agreement", "Дмитрий Соколов", 48.9),  # ends in 46 days: 100 x (90 - 46) / 90
    ]
    assert "answered 4/10 on 2025-08-01" in risks[0]["reason"]
    assert "HHI 4600" in risks[1]["reason"] and "the top 3 clients 100%" in risks[1]["reason"]
    assert "1 broken and 1 kept late of the 3 promises" in risks[2]["reason"]
    assert "nothing replaces it" in risks[3]["reason"]  # Ana's retainer is replaced by the later one


def test_renewal_in_due_unless_replaced(scenario):
    rows = scenario.json("due", "--as-of", AS_OF)
    [renewal] = [row for row in rows if row["reason"] == "renewal"]
    assert (renewal["contact"], renewal["status"], renewal["due_on"], renewal["days_overdue"]) == ("Дмитрий Соколов", "overdue", "2026-05-15", 46)
    assert renewal["urgency"] == 10 * 3 + 4 + 4  # lateness capped at 3, overdue, renewal weight 4
    before = scenario.json("due", "--as-of", "2026-05-10", "--within", "7d")
    assert [(r["contact"], r["status"]) for r in before if r["reason"] == "renewal"] == [("Дмитрий Соколов", "upcoming")]


def test_review_since_a_date(scenario):
    digest = scenario.json("review", "--since", "2026-06-01")
    sections = digest["sections"]
    assert [item["contact"] for item in sections["new_detractors"]] == ["Bjørk Guðmundsdóttir"]
    assert [item["detail"] for item in sections["deals"]] == ["lost: Reprint, 900.00 EUR"]
    assert sections["deals"][0]["amount"] == "900.00"
    assert digest["first"] is False and digest["last_review"] is None


def test_table_shows_the_portfolio_and_its_summary(scenario):
    table = scenario.ok("report", "portfolio", "--as-of", AS_OF, "-f", "table").stdout
    assert "Portfolio in EUR, 2025-07-01 to 2026-06-30" in table
    assert "Summary (previous: 2024-07-01 to 2025-06-30)" in table
    assert "retention_rate" in table and "66.7" in table and "4600.0" in table


def test_currency_option_and_other_currencies(scenario):
    scenario.ok("deal", "Дмитрий", "Translation", "--value", "120000", "--currency", "jpy", "--stage", "won", "--at", "2026-06-01")
    rows = scenario.json("report", "portfolio", "--as-of", AS_OF, "--currency", "JPY")
    assert {row["currency"] for row in rows} == {"JPY"} and len(rows) == 5
    assert [row["won_value"] for row in rows][:1] == ["120000"]  # JPY has no decimals
    summary = figures(scenario)
    assert set(summary["currencies"]) == {"EUR", "JPY"}  # every total per currency, never added together
    assert summary["currencies"]["JPY"]["won_value"]["value"] == "120000"
    table = scenario.ok("report", "portfolio", "--as-of", AS_OF, "--currency", "EUR", "-f", "table")
    assert "Also won in JPY" in table.stderr
    both = scenario.json("report", "portfolio", "--as-of", AS_OF)
    assert [row["currency"] for row in both if row["contact"] == "Дмитрий Соколов"] == ["JPY"]


def test_money_is_exact_decimal_text(scenario):
    scenario.ok("deal", "ana", "Tenth", "--value", "0.1", "--stage", "won", "--at", "2026-06-29")
    scenario.ok("deal", "ana", "Fifth", "--value", "0.2", "--stage", "won", "--at", "2026-06-29")
    ana = portfolio(scenario)["Ana Lima"]
    assert ana["won_value"] == "6000.30" and ana["profit"] == "5000.30"
    assert Decimal(ana["won_value"]) - Decimal("6000") == Decimal("0.3")


def test_empty_portfolio_is_a_friendly_message(cli, empty_db):
    result = cli.ok("report", "portfolio", "-f", "table")
    assert result.stdout == "" and "No relationships to report on yet" in result.stderr and "reltrack deal" in result.stderr
    assert cli.json("report", "portfolio") == []
    summary = cli.json("report", "portfolio", "--summary")
    assert summary["retention_rate"] == {"value": None, "previous": None}
    assert "No risks found" in cli.ok("report", "risk", "-f", "table").stderr
    assert cli.json("report", "risk") == []


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["report", "portfolio", "--by", "country"], 2, "--by"),
        (["report", "portfolio", "--period", "soon"], 2, "--period"),
        (["report", "portfolio", "--currency", "EURO"], 2, "currency"),
        (["report", "portfolio", "--currency", "XYZ"], 2, "currency"),
        (["report", "portfolio", "--as-of", "someday"], 2, "--as-of"),
        (["report", "risk", "--period", "0d"], 2, "--period"),
    ],
)
def test_bad_report_options(cli, args, code, message):
    assert message in cli.fails(code, *args).stderr


def test_summary_json_names_every_figure(scenario):
    from reltrack.core.reports.portfolio import CURRENCY_FIGURES, FIGURES

    summary = figures(scenario)
    assert all(name in summary for name in FIGURES)
    assert list(summary["currencies"]["EUR"]) == list(CURRENCY_FIGURES)
    json.dumps(summary)  # plain JSON: no Decimal, no float money


def test_a_shared_meeting_counts_for_each_contact_and_once_in_the_total(scenario):
    scenario.ok("log", "ana", "bjork", "--via", "meeting", "--minutes", "60", "--at", "2026-06-29 10:00")
    rows = portfolio(scenario)
    assert (rows["Ana Lima"]["hours"], rows["Bjørk Guðmundsdóttir"]["hours"]) == (3.0, 3.25)
    assert figures(scenario)["hours"]["value"] == 6.0  # 300 + 60 minutes, not 300 + 120


def test_suppliers_and_service_providers_only(scenario):
    scenario.ok("add", "Mehmet Yılmaz", "--kind", "service")
    scenario.ok("promise", "mehmet", "Fix the wifi", "--due", "2026-05-01", "--theirs")
    scenario.ok("broken", "4", "--at", "2026-05-10")
    scenario.ok("promise", "ana", "Pay the invoice", "--due", "2026-05-01", "--theirs")
    scenario.ok("broken", "5", "--at", "2026-05-10")  # a client's: not a supplier risk
    suppliers = [r["contact"] for r in scenario.json("report", "risk", "--as-of", AS_OF) if r["area"] == "supplier"]
    assert suppliers == ["Дмитрий Соколов", "Mehmet Yılmaz"]
