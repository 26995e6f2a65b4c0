"""Deals from the command line: record, list, win, lose, correct, delete; exact money in every format;
every bad input refused with one line and nothing written."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest


@pytest.fixture
def people(cli):  # type: ignore[no-untyped-def]
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("add", "Søren Kristensen", "--kind", "client")
    cli.ok("add", "山田 花子", "--kind", "client")
    cli.ok("add", "Олег Иванов", "--kind", "supplier")
    return cli


def test_record_and_list_deals(people):
    result = people.ok("deal", "ana", "Website redesign", "--value", "4800", "--cost", "1200.50", "--stage", "won", "--at", "2026-03-02")
    assert result.stderr == "Recorded deal 1 with Ana Lima: Website redesign, 4800.00 EUR, profit 3599.50 EUR (won on 2026-03-02).\n"
    people.ok("deal", "søren", "Packaging", "--value", "2500.5", "--at", "2026-03-01")
    people.ok("deal", "山田", "春のパッケージ", "--value", "680000", "--currency", "jpy", "--stage", "proposal", "--at", "2026-02-15")
    rows = people.json("deals")
    assert [(r["id"], r["contact"], r["stage"], r["value"], r["currency"]) for r in rows] == [
        (3, "山田 花子", "proposal", "680000", "JPY"),
        (2, "Søren Kristensen", "lead", "2500.50", "EUR"),
        (1, "Ana Lima", "won", "4800.00", "EUR"),
    ]  # oldest first by the deal's date
    assert (rows[2]["cost"], rows[2]["profit"], rows[2]["closed_on"]) == ("1200.50", "3599.50", "2026-03-02")
    assert rows[1]["profit"] is None and rows[1]["closed_on"] is None
    assert [r["id"] for r in people.json("deals", "søren")] == [2]
    assert [r["id"] for r in people.json("deals", "--stage", "won")] == [1]
    assert [r["id"] for r in people.json("deals", "--since", "2026-03-01")] == [2, 1]
    assert [r["id"] for r in people.json("deals", "--until", "2026-02-28")] == [3]


def test_deals_table_has_totals_per_currency(people):
    people.ok("deal", "ana", "A", "--value", "0.1", "--stage", "won")
    people.ok("deal", "ana", "B", "--value", "0.2", "--stage", "won", "--cost", "0.05")
    people.ok("deal", "山田", "C", "--value", "1000", "--currency", "JPY")
    table = people.ok("deals", "-f", "table").stdout
    assert "Totals" in table
    eur = next(line for line in table.splitlines() if line.startswith("EUR"))
    assert "0.30" in eur and "0.05" in eur and "0.25" in eur  # won value, cost, profit: exact
    assert "0.30000000000000004" not in table


def test_won_and_lost(people):
    people.ok("deal", "ana", "Website", "--value", "4000", "--stage", "proposal", "--at", "2026-01-10")
    result = people.ok("won", "1", "--value", "4200", "--at", "2026-02-01")
    assert result.stderr == "Deal 1 with Ana Lima: Website, 4200.00 EUR (won on 2026-02-01).\n"
    people.ok("deal", "søren", "Logo", "--value", "900")
    people.ok("lost", "2", "--at", "yesterday")
    rows = {r["id"]: r for r in people.json("deals")}
    assert (rows[1]["stage"], rows[1]["value"], rows[1]["opened_on"], rows[1]["closed_on"]) == ("won", "4200.00", "2026-01-10", "2026-02-01")
    assert rows[2]["stage"] == "lost" and rows[2]["profit"] is None
    # won before it was recorded as opened: it was opened by then
    people.ok("deal", "ana", "Back-dated", "--value", "10")
    people.ok("won", "3", "--at", "2025-12-01")
    assert people.json("deals", "--stage", "won")[0]["opened_on"] == "2025-12-01"


def test_edit_and_delete(people):
    people.ok("deal", "ana", "Website", "--value", "4000", "--cost", "100", "--stage", "won", "--at", "2026-01-10")
    people.ok("edit-deal", "1", "--title", "Web site", "--cost", "none", "--contact", "søren", "--note", "paid in two parts")
    [row] = people.json("deals")
    assert (row["title"], row["cost"], row["profit"], row["contact"], row["note"]) == ("Web site", None, "4000.00", "Søren Kristensen", "paid in two parts")
    people.ok("edit-deal", "1", "--stage", "proposal")
    [row] = people.json("deals")
    assert (row["stage"], row["closed_on"], row["profit"]) == ("proposal", None, None)
    people.ok("edit-deal", "1", "--currency", "usd", "--value", "4100.25")
    assert people.json("deals")[0]["currency"] == "USD"
    people.fails(1, "delete-deal", "1")  # not on a terminal: needs --yes
    assert len(people.json("deals")) == 1
    assert people.ok("delete-deal", "1", "--yes").stderr == "Deleted deal 1 (Web site, Søren Kristensen).\n"
    assert people.json("deals") == []


def test_default_currency_from_the_config(people, isolated):
    (isolated / "config.toml").write_text('[money]\ncurrency = "gbp"\n', encoding="utf-8")
    people.ok("deal", "ana", "Retainer", "--value", "1000")
    assert people.json("deals")[0]["currency"] == "GBP"
    (isolated / "config.toml").write_text('[money]\ncurrency = "pounds"\n', encoding="utf-8")
    assert "money.currency" in people.fails(1, "deal", "ana", "Other", "--value", "5").stderr
    (isolated / "config.toml").write_text("", encoding="utf-8")
    assert len(people.json("deals")) == 1


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["deal", "ana", "X", "--value", "1,250.50"], 2, "a point for the decimals"),
        (["deal", "ana", "X", "--value", "-5"], 2, "zero or more"),
        (["deal", "ana", "X", "--value", "ten"], 2, "--value"),
        (["deal", "ana", "X", "--value", "10.555"], 2, "more decimals than EUR has"),
        (["deal", "ana", "X", "--value", "10.5", "--currency", "JPY"], 2, "more decimals than JPY has"),
        (["deal", "ana", "X", "--value", "1e9"], 2, "--value"),
        (["deal", "ana", "X", "--value", "100000000000000"], 2, "too large"),
        (["deal", "ana", "X", "--value", "10", "--currency", "EURO"], 2, "a currency is three letters"),
        (["deal", "ana", "X", "--value", "10", "--currency", "ABC"], 2, "unknown currency"),
        (["deal", "ana", "X", "--value", "10", "--stage", "signed"], 2, "deal stage"),
        (["deal", "ana", "X", "--value", "10", "--cost", "x"], 2, "--cost"),
        (["deal", "ana", "  ", "--value", "10"], 2, "needs a title"),
        (["deal", "ana", "X"], 2, "--value"),
        (["deal", "nobody", "X", "--value", "10"], 1, "nobody"),
        (["deal", "ana", "X", "--value", "10", "--stage", "won", "--at", "tomorrow"], 1, "future"),
        (["deal", "ana", "X", "--value", "10", "--at", "someday"], 2, "--at"),
        (["won", "99"], 1, "no deal with id 99"),
        (["lost", "99"], 1, "no deal with id 99"),
        (["edit-deal", "99", "--title", "x"], 1, "no deal with id 99"),
        (["delete-deal", "99", "--yes"], 1, "no deal with id 99"),
        (["deals", "--stage", "maybe"], 2, "deal stage"),
        (["deals", "nobody"], 1, "nobody"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(people, args, code, message):
    result = people.fails(code, *args)
    assert message in result.stderr, result.stderr
    assert people.json("deals") == []


def test_a_bad_edit_changes_nothing(people):
    people.ok("deal", "山田", "Shop window", "--value", "320000", "--currency", "JPY", "--stage", "won", "--at", "2026-01-05")
    before = people.json("deals")
    for args in (["--value", "1.5"], ["--currency", "EUR", "--value", "1.234"], ["--at", "tomorrow"], ["--contact", "nobody"], ["--stage", "x"]):
        people.fails(2 if args[0] in ("--value", "--currency", "--stage") else 1, "edit-deal", "1", *args)
    assert people.json("deals") == before
    people.fails(1, "won", "1", "--at", "tomorrow")
    assert people.json("deals") == before


def test_money_is_exact_through_csv_json_and_the_dump(people, tmp_path):
    """0.1 + 0.2 is 0.3, never 0.30000000000000004: no float anywhere on the way."""
    people.ok("deal", "ana", "Tenth", "--value", "0.1", "--cost", "0.1", "--stage", "won")
    people.ok("deal", "ana", "Fifth", "--value", "0.2", "--stage", "won")
    people.ok("deal", "søren", "Big", "--value", "99999999999999.99", "--stage", "won")
    text = people.ok("export", "deals", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["value"] for row in rows] == ["0.10", "0.20", "99999999999999.99"]
    assert Decimal(rows[0]["value"]) + Decimal(rows[1]["value"]) == Decimal("0.3")
    listed = json.loads(people.ok("deals", "-f", "json").stdout, parse_float=lambda text: pytest.fail(f"a float in json: {text}"))
    assert [row["value"] for row in listed] == ["0.10", "0.20", "99999999999999.99"]
    assert people.ok("deals", "-f", "tsv").stdout.splitlines()[3].split("\t")[4] == "99999999999999.99"

    dump = tmp_path / "dump.json"
    people.ok("export", "all", "-o", str(dump))
    data = json.loads(dump.read_text(encoding="utf-8"))
    assert [(d["value"], d["cost"]) for d in data["deals"]] == [("0.10", "0.10"), ("0.20", None), ("99999999999999.99", None)]
    fresh = str(tmp_path / "fresh.db")
    people.ok("--db", fresh, "import", str(dump))
    assert people.json("--db", fresh, "deals") == listed
    summary = people.json("--db", fresh, "report", "portfolio", "--summary")
    assert summary["currencies"]["EUR"]["won_value"]["value"] == "100000000000000.29"
    assert summary["currencies"]["EUR"]["profit"]["value"] == "100000000000000.19"


def test_export_deals_and_agreements(people):
    people.ok("deal", "ana", "=HYPERLINK(\"x\")", "--value", "5", "--stage", "won", "--at", "2026-01-05 10:00")
    people.ok("agreement", "Олег", "Рамочный договор", "--starts", "2026-01-01", "--ends", "2026-12-31", "--payment-terms", "14")
    [deal] = list(csv.DictReader(io.StringIO(people.ok("export", "deals").stdout)))
    assert list(deal) == ["name", "title", "stage", "value", "cost", "currency", "opened", "closed", "note"]
    assert deal["title"].startswith("'=")  # safe in a spreadsheet
    [agreement] = people.json("export", "agreements")
    assert agreement == {
        "name": "Олег Иванов", "title": "Рамочный договор", "starts": "2026-01-01", "ends": "2026-12-31",
        "renew_notice": None, "payment_terms": 14, "note": None,
    }  # fmt: skip
    assert "deals export as csv, json, tsv" in people.fails(2, "export", "deals", "-f", "vcf").stderr


def test_deleting_a_contact_deletes_their_deals(people):
    people.ok("deal", "ana", "Website", "--value", "10")
    people.ok("deal", "søren", "Logo", "--value", "20")
    people.ok("delete", "ana", "--yes")
    assert [row["title"] for row in people.json("deals")] == ["Logo"]


def test_empty_listing_hints(cli, empty_db):
    result = cli.ok("deals", "-f", "table")
    assert result.stdout == "" and 'reltrack deal NAME "Website redesign" --value 4800' in result.stderr
    assert cli.ok("deals", "-f", "tsv").stdout == "id\tcontact\ttitle\tstage\tvalue\tcost\tprofit\tcurrency\topened_on\tclosed_on\tnote\n"
