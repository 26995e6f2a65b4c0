"""The fixed vocabularies: kinds of relationship, contact channels, directions, promise owners and statuses.

Each is defined here once and used everywhere: parsing what users type, the pure rules, the
database's CHECK constraints (store/models.py), imports and exports. Standard library only:
store and core both import it.
"""

from __future__ import annotations

from reltrack.errors import InvalidInput

KINDS = (
    "client", "prospect", "supplier", "partner", "colleague", "employee", "investor",
    "bank", "media", "government", "service", "friend", "family", "other",
)  # fmt: skip

# Richest first: face to face counts most. `note` is kept on the timeline but is not contact.
CHANNELS = ("meeting", "video", "call", "message", "email", "social", "letter", "note")
CHANNEL_ALIASES = {"in-person": "meeting", "inperson": "meeting", "f2f": "meeting", "face-to-face": "meeting"}
NOT_CONTACT = ("note",)
COUNTED_CHANNELS = tuple(c for c in CHANNELS if c not in NOT_CONTACT)

DIRECTIONS = ("in", "out")  # in: they reached out; out: I did
DIRECTION_ALIASES = {"inbound": "in", "outbound": "out"}
PROMISE_OWNERS = ("mine", "theirs")  # mine: I promised them; theirs: they promised me
PROMISE_STATUSES = ("open", "kept", "broken", "cancelled")
SETTLED_STATUSES = PROMISE_STATUSES[1:]


def one_of_sql(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK constraint that keeps `column` within a vocabulary."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _pick(value: str, allowed: tuple[str, ...], what: str, aliases: dict[str, str] | None = None, hint: str = "") -> str:
    cleaned = value.strip().lower()
    cleaned = (aliases or {}).get(cleaned, cleaned)
    if cleaned not in allowed:
        raise InvalidInput(f"unknown {what} '{value}' (choose from {', '.join(allowed)}{hint})")
    return cleaned


def kind(value: str) -> str:
    return _pick(value, KINDS, "kind")


def channel(value: str) -> str:
    return _pick(value, CHANNELS, "channel", CHANNEL_ALIASES, "; in-person and f2f mean meeting")


def direction(value: str) -> str:
    return _pick(value, DIRECTIONS, "direction", DIRECTION_ALIASES)


def promise_owner(value: str) -> str:
    return _pick(value, PROMISE_OWNERS, "promise owner")


def promise_status(value: str) -> str:
    return _pick(value, PROMISE_STATUSES, "promise status")
