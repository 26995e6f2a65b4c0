"""The follow-up calendar: all-day events with stable UIDs that calendar programs read."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from reltrack.core.interchange.ical import CalendarItem, write_ics

STAMP = datetime(2026, 3, 2, 9, 30, tzinfo=timezone(timedelta(hours=1)))  # 08:30 UTC
ITEMS = [
    CalendarItem("followup-12@reltrack", date(2026, 3, 5), "Follow up: Ana Lima", "Quote for the Q3 rebrand"),
    CalendarItem("followup-13@reltrack", date(2026, 3, 31), "Follow up: Bjørk Guðmundsdóttir, re; invoice"),
    CalendarItem("followup-14@reltrack", date(2026, 12, 31), "Follow up: 王小明", "Line one,\nline two; done"),
]


def events(text: str) -> list:
    return Calendar.from_ical(text).walk("VEVENT")


def test_calendar_properties() -> None:
    calendar = Calendar.from_ical(write_ics(ITEMS, STAMP))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//reltrack//reltrack//EN"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "reltrack follow-ups"


def test_one_all_day_event_per_item() -> None:
    parsed = events(write_ics(ITEMS, STAMP))
    assert len(parsed) == len(ITEMS)
    for event, item in zip(parsed, ITEMS, strict=True):
        assert str(event["UID"]) == item.uid
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date  # a date, not a datetime: all-day
        assert start == item.day
        assert end == item.day + timedelta(days=1)
        assert str(event["SUMMARY"]) == item.summary
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert event.decoded("DTSTAMP") == STAMP
        assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)
    assert str(parsed[0]["DESCRIPTION"]) == "Quote for the Q3 rebrand"
    assert "DESCRIPTION" not in parsed[1]
    assert str(parsed[2]["DESCRIPTION"]) == "Line one,\nline two; done"


def test_wire_format() -> None:
    text = write_ics(ITEMS, STAMP)
    assert isinstance(text, str)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert "DTSTART;VALUE=DATE:20260305" in lines
    assert "DTEND;VALUE=DATE:20260306" in lines
    assert "DTEND;VALUE=DATE:20270101" in lines  # across the year end
    assert "DTSTAMP:20260302T083000Z" in lines


def test_uids_are_stable_across_exports() -> None:
    first = write_ics(ITEMS, STAMP)
    assert write_ics(ITEMS, STAMP) == first
    later = write_ics(ITEMS, STAMP + timedelta(days=3))
    assert [str(event["UID"]) for event in events(later)] == [str(event["UID"]) for event in events(first)]


def test_no_items_is_a_calendar_without_events() -> None:
    text = write_ics([], STAMP)
    calendar = Calendar.from_ical(text)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["PRODID"]) == "-//reltrack//reltrack//EN"
    assert calendar.walk("VEVENT") == []


def test_items_may_be_any_iterable() -> None:
    assert len(events(write_ics((item for item in ITEMS), STAMP))) == len(ITEMS)


def test_a_datetime_is_not_a_day() -> None:
    with pytest.raises(TypeError):
        write_ics([CalendarItem("followup-1@reltrack", datetime(2026, 3, 5, 12), "Follow up")], STAMP)


def test_a_literal_backslash_n_is_not_a_line_break() -> None:
    # icalendar's own escaping would turn the `\N` of `C:\Notes` into a line break
    text = write_ics([CalendarItem("followup-1@reltrack", date(2026, 3, 5), "C:\\Notes", "a\\N\\n\\")], STAMP)
    assert "SUMMARY:C:\\\\Notes" in text.split("\r\n")
    assert "DESCRIPTION:a\\\\N\\\\n\\\\" in text.split("\r\n")
    (event,) = events(text)
    assert str(event["SUMMARY"]) == "C:\\Notes"
    assert str(event["DESCRIPTION"]) == "a\\N\\n\\"


# icalendar drops a byte order mark at the very start of a value (it decodes with utf-8-sig): not worth carrying
_letters = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufeff")
_text = st.text(_letters | st.sampled_from(",;:\\\nNn"), min_size=1, max_size=80)


@settings(max_examples=100, deadline=None)
@given(summary=_text, description=st.none() | _text, day=st.dates(date(1900, 1, 1), date(2999, 12, 30)))
def test_text_round_trips(summary: str, description: str | None, day: date) -> None:
    (event,) = events(write_ics([CalendarItem("followup-1@reltrack", day, summary, description)], STAMP))
    assert str(event["SUMMARY"]) == summary
    assert (str(event["DESCRIPTION"]) if "DESCRIPTION" in event else None) == (description or None)
    assert event.decoded("DTSTART") == day


def test_importing_the_module_does_not_load_icalendar() -> None:
    code = "import sys, reltrack.core.interchange.ical; print('icalendar' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
