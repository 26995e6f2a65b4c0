"""`export all`: a complete, versioned JSON dump of every table, and its restore.

Restoring into an empty database gives back every row with its id, so promise and touchpoint
ids people wrote down stay valid. Restoring into a database that has data merges: a row that is
already there (same natural key) is skipped, a new one is added with a new id. The dump is
written a row at a time from cursors: its size does not decide how much memory it takes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.core.contacts import same_contact, tag_by_name, tag_name
from reltrack.core.rules import money, names
from reltrack.core.rules.dates import check_year, local_date
from reltrack.errors import InvalidInput
from reltrack.store import promises as stored_promises
from reltrack.store import touches as stored_touches
from reltrack.store.db import SCHEMA_HEAD, advance_id_sequences
from reltrack.store import batches as stored_batches
from reltrack.store import contacts as stored_contacts
from reltrack.store.models import (
    Agreement, Contact, ContactTag, Deal, Feedback, MergedUid, Promise, Review, Tag, Touchpoint, TouchpointContact, new_uid,
)  # fmt: skip

DUMP_FORMAT = "reltrack-dump"
# 2: touchpoints carry their day, promises the day they were settled
# 3: deals, agreements and reviews; contacts carry who introduced them
# 4: uids of contacts, touchpoints, promises and feedback; contacts' address-book fields; merged
#    identities; who entered each touchpoint, promise and feedback answer (author, null: unknown)
DUMP_VERSION = 4
READS = (1, 2, 3, 4)
CARD_KEYS = ("title", "department", "birthday", "url", "address", "card_extra")


def _instant(value: datetime | None) -> str | None:
    """Full precision, in UTC: a restore must give back exactly the stored instant."""
    return value.isoformat() if value is not None else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _records(session: Session) -> Iterator[tuple[str, Iterable[dict]]]:
    """Each table's records, in id order, read a batch at a time."""
    batch = {"yield_per": 2000}
    tag_names = dict(session.execute(sa.select(Tag.id, Tag.name)).all())
    tags_of: dict[int, list[str]] = defaultdict(list)
    for contact_id, tag_id in session.execute(sa.select(ContactTag.contact_id, ContactTag.tag_id)):
        tags_of[contact_id].append(tag_names[tag_id])
    yield "tags", ({"name": t.name, "every": t.every} for t in session.scalars(sa.select(Tag).order_by(Tag.id)))
    contacts = session.scalars(sa.select(Contact).order_by(Contact.id).execution_options(**batch))
    yield "contacts", (
        {
            "id": c.id, "name": c.name, "kind": c.kind, "org": c.org, "email": c.email, "phone": c.phone,
            "every": c.every, "max": c.max_gap, "notes": c.notes, "tags": sorted(tags_of[c.id]),  # type: ignore[index]
            "created_at": _instant(c.created_at), "archived_at": _instant(c.archived_at),
            "snoozed_until": _instant(c.snoozed_until), "followup_on": _day(c.followup_on),
            "followup_set_at": _instant(c.followup_set_at), "introduced_by": c.introduced_by_id,
            "uid": c.uid, **{key: getattr(c, key) for key in CARD_KEYS}, "updated_at": _instant(c.updated_at),
        }  # fmt: skip
        for c in contacts
    )
    merged = session.scalars(sa.select(MergedUid).order_by(MergedUid.uid))
    yield "merged", ({"uid": m.uid, "contact": m.contact_id, "merged_at": _instant(m.merged_at)} for m in merged)
    touches = Touchpoint.__table__
    links = TouchpointContact.__table__
    query = (
        sa.select(touches, links.c.contact_id)
        .join(links, links.c.touchpoint_id == touches.c.id)
        .order_by(touches.c.id, links.c.contact_id)
        .execution_options(**batch)
    )
    yield "touchpoints", _touch_records(session.execute(query))
    promises = session.scalars(sa.select(Promise).order_by(Promise.id).execution_options(**batch))
    yield "promises", (
        {
            "id": p.id, "contact": p.contact_id, "what": p.what, "owner": p.owner, "due": p.due_on.isoformat(),
            "status": p.status, "created_at": _instant(p.created_at), "resolved_at": _instant(p.resolved_at),
            "resolved_on": _day(p.resolved_on), "uid": p.uid, "author": p.author,
        }  # fmt: skip
        for p in promises
    )
    answers = session.scalars(sa.select(Feedback).order_by(Feedback.id).execution_options(**batch))
    yield "feedback", (
        {
            "id": f.id, "contact": f.contact_id, "score": f.score, "at": _instant(f.at), "note": f.note,
            "created_at": _instant(f.created_at), "uid": f.uid, "author": f.author,
        }  # fmt: skip
        for f in answers
    )
    deals = session.scalars(sa.select(Deal).order_by(Deal.id).execution_options(**batch))
    yield "deals", (
        {
            "id": d.id, "contact": d.contact_id, "title": d.title, "stage": d.stage, "value": _money(d.value, d.currency),
            "cost": None if d.cost is None else _money(d.cost, d.currency), "currency": d.currency,
            "opened_at": _instant(d.opened_at), "closed_at": _instant(d.closed_at), "closed_on": _day(d.closed_on),
            "note": d.note, "created_at": _instant(d.created_at),
        }  # fmt: skip
        for d in deals
    )
    agreements = session.scalars(sa.select(Agreement).order_by(Agreement.id))
    yield "agreements", (
        {
            "id": a.id, "contact": a.contact_id, "title": a.title, "starts_on": _day(a.starts_on), "ends_on": _day(a.ends_on),
            "renew_notice": a.renew_notice, "payment_terms_days": a.payment_terms_days, "note": a.note,
            "created_at": _instant(a.created_at),
        }  # fmt: skip
        for a in agreements
    )
    reviews = session.scalars(sa.select(Review).order_by(Review.id))
    yield "reviews", ({"id": r.id, "at": _instant(r.at), "covered_from": _instant(r.covered_from)} for r in reviews)


