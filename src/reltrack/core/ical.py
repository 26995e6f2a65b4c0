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

PRODID = "-//reltrack//reltrack//EN"
CALENDAR_NAME = "reltrack follow-ups"


@dataclass
class CalendarItem:
    uid: str  # stable across exports, e.g. "followup-12@reltrack"
    day: date
    summary: str
    description: str | None = None


def write_ics(items: Iterable[CalendarItem], stamp: datetime) -> str:
    """A VCALENDAR with one all-day VEVENT per item; DTSTAMP is `stamp` in UTC (naive means local)."""
    from icalendar import Calendar, Event

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
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
