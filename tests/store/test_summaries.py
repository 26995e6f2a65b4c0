"""The fast path equals the straightforward one, after any sequence of writes.

Hypothesis makes random histories through the same use cases the commands call (log, edit-touch,
delete-touch, delete, import, promises, feedback); then everything the reports read from the
summaries, the per-link copies and the grouped SQL is recomputed the plain way, one record at a
time in Python, from the touchpoint table itself, and compared.
"""

from __future__ import annotations

import shutil
import statistics
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reltrack.config import load_config
from reltrack.core.contacts import ContactFields, add_contact, delete_contact
from reltrack.core.interchange.batches import undo_import
from reltrack.core.interchange.imports import run_import
from reltrack.core.promises import add_feedback, add_promise, resolve_promise
from reltrack.core.reports.trust import score_contacts
from reltrack.core.rules import scoring
from reltrack.core.rules.cadence import cadence_days_on
from reltrack.core.rules.dates import local_date
from reltrack.core.state import contact_states
from reltrack.core.touches import TouchFields, delete_touch, edit_touch, log_touch
from reltrack.errors import ReltrackError
from reltrack.store.db import Database, resolve_url
from reltrack.store.models import Contact, Feedback, Promise, Touchpoint, TouchpointContact, contact_month, contact_summary
from reltrack.vocab import CHANNELS, COUNTED_CHANNELS

NOW = datetime(2026, 6, 30, 15, 0, tzinfo=UTC)
NAMES = ("Ana Lima", "Bjørk Guðmundsdóttir", "王小明", "Пётр Иванов")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database at the current schema with four contacts, copied for each example."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(resolve_url(str(path)))
    database.ensure_schema()
    with database.session(write=True) as session:
        for index, name in enumerate(NAMES):
            add_contact(session, NOW - timedelta(days=500), name, ContactFields(kind="client" if index % 2 else "partner"))
    database.dispose()
    return path


moments = st.builds(lambda days, minutes: NOW - timedelta(days=days, minutes=minutes), st.integers(0, 420), st.integers(0, 1439))
people = st.lists(st.integers(1, len(NAMES)), min_size=1, max_size=3, unique=True)
fields = st.builds(
    TouchFields,
    at=moments,
    channel=st.sampled_from(CHANNELS),
    inbound=st.booleans(),
    rating=st.one_of(st.none(), st.integers(1, 5)),
)
operations = st.one_of(
    st.tuples(st.just("log"), people, fields),
    st.tuples(st.just("edit"), st.integers(0, 30), fields, people, people),
    st.tuples(st.just("delete-touch"), st.integers(0, 30)),
    st.tuples(st.just("delete-contact"), st.integers(1, len(NAMES))),
    st.tuples(st.just("import"), st.lists(st.tuples(people, moments, st.sampled_from(CHANNELS)), min_size=1, max_size=6)),
    st.tuples(st.just("promise"), st.integers(1, len(NAMES)), st.integers(-60, 60), st.booleans(), st.sampled_from(("open", "kept", "broken", "cancelled")), moments),
    st.tuples(st.just("feedback"), st.integers(1, len(NAMES)), st.integers(0, 10), moments),
)