def _money(amount: Decimal, currency: str) -> str:
    """Exact decimal text ("1250.50"): a JSON number would be read back as a float."""
    return money.text(money.exact(amount, currency))


def _touch_records(rows: Iterable[sa.Row]) -> Iterator[dict]:
    """One record per touchpoint from rows of (touchpoint, one contact id), grouped by touchpoint."""
    current: dict | None = None
    for row in rows:
        if current is not None and current["id"] == row.id:
            current["contacts"].append(row.contact_id)
            continue
        if current is not None:
            yield current
        current = {
            "id": row.id, "at": _instant(row.at), "day": _day(row.day), "contacts": [row.contact_id], "via": row.channel,
            "direction": row.direction, "note": row.note, "rating": row.rating, "minutes": row.minutes,
            "created_at": _instant(row.created_at), "uid": row.uid, "author": row.author,
        }  # fmt: skip
    if current is not None:
        yield current


def write_dump(session: Session, now: datetime, out: TextIO) -> None:
    """The dump as JSON (the same text as json.dumps(dump, indent=2)), one record at a time."""
    head = {"format": DUMP_FORMAT, "version": DUMP_VERSION, "schema": SCHEMA_HEAD, "exported_at": _instant(now)}
    out.write("{")
    out.write(",".join(f"\n  {json.dumps(key)}: {json.dumps(value)}" for key, value in head.items()))
    for table, records in _records(session):
        out.write(f",\n  {json.dumps(table)}: [")
        count = 0
        for count, record in enumerate(records, start=1):
            text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            out.write(("," if count > 1 else "") + "\n    " + text)
        out.write("\n  ]" if count else "]")
    out.write("\n}\n")


def is_dump(data: object) -> bool:
    return isinstance(data, dict) and data.get("format") == DUMP_FORMAT


