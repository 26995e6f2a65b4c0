"""`reltrack merge KEEP OTHER`: two records of one person become one, in one transaction.

KEEP's fields win; where KEEP has none, OTHER's is taken; where both have one and they differ,
OTHER's goes into KEEP's notes. Touchpoints, promises, feedback, deals, agreements, tags and
introductions move to KEEP. OTHER's uid is recorded as KEEP's (store/batches.record_merge), so
that importing OTHER's card again updates KEEP instead of bringing OTHER back.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy.orm import Session

from reltrack.core.contacts import CARD_FIELDS
from reltrack.core.rules import names
from reltrack.errors import Refused
from reltrack.store import batches as stored_batches
from reltrack.store import contacts as stored
from reltrack.store import merge as stored_merge

MERGED_FIELDS = ("kind", "org", "email", "phone", "every", "max_gap", *CARD_FIELDS[:-1], "followup_on", "snoozed_until")


class MergeResult(NamedTuple):
    keep: str
    other: str
    moved: dict[str, int]  # rows moved onto KEEP, by kind
    kept_in_notes: list[str]  # OTHER's fields that differed from KEEP's
    already: bool  # OTHER had been merged into KEEP before: nothing done


def already_merged(session: Session, keep_id: int, other_name: str) -> bool:
    return stored_batches.merged_by_name(session, names.name_key(names.clean_name(other_name))) == keep_id


def merge_contacts(session: Session, now: datetime, keep_id: int, other_id: int) -> MergeResult:
    if keep_id == other_id:
        raise Refused("cannot merge a contact with itself")
    keep, other = stored.get(session, keep_id), stored.get(session, other_id)
    moved = stored_merge.counts_of(session, other_id)
    differing = []
    for field in MERGED_FIELDS:
        mine, theirs = getattr(keep, field), getattr(other, field)
        if theirs is None or theirs == mine:
            continue
        if mine is None:
            setattr(keep, field, theirs)
        else:
            differing.append(f"{field}: {theirs}")
    if other.notes and other.notes != keep.notes:
        differing.append(f"notes: {other.notes}")
    if differing:
        keep.notes = "\n".join(filter(None, [keep.notes, f"Merged from {other.name}:", *differing]))
    if other.card_extra and other.card_extra != keep.card_extra and keep.card_extra:
        keep.card_extra = "\n".join([keep.card_extra, other.card_extra])
    keep.created_at = min(keep.created_at, other.created_at)  # known since the earlier of the two
    keep.updated_at = now
    uid, name, name_key = other.uid, other.name, other.name_key
    session.flush()
    session.expunge(other)
    stored_batches.record_merge(session, [uid], keep_id, now, name_key)  # before OTHER goes, with what pointed to it
    stored_merge.move_everything(session, keep_id, other_id)
    session.add(keep)
    session.flush()
    return MergeResult(keep.name, name, moved, differing, False)