def _apply(session, operation, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """One write, as a command would make it: only with contacts that exist (commands resolve names first)."""
    kind = operation[0]
    touch_ids = list(session.execute(sa.select(Touchpoint.id).order_by(Touchpoint.id)).scalars())
    alive = set(session.execute(sa.select(Contact.id)).scalars())
    living = [[i for i in part if i in alive] if isinstance(part, list) and part and isinstance(part[0], int) else part for part in operation]
    if any(isinstance(part, list) and not part for part in living) or (isinstance(operation[1], int) and kind != "edit" and kind != "delete-touch" and operation[1] not in alive):
        return
    operation = living
    if kind == "log":
        log_touch(session, NOW, operation[1], operation[2])
    elif kind == "edit" and touch_ids:
        _, index, changes, add, remove = operation
        edit_touch(session, NOW, touch_ids[index % len(touch_ids)], changes, add, [r for r in remove if r not in add])
    elif kind == "delete-touch" and touch_ids:
        delete_touch(session, touch_ids[operation[1] % len(touch_ids)])
    elif kind == "delete-contact":
        delete_contact(session, operation[1])
    elif kind == "import":
        names = dict(zip(range(1, len(NAMES) + 1), NAMES, strict=True))
        rows = [(who, at, via) for who, at, via in operation[1] if set(who) <= alive]
        if not rows:
            return
        lines = ["name,at,via"] + [f"{';'.join(names[i] for i in who)},{at.isoformat()},{via}" for who, at, via in rows]
        path = tmp_path / "touches.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run_import(session, NOW, path, "touches", lambda *_: None)
    elif kind == "promise":
        _, contact_id, due_in, mine, status, settled = operation
        row = add_promise(session, settled - timedelta(days=70), contact_id, "send it", local_date(NOW) + timedelta(days=due_in), mine)
        if status != "open":
            resolve_promise(session, NOW, row.id, status, settled)
    elif kind == "feedback":
        add_feedback(session, NOW, operation[1], operation[2], operation[3], None)


def _records(session):  # type: ignore[no-untyped-def]
    """Each contact's history, read from the touchpoint, promise and feedback tables themselves."""
    touches = defaultdict(list)
    query = sa.select(TouchpointContact.contact_id, Touchpoint).join(Touchpoint, Touchpoint.id == TouchpointContact.touchpoint_id)
    for contact_id, touch in session.execute(query):
        if touch.channel in COUNTED_CHANNELS:
            touches[contact_id].append(scoring.TouchRecord(touch.at, touch.channel, touch.direction, touch.rating, touch.day))
    promises = defaultdict(list)
    for promise in session.scalars(sa.select(Promise)):
        promises[promise.contact_id].append(
            scoring.PromiseRecord(promise.owner, promise.due_on, promise.status, promise.resolved_at, promise.resolved_on)
        )
    answers = defaultdict(list)
    for answer in session.scalars(sa.select(Feedback)):
        answers[answer.contact_id].append(scoring.FeedbackRecord(answer.at, answer.score))
    return touches, promises, answers


def _check_summaries(session, touches) -> None:  # type: ignore[no-untyped-def]
    summary = {row.contact_id: row for row in session.execute(sa.select(contact_summary))}
    months = {(row.contact_id, row.month): row for row in session.execute(sa.select(contact_month))}
    assert set(summary) == {contact_id for contact_id, records in touches.items() if records}
    expected_months = {}
    for contact_id, records in touches.items():
        if not records:
            continue
        days = sorted({record.day for record in records})
        gaps = [(later - earlier).days for earlier, later in pairwise(days)]
        row = summary[contact_id]
        assert (row.touches, row.contact_days, row.first_day, row.last_day) == (len(records), len(days), days[0], days[-1])
        assert row.last_at == max(record.at for record in records)
        assert row.rhythm_days == (statistics.median(gaps) if gaps else None)
        for month, group in _by_month(records).items():
            expected_months[(contact_id, month)] = group
    assert set(months) == set(expected_months)
    for key, group in expected_months.items():
        channels = Counter(record.channel for record in group)
        row = months[key]
        assert row.touches == len(group) and row.inbound == sum(record.direction == "in" for record in group)
        assert [row._mapping[channel] for channel in COUNTED_CHANNELS] == [channels[channel] for channel in COUNTED_CHANNELS]


def _by_month(records):  # type: ignore[no-untyped-def]
    result = defaultdict(list)
    for record in records:
        result[record.day.replace(day=1)].append(record)
    return result


def _check_trust(session, as_of: datetime, touches, promises, answers) -> None:  # type: ignore[no-untyped-def]
    config = load_config()
    states = [state for _, state in contact_states(session, config, as_of)]
    scored = {state.contact_id: result for state, result in score_contacts(session, config, as_of, states)}
    for state in states:
        seen = [record for record in touches.get(state.contact_id, []) if record.at <= as_of]
        assert state.last_contact == max((record.at for record in seen), default=None)
        assert state.last_day == max((record.day for record in seen), default=None)
        window = scoring.window_length(cadence_days_on(state, local_date(as_of)), config.scoring)
        for moment, computed in ((as_of, scored[state.contact_id].totals), (scoring.trend_moment(as_of), None)):
            plain = scoring.totals_from_records(
                seen, promises.get(state.contact_id, []), answers.get(state.contact_id, []), window, moment, config.scoring
            )
            if computed is not None:
                _same_totals(computed, plain)
        expected = scoring.score_contact(
            seen, promises.get(state.contact_id, []), answers.get(state.contact_id, []), cadence_days_on(state, local_date(as_of)), as_of
        )
        got = scored[state.contact_id].score
        assert got.trust == pytest.approx(expected.trust, abs=1e-9)
        assert got.confidence == expected.confidence
        assert (got.trend is None) == (expected.trend is None)
        if got.trend is not None:
            assert got.trend == pytest.approx(expected.trend, abs=1e-9)


def _same_totals(computed: scoring.Totals, plain: scoring.Totals) -> None:
    for name in scoring.Totals._fields:
        got, want = getattr(computed, name), getattr(plain, name)
        if isinstance(want, float):
            assert got == pytest.approx(want, rel=1e-9, abs=1e-9), name
        else:
            assert got == want, name


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=12), st.integers(0, 200))
def test_summaries_and_sums_equal_a_plain_recomputation(template, tmp_path, history, days_back):
    path = tmp_path / "history.db"
    shutil.copy(template, path)
    database = Database(resolve_url(str(path)))
    try:
        for operation in history:
            try:
                with database.session(write=True) as session:
                    _apply(session, operation, tmp_path)
            except ReltrackError:
                pass  # refused (a touchpoint left with no one, a duplicate...): nothing was written
        with database.session() as session:
            touches, promises, answers = _records(session)
            _check_summaries(session, touches)
            for as_of in (NOW, NOW - timedelta(days=days_back, hours=5)):  # the summaries' moment, and an earlier one
                _check_trust(session, as_of, touches, promises, answers)
    finally:
        database.dispose()


