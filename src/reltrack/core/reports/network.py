"""Who a contact is connected to: who introduced them, whom they introduced (and what that work
was worth), and everyone at the same organisation, each with last contact and trust."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.reports.trust import score_contacts
from reltrack.core.rules import money, names
from reltrack.core.state import contact_states
from reltrack.store import contacts as stored_contacts
from reltrack.store import deals as stored_deals
from reltrack.store import portfolio as stored

RELATIONS = ("introduced them", "introduced by them", "same org")


@dataclass(frozen=True)
class NetworkRow:
    relation: str  # introduced them, introduced by them, same org
    contact: str
    kind: str
    org: str | None
    last_contact: datetime | None
    trust: float
    won_value: Decimal | None  # for those they introduced: every deal ever won with them
    currency: str | None
    won_deals: int | None


NETWORK_COLUMNS = ("relation", "contact", "kind", "org", "last_contact", "trust", "won_value", "currency", "won_deals")


def network(session: Session, config: Config, as_of: datetime, contact_id: int) -> list[NetworkRow]:
    contact = stored_contacts.get(session, contact_id)
    related: list[tuple[str, int]] = []
    introducer = stored.introducer_of(session, contact_id)
    if introducer is not None:
        related.append(("introduced them", introducer))
    related += [("introduced by them", ident) for ident in stored.introduced_by(session, contact_id)]
    if contact.org:
        key = names.name_key(contact.org)
        related += [("same org", ident) for ident, org in stored.with_org(session) if ident != contact_id and names.name_key(org) == key]
    if not related:
        return []
    ids = sorted({ident for _, ident in related})
    states = {row.id: (row, state) for row, state in contact_states(session, config, as_of, include_archived=True, contact_ids=ids)}
    trust = {state.contact_id: scored.score.trust for state, scored in score_contacts(session, config, as_of, [s for _, s in states.values()], one=True)}
    won: dict[int, list[tuple[str, Decimal, int]]] = {}
    for ident, currency, value, deals in stored_deals.won_ever(session, [i for relation, i in related if relation == "introduced by them"]):
        won.setdefault(ident, []).append((currency, money.exact(value, currency), deals))
    rows = []
    for relation, ident in related:
        row, state = states[ident]
        base = dict(relation=relation, contact=state.name, kind=state.kind, org=row.org, last_contact=state.last_contact, trust=round(trust[ident], 1))
        if relation == "introduced by them":
            for currency, value, deals in won.get(ident) or [(None, None, 0)]:
                rows.append(NetworkRow(**base, won_value=value, currency=currency, won_deals=deals))  # type: ignore[arg-type]
        else:
            rows.append(NetworkRow(**base, won_value=None, currency=None, won_deals=None))  # type: ignore[arg-type]
    return rows
