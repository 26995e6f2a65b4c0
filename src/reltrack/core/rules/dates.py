"""WHEN and DURATION parsing. Pure: `now` is always passed in.

WHEN is a point in time typed by a user (`2026-11-20`, `31.12.2026`, `Dec 31`, `yesterday`,
`friday 15:00`, `tomorrow 3pm`, `3d ago`, `in 2 weeks`, `+2w`); DURATION is a span (`10d`, `2w`,
`3mo`, `1y`, `monthly`). Local wall-clock time is the system's; results are aware datetimes.
Every form is listed in docs/dates.md. Strict: anything else is refused, never guessed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta
from typing import Literal

from reltrack.errors import InvalidInput

Direction = Literal["past", "future"]
DayOrder = Literal["day-first", "month-first"]  # how `5/6/2026` reads; `[dates] order` in the config
DAY_ORDERS: tuple[DayOrder, ...] = ("day-first", "month-first")

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip

WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

# unit word -> (months, days, hours) per one unit; `m` is a month, minutes are spelled `min`
UNITS = {
    "min": (0, 0, 1 / 60), "mins": (0, 0, 1 / 60), "minute": (0, 0, 1 / 60), "minutes": (0, 0, 1 / 60),
    "h": (0, 0, 1), "hr": (0, 0, 1), "hrs": (0, 0, 1), "hour": (0, 0, 1), "hours": (0, 0, 1),
    "d": (0, 1, 0), "day": (0, 1, 0), "days": (0, 1, 0),
    "w": (0, 7, 0), "wk": (0, 7, 0), "wks": (0, 7, 0), "week": (0, 7, 0), "weeks": (0, 7, 0),
    "m": (1, 0, 0), "mo": (1, 0, 0), "mos": (1, 0, 0), "month": (1, 0, 0), "months": (1, 0, 0),
    "y": (12, 0, 0), "yr": (12, 0, 0), "yrs": (12, 0, 0), "year": (12, 0, 0), "years": (12, 0, 0),
}  # fmt: skip

NAMED_DURATIONS = {
    "daily": (0, 1),
    "weekly": (0, 7),
    "biweekly": (0, 14),
    "fortnightly": (0, 14),
    "monthly": (1, 0),
    "bimonthly": (2, 0),
    "quarterly": (3, 0),
    "yearly": (12, 0),
    "annually": (12, 0),
}

MAX_MONTHS = 1200  # a century: longer spans are typos, and dates overflow past year 9999

# at most 7 digits per amount: longer numbers are typos (and int() refuses very long ones)
_AMOUNTS = re.compile(r"(\d{1,7})\s*([a-z]+)")
_COMPOUND = re.compile(r"^(?:\d{1,7}\s*[a-z]+\s*)+$")
_WHEN_HINT = "try 2026-11-20, 31.12.2026, 'Dec 31', today, 'friday 15:00', '3d ago', 'in 2w'"
_DURATION_HINT = "try 10d, 2w, 3mo, 1y, weekly, monthly, quarterly"


@dataclass(frozen=True, order=True)
class Duration:
    """A calendar span: whole months (so `1mo` after Jan 31 is Feb 28) plus days."""

    months: int = 0
    days: int = 0

    def __str__(self) -> str:
        parts = []
        if self.months:
            parts.append(f"{self.months // 12}y" if self.months % 12 == 0 else f"{self.months}mo")
        if self.days:
            parts.append(f"{self.days // 7}w" if self.days % 7 == 0 else f"{self.days}d")
        return "".join(parts) or "0d"

    def after(self, start: date) -> date:
        return _after(self.months, self.days, start)

    def days_from(self, start: date) -> int:
        """How many days this span covers from `start` (a month is 28 to 31 of them)."""
        return (self.after(start) - start).days

    def before(self, end: date) -> date:
        return add_months(end, -self.months) - timedelta(days=self.days)

    def scaled(self, factor: float) -> Duration:
        """This span times `factor`; a fraction of a month becomes 30-day days."""
        whole_months = int(self.months * factor)
        days = self.days * factor + (self.months * factor - whole_months) * 30
        return Duration(whole_months, math.floor(days + 0.5))  # halves round up: 1.5 x 1w = 11d

    @property
    def approx_days(self) -> float:
        return self.months * 30.4375 + self.days


@lru_cache(maxsize=1 << 16)
def _after(months: int, days: int, start: date) -> date:
    # the due list asks this for every contact; few cadences and days recur, so it is cached
    return add_months(start, months) + timedelta(days=days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), or the month's last day when it has
    fewer: Jan 31 + 1 month = Feb 28. Months first, then days, as calendars count."""
    if not months:
        return day
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(year=year, month=month + 1, day=min(day.day, _month_length(year, month + 1)))