def _summary_tables(session) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    summaries = session.execute(sa.select(contact_summary).order_by(contact_summary.c.contact_id)).all()
    months = session.execute(sa.select(contact_month).order_by(contact_month.c.contact_id, contact_month.c.month)).all()
    return [tuple(row) for row in summaries], [tuple(row) for row in months]


def test_a_bulk_import_into_contacts_with_history_equals_a_rebuild(template, tmp_path, monkeypatch):
    """Many rows, in parse batches, write batches and summary chunks far smaller than the file, into
    contacts that already have days before, between and after the imported ones (and one with none):
    the summaries kept up on the way equal those rebuilt from every link."""
    import random

    from reltrack.core.interchange import imports
    from reltrack.store import summaries

    monkeypatch.setattr(imports, "BATCH", 7)
    monkeypatch.setattr(imports, "TOUCH_BATCH", 7)
    monkeypatch.setattr(imports, "WRITE_BATCH", 20)
    monkeypatch.setattr(summaries, "CHUNK", 2)
    path = tmp_path / "history.db"
    shutil.copy(template, path)
    database = Database(resolve_url(str(path)))
    rng = random.Random(11)
    try:
        with database.session(write=True) as session:
            for index in range(40):  # the first three contacts have a history; the fourth has none
                log_touch(session, NOW, [1 + index % 3], TouchFields(at=NOW - timedelta(days=rng.randint(0, 400), hours=index), channel=rng.choice(CHANNELS)))
        lines = ["name,at,via,direction"]
        for _ in range(150):
            who = ";".join(rng.sample(NAMES, rng.randint(1, 2)))
            moment = NOW - timedelta(days=rng.randint(0, 420), minutes=rng.randint(0, 1439))
            lines.append(f"{who},{moment.isoformat()},{rng.choice(CHANNELS)},{rng.choice(('in', 'out'))}")
        lines += lines[1:30]  # rows again, written already: added once
        lines[60:60] = lines[50:55]  # and again before they are written
        file = tmp_path / "touches.csv"
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with database.session() as session:
            before = _summary_tables(session)
        with database.session(write=True) as session:
            result = run_import(session, NOW, file, "touches", lambda *_: None)
        with database.session(write=True) as session:
            assert session.execute(sa.select(sa.func.count()).select_from(Touchpoint)).scalar_one() == 40 + 150
            kept = _summary_tables(session)
            summaries.refresh(session, None)
            assert _summary_tables(session) == kept
            touches, _, _ = _records(session)
            _check_summaries(session, touches)
        with database.session(write=True) as session:
            undo_import(session, NOW, result.batch)  # every row of every write batch, and nothing else
        with database.session() as session:
            assert session.execute(sa.select(sa.func.count()).select_from(Touchpoint)).scalar_one() == 40
            assert _summary_tables(session) == before
    finally:
        database.dispose()
