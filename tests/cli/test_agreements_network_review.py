"""Agreements and their renewals (in `due` and the calendar feed), who introduced whom and `network`,
and the periodic `review` that remembers when it was last done."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.conftest import NOW

TODAY = NOW.astimezone().date()


def ahead(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


@pytest.fixture
def people(cli):  # type: ignore[no-untyped-def]
    cli.ok("add", "Ana Lima", "--kind", "client", "--org", "Casa Lima")
    cli.ok("add", "Mehmet Yılmaz", "--kind", "service", "--org", "Cowork Alfama")
    cli.ok("add", "Jukka Jääskeläinen", "--kind", "supplier")
    return cli


# -- agreements -------------------------------------------------------------------------------


def test_record_list_edit_and_delete_agreements(people):
    result = people.ok("agreement", "mehmet", "Desk contract", "--ends", ahead(40), "--renew-notice", "1mo", "--payment-terms", "30")
    notice = (TODAY + timedelta(days=40))
    assert result.stderr.startswith(f"Recorded agreement 1 with Mehmet Yılmaz: Desk contract, ends {ahead(40)}; give notice by ")
    people.ok("agreement", "ana", "Framework")  # open-ended, starting today
    rows = people.json("agreements")
    assert [(r["id"], r["contact"], r["ends_on"], r["status"]) for r in rows] == [
        (1, "Mehmet Yılmaz", ahead(40), "active" if TODAY < _minus_month(notice) else "renewal due"),
        (2, "Ana Lima", None, "open-ended"),
    ]
    assert (rows[0]["renew_notice"], rows[0]["payment_terms_days"], rows[0]["starts_on"]) == ("1mo", 30, TODAY.isoformat())
    assert rows[1]["renew_notice"] == "1mo" and rows[1]["notice_on"] is None  # the default notice

    people.ok("edit-agreement", "1", "--ends", ahead(400), "--renew-notice", "3mo", "--payment-terms", "none", "--note", "renewed")
    [row] = people.json("agreements", "mehmet")
    assert (row["ends_on"], row["renew_notice"], row["payment_terms_days"], row["note"], row["status"]) == (ahead(400), "3mo", None, "renewed", "active")
    people.ok("edit-agreement", "1", "--ends", "none", "--renew-notice", "none")
    assert people.json("agreements", "mehmet")[0]["status"] == "open-ended"
    people.fails(1, "delete-agreement", "1")
    people.ok("delete-agreement", "1", "--yes")
    assert [r["id"] for r in people.json("agreements")] == [2]


def _minus_month(day: date) -> date:
    from reltrack.core.rules.dates import Duration

    return Duration(months=1).before(day)


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["agreement", "ana", "X", "--ends", "2020-01-01", "--starts", "2021-01-01"], 2, "cannot end"),
        (["agreement", "ana", "X", "--payment-terms", "-3"], 2, "--payment-terms"),
        (["agreement", "ana", "X", "--payment-terms", "400"], 2, "--payment-terms"),
        (["agreement", "ana", "X", "--renew-notice", "soon"], 2, "--renew-notice"),
        (["agreement", "ana", "X", "--ends", "someday"], 2, "--ends"),
        (["agreement", "ana", " "], 2, "needs a title"),
        (["agreement", "nobody", "X"], 1, "nobody"),
        (["edit-agreement", "7", "--title", "x"], 1, "no agreement with id 7"),
        (["delete-agreement", "7", "--yes"], 1, "no agreement with id 7"),
        (["agreements", "nobody"], 1, "nobody"),
    ],
)
def test_bad_agreements(people, args, code, message):
    assert message in people.fails(code, *args).stderr
    assert people.json("agreements") == []


def test_a_renewal_is_due_from_the_end_minus_the_notice(people, tmp_path):
    people.ok("agreement", "mehmet", "Desk contract", "--ends", ahead(20), "--renew-notice", "30d")  # notice day: 10 days ago
    people.ok("agreement", "jukka", "Print framework", "--ends", ahead(35), "--renew-notice", "30d")  # in 5 days
    people.ok("agreement", "ana", "Old retainer", "--ends", "yesterday", "--starts", "2025-01-01")  # ended
    rows = [row for row in people.json("due", "--within", "7d") if row["reason"] == "renewal"]
    assert [(r["contact"], r["status"], r["due_on"], r["days_overdue"]) for r in rows] == [
        ("Mehmet Yılmaz", "overdue", (TODAY - timedelta(days=10)).isoformat(), 10),
        ("Jukka Jääskeläinen", "upcoming", ahead(5), -5),
    ]
    assert rows[0]["urgency"] == round(10 * 10 / 7 + 4 + 4, 2)  # lateness 10 / 7 days, overdue, renewal weight 4
    assert [r["reason"] for r in people.json("due")] == ["renewal"]  # the upcoming one only with --within
    table = " ".join(people.ok("due", "-f", "table").stdout.replace("│", " ").split())
    assert "renew or end:" in table and "Desk" in table
    people.ok("snooze", "mehmet", "2w")
    assert [r["contact"] for r in people.json("due")] == ["Mehmet Yılmaz"]  # a contract is kept, snoozed or not
    # renewed by a later agreement: nothing left to do
    people.ok("agreement", "mehmet", "Desk contract 2027", "--starts", ahead(21), "--ends", ahead(386))
    assert people.json("due") == []
    assert [r["status"] for r in people.json("agreements", "mehmet")] == ["replaced", "active"]

    feed = people.ok("export", "due", "-f", "ics", "--within", "30d").stdout
    assert "UID:agreement-2-" in feed and "Print framework" in feed and "agreement-1-" not in feed


def test_archived_contacts_have_no_renewals(people):
    people.ok("agreement", "mehmet", "Desk contract", "--ends", ahead(5))
    people.ok("archive", "mehmet")
    assert people.json("due") == []


# -- referrals and network ----------------------------------------------------------------------


def test_introduced_by_on_add_and_edit(people):
    people.ok("add", "王小明", "--kind", "client", "--introduced-by", "ana")
    people.ok("add", "Zoë Ångström", "--kind", "investor", "--org", "casa  LIMA")
    people.ok("edit", "mehmet", "--introduced-by", "王")
    people.ok("deal", "王", "Lamp packaging", "--value", "2400", "--stage", "won")
    people.ok("deal", "王", "Box", "--value", "300", "--currency", "USD", "--stage", "won")
    people.ok("log", "王", "--via", "video")
    rows = people.json("network", "ana")
    assert [(r["relation"], r["contact"], r["won_value"], r["currency"], r["won_deals"]) for r in rows] == [
        ("introduced by them", "王小明", "2400.00", "EUR", 1),
        ("introduced by them", "王小明", "300.00", "USD", 1),
        ("same org", "Zoë Ångström", None, None, None),  # the same organisation, ignoring case and spacing
    ]
    assert rows[0]["last_contact"] is not None and 0 <= rows[0]["trust"] <= 100
    assert [(r["relation"], r["contact"]) for r in people.json("network", "王")] == [("introduced them", "Ana Lima"), ("introduced by them", "Mehmet Yılmaz")]
    assert people.json("show", "王")["introduced_by"] == "Ana Lima"
    people.ok("edit", "mehmet", "--introduced-by", "")
    assert [r["relation"] for r in people.json("network", "王")] == ["introduced them"]


def test_introductions_that_cannot_be(people):
    people.ok("edit", "mehmet", "--introduced-by", "ana")
    people.ok("edit", "jukka", "--introduced-by", "mehmet")
    assert "themselves" in people.fails(1, "edit", "ana", "--introduced-by", "ana").stderr
    assert "cannot have introduced" in people.fails(1, "edit", "ana", "--introduced-by", "jukka").stderr  # a circle
    assert "nobody" in people.fails(1, "edit", "ana", "--introduced-by", "nobody").stderr
    assert "nobody" in people.fails(1, "add", "New Person", "--introduced-by", "nobody").stderr
    assert people.json("network", "ana")[0]["contact"] == "Mehmet Yılmaz"
    assert [row["name"] for row in people.json("list")] == ["Ana Lima", "Jukka Jääskeläinen", "Mehmet Yılmaz"]  # nothing added


def test_deleting_the_introducer_keeps_the_introduced(people):
    people.ok("edit", "mehmet", "--introduced-by", "ana")
    people.ok("delete", "ana", "--yes")
    assert people.json("network", "mehmet") == []
    assert "No introductions or colleagues" in people.ok("network", "mehmet", "-f", "table").stderr


# -- review --------------------------------------------------------------------------------------


def test_the_first_review_covers_30_days_then_each_starts_at_the_last(people):
    people.ok("promise", "jukka", "Ship the proofs", "--due", "2 days ago", "--theirs")
    people.ok("broken", "1")
    people.ok("feedback", "ana", "3", "--note", "the timeline slipped")
    people.ok("deal", "ana", "Website", "--value", "0.1", "--stage", "won")
    first = people.json("review")
    assert first["first"] is True and first["last_review"] is None
    assert first["since"][:10] == (TODAY - timedelta(days=30)).isoformat()
    sections = first["sections"]
    assert [i["detail"] for i in sections["promises_broken"]] == [f"they broke: Ship the proofs (due {(TODAY - timedelta(days=2)).isoformat()})"]
    assert [(i["contact"], i["detail"]) for i in sections["new_detractors"]] == [("Ana Lima", "answered 3/10: the timeline slipped")]
    assert [(i["detail"], i["amount"], i["currency"]) for i in sections["deals"]] == [("won: Website, 0.10 EUR", "0.10", "EUR")]
    assert list(sections) == ["newly_quiet", "trust_drops", "promises_broken", "new_detractors", "value_at_risk", "renewals", "deals", "movers_up", "movers_down"]

    marked = people.ok("review", "--mark", "-f", "md")
    assert "Review marked done" in marked.stderr and "Marked done on" in marked.stdout
    again = people.json("review")
    assert again["first"] is False and again["since"] == again["last_review"]
    assert not any(again["sections"][key] for key in ("promises_broken", "new_detractors", "deals"))  # all before the mark
    assert people.json("review", "--since", "40d ago")["sections"]["deals"]  # --since looks further back


def test_review_as_markdown_and_when_piped(people):
    people.ok("feedback", "ana", "2")
    text = people.ok("review").stdout  # piped: Markdown
    assert text.startswith(f"# reltrack review, {TODAY.isoformat()}\n")
    assert "## New detractors (1)\n\n- **Ana Lima**: answered 2/10\n" in text
    assert "(the first review: the last 30 days)" in text and "Nothing to report on:" in text
    assert people.ok("review", "-f", "md").stdout == text
    assert "reltrack review" in people.ok("review", "-f", "table").stdout
    json.loads(people.ok("review", "-f", "json").stdout)


def test_review_on_an_empty_database_and_bad_options(cli, empty_db):
    digest = cli.json("review")
    assert not any(digest["sections"].values())
    assert "--since" in cli.fails(2, "review", "--since", "someday").stderr
    assert "--since must be in the past" in cli.fails(2, "review", "--since", "tomorrow").stderr
    assert "FORMAT" in cli.fails(2, "review", "-f", "csv").stderr or "csv" in cli.fails(2, "review", "-f", "csv").stderr
