"""Contacts and their tags: add, edit, find, archive, delete."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from reltrack import vocab
from reltrack.core.rules import names
from reltrack.core.rules.dates import Duration, parse_duration
from reltrack.errors import Duplicate, InvalidInput, NotFound, Refused
from reltrack.store import contacts as stored
from reltrack.store import touches as stored_touches
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
    introduced_by: int | None = None  # the id of the contact who introduced them (a referral)
    clear_introduced_by: bool = False
    # what address books carry besides (imports; docs/interchange.md)
    title: str | None = None
    department: str | None = None
    birthday: str | None = None
    url: str | None = None
    address: str | None = None
    card_extra: str | None = None
    followup_on: date | None = None
    followup_set_at: datetime | None = None  # with followup_on: from when a touchpoint ends it
    snoozed_until: datetime | None = None


CARD_FIELDS = ("title", "department", "birthday", "url", "address", "card_extra")  # plain text, set as given


def by_name(session: Session, name: str) -> Contact | None:
    """The contact with exactly this name, ignoring case (names are unique that way)."""
    return stored.by_key(session, names.name_key(name))


def same_contact(session: Session, name: str, emails: Iterable[str] = ()) -> Contact | None:
    """The stored contact a record from a file stands for: the same email (ignoring case;
    names get respelled between address books), else the same name."""
    for email in emails:
        found = stored.by_email(session, email)
        if found is not None:
            return found
    return by_name(session, name)


def find_contact(session: Session, query: str, loose: bool = True) -> Contact:
    """The one contact `query` names (exact, accent-insensitive, prefix, substring), or an error:
    each step an indexed query, never a scan of everyone in Python.
    `loose=False` (imports) stops after the accent-insensitive step: a file names people in full."""

    def lookup(how: str, text: str) -> list[tuple[int, str]]:
        if how == "key":
            found = stored.by_key(session, text)
            return [(found.id, found.name)] if found is not None else []  # type: ignore[list-item]
        return stored.fold_matches(session, text, how)

    contact_id = names.resolve(query, lookup, partial=loose, all_names=lambda: stored.names(session))
    return stored.get(session, contact_id)


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


def _refuse_lookalike(session: Session, contact: Contact) -> None:
    alike = {*stored.fold_matches(session, contact.name_fold, "equal"), *stored.fold_matches(session, contact.name_ascii, "ascii")}
    if alike:
        shown = ", ".join(sorted(name for _, name in alike))
        raise Duplicate(f"'{contact.name}' looks like {shown}, already a contact (the same name but for accents or script); add --yes to add it anyway")


def _optional(value: str | None) -> str | None:
    return None if value is None or not value.strip() else value.strip()


def _valid_email(email: str) -> str:
    cleaned = email.strip()
    local, at, domain = cleaned.rpartition("@")
    if not at or not local or "." not in domain or " " in cleaned:
        raise InvalidInput(f"'{email}' is not an email address")
    return cleaned


def apply_fields(session: Session, contact: Contact, changes: ContactFields) -> None:
    set_fields(contact, changes)
    _set_tags(session, contact, changes.tags, changes.untags)


def set_fields(contact: Contact, changes: ContactFields) -> None:
    """Everything but the tags, checked: what the contact row itself holds."""
    if changes.kind is not None:
        contact.kind = vocab.kind(changes.kind)
    for attribute in ("org", "phone", "notes", *CARD_FIELDS):
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
    if changes.followup_on is not None and changes.followup_on != contact.followup_on:
        contact.followup_on, contact.followup_set_at = changes.followup_on, changes.followup_set_at
    if changes.snoozed_until is not None:
        contact.snoozed_until = changes.snoozed_until
    if changes.clear_introduced_by:
        contact.introduced_by_id = None
    elif changes.introduced_by is not None:
        if changes.introduced_by == contact.id:
            raise Refused(f"{contact.name} cannot have introduced themselves")
        contact.introduced_by_id = changes.introduced_by
    every = parse_duration(contact.every) if contact.every else None
    max_gap = parse_duration(contact.max_gap) if contact.max_gap else None
    if every and max_gap and max_gap.approx_days < every.approx_days:
        raise InvalidInput(f"--max ({max_gap}) cannot be shorter than --every ({every})")


def tag_name(name: str) -> str:
    """A tag as stored: cleaned, without a leading #, free of ';', which separates tags in CSV files.

    A comma is allowed: address books have tags like "media, press" (vCard CATEGORIES escapes it
    as `media\\, press`, and reltrack writes it back so)."""
    cleaned = names.clean_name(name).lstrip("#")
    if not cleaned:
        raise InvalidInput("a tag needs a name")
    if ";" in cleaned:
        raise InvalidInput(f"a tag cannot contain ';' ('{cleaned}'): give each tag its own --tag")
    return cleaned


def tag_by_name(session: Session, name: str) -> Tag | None:
    return stored.tag_by_key(session, names.name_key(name))


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
    tag_id = names.resolve(tag_name(query), stored.tag_names(session), what="tag")
    return session.get_one(Tag, tag_id)


def _set_tags(session: Session, contact: Contact, add: list[str], remove: list[str]) -> None:
    if not add and not remove:
        return
    session.flush()  # the contact needs its id
    linked = stored.tag_ids_of(session, contact.id)  # type: ignore[arg-type]
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


def new_contact(now: datetime, name: str, changes: ContactFields) -> Contact:
    """A checked contact, not yet stored, without its tags (imports store many at once)."""
    cleaned = _valid_name(name)
    contact = Contact(name=cleaned, **names.stored_forms(cleaned), created_at=now)
    set_fields(contact, changes)
    return contact


def add_contact(session: Session, now: datetime, name: str, changes: ContactFields, insist: bool = False) -> Contact:
    """A new contact. One whose name differs from a stored name only by accents or script (JUKKA
    JAASKELAINEN beside Jukka Jääskeläinen) is most likely that person again: refused unless `insist`."""
    contact = new_contact(now, name, changes)
    _ensure_unique(session, contact.name)
    if not insist:
        _refuse_lookalike(session, contact)
    session.add(contact)
    _set_tags(session, contact, changes.tags, changes.untags)
    session.flush()
    return contact


class TagLinks:
    """Tags for many contacts at once: each tag looked up (or created) once, links inserted together."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.ids: dict[str, int] = {}
        self.links: set[tuple[int, int]] = set()

    def tag_id(self, name: str) -> int:
        cleaned = tag_name(name)
        key = names.name_key(cleaned)
        if key not in self.ids:
            self.ids[key] = _get_or_create_tag(self.session, cleaned).id  # type: ignore[assignment]
        return self.ids[key]

    def add(self, contact_id: int, tags: Iterable[str]) -> None:
        self.links.update((contact_id, self.tag_id(tag)) for tag in tags)

    def save(self) -> None:
        if self.links:
            stored.add_tag_links(self.session, sorted(self.links))
            self.links = set()


