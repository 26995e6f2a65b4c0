"""Contacts and tags: lookups through indexes, and the rows the per-contact state is built from."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.store import summaries
from reltrack.store.models import (
    Agreement,
    Contact,
    ContactTag,
    Deal,
    Feedback,
    Promise,
    Tag,
    Touchpoint,
    contact_summary,
)
from reltrack.store.sql import Bulk, plain_rows

CONTACTS = Contact.__table__
TAGS = Tag.__table__
CONTACT_TAGS = ContactTag.__table__


def by_key(session: Session, name_key: str) -> Contact | None:
    return session.execute(sa.select(Contact).where(Contact.name_key == name_key)).scalar_one_or_none()


def by_email(session: Session, email: str) -> Contact | None:
    query = sa.select(Contact).where(sa.func.lower(Contact.email) == email.lower()).order_by(Contact.id).limit(1)
    return session.execute(query).scalar_one_or_none()


def get(session: Session, contact_id: int) -> Contact:
    return session.get_one(Contact, contact_id)


def contacts_by_id(session: Session, contact_ids: Iterable[int]) -> list[Contact]:
    ids = sorted(set(contact_ids))
    found: list[Contact] = []
    for start in range(0, len(ids), 500):
        found.extend(session.execute(sa.select(Contact).where(Contact.id.in_(ids[start : start + 500]))).scalars())
    return found


def fold_matches(session: Session, folded: str, how: str) -> list[tuple[int, str]]:
    """(id, name) of the contacts whose folded (or ASCII-folded) name equals or contains `folded`:
    equality through the indexes on name_fold and name_ascii, containment a scan of one column."""
    condition = {
        "equal": CONTACTS.c.name_fold == folded,
        "ascii": CONTACTS.c.name_ascii == folded,
        "contains": CONTACTS.c.name_fold.contains(folded, autoescape=True),
        "ascii_contains": CONTACTS.c.name_ascii.contains(folded, autoescape=True),
    }[how]
    # sorted here, not by ORDER BY: that would walk the whole name_key index instead of scanning the column
    query = sa.select(CONTACTS.c.id, CONTACTS.c.name, CONTACTS.c.name_key).where(condition)
    return [(ident, name) for ident, name, _ in sorted(session.execute(query), key=lambda row: row[2])]


def names(session: Session) -> list[tuple[int, str, str]]:
    """(id, name, folded name) of everyone, for "did you mean": the fold as stored, not recomputed."""
    return [tuple(row) for row in session.execute(sa.select(CONTACTS.c.id, CONTACTS.c.name, CONTACTS.c.name_fold))]


def name_of(session: Session, contact_ids: Iterable[int]) -> dict[int, str]:
    ids = list(contact_ids)
    query = sa.select(CONTACTS.c.id, CONTACTS.c.name).where(CONTACTS.c.id.in_(ids))
    return dict(tuple(row) for row in session.execute(query))  # type: ignore[arg-type]


def ids_by_key(session: Session, keys: Iterable[str]) -> dict[str, int]:
    """name key -> id of the contacts with these keys, through the unique index."""
    return Bulk(session.connection()).pairs(CONTACTS, "name_key", "id", list(keys))


def key_and_email_index(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    """name key -> id and lower-cased email -> id (the first contact with it), for bulk imports."""
    by_name: dict[str, int] = {}
    by_mail: dict[str, int] = {}
    for ident, key, email in session.execute(sa.select(CONTACTS.c.id, CONTACTS.c.name_key, CONTACTS.c.email).order_by(CONTACTS.c.id)):
        by_name[key] = ident
        if email:
            by_mail.setdefault(email.lower(), ident)
    return by_name, by_mail


def uid_index(session: Session) -> dict[str, int]:
    """uid -> id for every contact, and the identities of contacts merged into another -> the one kept."""
    from reltrack.store.models import MergedUid

    index = dict(session.execute(sa.select(MergedUid.uid, MergedUid.contact_id)).all())
    index.update(session.execute(sa.select(CONTACTS.c.uid, CONTACTS.c.id)).all())
    return index


STATE_COLUMNS = (  # core/state.py reads them in this order
    CONTACTS.c.id, CONTACTS.c.name, CONTACTS.c.kind, CONTACTS.c.org, CONTACTS.c.email, CONTACTS.c.phone,
    CONTACTS.c.every, CONTACTS.c.max_gap, CONTACTS.c.created_at,
    CONTACTS.c.snoozed_until, CONTACTS.c.followup_on, CONTACTS.c.followup_set_at,
    contact_summary.c.touches, contact_summary.c.contact_days, contact_summary.c.last_day,
    contact_summary.c.last_at, contact_summary.c.rhythm_days,
)  # fmt: skip


def state_rows(
    session: Session,
    *,
    include_archived: bool = False,
    archived_only: bool = False,
    contact_ids: Iterable[int] | None = None,
    kind: str | None = None,
    tag_id: int | None = None,
) -> Iterator[sa.Row]:
    """Each contact with its summary, in alphabetical order as people read it (by folded name:
    Łukasz among the Ls), filtered in SQL."""
    query = sa.select(*STATE_COLUMNS).outerjoin(contact_summary, contact_summary.c.contact_id == CONTACTS.c.id)
    if archived_only:
        query = query.where(CONTACTS.c.archived_at.is_not(None))
    elif not include_archived:
        query = query.where(CONTACTS.c.archived_at.is_(None))
    if contact_ids is not None:
        query = query.where(CONTACTS.c.id.in_(list(contact_ids)))
    if kind is not None:
        query = query.where(CONTACTS.c.kind == kind)
    if tag_id is not None:
        tagged = sa.select(CONTACT_TAGS.c.contact_id).where(CONTACT_TAGS.c.tag_id == tag_id)
        query = query.where(CONTACTS.c.id.in_(tagged))
    # sorted as an expression, not read along the name index: for everyone, a scan of the table and
    # one sort beat a hundred thousand lookups of rows in index order (a third less CPU at 100k contacts)
    order = (CONTACTS.c.name_fold.concat(""), CONTACTS.c.name_key)
    return iter(session.execute(query.order_by(*order).execution_options(yield_per=2000)))


def selection(kind: str | None = None, tag_id: int | None = None) -> sa.Select:
    """The active contacts a report covers, as a query for other queries to join: (id, name, name_fold, name_key)."""
    query = sa.select(CONTACTS.c.id, CONTACTS.c.name, CONTACTS.c.name_fold, CONTACTS.c.name_key).where(CONTACTS.c.archived_at.is_(None))
    if kind is not None:
        query = query.where(CONTACTS.c.kind == kind)
    if tag_id is not None:
        query = query.where(CONTACTS.c.id.in_(sa.select(CONTACT_TAGS.c.contact_id).where(CONTACT_TAGS.c.tag_id == tag_id)))
    return query


def selected(session: Session, contacts: sa.Select) -> list[tuple[int, str]]:
    """(id, name) of the selected contacts, in alphabetical order."""
    ordered = contacts.subquery()
    # sorted as an expression, as in state_rows: at 100k contacts a scan and a sort take half the time
    query = sa.select(ordered.c.id, ordered.c.name).order_by(ordered.c.name_fold.concat(""), ordered.c.name_key)
    return list(plain_rows(session, query))  # a hundred thousand of them, for a report of everyone


def summarised_after(session: Session, as_of: datetime) -> list[int]:
    """Contacts with a touchpoint later than `as_of`: their summaries do not describe that moment."""
    summaries.refresh_changed(session)
    newest = session.execute(sa.select(sa.func.max(Touchpoint.at))).scalar()  # through its index
    if newest is None or newest <= as_of:  # judging now: nothing is later, no need to look
        return []
    query = sa.select(contact_summary.c.contact_id).where(contact_summary.c.last_at > as_of)
    return list(session.execute(query).scalars())


def has_contacts(session: Session) -> bool:
    return session.execute(sa.select(CONTACTS.c.id).limit(1)).first() is not None


def table_counts(session: Session) -> dict[str, int]:
    counts = {}
    tables = (("contacts", Contact), ("tags", Tag), ("touchpoints", Touchpoint), ("promises", Promise), ("feedback", Feedback), ("deals", Deal), ("agreements", Agreement))
    for label, model in tables:
        counts[label] = session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
    counts["archived"] = session.execute(sa.select(sa.func.count()).where(CONTACTS.c.archived_at.is_not(None))).scalar_one()
    return counts


# -- tags -------------------------------------------------------------------------


def tags_of(session: Session, contact_ids: Iterable[int] | None = None, with_cadence: bool = False) -> dict[int, list[tuple[str, str | None]]]:
    """(tag name, tag cadence) per contact id, in tag order; only tags with a cadence if asked.
    The links are read as plain pairs of ids and named from the (few) tags: a listing of everyone
    reads a hundred thousand of them."""
    query = sa.select(TAGS.c.id, TAGS.c.name_key, TAGS.c.name, TAGS.c.every)
    if with_cadence:
        query = query.where(TAGS.c.every.is_not(None))
    tags = {ident: (key, (name, every)) for ident, key, name, every in session.execute(query)}
    links = sa.select(CONTACT_TAGS.c.contact_id, CONTACT_TAGS.c.tag_id)
    if with_cadence:
        links = links.where(CONTACT_TAGS.c.tag_id.in_(list(tags)))
    if contact_ids is not None:
        links = links.where(CONTACT_TAGS.c.contact_id.in_(list(contact_ids)))
    linked: dict[int, list[tuple[str, tuple[str, str | None]]]] = defaultdict(list)
    for contact_id, tag_id in plain_rows(session, links):
        linked[contact_id].append(tags[tag_id])
    return {contact_id: [tag for _, tag in (sorted(named) if len(named) > 1 else named)] for contact_id, named in linked.items()}


def tag_by_key(session: Session, name_key: str) -> Tag | None:
    return session.execute(sa.select(Tag).where(Tag.name_key == name_key)).scalar_one_or_none()


def tag_names(session: Session) -> list[tuple[int, str]]:
    return [tuple(row) for row in session.execute(sa.select(TAGS.c.id, TAGS.c.name))]


def tag_ids_of(session: Session, contact_id: int) -> set[int]:
    return set(session.execute(sa.select(CONTACT_TAGS.c.tag_id).where(CONTACT_TAGS.c.contact_id == contact_id)).scalars())


def tag_counts(session: Session) -> list[tuple[str, int, str | None]]:
    """(tag, contacts carrying it, cadence) in tag order."""
    query = (
        sa.select(TAGS.c.name, sa.func.count(CONTACT_TAGS.c.contact_id), TAGS.c.every)
        .outerjoin(CONTACT_TAGS, CONTACT_TAGS.c.tag_id == TAGS.c.id)
        .group_by(TAGS.c.id, TAGS.c.name, TAGS.c.every)
        .order_by(TAGS.c.name_key)
    )
    return list(plain_rows(session, query))  # a hundred thousand of them, for a report of everyone


def delete_unused_tags(session: Session) -> None:
    """Tags no contact carries, unless they have a cadence of their own (a setting, see docs/commands.md)."""
    used = sa.select(CONTACT_TAGS.c.tag_id)
    session.execute(sa.delete(TAGS).where(TAGS.c.every.is_(None), TAGS.c.id.not_in(used)))


def add_tag_links(session: Session, links: Iterable[tuple[int, int]]) -> None:
    """Link (contact id, tag id) pairs, in one statement; pairs already linked are left alone."""
    wanted = list(links)
    present = set()
    for start in range(0, len(wanted), 300):
        columns = sa.tuple_(CONTACT_TAGS.c.contact_id, CONTACT_TAGS.c.tag_id)
        query = sa.select(CONTACT_TAGS.c.contact_id, CONTACT_TAGS.c.tag_id).where(columns.in_(wanted[start : start + 300]))
        present.update(tuple(row) for row in session.execute(query))
    rows = [{"contact_id": contact_id, "tag_id": tag_id} for contact_id, tag_id in wanted if (contact_id, tag_id) not in present]
    if rows:
        session.execute(sa.insert(CONTACT_TAGS), rows)
