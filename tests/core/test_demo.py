"""The demo data: built through the use cases, deterministic, and rich enough to make every report say something."""

from __future__ import annotations

import contextlib
import sqlite3
import time
import unicodedata
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import pytest

from reltrack.config import load_config
from reltrack import vocab
from reltrack.core.demo import FEEDBACK, REFERRALS, populate
from reltrack.core.reports.due import due
from reltrack.core.promises import list_feedback, list_promises
from reltrack.core.touches import list_touches
from reltrack.core.reports.trust import trust_report
from reltrack.store import contacts as queries
from reltrack.store.db import Database, resolve_url

NOW = datetime(2026, 3, 18, 14, 30).astimezone()  # the demo's own moment: populate takes it, nothing reads the clock
DEMO_CONTACTS = 26  # the people of the story


def _database(path: Path) -> Database:
    database = Database(resolve_url(str(path)))
    database.ensure_schema()
    return database


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One populated database shared by the read-only checks below; yields it with the summary."""
    database = _database(tmp_path_factory.mktemp("demo") / "demo.db")
    started = time.perf_counter()
    with database.session(write=True) as session:
        summary = populate(session, NOW)
    print(f"populate took {time.perf_counter() - started:.2f}s")
    yield database, summary
    database.dispose()


def _snapshot(database: Database) -> tuple:
    """Everything populate wrote, without the ids."""
    with database.session() as session:
        touches = [{k: v for k, v in asdict(row).items() if k != "id"} for row in list_touches(session)]
        promises = [{k: v for k, v in asdict(row).items() if k != "id"} for row in list_promises(session, NOW, only_open=False)]
        trust = [asdict(row) for row in trust_report(session, load_config(), NOW)]
        return touches, promises, trust, queries.table_counts(session)


def _stored_counts(database: Database) -> dict[str, int]:
    """Rows per table, counted by sqlite3 itself: not through the code under test."""
    tables = {"contacts": "contact", "touchpoints": "touchpoint", "promises": "promise", "feedback": "feedback", "deals": "deal", "agreements": "agreement"}
    with contextlib.closing(sqlite3.connect(database.path)) as connection:
        return {label: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for label, table in tables.items()}


def test_summary_counts_what_was_stored(demo) -> None:  # type: ignore[no-untyped-def]
    database, summary = demo
    stored = _stored_counts(database)
    assert asdict(summary) == stored
    # the story: 26 people, 19 promises, 15 answers, 26 deals, 4 agreements; touchpoints vary with the seed
    assert {k: v for k, v in stored.items() if k != "touchpoints"} == {"contacts": DEMO_CONTACTS, "promises": 19, "feedback": 15, "deals": 26, "agreements": 4}
    assert 250 <= stored["touchpoints"] <= 400
    with database.session() as session:
        assert len(list_touches(session)) == stored["touchpoints"]
        assert len(list_promises(session, NOW, only_open=False)) == stored["promises"]


def test_contacts_come_from_many_scripts_and_cover_every_kind(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.session() as session:
        rows = trust_report(session, load_config(), NOW)
    assert len(rows) == DEMO_CONTACTS
    scripts = {
        unicodedata.name(char).split()[0]
        for row in rows
        for char in row.contact
        if char.isalpha()
    }
    assert {"LATIN", "CYRILLIC", "GREEK", "CJK", "HANGUL", "HEBREW"} <= scripts
    assert {row.kind for row in rows} == set(vocab.KINDS)


def test_touchpoints_use_every_channel_and_none_is_in_the_future(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.session() as session:
        touches = list_touches(session)
    assert {touch.via for touch in touches} == set(vocab.CHANNELS)
    assert {touch.direction for touch in touches} == {"in", "out"}
    assert all(touch.at <= NOW for touch in touches)
    assert any(len(touch.contacts) >= 3 for touch in touches)
    assert sum(len(touch.contacts) > 1 for touch in touches) >= 5
    assert any(touch.rating for touch in touches) and any(touch.minutes for touch in touches)


def test_one_contact_was_never_in_touch(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.session() as session:
        untouched = [row.contact for row in trust_report(session, load_config(), NOW) if row.last_contact is None]
    assert untouched == ["Olúwaseun Adébáyọ̀"]


def test_promises_have_every_outcome(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.session() as session:
        promises = list_promises(session, NOW, only_open=False)
    assert {p.outcome for p in promises} == {"kept", "kept late", "broken", "cancelled", "open", "late"}
    assert {p.owner for p in promises} == {"mine", "theirs"}
    assert any(p.owner == "theirs" and p.outcome == "late" for p in promises)


def test_feedback_has_promoters_passives_and_detractors(demo) -> None:  # type: ignore[no-untyped-def]
    database, summary = demo
    with database.session() as session:
        assert len(list_feedback(session)) == _stored_counts(database)["feedback"] == summary.feedback
    scores = [score for _, score, _, _ in FEEDBACK]
    assert len({name for name, *_ in FEEDBACK}) >= 10
    assert any(s >= 9 for s in scores) and any(7 <= s <= 8 for s in scores) and any(s <= 6 for s in scores)


def test_due_has_every_kind_of_reason(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.session() as session:
        rows = due(session, load_config(), NOW, 7)
    reasons = {row.reason for row in rows}
    assert {"cadence", "quiet", "promise", "chase"} <= reasons
    assert [row.contact for row in rows if row.reason == "quiet"] == ["Zoë Ångström"]
    assert {row.status for row in rows} == {"due", "overdue", "upcoming"}


def test_trust_is_spread_out(demo) -> None:  # type: ignore[no-untyped-def]
    database, _ = demo
    with database.session() as session:
        trust = [row.trust for row in trust_report(session, load_config(), NOW)]
    assert len(trust) == DEMO_CONTACTS
    assert max(trust) - min(trust) > 20


def test_same_now_and_seed_give_the_same_data(tmp_path: Path) -> None:
    snapshots = []
    for name in ("first.db", "second.db"):
        database = _database(tmp_path / name)
        with database.session(write=True) as session:
            populate(session, NOW)
        snapshots.append(_snapshot(database))
        database.dispose()
    assert snapshots[0] == snapshots[1]


def test_another_seed_gives_other_touches_but_the_same_story(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    database = _database(tmp_path / "other.db")
    with database.session(write=True) as session:
        summary = populate(session, NOW, seed=8)
        assert summary.contacts == DEMO_CONTACTS
        reasons = {row.reason for row in due(session, load_config(), NOW, 7)}
    assert {"cadence", "quiet", "promise", "chase"} <= reasons
    assert _snapshot(database)[0] != _snapshot(demo[0])[0]
    database.dispose()


def test_populate_refuses_a_database_that_already_has_the_contacts(tmp_path: Path) -> None:
    from reltrack.errors import Duplicate

    database = _database(tmp_path / "twice.db")
    with database.session(write=True) as session:
        populate(session, NOW)
    with pytest.raises(Duplicate), database.session(write=True) as session:
        populate(session, NOW)
    database.dispose()


def test_a_year_of_deals_in_every_stage_and_two_currencies(demo) -> None:  # type: ignore[no-untyped-def]
    from reltrack.core.deals import list_deals

    database, summary = demo
    with database.session() as session:
        deals = list_deals(session)
    assert len(deals) == summary.deals == 26
    assert {deal.stage for deal in deals} == set(vocab.DEAL_STAGES)
    assert {deal.currency for deal in deals} == {"EUR", "JPY"}
    assert any(deal.cost for deal in deals)
    won_days = [(NOW.astimezone().date() - deal.closed_on).days for deal in deals if deal.stage == "won"]
    assert min(won_days) < 30 and max(won_days) > 365  # this year and the one before, for the comparison


def test_referrals_and_agreements_show_in_due_risk_and_the_portfolio(demo) -> None:  # type: ignore[no-untyped-def]
    from reltrack.core.reports.portfolio import portfolio_report
    from reltrack.core.reports.review import review
    from reltrack.core.reports.risk import risk_report

    database, _ = demo
    config = load_config()
    with database.session() as session:
        rows = due(session, config, NOW, 7)
        report = portfolio_report(session, config, NOW)
        risks = risk_report(session, config, NOW)
        digest = review(session, config, NOW)
    assert [row.contact for row in rows if row.reason == "renewal"] == ["Jukka Jääskeläinen", "Mehmet Yılmaz"]
    assert {row.status for row in report.rows} == {"new", "active", "at-risk", "lapsed"}
    figures = {(figure.figure, figure.currency): figure.value for figure in report.summary}
    assert 0 < figures[("retention_rate", None)] < 100
    assert figures[("referrals", None)] >= 2 and figures[("referred_value", "EUR")] > 0
    assert {risk.area for risk in risks} >= {"concentration", "agreement", "supplier"}
    assert len(REFERRALS) == 6 and any(digest.sections.values())