def _month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _shown(text: str) -> str:
    """The user's text for an error message, on one line."""
    return " ".join(text.split())


def parse_duration(text: str) -> Duration:
    """`10d`, `2w`, `1m`/`3mo`, `1y`, compounds like `1mo15d`, or a named rhythm (`weekly`)."""
    cleaned = text.strip().lower()
    if cleaned in NAMED_DURATIONS:
        return Duration(*NAMED_DURATIONS[cleaned])
    if not _COMPOUND.match(cleaned):
        raise InvalidInput(f"'{_shown(text)}' is not a duration ({_DURATION_HINT})")
    months = days = 0
    for amount, unit in _AMOUNTS.findall(cleaned):
        if unit not in UNITS or UNITS[unit][2]:
            raise InvalidInput(f"'{_shown(text)}' is not a duration: unknown unit '{unit}' ({_DURATION_HINT})")
        months += int(amount) * UNITS[unit][0]
        days += int(amount) * UNITS[unit][1]
    if not months and not days:
        raise InvalidInput(f"'{_shown(text)}' is not a duration: it must be longer than zero")
    span = Duration(months, days)
    if span.approx_days > Duration(MAX_MONTHS).approx_days:
        raise InvalidInput(f"'{_shown(text)}' is too long a duration (at most 100 years)")
    return span


def local_midnight(day: date) -> datetime:
    """The start of `day` in the system's local time zone, as an aware datetime."""
    return datetime.combine(day, time()).astimezone()


def local_date(moment: datetime) -> date:
    return moment.astimezone().date()


def _shift(now: datetime, sign: int, months: int, days: int, hours: float) -> datetime:
    """Move by wall-clock time, so `1d ago` across a DST change keeps the hour."""
    wall = now.astimezone().replace(tzinfo=None)
    day = add_months(wall.date(), sign * months)
    moved = datetime.combine(day, wall.time()) + sign * timedelta(days=days, minutes=round(hours * 60))
    return moved.astimezone()


def _weekday(day_index: int, today: date, direction: Direction, strict: bool = False) -> date:
    """The nearest such weekday looking back (today included, unless `strict`: `last tuesday` on a
    Tuesday is a week ago) or looking ahead (always strictly after today)."""
    if direction == "past":
        return today - timedelta(days=(today.weekday() - day_index - strict) % 7 + strict)
    return today + timedelta(days=(day_index - today.weekday() - 1) % 7 + 1)


def _period_start(period: str, today: date, step: int) -> date:
    """The first day of the week (Monday), month or year `step` periods from today's."""
    if period == "week":
        return today - timedelta(days=today.weekday()) + timedelta(weeks=step)
    if period == "month":
        return add_months(today.replace(day=1), step)
    return date(today.year + step, 1, 1)


def _calendar_day(year: int, month: int, day: int, shown: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidInput(f"'{shown}' is not a date: there is no day {day} in month {month} of {year}") from None


def _without_year(month: int, day: int, today: date, direction: Direction, shown: str) -> date:
    """`Dec 31`, `31/12`: the nearest one that is not after today (looking back) or not before it
    (looking ahead); Feb 29 is the nearest leap day that way."""
    if not 1 <= month <= 12 or not 1 <= day <= _month_length(2024, month):
        raise InvalidInput(f"'{shown}' is not a date: there is no day {day} in month {month}")
    step = -1 if direction == "past" else 1
    year = today.year
    while True:
        if day <= _month_length(year, month):
            candidate = date(year, month, day)
            if (candidate <= today) if direction == "past" else (candidate >= today):
                return candidate
        year += step


_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})?$")  # 31.12.2026, 31.12.: always day first
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{4}))?$")  # 31/12/2026, 31/12: as the config says
_YEAR_FIRST = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")  # 2026/12/31
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?$")  # 31 Dec, 31 december 2026
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")  # Dec 31, December 31, 2026