class _Reader:
    """Typed access to one dumped record, with `where` in every error message."""

    def __init__(self, record: object, where: str) -> None:
        if not isinstance(record, dict):
            raise InvalidInput(f"{where}: expected an object")
        self.record, self.where = record, where

    def get(self, key: str, kind: type, required: bool = False) -> Any:
        value = self.record.get(key)
        if value is None:
            if required:
                raise InvalidInput(f"{self.where}: '{key}' is missing")
            return None
        if kind is datetime or kind is date:
            try:
                parsed = datetime.fromisoformat(value) if kind is datetime else date.fromisoformat(value)
            except (TypeError, ValueError):
                raise InvalidInput(f"{self.where}: '{key}' is not an ISO {kind.__name__}: {value!r}") from None
            if isinstance(parsed, datetime) and parsed.tzinfo is None:
                raise InvalidInput(f"{self.where}: '{key}' has no time zone: {value!r}")
            try:
                check_year(parsed, value)
            except InvalidInput as problem:
                raise InvalidInput(f"{self.where}: {problem}") from None
            return parsed
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInput(f"{self.where}: '{key}' is not a whole number: {value!r}")
        if kind is str and not isinstance(value, str):
            raise InvalidInput(f"{self.where}: '{key}' is not text: {value!r}")
        if kind is list and not isinstance(value, list):
            raise InvalidInput(f"{self.where}: '{key}' is not a list: {value!r}")
        return value


def _keeps_ids(session: Session, model: type) -> bool:
    """Dumped ids are kept when the table is empty: a restore into a new database is exact."""
    return session.execute(sa.select(model.id).limit(1)).first() is None  # type: ignore[attr-defined]


