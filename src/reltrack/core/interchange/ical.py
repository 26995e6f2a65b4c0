"""Follow-ups as an iCalendar feed, through icalendar. Pure: `stamp` is passed in.

Each item is an all-day, transparent event (it never blocks time in a calendar),
keyed by a UID the caller keeps stable, so that re-importing or re-subscribing
updates events instead of duplicating them.

icalendar is imported inside the function: this module is on the start-up path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Any

PRODID = "-//reltrack//reltrack//EN"
CALENDAR_NAME = "reltrack follow-ups"


@dataclass
class CalendarItem:
    uid: str  # stable across exports, e.g. "followup-12@reltrack"
    day: date
    summary: str
    description: str | None = None
    status: str | None = None  # CANCELLED: calendars that imported the event drop it


def write_ics(items: Iterable[CalendarItem], stamp: datetime) -> str:
    """A VCALENDAR with one all-day VEVENT per item; DTSTAMP is `stamp` in UTC (naive means local)."""
    from icalendar import Calendar, Event

    text = _text_type()
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    stamp_utc = stamp.astimezone(timezone.utc)
    for item in items:
        if isinstance(item.day, datetime):  # a datetime is a date too, but would make a timed event
            raise TypeError(f"CalendarItem.day must be a date, not a datetime: {item.uid}")
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp_utc)
        event.add("dtstart", item.day)  # a date, so icalendar writes VALUE=DATE: an all-day event
        event.add("dtend", item.day + timedelta(days=1))  # DTEND is exclusive
        event.add("summary", text(item.summary))
        if item.description:
            event.add("description", text(item.description))
        event.add("transp", "TRANSPARENT")
        if item.status:
            event.add("status", item.status)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def _escape_text(value: str) -> str:
    """TEXT escaped as RFC 5545 section 3.3.11 says: backslash first, then ; , and line ends."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


@cache
def _text_type() -> Any:
    """icalendar's vText, escaped by `_escape_text`.

    icalendar's own escaping first turns a literal backslash-N into a newline
    (it takes `\\N` for an escape already made), so `C:\\Notes` would reach the
    calendar as "C:" and a line "otes". Built on first use: icalendar loads slowly.
    """
    from icalendar.prop import vText

    class RfcText(vText):
        def to_ical(self) -> bytes:
            return _escape_text(str(self)).encode(self.encoding)

    return RfcText