def _numeric_date(cleaned: str, today: date, direction: Direction, order: DayOrder, shown: str) -> date | None:
    """A date written with dots, slashes or a month's name, or None when it is none of those."""
    if match := _YEAR_FIRST.match(cleaned):
        return _calendar_day(int(match[1]), int(match[2]), int(match[3]), shown)
    parts: tuple[str, str, str | None] | None = None  # day, month, year
    if match := _DOTTED.match(cleaned):
        parts = (match[1], match[2], match[3])
    elif match := _SLASHED.match(cleaned):
        first, second = int(match[1]), int(match[2])
        month = second if order == "day-first" else first
        if month > 12:  # 12/31 read day first, or 31/12 read month first: never guessed
            other = "month-first" if order == "day-first" else "day-first"
            raise InvalidInput(
                f"'{shown}' is not a date: reltrack reads {'D/M' if order == 'day-first' else 'M/D'} ({order}), and "
                f"{month} is no month; write it as 2026-12-31, or set order = \"{other}\" under [dates] in the config"
            )
        parts = (match[1], match[2], match[3]) if order == "day-first" else (match[2], match[1], match[3])
    elif (match := _DAY_MONTH.match(cleaned)) and match[2] in MONTHS:
        parts = (match[1], str(MONTHS[match[2]]), match[3])
    elif (match := _MONTH_DAY.match(cleaned)) and match[1] in MONTHS:
        parts = (match[2], str(MONTHS[match[1]]), match[3])
    if parts is None:
        return None
    day, month, year = int(parts[0]), int(parts[1]), parts[2]
    if year is None:
        return _without_year(month, day, today, direction, shown)
    return _calendar_day(int(year), month, day, shown)


def _relative(cleaned: str) -> tuple[int, str] | None:
    """Split `3d ago`, `in 3 days`, `+2w`, `-1m` into (sign, amounts)."""
    if cleaned.endswith(" ago"):
        return -1, cleaned[: -len(" ago")].strip()
    if cleaned.startswith("in "):
        return 1, cleaned[len("in ") :].strip()
    if cleaned[:1] in "+-":
        return (1 if cleaned[0] == "+" else -1), cleaned[1:].strip()
    return None


# Dates reltrack stores: far enough either way for any relationship, and far from
# year 9999, where adding a cadence to a date would overflow.
YEARS = range(1900, 3000)


def check_year(moment: date, shown: str) -> None:
    if moment.year not in YEARS:
        raise InvalidInput(f"'{shown}' is out of range: dates go from {YEARS.start} to {YEARS.stop - 1}")


def parse_when(text: str, now: datetime, direction: Direction = "past", order: DayOrder = "day-first") -> datetime:
    """Parse a WHEN relative to `now`. Dates without a time mean local midnight.

    `direction` settles weekday names and dates without a year: `friday` and `Dec 31` are the
    most recent one when looking back (`--at`, `--since`), the next one when looking ahead
    (`--next`). `order` says whether `5/6/2026` is the 5th of June (day-first) or May 6th.
    """
    moment = _parse_when(text, now, direction, order)
    check_year(moment, _shown(text))
    return moment


# a time of day after a date, or alone: `15:00`, `9:30`, `3pm`, `3:30 pm`, `at 15:00`
_WITH_TIME = re.compile(r"^(?:(.+?)\s+)?(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")


def _parse_when(text: str, now: datetime, direction: Direction, order: DayOrder) -> datetime:
    cleaned = " ".join(text.strip().lower().split())
    if re.match(r"^\d{4}-", cleaned):  # ISO: 2026-11-20, 2026-11-20 15:30, with an offset or not
        moment = _iso(text)
        if moment is None:
            raise InvalidInput(f"'{_shown(text)}' is not a date ({_WHEN_HINT})")
        return moment
    moment = _parse_day_word(cleaned, now, direction, order, _shown(text))
    if moment is not None:
        return moment
    at_time = _WITH_TIME.match(cleaned)
    if at_time and (at_time[3] is not None or at_time[4] is not None):  # a bare number is no time
        day_part, hour, minute, meridiem = at_time[1], int(at_time[2]), int(at_time[3] or 0), at_time[4]
        if meridiem:
            if not 1 <= hour <= 12:
                raise InvalidInput(f"'{_shown(text)}' is not a time of day (1am to 12pm, or 0:00 to 23:59)")
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        if hour > 23 or minute > 59:
            raise InvalidInput(f"'{_shown(text)}' is not a time of day")
        if day_part in (None, "at"):
            day = local_date(now)  # `15:00`, `at 3pm`: today at that time
        else:
            on_day = _parse_day_word(day_part, now, direction, order, _shown(text))
            if on_day is None:
                raise InvalidInput(f"'{_shown(text)}' is not a date ({_WHEN_HINT})")
            day = local_date(on_day)
        return datetime.combine(day, time(hour, minute)).astimezone()
    raise InvalidInput(f"'{_shown(text)}' is not a date ({_WHEN_HINT})")


