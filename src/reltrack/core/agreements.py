"""Agreements: contracts and framework agreements with a contact, their end, notice and payment terms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from reltrack.core.rules.cadence import DEFAULT_RENEW_NOTICE, notice_day
from reltrack.core.rules.dates import Duration, local_date, parse_duration
from reltrack.errors import InvalidInput, NotFound
from reltrack.store import agreements as stored
from reltrack.store import contacts as stored_contacts
from reltrack.store.models import Agreement

MAX_TITLE = 200
MAX_PAYMENT_TERMS_DAYS = 365


@dataclass(frozen=True)
class AgreementRow:
    id: int
    contact: str
    title: str
    starts_on: date
    ends_on: date | None  # None: open-ended
    renew_notice: str  # the notice period (the default one when none was given)
    notice_on: date | None  # the last day to give notice: ends_on - renew_notice
    payment_terms_days: int | None
    status: str  # open-ended, active, renewal due (the notice day has come), replaced, ended
    note: str | None


AGREEMENT_COLUMNS = (
    "id", "contact", "title", "starts_on", "ends_on", "renew_notice", "notice_on", "payment_terms_days", "status", "note",
)  # fmt: skip


@dataclass
class AgreementFields:
    """What `agreement` and `edit-agreement` can set; None means 'leave as it is' when editing."""

    title: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    clear_ends: bool = False  # open-ended from now on
    renew_notice: Duration | None = None
    clear_notice: bool = False  # back to the default notice
    payment_terms_days: int | None = None
    clear_payment_terms: bool = False
    note: str | None = None


def replaced(spans: Iterable[tuple[int, int, date, date | None]]) -> set[int]:
    """The ids of the agreements that a later one replaces: (contact id, agreement id, starts_on,
    ends_on) in, and an agreement is replaced when the same contact has one that starts after it
    starts and ends after it ends (or never)."""
    by_contact: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for contact_id, agreement_id, starts_on, ends_on in spans:
        by_contact[contact_id].append((agreement_id, starts_on, ends_on))
    found = set()
    for agreements in by_contact.values():
        for agreement_id, starts_on, ends_on in agreements:
            if ends_on is not None and any(
                other != agreement_id and later_start > starts_on and (later_end is None or later_end > ends_on)
                for other, later_start, later_end in agreements
            ):
                found.add(agreement_id)
    return found


def still_to_renew(session: Session, today: date) -> list[tuple]:
    """(contact id, agreement id, title, starts_on, ends_on, renew_notice) of the agreements of active
    contacts that end today or later and that no later agreement replaces, soonest end first."""
    ending = stored.ending_from(session, today)
    if not ending:
        return []
    done = replaced(stored.spans(session, sorted({row[0] for row in ending})))
    return [row for row in ending if row[1] not in done]


def status_of(ends_on: date | None, notice_on: date | None, today: date, is_replaced: bool = False) -> str:
    if ends_on is None:
        return "open-ended"
    if ends_on < today:
        return "ended"
    if is_replaced:
        return "replaced"
    if notice_on is not None and notice_on <= today:
        return "renewal due"
    return "active"


def _row(agreement: Agreement, contact_name: str, today: date, is_replaced: bool = False) -> AgreementRow:
    notice = parse_duration(agreement.renew_notice) if agreement.renew_notice else DEFAULT_RENEW_NOTICE
    notice_on = notice_day(agreement.ends_on, notice) if agreement.ends_on else None
    return AgreementRow(
        agreement.id,  # type: ignore[arg-type]
        contact_name,
        agreement.title,
        agreement.starts_on,
        agreement.ends_on,
        str(notice),
        notice_on,
        agreement.payment_terms_days,
        status_of(agreement.ends_on, notice_on, today, is_replaced),
        agreement.note,
    )


def _title(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput("an agreement needs a title (what it covers)")
    if len(cleaned) > MAX_TITLE:
        raise InvalidInput(f"an agreement title is at most {MAX_TITLE} characters")
    return cleaned


def _apply(agreement: Agreement, fields: AgreementFields) -> None:
    if fields.title is not None:
        agreement.title = _title(fields.title)
    if fields.starts_on is not None:
        agreement.starts_on = fields.starts_on
    if fields.clear_ends:
        agreement.ends_on = None
    elif fields.ends_on is not None:
        agreement.ends_on = fields.ends_on
    if fields.clear_notice:
        agreement.renew_notice = None
    elif fields.renew_notice is not None:
        agreement.renew_notice = str(fields.renew_notice)
    if fields.clear_payment_terms:
        agreement.payment_terms_days = None
    elif fields.payment_terms_days is not None:
        if not 0 <= fields.payment_terms_days <= MAX_PAYMENT_TERMS_DAYS:
            raise InvalidInput(f"payment terms of {fields.payment_terms_days} days are out of range (0 to {MAX_PAYMENT_TERMS_DAYS})")
        agreement.payment_terms_days = fields.payment_terms_days
    if fields.note is not None:
        agreement.note = fields.note.strip() or None
    if agreement.ends_on is not None and agreement.ends_on < agreement.starts_on:
        raise InvalidInput(f"an agreement cannot end ({agreement.ends_on}) before it starts ({agreement.starts_on})")


def get_agreement(session: Session, agreement_id: int) -> Agreement:
    agreement = stored.get(session, agreement_id)
    if agreement is None:
        raise NotFound(f"no agreement with id {agreement_id} (see `reltrack agreements` for ids)")
    return agreement


def new_agreement(now: datetime, contact_id: int, fields: AgreementFields) -> Agreement:
    agreement = Agreement(contact_id=contact_id, title=_title(fields.title or ""), starts_on=fields.starts_on or local_date(now), created_at=now)
    _apply(agreement, fields)
    return agreement


def add_agreement(session: Session, now: datetime, contact_id: int, fields: AgreementFields) -> AgreementRow:
    contact = stored_contacts.get(session, contact_id)
    agreement = new_agreement(now, contact.id, fields)  # type: ignore[arg-type]
    session.add(agreement)
    session.flush()
    return _row(agreement, contact.name, local_date(now))


def edit_agreement(session: Session, now: datetime, agreement_id: int, fields: AgreementFields) -> AgreementRow:
    agreement = get_agreement(session, agreement_id)
    _apply(agreement, fields)
    session.add(agreement)
    session.flush()
    return _row(agreement, stored_contacts.get(session, agreement.contact_id).name, local_date(now))


def delete_agreement(session: Session, now: datetime, agreement_id: int) -> AgreementRow:
    agreement = get_agreement(session, agreement_id)
    row = _row(agreement, stored_contacts.get(session, agreement.contact_id).name, local_date(now))
    session.delete(agreement)
    session.flush()
    return row


def list_agreements(session: Session, now: datetime, contact_id: int | None = None) -> list[AgreementRow]:
    """Agreements, soonest end first, open-ended ones last."""
    today = local_date(now)
    listed = stored.with_names(session, contact_id)
    later = replaced((a.contact_id, a.id, a.starts_on, a.ends_on) for a, _ in listed)  # type: ignore[misc]
    return [_row(agreement, name, today, agreement.id in later) for agreement, name in listed]
