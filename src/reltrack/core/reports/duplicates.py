"""`reltrack duplicates`: pairs of contacts that are likely the same person, with why and how likely.

Three signs, each with a weight: the same email (case ignored), the same phone number (its digits,
at least seven), the same name once case, accents and script are folded away (names.ascii_fold, stored with each contact:
JUKKA JAASKELAINEN and Jukka Jääskeläinen, Bjork Gudmundsdottir and Bjørk Guðmundsdóttir). The
score is 1 - the product of (1 - weight) over the signs a pair shows. Names that differ by a letter
(Ana Lima, Ana Lim) are not a sign: they are as often two people.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations
from typing import NamedTuple

from sqlalchemy.orm import Session

from reltrack.store import merge as stored

WEIGHTS = {"same email": 0.9, "same phone": 0.8, "same name": 0.7}
MIN_PHONE_DIGITS = 7
LARGEST_GROUP = 25  # more sharing one sign (an office's switchboard) are not listed pair by pair
COLUMNS = ("keep", "other", "score", "reason")


class DuplicatePair(NamedTuple):
    keep: str  # the older contact: `merge KEEP OTHER` as listed keeps it
    other: str
    score: float
    reason: str


def phone_key(phone: str | None) -> str | None:
    digits = re.sub(r"\D", "", phone or "")
    return digits[-10:] if len(digits) >= MIN_PHONE_DIGITS else None  # the last ten: with or without +country


def find_duplicates(session: Session) -> list[DuplicatePair]:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    names: dict[int, str] = {}
    for ident, name, name_ascii, email, phone in stored.identity_rows(session):
        names[ident] = name
        signs = [("same email", (email or "").strip().lower() or None), ("same phone", phone_key(phone)), ("same name", name_ascii or None)]
        for sign, key in signs:
            if key:
                groups[(sign, key)].append(ident)
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    for (sign, _), members in groups.items():
        if 1 < len(members) <= LARGEST_GROUP:
            for pair in combinations(members, 2):
                reasons[pair].append(sign)
    pairs = []
    for (keep, other), signs in reasons.items():
        unlikely = 1.0
        for sign in signs:
            unlikely *= 1 - WEIGHTS[sign]
        pairs.append(DuplicatePair(names[keep], names[other], round(1 - unlikely, 2), ", ".join(sorted(signs))))
    return sorted(pairs, key=lambda pair: (-pair.score, pair.keep, pair.other))