def _parse_day_word(cleaned: str, now: datetime, direction: Direction, order: DayOrder, shown: str) -> datetime | None:
    """A day, or a moment relative to now, without a time of day; None when it is not one."""
    today = local_date(now)
    if not cleaned:
        raise InvalidInput(f"an empty value is not a date ({_WHEN_HINT})")
    if cleaned == "now":
        return now
    named_days = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if cleaned in named_days:
        return local_midnight(today + timedelta(days=named_days[cleaned]))

    words = cleaned.split(" ")
    if len(words) == 2 and words[0] in ("last", "next") and words[1] in WEEKDAYS:
        return local_midnight(_weekday(WEEKDAYS[words[1]], today, "past" if words[0] == "last" else "future", strict=True))
    if len(words) == 2 and words[0] in ("last", "next", "this") and words[1] in ("week", "month", "year"):
        return local_midnight(_period_start(words[1], today, {"last": -1, "this": 0, "next": 1}[words[0]]))
    if cleaned in WEEKDAYS:
        return local_midnight(_weekday(WEEKDAYS[cleaned], today, direction))
    written = _numeric_date(cleaned, today, direction, order, shown)
    if written is not None:
        return local_midnight(written)

    relative = _relative(cleaned)
    if relative is not None:
        sign, amounts = relative
        if _COMPOUND.match(amounts):
            months = days = 0
            hours = 0.0
            for amount, unit in _AMOUNTS.findall(amounts):
                if unit not in UNITS:
                    raise InvalidInput(f"'{shown}' is not a date: unknown unit '{unit}' ({_WHEN_HINT})")
                months += int(amount) * UNITS[unit][0]
                days += int(amount) * UNITS[unit][1]
                hours += int(amount) * UNITS[unit][2]
            try:
                return _shift(now, sign, months, days, hours)
            except (ValueError, OverflowError):
                raise InvalidInput(f"'{shown}' is too far away to be a date") from None
    return None


def _iso(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.strip().upper())  # upper: `t` and `z` as well as `T`, `Z`
        # a naive time is local wall-clock time
        return parsed.astimezone() if parsed.tzinfo is None else parsed
    except (ValueError, OverflowError, OSError):
        return None


def parse_iso(text: str) -> datetime:
    """Only an ISO date or date and time, as files hold them: a file must mean the same
    whatever day it is imported, so `yesterday` or `3d ago` have no place in it."""
    moment = _iso(text)
    if moment is None:
        raise InvalidInput(f"'{_shown(text)}' is not an ISO date or date and time (2026-11-20, 2026-11-20 15:30)")
    if moment.year not in YEARS:  # asked here first: an import parses millions of times
        check_year(moment, _shown(text))
    return moment


def parse_day(text: str, now: datetime, direction: Direction = "future", order: DayOrder = "day-first") -> date:
    """A WHEN reduced to its local calendar day (follow-up dates, promise deadlines)."""
    moment = parse_when(text, now, direction, order)
    try:
        return local_date(moment)
    except (OverflowError, ValueError):
        raise InvalidInput(f"'{_shown(text)}' is too far away to be a date") from None


def in_words(span: Duration) -> str:
    """A span as a sentence says it: `1y` is "year", `6mo` "6 months", `90d` "90 days" (as in "the last ...")."""
    if span.months and not span.days:
        if span.months % 12 == 0:
            years = span.months // 12
            return "year" if years == 1 else f"{years} years"
        return "month" if span.months == 1 else f"{span.months} months"
    if span.days and not span.months:
        if span.days % 7 == 0:
            weeks = span.days // 7
            return "week" if weeks == 1 else f"{weeks} weeks"
        return "day" if span.days == 1 else f"{span.days} days"
    return str(span)


def parse_when_or_duration(text: str, now: datetime, order: DayOrder = "day-first") -> datetime:
    """For `snooze`: a duration counts forward from now (`2w`), anything else is a WHEN."""
    try:
        span = parse_duration(text)
    except InvalidInput:
        return parse_when(text, now, "future", order)
    return local_midnight(span.after(local_date(now)))