def restore(session: Session, data: dict, source: str, note: Any, batch: Any) -> None:
    """Merge a dump into the database. `note(action, table, description)` hears about each row;
    `batch` (interchange.batches.Batch), about each row added."""
    from reltrack import vocab
    from reltrack.core.rules.dates import parse_duration

    version = data.get("version")
    if version not in READS:
        raise InvalidInput(f"{source}: dump version {version!r} is not one this reltrack reads ({', '.join(map(str, READS))})")
    tables = {}
    for table in ("tags", "contacts", "merged", "touchpoints", "promises", "feedback", "deals", "agreements", "reviews"):
        rows = data.get(table, [])
        if not isinstance(rows, list):
            raise InvalidInput(f"{source}: '{table}' is not a list")
        tables[table] = rows
    keep = {model: _keeps_ids(session, model) for model in (Contact, Touchpoint, Promise, Feedback, Deal, Agreement, Review)}

    tag_ids: dict[str, int] = {}
    for index, raw in enumerate(tables["tags"]):
        record = _Reader(raw, f"{source}: tags[{index}]")
        try:
            name = tag_name(record.get("name", str, required=True))
        except InvalidInput as problem:
            raise InvalidInput(f"{record.where}: {problem}") from None
        every = record.get("every", str)
        if every:
            every = str(parse_duration(every))
        tag = tag_by_name(session, name)
        if tag is None:
            tag = Tag(name=name, name_key=names.name_key(name), every=every)
            session.add(tag)
            session.flush()
            note("add", "tag", name)
        else:
            note("skip", "tag", name)
        tag_ids[tag.name_key] = tag.id  # type: ignore[assignment]

    contact_ids: dict[int, int] = {}  # dumped id -> id here
    introducers: list[tuple[Contact, int, _Reader]] = []  # linked once every contact is in
    by_uid = stored_contacts.uid_index(session)
    for index, raw in enumerate(tables["contacts"]):
        record = _Reader(raw, f"{source}: contacts[{index}]")
        name = names.clean_name(record.get("name", str, required=True))
        email, uid = record.get("email", str), record.get("uid", str)
        known = by_uid.get(uid) if uid else None
        existing = session.get(Contact, known) if known is not None else same_contact(session, name, [email] if email else [])
        dumped_id = record.get("id", int, required=True)
        if existing is not None:
            contact_ids[dumped_id] = existing.id  # type: ignore[assignment]
            note("skip", "contact", name)
            continue
        every, max_gap = record.get("every", str), record.get("max", str)
        contact = Contact(
            id=dumped_id if keep[Contact] else None,
            name=name,
            **names.stored_forms(name),
            kind=vocab.kind(record.get("kind", str) or "other"),
            org=record.get("org", str),
            email=record.get("email", str),
            phone=record.get("phone", str),
            every=str(parse_duration(every)) if every else None,
            max_gap=str(parse_duration(max_gap)) if max_gap else None,
            notes=record.get("notes", str),
            created_at=record.get("created_at", datetime, required=True),
            archived_at=record.get("archived_at", datetime),
            snoozed_until=record.get("snoozed_until", datetime),
            followup_on=record.get("followup_on", date),
            followup_set_at=record.get("followup_set_at", datetime),
            uid=uid or new_uid(),
            updated_at=record.get("updated_at", datetime),
            **{key: record.get(key, str) for key in CARD_KEYS},
        )
        session.add(contact)
        session.flush()
        batch.added("contact", contact.uid)
        contact_ids[dumped_id] = contact.id  # type: ignore[assignment]
        for tag in record.get("tags", list) or []:
            key = names.name_key(str(tag))
            if key not in tag_ids:
                raise InvalidInput(f"{source}: contacts[{index}]: tag '{tag}' is not in 'tags'")
            session.add(ContactTag(contact_id=contact.id, tag_id=tag_ids[key]))  # type: ignore[arg-type]
        introducer = record.get("introduced_by", int)
        if introducer is not None:
            introducers.append((contact, introducer, record))
        note("add", "contact", name)
    for contact, introducer, record in introducers:
        if introducer not in contact_ids:
            raise InvalidInput(f"{record.where}: introduced_by {introducer} is not in 'contacts'")
        if contact_ids[introducer] != contact.id:
            contact.introduced_by_id = contact_ids[introducer]
            session.add(contact)

    for index, raw in enumerate(tables["merged"]):
        record = _Reader(raw, f"{source}: merged[{index}]")
        if record.get("contact", int, required=True) in contact_ids:
            stored_batches.record_merge(session, [record.get("uid", str, required=True)], contact_ids[record.get("contact", int)],
                                        record.get("merged_at", datetime, required=True))  # fmt: skip

    def contact_of(record: _Reader, key: str = "contact") -> int:
        dumped = record.get(key, int, required=True)
        if dumped not in contact_ids:
            raise InvalidInput(f"{record.where}: contact {dumped} is not in 'contacts'")
        return contact_ids[dumped]

    touches, kept_ids = [], []
    for index, raw in enumerate(tables["touchpoints"]):
        record = _Reader(raw, f"{source}: touchpoints[{index}]")
        dumped_people = record.get("contacts", list, required=True)
        people = tuple(dict.fromkeys(contact_of(_Reader({"contact": person}, record.where)) for person in dumped_people))
        if not people:
            raise InvalidInput(f"{record.where}: a touchpoint needs at least one contact")
        at = record.get("at", datetime, required=True)
        touches.append(
            stored_touches.NewTouch(
                at=at,
                day=record.get("day", date) or local_date(at),  # version 1 dumps: the local day, as shown then
                channel=vocab.channel(record.get("via", str) or "call"),
                direction=_one_of(record, "direction", vocab.DIRECTIONS, "out"),
                note=record.get("note", str),
                rating=_in_range(record, "rating", 1, 5),
                minutes=_in_range(record, "minutes", 0, None),
                created_at=record.get("created_at", datetime) or at,
                contact_ids=people,
                uid=record.get("uid", str) or new_uid(),
                author=record.get("author", str),
            )
        )
        kept_ids.append(record.get("id", int))
    keys = [(t.contact_ids[0], t.at, t.channel) for t in touches]
    stored_keys = stored_touches.stored_already(session, keys)
    known_uids = stored_touches.uids_stored(session, [t.uid for t in touches])  # type: ignore[misc]
    new, seen = [], set()
    for position, (touch, dumped_id, key) in enumerate(zip(touches, kept_ids, keys, strict=True)):
        if position in stored_keys or key in seen or touch.uid in known_uids:
            note("skip", "touchpoint", f"{touch.channel} {touch.at.isoformat()}")
            continue
        seen.add(key)
        new.append((touch, dumped_id))
        batch.added("touchpoint", touch.uid)
        note("add", "touchpoint", f"{touch.channel} {touch.at.isoformat()}")
    explicit = [ident for _, ident in new] if keep[Touchpoint] and all(ident is not None for _, ident in new) else None
    stored_touches.add_touchpoints(session, [touch for touch, _ in new], ids=explicit)

    for index, raw in enumerate(tables["promises"]):
        record = _Reader(raw, f"{source}: promises[{index}]")
        contact_id, what = contact_of(record), record.get("what", str, required=True)
        due_on, owner = record.get("due", date, required=True), _one_of(record, "owner", vocab.PROMISE_OWNERS, "mine")
        uid = record.get("uid", str) or new_uid()
        if stored_promises.by_uid(session, uid) or stored_promises.same_promise(session, contact_id, what, due_on, owner) is not None:
            note("skip", "promise", what)
            continue
        status = _one_of(record, "status", vocab.PROMISE_STATUSES, "open")
        resolved_at = record.get("resolved_at", datetime)
        if status != "open" and resolved_at is None:
            raise InvalidInput(f"{record.where}: a {status} promise needs 'resolved_at'")
        session.add(
            Promise(
                id=record.get("id", int) if keep[Promise] else None,
                contact_id=contact_id,
                what=what,
                owner=owner,
                due_on=due_on,
                status=status,
                created_at=record.get("created_at", datetime, required=True),
                resolved_at=resolved_at,
                resolved_on=record.get("resolved_on", date) or (local_date(resolved_at) if resolved_at else None),
                uid=uid,
                author=record.get("author", str),
            )
        )
        session.flush()
        batch.added("promise", uid)
        note("add", "promise", what)

    answers = []
    for index, raw in enumerate(tables["feedback"]):
        record = _Reader(raw, f"{source}: feedback[{index}]")
        contact_id, at = contact_of(record), record.get("at", datetime, required=True)
        score = _in_range(record, "score", 0, 10)
        if score is None:
            raise InvalidInput(f"{record.where}: 'score' is missing")
        answers.append((record, contact_id, at, score))
    stored_answers: set[object] = set(stored_promises.existing_feedback(session, ((c, at, s) for _, c, at, s in answers)))
    stored_answers.update(stored_promises.feedback_uids(session, [uid for r, *_ in answers if (uid := r.get("uid", str))]))
    for record, contact_id, at, score in answers:
        uid = record.get("uid", str) or new_uid()
        if (contact_id, at, score) in stored_answers or uid in stored_answers:
            note("skip", "feedback", f"{score}/10")
            continue
        stored_answers.add((contact_id, at, score))
        session.add(
            Feedback(
                id=record.get("id", int) if keep[Feedback] else None,
                contact_id=contact_id,
                score=score,
                at=at,
                note=record.get("note", str),
                created_at=record.get("created_at", datetime) or at,
                uid=uid,
                author=record.get("author", str),
            )
        )
        batch.added("feedback", uid)
        note("add", "feedback", f"{score}/10")
    session.flush()
    _restore_deals(session, tables["deals"], source, note, contact_of, keep[Deal])
    _restore_agreements(session, tables["agreements"], source, note, contact_of, keep[Agreement])
    _restore_reviews(session, tables["reviews"], source, note, keep[Review])
    session.flush()
    advance_id_sequences(session)