def _check_introductions(session: Session, contact: Contact) -> None:
    """Whoever introduced a contact knew you before them: a chain of introductions never comes back round."""
    seen = {contact.id}
    introducer = contact.introduced_by_id
    while introducer is not None:
        if introducer in seen:
            first = stored.get(session, contact.introduced_by_id)  # type: ignore[arg-type]
            raise Refused(f"{first.name} cannot have introduced {contact.name}: {contact.name} is among the people who led to {first.name}")
        seen.add(introducer)
        introducer = stored.get(session, introducer).introduced_by_id


def edit_contact(
    session: Session, contact_id: int, changes: ContactFields, new_name: str | None = None, now: datetime | None = None
) -> Contact:
    """`now`: when the change is made, the contact's REV in vCard exports."""
    contact = stored.get(session, contact_id)
    if now is not None:
        contact.updated_at = now
    if new_name is not None:
        cleaned = _valid_name(new_name)
        _ensure_unique(session, cleaned, except_id=contact.id)
        contact.name = cleaned
        for column, value in names.stored_forms(cleaned).items():
            setattr(contact, column, value)
    apply_fields(session, contact, changes)
    if changes.introduced_by is not None:
        _check_introductions(session, contact)
    session.add(contact)
    session.flush()
    return contact


def set_archived(session: Session, contact_id: int, now: datetime | None) -> Contact:
    """Archive (now given) or bring back (None) a contact. Archived contacts never appear in `due`."""
    contact = stored.get(session, contact_id)
    contact.archived_at = now
    session.add(contact)
    return contact


def delete_contact(session: Session, contact_id: int) -> tuple[Contact, int]:
    """Delete a contact with its links; touchpoints shared with others stay for them."""
    contact = stored.get(session, contact_id)
    session.delete(contact)
    session.flush()
    removed = stored_touches.delete_orphan_touchpoints(session)
    stored.delete_unused_tags(session)  # a tag only this person had would keep their label
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
    return [TagRow(name, count, every) for name, count, every in stored.tag_counts(session)]


def selection(session: Session, kind: str | None, tag: str | None) -> tuple[str | None, int | None]:
    """A report's `--kind` and `--tag`, checked: (the kind, the tag's id), None where not given."""
    return (vocab.kind(kind) if kind else None), (find_tag(session, tag).id if tag else None)
