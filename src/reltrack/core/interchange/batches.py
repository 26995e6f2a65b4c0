"""Each import is a batch: what it added and what it changed is recorded, so that `undo-import`
can take exactly that back, in one transaction, or refuse when later work stands on it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy.orm import Session

from reltrack.core.contacts import CARD_FIELDS
from reltrack.errors import NotFound, Refused
from reltrack.store import batches as stored
from reltrack.store import contacts as stored_contacts
from reltrack.store import touches as stored_touches
from reltrack.store.models import Contact, ImportBatch, Promise

# the contact's own fields, as an update by an import may change them and an undo puts them back
CONTACT_FIELDS = (
    "name", "name_key", "name_fold", "kind", "org", "email", "phone", "every", "max_gap", "notes", *CARD_FIELDS,
    "followup_on", "followup_set_at", "snoozed_until", "updated_at",
)  # fmt: skip
PROMISE_FIELDS = ("status", "resolved_at", "resolved_on")
BATCH_COLUMNS = ("id", "at", "file", "type", "added", "updated", "skipped", "undone")


def plain_value(value: object) -> object:
    """A field's value as JSON keeps it: instants in UTC to the second, as stored."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    return value.isoformat() if isinstance(value, date) else value


def contact_fields(contact: Contact) -> dict:
    return {field: plain_value(getattr(contact, field)) for field in CONTACT_FIELDS}


def promise_fields(promise: Promise) -> dict:
    return {field: plain_value(getattr(promise, field)) for field in PROMISE_FIELDS}


DAYS = {"followup_on", "resolved_on"}
INSTANTS = {"followup_set_at", "snoozed_until", "updated_at", "resolved_at"}


def _restore(row: object, fields: dict) -> None:
    for field, value in fields.items():
        if field == "tags":
            continue
        if value is not None and field in INSTANTS:
            value = datetime.fromisoformat(value)
        elif value is not None and field in DAYS:
            value = date.fromisoformat(value)
        setattr(row, field, value)


class Batch:
    """Collects what one import does; `save` stores it as a batch with its counts.

    What it did is written out every ITEMS_HELD records, into the batch's row made for them then
    (in the import's own transaction, so none of it stays if the import fails): an import of
    millions of rows holds a few of them in memory, not one undo record per row."""

    ITEMS_HELD = 50_000

    def __init__(self, session: Session, now: datetime, source: str) -> None:
        self.session, self.now, self.source = session, now, source
        self.items: list[tuple[str, str, str, str | None, str | None]] = []
        self.first_new_tag = stored.largest_tag_id(session) + 1
        self.stored: ImportBatch | None = None  # once some items are written

    def added(self, record: str, uid: str) -> None:
        self._keep((record, uid, "add", None, None))

    def updated(self, record: str, uid: str, before: dict, after: dict) -> None:
        self._keep((record, uid, "update", json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)))

    def _keep(self, item: tuple[str, str, str, str | None, str | None]) -> None:
        self.items.append(item)
        if len(self.items) >= self.ITEMS_HELD:
            self._write()

    def _write(self) -> None:
        if self.stored is None:  # the counts and the type are known at the end (save)
            self.stored = stored.add_batch(self.session, ImportBatch(at=self.now, source=self.source, kind=""))
        stored.add_items(self.session, self.stored.id, self.items)  # type: ignore[arg-type]
        self.items = []

    def save(self, kind: str, added: int, updated: int, skipped: int) -> int | None:
        """The batch's id; None when it changed nothing (nothing to undo)."""
        new_tags = stored.tags_after(self.session, self.first_new_tag - 1)
        self.items += [("tag", str(tag_id), "add", None, None) for tag_id in new_tags]
        if not self.items and self.stored is None:
            return None
        self._write()
        batch = self.stored
        batch.kind, batch.added, batch.updated, batch.skipped = kind, added, updated, skipped  # type: ignore[union-attr]
        self.session.flush()
        return batch.id  # type: ignore[union-attr]


class BatchRow(NamedTuple):
    id: int
    at: datetime
    file: str
    type: str
    added: int
    updated: int
    skipped: int
    undone: datetime | None


def list_batches(session: Session) -> list[BatchRow]:
    return [BatchRow(b.id, b.at, b.source, b.kind, b.added, b.updated, b.skipped, b.undone_at) for b in stored.batches(session)]  # type: ignore[arg-type]


def undo_import(session: Session, now: datetime, batch_id: int) -> BatchRow:
    """Remove what the batch added and put back what it changed; Refused, changing nothing, when a
    row it added or changed was used or edited since."""
    batch = stored.batch(session, batch_id)
    if batch is None:
        raise NotFound(f"no import {batch_id} (see `reltrack imports`)")
    if batch.undone_at is not None:
        raise Refused(f"import {batch_id} was undone already, at {batch.undone_at.astimezone():%Y-%m-%d %H:%M}")
    items = stored.items(session, batch_id)
    added: dict[str, list[str]] = {"contact": [], "touchpoint": [], "promise": [], "feedback": [], "tag": []}
    for record, uid, action, _, _ in items:
        if action == "add":
            added[record].append(uid)
    ids = {record: stored.ids_of(session, record, uids) for record, uids in added.items() if record != "tag"}
    contact_ids = sorted(ids["contact"].values())
    later = stored.dependants(session, contact_ids, set(ids["touchpoint"].values()), set(ids["promise"].values()), set(ids["feedback"].values()))
    for contact in stored_contacts.contacts_by_id(session, contact_ids):
        if contact.updated_at is not None and contact.updated_at > batch.at:
            later.append(f"an edit of {contact.name}")
    if later:
        raise Refused(f"cannot undo import {batch_id}: {later[0]} was added or changed after it" + (f" (and {len(later) - 1} more)" if len(later) > 1 else ""))
    for record, uid, action, before, after in reversed(items):
        if action == "update":
            _put_back(session, batch_id, record, uid, json.loads(before), json.loads(after))  # type: ignore[arg-type]
    stored_touches.delete_touchpoints(session, list(ids["touchpoint"].values()))
    stored.delete_rows(session, "feedback", list(ids["feedback"].values()))
    stored.delete_rows(session, "promise", list(ids["promise"].values()))
    session.flush()
    stored.delete_rows(session, "contact", contact_ids)
    stored.delete_unused_tags(session, [int(tag) for tag in added["tag"]])
    stored.mark_undone(session, batch_id, now)
    return BatchRow(batch.id, batch.at, batch.source, batch.kind, batch.added, batch.updated, batch.skipped, now)  # type: ignore[arg-type]


def _put_back(session: Session, batch_id: int, record: str, uid: str, before: dict, after: dict) -> None:
    from reltrack.core.contacts import ContactFields, apply_fields

    found = stored.ids_of(session, record, [uid])
    if not found:
        raise Refused(f"cannot undo import {batch_id}: a {record} it changed was deleted since")
    if record == "promise":
        promise = session.get_one(Promise, found[uid])
        if promise_fields(promise) != after:
            raise Refused(f"cannot undo import {batch_id}: the promise '{promise.what}' was settled or changed after it")
        _restore(promise, before)
        return
    contact = stored_contacts.get(session, found[uid])
    tags = sorted(name for name, _ in stored_contacts.tags_of(session, [contact.id]).get(contact.id, []))  # type: ignore[arg-type, list-item]
    if contact_fields(contact) | {"tags": tags} != after:
        raise Refused(f"cannot undo import {batch_id}: {contact.name} was edited after it")
    _restore(contact, before)
    extra = [tag for tag in tags if tag not in before["tags"]]
    apply_fields(session, contact, ContactFields(untags=extra))
    session.add(contact)