def _amount(record: _Reader, key: str, currency: str, required: bool = False) -> Decimal | None:
    """An amount as the dump writes it: decimal text. A JSON number with a fraction is refused, since
    reading it has already made it a float (0.1 is not 0.1 there); whole numbers are exact."""
    value = record.record.get(key)
    if value is None:
        if required:
            raise InvalidInput(f"{record.where}: '{key}' is missing")
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InvalidInput(f"{record.where}: '{key}' must be decimal text such as \"1250.50\", not {value!r}")
    try:
        return money.checked(money.parse_amount(str(value)), currency)
    except InvalidInput as problem:
        raise InvalidInput(f"{record.where}: '{key}': {problem}") from None


def _restore_deals(session: Session, rows: list, source: str, note: Any, contact_of: Any, keep_ids: bool) -> None:
    from reltrack import vocab
    from reltrack.store import deals as stored_deals

    for index, raw in enumerate(rows):
        record = _Reader(raw, f"{source}: deals[{index}]")
        contact_id, title = contact_of(record), " ".join(record.get("title", str, required=True).split())
        try:
            currency = vocab.currency(record.get("currency", str, required=True))
            stage = vocab.deal_stage(record.get("stage", str) or "lead")
        except InvalidInput as problem:
            raise InvalidInput(f"{record.where}: {problem}") from None
        opened_at = record.get("opened_at", datetime, required=True)
        if stored_deals.same_deal(session, contact_id, title, opened_at) is not None:
            note("skip", "deal", title)
            continue
        closed_at = record.get("closed_at", datetime)
        if (stage in vocab.CLOSED_DEAL_STAGES) != (closed_at is not None):
            raise InvalidInput(f"{record.where}: a {stage} deal {'needs' if closed_at is None else 'has no'} 'closed_at'")
        session.add(
            Deal(
                id=record.get("id", int) if keep_ids else None,
                contact_id=contact_id,
                title=title,
                stage=stage,
                value=_amount(record, "value", currency, required=True),
                cost=_amount(record, "cost", currency),
                currency=currency,
                opened_at=opened_at,
                closed_at=closed_at,
                closed_on=(record.get("closed_on", date) or closed_at.date()) if closed_at else None,
                note=record.get("note", str),
                created_at=record.get("created_at", datetime) or opened_at,
            )
        )
        session.flush()
        note("add", "deal", title)


