"""Net Promoter Score from each contact's latest answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from reltrack.core.rules.portfolio import DETRACTOR_UP_TO, PROMOTER_FROM  # one definition for every report
from reltrack.store import aggregates


@dataclass(frozen=True)
class NpsRow:
    group: str  # "all", or a kind with --by kind
    respondents: int
    promoters: int
    passives: int
    detractors: int
    nps: float | None  # % promoters - % detractors, -100 to 100; None without respondents


NPS_COLUMNS = ("group", "respondents", "promoters", "passives", "detractors", "nps")


def nps_report(session: Session, since: datetime, as_of: datetime, by_kind: bool = False) -> list[NpsRow]:
    """Net Promoter Score from each contact's latest answer in [since, as_of]."""
    rows = [
        _nps_row(name, total, promoters, detractors)
        for name, total, promoters, detractors in aggregates.latest_answers(session, since, as_of, by_kind, PROMOTER_FROM, DETRACTOR_UP_TO)
    ]
    if by_kind:
        overall = _nps_row("all", sum(r.respondents for r in rows), sum(r.promoters for r in rows), sum(r.detractors for r in rows))
        rows.append(overall)
    return rows or [_nps_row("all", 0, 0, 0)]


def _nps_row(group: str, respondents: int, promoters: int, detractors: int) -> NpsRow:
    score = round(100 * (promoters - detractors) / respondents, 1) if respondents else None
    return NpsRow(group, respondents, promoters, respondents - promoters - detractors, detractors, score)
