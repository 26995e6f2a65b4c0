"""Each contact's state as of a moment, from the store's per-contact summaries: what the due list,
`list`, `quiet` and the reports work on. One query for everyone (or one indexed lookup for one);
only contacts with touchpoints after the moment (`--as-of` in the past) are summed again from
their touchpoints up to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import Session

from reltrack.config import Config
from reltrack.core.rules import cadence
from reltrack.core.rules.dates import parse_duration
from reltrack.store import contacts as stored
from reltrack.store import summaries


def contact_states(
    session: Session,
    config: Config,
    as_of: datetime,
    *,
    include_archived: bool = False,
    archived_only: bool = False,
    contact_ids: Iterable[int] | None = None,
    kind: str | None = None,
    tag_id: int | None = None,
    tags: dict[int, list[tuple[str, str | None]]] | None = None,
) -> Iterator[tuple[sa.Row, cadence.ContactState]]:
    """(stored row, state) per contact, in alphabetical order; the row has org, email and phone.
    `tags`: every contact's tags, when the caller has read them already."""
    ids = None if contact_ids is None else list(contact_ids)
    if tags is None:
        tags = stored.tags_of(session, ids, with_cadence=True)
    tag_cadences = {
        contact_id: cadences
        for contact_id, named in tags.items()
        if (cadences := tuple((name, every) for name, every in named if every))
    }
    later = set(stored.summarised_after(session, as_of))
    then = summaries.summarise_as_of(session, later, as_of) if later else {}
    rhythm = _rhythms(config)
    rows = stored.state_rows(
        session, include_archived=include_archived, archived_only=archived_only, contact_ids=ids, kind=kind, tag_id=tag_id
    )
    for row in rows:
        (ident, name, kind_, _, _, _, every, max_gap, created_at, snoozed_until, followup_on, followup_set_at,
         _, days, last_day, last_at, gap) = row  # fmt: skip
        if ident in later:
            _, days, last_day, last_at, gap = then.get(ident, (0, 0, None, None, None))
        state = cadence.ContactState(
            ident, name, kind_, created_at, last_at, rhythm(every, max_gap, tag_cadences.get(ident, ()), kind_),
            followup_on, followup_set_at, snoozed_until, last_day, days or 0, gap,
        )  # fmt: skip
        yield row, state


def state_of(session: Session, config: Config, as_of: datetime, contact_id: int) -> tuple[sa.Row, cadence.ContactState]:
    [found] = contact_states(session, config, as_of, include_archived=True, contact_ids=[contact_id])
    return found


def _rhythms(config: Config):  # type: ignore[no-untyped-def]
    """rhythm(own every, own max, tag cadences, kind): cached, since few combinations recur."""

    @cache
    def rhythm(every: str | None, max_gap: str | None, tags: tuple[tuple[str, str], ...], kind: str) -> cadence.Rhythm:
        return cadence.rhythm_for(
            _duration(every),
            _duration(max_gap),
            {name: parse_duration(span) for name, span in tags},
            config.cadence_by_kind.get(kind),
            config.max_factor,
        )

    return rhythm


def _duration(text: str | None):  # type: ignore[no-untyped-def]
    return parse_duration(text) if text else None