def _restore_agreements(session: Session, rows: list, source: str, note: Any, contact_of: Any, keep_ids: bool) -> None:
    from reltrack.core.rules.dates import parse_duration
    from reltrack.store import agreements as stored_agreements

    for index, raw in enumerate(rows):
        record = _Reader(raw, f"{source}: agreements[{index}]")
        contact_id, title = contact_of(record), " ".join(record.get("title", str, required=True).split())
        starts_on, ends_on = record.get("starts_on", date, required=True), record.get("ends_on", date)
        if stored_agreements.same_agreement(session, contact_id, title, starts_on) is not None:
            note("skip", "agreement", title)
            continue
        if ends_on is not None and ends_on < starts_on:
            raise InvalidInput(f"{record.where}: it ends ({ends_on}) before it starts ({starts_on})")
        notice = record.get("renew_notice", str)
        try:
            notice = str(parse_duration(notice)) if notice else None
        except InvalidInput as problem:
            raise InvalidInput(f"{record.where}: 'renew_notice': {problem}") from None
        session.add(
            Agreement(
                id=record.get("id", int) if keep_ids else None,
                contact_id=contact_id,
                title=title,
                starts_on=starts_on,
                ends_on=ends_on,
                renew_notice=notice,
                payment_terms_days=_in_range(record, "payment_terms_days", 0, 365),
                note=record.get("note", str),
                created_at=record.get("created_at", datetime, required=True),
            )
        )
        session.flush()
        note("add", "agreement", title)


def _restore_reviews(session: Session, rows: list, source: str, note: Any, keep_ids: bool) -> None:
    from reltrack.store import reviews as stored_reviews

    for index, raw in enumerate(rows):
        record = _Reader(raw, f"{source}: reviews[{index}]")
        at = record.get("at", datetime, required=True)
        label = f"review of {at.isoformat()}"
        if stored_reviews.at(session, at) is not None:
            note("skip", "review", label)
            continue
        session.add(Review(id=record.get("id", int) if keep_ids else None, at=at, covered_from=record.get("covered_from", datetime) or at))
        session.flush()
        note("add", "review", label)


def _one_of(record: _Reader, key: str, allowed: tuple[str, ...], default: str) -> str:
    value = record.get(key, str) or default
    if value not in allowed:
        raise InvalidInput(f"{record.where}: '{key}' must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _in_range(record: _Reader, key: str, low: int, high: int | None) -> int | None:
    value = record.get(key, int)
    if value is not None and (value < low or (high is not None and value > high)):
        raise InvalidInput(f"{record.where}: '{key}' {value} is out of range")
    return value
