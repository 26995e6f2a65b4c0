"""The fixed vocabularies users type: kinds of relationship, contact channels, directions."""

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


def kind(value: str) -> str:
    cleaned = value.strip().lower()
    if cleaned not in KINDS:
        raise InvalidInput(f"unknown kind '{value}' (choose from {', '.join(KINDS)})")
    return cleaned


def channel(value: str) -> str:
    cleaned = value.strip().lower()
    cleaned = CHANNEL_ALIASES.get(cleaned, cleaned)
    if cleaned not in CHANNELS:
        raise InvalidInput(f"unknown channel '{value}' (choose from {', '.join(CHANNELS)}; in-person and f2f mean meeting)")
    return cleaned
