"""Contacts and their tags: add, edit, find, archive, delete."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, func, select

from reltrack.core.rules import names
from reltrack import vocab
from reltrack.core.rules.dates import Duration, parse_duration
from reltrack.errors import Duplicate, InvalidInput, NotFound
from reltrack.store import queries
from reltrack.store.models import Contact, ContactTag, Tag


@dataclass
class ContactFields:
    """The optional fields of `add` and `edit`; None means 'leave as it is'."""

    org: str | None = None
    kind: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None
    every: Duration | None = None
    max_gap: Duration | None = None
    clear_every: bool = False
    clear_max: bool = False
    tags: list[str] = field(default_factory=list)
    untags: list[str] = field(default_factory=list)


def by_name(session: Session, name: str) -> Contact | None:
    """The contact with exactly this name, ignoring case (names are unique that way)."""
    return session.exec(select(Contact).where(Contact.name_key == names.name_key(name))).first()


def same_contact(session: Session, name: str, emails: Iterable[str] = ()) -> Contact | None:
    """The stored contact a record from a file stands for: the same email (ignoring case;
    names get respelled between address books), else the same name."""
    for email in emails:
        found = session.exec(select(Contact).where(func.lower(Contact.email) == email.lower())).first()
        if found is not None:
            return found
    return by_name(session, name)


def find_contact(session: Session, query: str, loose: bool = True) -> Contact:
    """The one contact `query` names (exact, accent-insensitive, prefix, substring), or an error.
    `loose=False` (imports) stops after the accent-insensitive step: a file names people in full."""
    exact = by_name(session, query)
    if exact is not None:
        return exact
    contact_id = names.resolve(query, queries.contact_names(session), partial=loose)
    return session.get_one(Contact, contact_id)


def find_contacts(session: Session, queries_: list[str]) -> list[Contact]:
    found: dict[int, Contact] = {}
    for query in queries_:
        contact = find_contact(session, query)
        found.setdefault(contact.id, contact)  # type: ignore[arg-type]
    return list(found.values())


def _valid_name(name: str) -> str:
    cleaned = names.clean_name(name)
    if not cleaned:
        raise InvalidInput("a contact needs a name")
    if len(cleaned) > 200:
        raise InvalidInput("a name is at most 200 characters")
    return cleaned


def _ensure_unique(session: Session, name: str, except_id: int | None = None) -> None:
    clash = by_name(session, name)
    if clash is not None and clash.id != except_id:
        raise Duplicate(f"a contact named '{clash.name}' already exists (names are unique, ignoring case)")


def _optional(value: str | None) -> str | None:
    return None if value is None or not value.strip() else value.strip()


def _valid_email(email: str) -> str:
    cleaned = email.strip()
    local, at, domain = cleaned.rpartition("@")
    if not at or not local or "." not in domain or " " in cleaned:
        raise InvalidInput(f"'{email}' is not an email address")
    return cleaned


def apply_fields(session: Session, contact: Contact, changes: ContactFields) -> None:
    if changes.kind is not None:
        contact.kind = vocab.kind(changes.kind)
    for attribute in ("org", "phone", "notes"):
        value = getattr(changes, attribute)
        if value is not None:
            setattr(contact, attribute, _optional(value))
    if changes.email is not None:
        contact.email = _valid_email(changes.email) if changes.email.strip() else None
    if changes.clear_every:
        contact.every = None
    if changes.clear_max:
        contact.max_gap = None
    if changes.every is not None:
        contact.every = str(changes.every)
    if changes.max_gap is not None:
        contact.max_gap = str(changes.max_gap)
    every = parse_duration(contact.every) if contact.every else None
    max_gap = parse_duration(contact.max_gap) if contact.max_gap else None
    if every and max_gap and max_gap.approx_days < every.approx_days:
        raise InvalidInput(f"--max ({max_gap}) cannot be shorter than --every ({every})")
    _set_tags(session, contact, changes.tags, changes.untags)


def tag_name(name: str) -> str:
    """A tag as stored: cleaned, without a leading #, free of the separators files use."""
    cleaned = names.clean_name(name).lstrip("#")
    if not cleaned:
        raise InvalidInput("a tag needs a name")
    if set(cleaned) & set(";,"):  # they separate tags in CSV files and vCard CATEGORIES
        raise InvalidInput(f"a tag cannot contain ';' or ',' ('{cleaned}'): give each tag its own --tag")
    return cleaned


