"""The fixed vocabularies: kinds of relationship, contact channels, directions, promise owners and
statuses, deal stages and currencies.

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
PERSONAL_KINDS = ("friend", "family")  # not working relationships: left out of the portfolio

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

# A deal moves from lead to proposal, and ends won or lost.
DEAL_STAGES = ("lead", "proposal", "won", "lost")
OPEN_DEAL_STAGES = DEAL_STAGES[:2]
CLOSED_DEAL_STAGES = DEAL_STAGES[2:]

# ISO 4217 currencies in use, each with its minor unit: how many decimals an amount may have
# (JPY none, EUR two, KWD three). Funds, metals and testing codes (XAU, XDR, XTS...) are left out.
_MINOR_UNITS = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    2: "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN "
    "BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP "
    "GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP "
    "LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR "
    "NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP "
    "STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER "
    "ZAR ZMW ZWG ZWL",
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
}
CURRENCIES: dict[str, int] = {code: places for places, codes in _MINOR_UNITS.items() for code in codes.split()}


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


def deal_stage(value: str) -> str:
    return _pick(value, DEAL_STAGES, "deal stage")


def currency(value: str) -> str:
    """An ISO 4217 code, in capitals: `eur` is EUR."""
    code = value.strip().upper()
    if code not in CURRENCIES:
        shape = "" if len(code) == 3 and code.isascii() and code.isalpha() else ": a currency is three letters"
        raise InvalidInput(f"unknown currency '{value.strip()}'{shape} (an ISO 4217 code such as EUR, USD, GBP, JPY)")
    return code
