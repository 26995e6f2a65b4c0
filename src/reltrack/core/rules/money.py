"""Amounts of money: exact decimals in a currency, never floats. Pure.

An amount is a `Decimal` with no more decimals than its currency has (EUR 1250.50, JPY 150000,
KWD 12.345), zero or more, and below MAX_AMOUNT. Amounts in different currencies are never added
together: every total is per currency (`Totals`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import ROUND_HALF_EVEN, Context, Decimal

from reltrack.errors import InvalidInput
from reltrack.vocab import CURRENCIES

MAX_AMOUNT = Decimal(10) ** 14  # what NUMERIC(18, 4) holds: 99 999 999 999 999.9999
ZERO = Decimal(0)
# enough digits for any sum of stored amounts: Decimal's default 28 would round a sum of huge ones
EXACT = Context(prec=60)

# digits with an optional decimal point; `_` or spaces may group the digits (1_250.50, 1 250.50)
_AMOUNT = re.compile(r"^\d+(?:\.\d+)?$|^\.\d+$")
_HINT = "write it with a point for the decimals and no thousands separator, such as 1250.50"


def places(currency: str) -> int:
    """How many decimals amounts in this currency have (its ISO 4217 minor unit)."""
    return CURRENCIES[currency]


def exact(amount: Decimal, currency: str) -> Decimal:
    """The amount written with exactly its currency's decimals: 1250.5 EUR is 1250.50 (never rounded:
    an amount with more decimals than its currency has is refused before it gets here)."""
    value = amount.quantize(Decimal(1).scaleb(-places(currency)), context=EXACT)
    if value != amount:
        raise ValueError(f"{amount} has more decimals than {currency} allows")
    return abs(value) if value.is_zero() else value  # never -0.00


def rounded(amount: Decimal, currency: str) -> Decimal:
    """A derived figure (value per hour, a mean) to its currency's decimals, halves to even."""
    return amount.quantize(Decimal(1).scaleb(-places(currency)), rounding=ROUND_HALF_EVEN, context=EXACT)


def parse_amount(text: str, what: str = "an amount") -> Decimal:
    """What a user typed, as an exact decimal: `1250.50`, `1250`, `1_250.5`, `.5`. Whether it has
    more decimals than its currency allows is for `checked` to say, once the currency is known."""
    shown = " ".join(str(text).split())
    cleaned = "".join(str(text).split()).replace("_", "")
    if cleaned.startswith("-"):
        raise InvalidInput(f"'{shown}' is not {what}: amounts are zero or more")
    cleaned = cleaned.removeprefix("+")
    if "," in cleaned:
        raise InvalidInput(f"'{shown}' is not {what}: {_HINT}")
    if not _AMOUNT.match(cleaned):
        raise InvalidInput(f"'{shown}' is not {what} ({_HINT})")
    amount = Decimal(cleaned)
    if amount >= MAX_AMOUNT:
        raise InvalidInput(f"'{shown}' is too large an amount (at most 99999999999999)")
    return amount


def checked(amount: Decimal, currency: str, shown: str | None = None, what: str = "an amount") -> Decimal:
    """An amount in `currency`, checked (finite, zero or more, not too large, no more decimals than
    the currency has) and written with exactly the currency's decimals."""
    shown = shown if shown is not None else format(amount, "f")
    if not amount.is_finite():
        raise InvalidInput(f"'{shown}' is not {what}")
    if amount < 0:
        raise InvalidInput(f"'{shown}' is not {what}: amounts are zero or more")
    if amount >= MAX_AMOUNT:
        raise InvalidInput(f"'{shown}' is too large an amount (at most 99999999999999)")
    digits = places(currency)
    if amount.quantize(Decimal(1).scaleb(-digits), context=EXACT) != amount:
        decimals = "no decimals" if digits == 0 else f"{digits} decimal{'s' if digits > 1 else ''}"
        raise InvalidInput(f"'{shown}' has more decimals than {currency} has ({decimals})")
    return exact(amount, currency)


def text(amount: Decimal | None) -> str:
    """Exact decimal text, never exponent notation: 1250.50, 0.30, 150000."""
    return "" if amount is None else format(amount, "f")


def total(amounts: Iterable[Decimal]) -> Decimal:
    """An exact sum: Decimal addition with room for every digit."""
    result = ZERO
    for amount in amounts:
        result = EXACT.add(result, amount)
    return result


class Totals:
    """Sums per currency, exact; never one sum across currencies."""

    def __init__(self) -> None:
        self.sums: dict[str, Decimal] = {}

    def add(self, currency: str, amount: Decimal) -> None:
        self.sums[currency] = EXACT.add(self.sums.get(currency, ZERO), amount)

    def get(self, currency: str) -> Decimal:
        return self.sums.get(currency, ZERO)

    def __iter__(self) -> Iterator[tuple[str, Decimal]]:
        return iter(sorted(self.sums.items()))

    def __bool__(self) -> bool:
        return bool(self.sums)