def tag_by_name(session: Session, name: str) -> Tag | None:
    return session.exec(select(Tag).where(Tag.name_key == names.name_key(name))).first()


def _get_or_create_tag(session: Session, name: str) -> Tag:
    cleaned = tag_name(name)
    existing = tag_by_name(session, cleaned)
    if existing is None:
        existing = Tag(name=cleaned, name_key=names.name_key(cleaned))
        session.add(existing)
        session.flush()
    return existing


def find_tag(session: Session, query: str) -> Tag:
    """An existing tag, matched like contact names."""
    candidates = list(session.exec(select(Tag.id, Tag.name)).all())
    tag_id = names.resolve(tag_name(query), candidates, what="tag")
    return session.get_one(Tag, tag_id)


def _set_tags(session: Session, contact: Contact, add: list[str], remove: list[str]) -> None:
    if not add and not remove:
        return
    session.flush()  # the contact needs its id
    linked = set(session.exec(select(ContactTag.tag_id).where(ContactTag.contact_id == contact.id)))
    for name in add:
        tag = _get_or_create_tag(session, name)
        if tag.id not in linked:
            session.add(ContactTag(contact_id=contact.id, tag_id=tag.id))  # type: ignore[arg-type]
            linked.add(tag.id)
    for name in remove:
        tag = find_tag(session, name)
        if tag.id not in linked:
            raise NotFound(f"'{contact.name}' has no tag '{tag.name}'")
        link = session.get_one(ContactTag, (contact.id, tag.id))
        session.delete(link)
        linked.discard(tag.id)


def add_contact(session: Session, now: datetime, name: str, changes: ContactFields) -> Contact:
    cleaned = _valid_name(name)
    _ensure_unique(session, cleaned)
    contact = Contact(name=cleaned, name_key=names.name_key(cleaned), created_at=now)
    session.add(contact)
    apply_fields(session, contact, changes)
    session.flush()
    return contact


def edit_contact(session: Session, query: str, changes: ContactFields, new_name: str | None = None) -> Contact:
    contact = find_contact(session, query)
    if new_name is not None:
        cleaned = _valid_name(new_name)
        _ensure_unique(session, cleaned, except_id=contact.id)
        contact.name, contact.name_key = cleaned, names.name_key(cleaned)
    apply_fields(session, contact, changes)
    session.add(contact)
    session.flush()
    return contact


def set_archived(session: Session, query: str, now: datetime | None) -> Contact:
    """Archive (now given) or bring back (None) a contact. Archived contacts never appear in `due`."""
    contact = find_contact(session, query)
    contact.archived_at = now
    session.add(contact)
    return contact


def delete_contact(session: Session, query: str) -> tuple[Contact, int]:
    """Delete a contact with its links; touchpoints shared with others stay for them."""
    contact = find_contact(session, query)
    session.delete(contact)
    session.flush()
    removed = queries.delete_orphan_touchpoints(session)
    return contact, removed


def set_tag_cadence(session: Session, tag_name: str, every: Duration | None) -> Tag:
    tag = find_tag(session, tag_name)
    tag.every = str(every) if every else None
    session.add(tag)
    return tag


@dataclass(frozen=True)
class TagRow:
    tag: str
    contacts: int
    every: str | None


TAG_COLUMNS = ("tag", "contacts", "every")


def list_tags(session: Session) -> list[TagRow]:
    query = (
        select(Tag.name, func.count(ContactTag.contact_id), Tag.every)
        .outerjoin(ContactTag, ContactTag.tag_id == Tag.id)
        .group_by(Tag.id, Tag.name, Tag.every)
        .order_by(Tag.name_key)
    )
    return [TagRow(name, count, every) for name, count, every in session.exec(query)]
