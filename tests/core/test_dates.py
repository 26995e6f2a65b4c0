"""WHEN and DURATION parsing, written from the specification, on fixed `now` values.

Every test runs with the system zone set to Europe/Oslo (CET/CEST), so local
midnight, local dates and wall-clock arithmetic across DST changes are exercised.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reltrack.core.rules.dates import (
    Duration,
    local_date,
    local_midnight,
    parse_day,
    parse_duration,
    parse_when,
    parse_when_or_duration,
)
from reltrack.errors import ExitCode, InvalidInput, ReltrackError

OSLO = ZoneInfo("Europe/Oslo")
NEW_YORK = ZoneInfo("America/New_York")
FRIDAY = datetime(2026, 11, 20, 15, 0, tzinfo=OSLO)  # 2026-11-20 is a Friday, CET (+01:00)


@pytest.fixture(autouse=True)
def oslo(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Oslo")
    time.tzset()
    yield OSLO
    monkeypatch.undo()
    time.tzset()


def oslo_wall(moment: datetime) -> datetime:
    """The naive Oslo wall-clock reading of an aware datetime (via UTC, so a time already in
    Oslo is normalised too: astimezone to the same tzinfo would return it unchanged)."""
    return moment.astimezone(UTC).astimezone(OSLO).replace(tzinfo=None)


def assert_aware(moment: datetime) -> None:
    assert isinstance(moment, datetime)
    assert moment.tzinfo is not None and moment.utcoffset() is not None


def assert_invalid(excinfo: pytest.ExceptionInfo[InvalidInput]) -> None:
    error = excinfo.value
    assert type(error) is InvalidInput
    assert isinstance(error, ReltrackError)
    assert error.exit_code == ExitCode.USAGE == 2
    message = str(error)
    assert message.strip() and "\n" not in message


# --- parse_when: ISO dates and datetimes -------------------------------------------------


def test_iso_date_alone_is_local_midnight():
    result = parse_when("2026-11-20", FRIDAY)
    assert_aware(result)
    assert result == datetime(2026, 11, 20, 0, 0, tzinfo=OSLO)
    assert result.utcoffset() == timedelta(hours=1)


def test_iso_date_alone_in_summer_is_local_midnight_with_summer_offset():
    result = parse_when("2026-07-01", FRIDAY)
    assert result == datetime(2026, 7, 1, tzinfo=OSLO)
    assert result.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("text", ["2026-11-20 15:30", "2026-11-20T15:30", "  2026-11-20T15:30\t", "2026-11-20t15:30"])
def test_naive_iso_datetime_is_local_wall_clock(text):
    result = parse_when(text, FRIDAY)
    assert_aware(result)
    assert result == datetime(2026, 11, 20, 15, 30, tzinfo=OSLO)
    assert oslo_wall(result) == datetime(2026, 11, 20, 15, 30)


def test_naive_iso_datetime_in_summer():
    result = parse_when("2026-07-01 08:15:30", FRIDAY)
    assert result == datetime(2026, 7, 1, 8, 15, 30, tzinfo=OSLO)
    assert result.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20T15:30+05:30", datetime(2026, 11, 20, 15, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        ("2026-11-20 15:30:45-03:00", datetime(2026, 11, 20, 15, 30, 45, tzinfo=timezone(timedelta(hours=-3)))),
        ("2026-11-20T15:30+00:00", datetime(2026, 11, 20, 15, 30, tzinfo=UTC)),
        ("2026-11-20T15:30Z", datetime(2026, 11, 20, 15, 30, tzinfo=UTC)),
    ],
)
def test_iso_datetime_with_offset_keeps_its_offset(text, expected):
    result = parse_when(text, FRIDAY)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()


def test_iso_offset_letter_is_case_insensitive():
    # "Case does not matter": the UTC designator typed in lower case is the same instant.
    result = parse_when("2026-11-20t15:30z", FRIDAY)
    assert result == datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    assert result.utcoffset() == timedelta(0)


# --- parse_when: now, today, yesterday, tomorrow ------------------------------------------


@pytest.mark.parametrize("text", ["now", "NOW", "  Now  "])
def test_now_is_now(text):
    assert parse_when(text, FRIDAY) == FRIDAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 20)),
        ("yesterday", date(2026, 11, 19)),
        ("tomorrow", date(2026, 11, 21)),
        ("  TODAY ", date(2026, 11, 20)),
        ("Yesterday", date(2026, 11, 19)),
        ("TOMORROW\n", date(2026, 11, 21)),
    ],
)
def test_named_days_are_local_midnight(text, expected):
    for direction in ("past", "future"):
        result = parse_when(text, FRIDAY, direction)
        assert_aware(result)
        assert result == datetime.combine(expected, datetime.min.time(), tzinfo=OSLO)


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        ("yesterday 15:00", "past", datetime(2026, 11, 19, 15, 0)),
        ("today 8:05", "past", datetime(2026, 11, 20, 8, 5)),
        ("tomorrow at 9:30", "future", datetime(2026, 11, 21, 9, 30)),
        ("monday 10:00", "past", datetime(2026, 11, 16, 10, 0)),
        ("monday 10:00", "future", datetime(2026, 11, 23, 10, 0)),
        ("in 2d 10:00", "future", datetime(2026, 11, 22, 10, 0)),
    ],
)
def test_a_day_word_takes_a_time_of_day(text, direction, expected):
    result = parse_when(text, FRIDAY, direction)
    assert_aware(result)
    assert oslo_wall(result) == expected


@pytest.mark.parametrize("text", ["tomorrow 24:00", "today 9:75", "someday 10:00", "2026-11-20 at 10:00"])
def test_a_bad_time_of_day_is_refused(text):
    with pytest.raises(InvalidInput) as excinfo:
        parse_when(text, FRIDAY)
    assert_invalid(excinfo)


@pytest.mark.parametrize("text", ["1899-12-31", "3000-01-01", "9999-12-31", "150y ago"])
def test_dates_outside_the_stored_range_are_refused(text):
    with pytest.raises(InvalidInput) as excinfo:
        parse_when(text, FRIDAY, "future")
    assert_invalid(excinfo)


def test_named_days_cross_month_and_year_ends():
    assert parse_when("yesterday", datetime(2026, 3, 1, 9, tzinfo=OSLO)) == datetime(2026, 2, 28, tzinfo=OSLO)
    assert parse_when("yesterday", datetime(2028, 3, 1, 9, tzinfo=OSLO)) == datetime(2028, 2, 29, tzinfo=OSLO)
    assert parse_when("tomorrow", datetime(2026, 12, 31, 9, tzinfo=OSLO)) == datetime(2027, 1, 1, tzinfo=OSLO)


def test_today_is_the_local_day_not_the_day_of_nows_zone():
    # 23:30 UTC on the 20th is 00:30 on the 21st in Oslo.
    late_utc = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert parse_when("today", late_utc) == datetime(2026, 11, 21, tzinfo=OSLO)
    assert parse_when("yesterday", late_utc) == datetime(2026, 11, 20, tzinfo=OSLO)


def test_today_and_tomorrow_on_the_spring_dst_day():
    noon = datetime(2026, 3, 29, 12, tzinfo=OSLO)  # clocks went 02:00 -> 03:00 that morning
    today = parse_when("today", noon)
    tomorrow = parse_when("tomorrow", noon)
    assert oslo_wall(today) == datetime(2026, 3, 29)
    assert today.utcoffset() == timedelta(hours=1)
    assert oslo_wall(tomorrow) == datetime(2026, 3, 30)
    assert tomorrow.utcoffset() == timedelta(hours=2)
    assert tomorrow - today == timedelta(hours=23)


# --- parse_when: weekday names ------------------------------------------------------------

# On Friday 2026-11-20: the most recent one (today included) and the next one (strictly after today).
WEEKDAY_CASES = [
    ("mon", "monday", date(2026, 11, 16), date(2026, 11, 23)),
    ("tue", "tuesday", date(2026, 11, 17), date(2026, 11, 24)),
    ("wed", "wednesday", date(2026, 11, 18), date(2026, 11, 25)),
    ("thu", "thursday", date(2026, 11, 19), date(2026, 11, 26)),
    ("fri", "friday", date(2026, 11, 20), date(2026, 11, 27)),
    ("sat", "saturday", date(2026, 11, 14), date(2026, 11, 21)),
    ("sun", "sunday", date(2026, 11, 15), date(2026, 11, 22)),
]


def midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=OSLO)


@pytest.mark.parametrize(("short", "long", "past", "future"), WEEKDAY_CASES)
def test_weekday_names_short_and_long(short, long, past, future):
    for name in (short, long, short.upper(), long.title(), f"  {long.upper()} "):
        assert parse_when(name, FRIDAY) == midnight(past), name  # "past" is the default
        assert parse_when(name, FRIDAY, "past") == midnight(past), name
        assert parse_when(name, FRIDAY, "future") == midnight(future), name


@pytest.mark.parametrize(("short", "long", "past", "future"), WEEKDAY_CASES)
def test_last_and_next_force_the_direction(short, long, past, future):
    # `last friday` on a Friday is a week ago, as `next friday` is a week ahead: never today
    last = past - timedelta(days=7) if past == FRIDAY.date() else past
    for direction in ("past", "future"):
        for name in (short, long):
            assert parse_when(f"last {name}", FRIDAY, direction) == midnight(last)
            assert parse_when(f"next {name}", FRIDAY, direction) == midnight(future)
    assert parse_when(f"  LAST   {long.title()} ", FRIDAY, "future") == midnight(last)
    assert parse_when(f"Next {short.upper()}", FRIDAY, "past") == midnight(future)


def test_weekday_uses_the_local_day():
    # Friday 23:30 UTC is already Saturday 00:30 in Oslo.
    late_utc = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    assert parse_when("saturday", late_utc, "past") == midnight(date(2026, 11, 21))
    assert parse_when("saturday", late_utc, "future") == midnight(date(2026, 11, 28))
    assert parse_when("friday", late_utc, "past") == midnight(date(2026, 11, 20))


# --- parse_when: relative offsets ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected_wall"),
    [
        ("3d ago", datetime(2026, 11, 17, 15, 0)),
        ("3 days ago", datetime(2026, 11, 17, 15, 0)),
        ("2w ago", datetime(2026, 11, 6, 15, 0)),
        ("in 3 days", datetime(2026, 11, 23, 15, 0)),
        ("in 2 weeks", datetime(2026, 12, 4, 15, 0)),
        ("in 3d", datetime(2026, 11, 23, 15, 0)),
        ("+2w", datetime(2026, 12, 4, 15, 0)),
        ("+3d", datetime(2026, 11, 23, 15, 0)),
        ("-1m", datetime(2026, 10, 20, 15, 0)),  # across the October DST change: wall clock kept
        ("1m ago", datetime(2026, 10, 20, 15, 0)),
        ("in 1m", datetime(2026, 12, 20, 15, 0)),
        ("1y ago", datetime(2025, 11, 20, 15, 0)),
        ("2h ago", datetime(2026, 11, 20, 13, 0)),
        ("in 5h", datetime(2026, 11, 20, 20, 0)),
        ("1w2d ago", datetime(2026, 11, 11, 15, 0)),
        ("in 1m2d", datetime(2026, 12, 22, 15, 0)),
        ("1d12h ago", datetime(2026, 11, 19, 3, 0)),
        ("3D AGO", datetime(2026, 11, 17, 15, 0)),
        ("In 3 Days", datetime(2026, 11, 23, 15, 0)),
        ("  +2W  ", datetime(2026, 12, 4, 15, 0)),
        ("1W2D AGO", datetime(2026, 11, 11, 15, 0)),
    ],
)
def test_relative_offsets(text, expected_wall):
    result = parse_when(text, FRIDAY)
    assert_aware(result)
    assert oslo_wall(result) == expected_wall
    assert result == expected_wall.replace(tzinfo=OSLO)


@pytest.mark.parametrize(
    ("text", "now_wall", "expected_wall"),
    [
        ("in 1m", datetime(2026, 1, 31, 10, 0), datetime(2026, 2, 28, 10, 0)),
        ("+1m", datetime(2028, 1, 31, 10, 0), datetime(2028, 2, 29, 10, 0)),
        ("-1m", datetime(2026, 3, 31, 10, 0), datetime(2026, 2, 28, 10, 0)),
        ("1m ago", datetime(2026, 5, 31, 10, 0), datetime(2026, 4, 30, 10, 0)),
        ("1y ago", datetime(2028, 2, 29, 10, 0), datetime(2027, 2, 28, 10, 0)),
        ("in 12m", datetime(2026, 1, 31, 10, 0), datetime(2027, 1, 31, 10, 0)),
    ],
)
def test_months_move_by_calendar_month(text, now_wall, expected_wall):
    assert oslo_wall(parse_when(text, now_wall.replace(tzinfo=OSLO))) == expected_wall


def test_one_day_ago_from_the_day_after_the_spring_change():
    # The example of the brief: 2026-03-30 10:00 Oslo, one day earlier is 2026-03-29 10:00 wall clock.
    now = datetime(2026, 3, 30, 10, tzinfo=OSLO)
    result = parse_when("1d ago", now)
    assert oslo_wall(result) == datetime(2026, 3, 29, 10, 0)
    assert result == datetime(2026, 3, 29, 10, tzinfo=OSLO)


def test_one_day_ago_across_the_spring_dst_change_keeps_the_wall_clock():
    # Clocks jumped 02:00 -> 03:00 on 2026-03-29: 10:00 CEST back to 10:00 CET is 23 hours.
    now = datetime(2026, 3, 29, 10, tzinfo=OSLO)
    result = parse_when("1d ago", now)
    assert oslo_wall(result) == datetime(2026, 3, 28, 10, 0)
    assert result.utcoffset() == timedelta(hours=1)
    assert now - result == timedelta(hours=23)
    assert parse_when("in 1d", result) == now


def test_one_day_across_the_autumn_dst_change_keeps_the_wall_clock():
    # Clocks went 03:00 -> 02:00 on 2026-10-25: 12:00 CET back to 12:00 CEST is 25 hours.
    now = datetime(2026, 10, 25, 12, tzinfo=OSLO)
    result = parse_when("1d ago", now)
    assert oslo_wall(result) == datetime(2026, 10, 24, 12, 0)
    assert result.utcoffset() == timedelta(hours=2)
    assert now - result == timedelta(hours=25)
    assert parse_when("+1d", result) == now


def test_relative_offset_from_a_utc_now_is_computed_on_local_wall_clock():
    now = datetime(2026, 3, 29, 8, tzinfo=UTC)  # 10:00 CEST
    result = parse_when("1d ago", now)
    assert result == datetime(2026, 3, 28, 10, tzinfo=OSLO)
    assert result == datetime(2026, 3, 28, 9, tzinfo=UTC)


def test_zero_offset_is_now():
    assert parse_when("0d ago", FRIDAY) == FRIDAY


# --- parse_when: errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "soon",
        "yesterdayish",
        "the day after tomorrow",
        "next",
        "last",
        "friday next",
        "fridays",
        "last today",
        "3d",
        "3 ago",
        "ago",
        "in",
        "in 3",
        "in three days",
        "+",
        "-",
        "+d",
        "3x ago",
        "in 2 fortnights",
        "1.5d ago",
        "-3d ago",
        "3d ago ago",
        "2026-13-01",
        "2026-02-30",
        "2026-11-20 25:00",
        "2026-11-20T15:30+25:00",
        "\x00",
    ],
)
def test_junk_is_invalid_input(text):
    for direction in ("past", "future"):
        with pytest.raises(InvalidInput) as excinfo:
            parse_when(text, FRIDAY, direction)
        assert_invalid(excinfo)


@pytest.mark.parametrize(
    "text",
    [
        "10000y ago",
        "in 10000y",
        "in 99999999d",
        "99999999999999999999w ago",
        "+99999999999999999999y",
        "-99999999999999999999999999h",
        "in 9999999999999mo",
    ],
)
def test_offsets_too_far_away_are_invalid_input(text):
    with pytest.raises(InvalidInput) as excinfo:
        parse_when(text, FRIDAY)
    assert_invalid(excinfo)


@pytest.mark.parametrize("text", ["soon\n", "3x\nago", "2026-11-20\r\n15:30x"])
def test_invalid_input_message_is_one_line_even_for_multi_line_input(text):
    with pytest.raises(InvalidInput) as excinfo:
        parse_when(text, FRIDAY)
    assert_invalid(excinfo)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_property_invalid_when_and_duration_messages_are_one_line(text):
    for parse in (lambda t: parse_when(t, FRIDAY), parse_duration):
        try:
            parse(text)
        except InvalidInput as error:
            assert "\n" not in str(error) and "\r" not in str(error)


def test_absurdly_long_number_is_invalid_input():
    # Python refuses int() of more than 4300 digits with ValueError; that must not leak.
    with pytest.raises(InvalidInput) as excinfo:
        parse_when("9" * 5000 + "d ago", FRIDAY)
    assert_invalid(excinfo)


# --- parse_duration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months", "days"),
    [
        ("10d", 0, 10),
        ("1d", 0, 1),
        ("2w", 0, 14),
        ("1m", 1, 0),
        ("1mo", 1, 0),
        ("3mo", 3, 0),
        ("1y", 12, 0),
        ("2y", 24, 0),
        ("1mo15d", 1, 15),
        ("2w3d", 0, 17),
        ("1y2mo", 14, 0),
        ("1y1w", 12, 7),
        ("daily", 0, 1),
        ("weekly", 0, 7),
        ("biweekly", 0, 14),
        ("fortnightly", 0, 14),
        ("monthly", 1, 0),
        ("bimonthly", 2, 0),
        ("quarterly", 3, 0),
        ("yearly", 12, 0),
        ("annually", 12, 0),
        (" 2W ", 0, 14),
        ("3MO", 3, 0),
        ("Monthly", 1, 0),
        ("  QUARTERLY\t", 3, 0),
        ("100y", 1200, 0),
        ("1200mo", 1200, 0),
    ],
)
def test_parse_duration(text, months, days):
    assert parse_duration(text) == Duration(months, days)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "0d",
        "0w",
        "0mo",
        "0y0d",
        "-1d",
        "-2w",
        "+2w",
        "2h",
        "3hours",
        "1d2h",
        "abc",
        "d",
        "mo",
        "1x",
        "1.5d",
        "1,5d",
        "weekly2",
        "every week",
        "hourly",
        "1d ago",
        "in 2w",
        "2026-11-20",
        "friday",
        "tomorrow",
    ],
)
def test_parse_duration_rejects_zero_negative_hours_and_junk(text):
    with pytest.raises(InvalidInput) as excinfo:
        parse_duration(text)
    assert_invalid(excinfo)


@pytest.mark.parametrize("text", ["101y", "1201mo", "100y1mo", "9999y", "99999999999999999999y"])
def test_parse_duration_rejects_more_than_100_years_in_months(text):
    with pytest.raises(InvalidInput) as excinfo:
        parse_duration(text)
    assert_invalid(excinfo)


@pytest.mark.parametrize("text", ["100y1d", "100y1w", "1199mo400d", "37000d", "5300w", "99999999d"])
def test_parse_duration_rejects_more_than_100_years_counted_in_days(text):
    # 100 calendar years are at most 36525 days; every input here is longer than that.
    with pytest.raises(InvalidInput) as excinfo:
        parse_duration(text)
    assert_invalid(excinfo)


def test_parse_duration_just_under_100_years_in_days_is_accepted():
    assert parse_duration("36500d") == Duration(0, 36500)
    assert parse_duration("99y11mo") == Duration(1199, 0)


@pytest.mark.parametrize("text", ["x\n", "2w\n2h"])
def test_parse_duration_message_is_one_line_even_for_multi_line_input(text):
    with pytest.raises(InvalidInput) as excinfo:
        parse_duration(text)
    assert_invalid(excinfo)


def test_parse_duration_absurdly_long_number_is_invalid_input():
    with pytest.raises(InvalidInput) as excinfo:
        parse_duration("9" * 5000 + "d")
    assert_invalid(excinfo)


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (Duration(0, 14), "2w"),
        (Duration(0, 7), "1w"),
        (Duration(0, 21), "3w"),
        (Duration(0, 10), "10d"),
        (Duration(1, 0), "1mo"),
        (Duration(13, 0), "13mo"),
        (Duration(12, 0), "1y"),
        (Duration(24, 0), "2y"),
        (Duration(1, 15), "1mo15d"),
        (Duration(12, 14), "1y2w"),
    ],
)
def test_duration_str_is_canonical_and_parses_back(duration, text):
    assert str(duration) == text
    assert parse_duration(str(duration)) == duration


@pytest.mark.parametrize("name", ["daily", "weekly", "biweekly", "monthly", "quarterly", "yearly", "annually"])
def test_named_durations_round_trip_through_str(name):
    duration = parse_duration(name)
    assert parse_duration(str(duration)) == duration


@pytest.mark.parametrize(
    ("text", "start", "after", "before"),
    [
        ("1mo", date(2026, 1, 31), date(2026, 2, 28), date(2025, 12, 31)),
        ("1mo", date(2028, 1, 31), date(2028, 2, 29), date(2027, 12, 31)),
        ("1mo", date(2026, 3, 31), date(2026, 4, 30), date(2026, 2, 28)),
        ("1y", date(2028, 2, 29), date(2029, 2, 28), date(2027, 2, 28)),
        ("2w", date(2026, 12, 25), date(2027, 1, 8), date(2026, 12, 11)),
        ("10d", date(2026, 2, 25), date(2026, 3, 7), date(2026, 2, 15)),
        ("quarterly", date(2026, 11, 30), date(2027, 2, 28), date(2026, 8, 30)),
        ("1mo15d", date(2026, 1, 31), date(2026, 3, 15), date(2025, 12, 16)),
    ],
)
def test_duration_after_and_before_use_calendar_months(text, start, after, before):
    duration = parse_duration(text)
    assert duration.after(start) == after
    assert duration.before(start) == before


@pytest.mark.parametrize(
    ("text", "factor", "expected"),
    [
        ("2w", 1.5, Duration(0, 21)),
        ("1mo", 1.5, Duration(1, 15)),
        ("2mo", 1.5, Duration(3, 0)),
        ("10d", 1, Duration(0, 10)),
        ("1y", 2, Duration(24, 0)),
    ],
)
def test_duration_scaled(text, factor, expected):
    assert parse_duration(text).scaled(factor) == expected


def test_scaled_spec_examples_print_canonically():
    assert str(parse_duration("1mo").scaled(1.5)) == "1mo15d"
    assert str(parse_duration("2mo").scaled(1.5)) == "3mo"
    assert parse_duration("2w").scaled(1.5) == parse_duration("21d")


# --- parse_day and parse_when_or_duration -------------------------------------------------


def test_parse_day_is_the_local_date_of_parse_when():
    assert parse_day("friday", FRIDAY) == date(2026, 11, 27)  # "future" is the default
    assert parse_day("friday", FRIDAY, "past") == date(2026, 11, 20)
    assert parse_day("tomorrow", FRIDAY) == date(2026, 11, 21)
    assert parse_day("2026-12-01", FRIDAY) == date(2026, 12, 1)
    assert parse_day("in 2w", FRIDAY) == date(2026, 12, 4)
    assert parse_day("3d ago", FRIDAY) == date(2026, 11, 17)
    # 23:30 in New York is 05:30 the next morning in Oslo.
    assert parse_day("2026-11-20T23:30-05:00", FRIDAY) == date(2026, 11, 21)
    assert type(parse_day("today", FRIDAY)) is date


def test_parse_day_rejects_junk():
    with pytest.raises(InvalidInput) as excinfo:
        parse_day("someday", FRIDAY)
    assert_invalid(excinfo)


@pytest.mark.parametrize(
    ("text", "expected_day"),
    [
        ("2w", date(2026, 12, 4)),
        ("10d", date(2026, 11, 30)),
        ("1mo", date(2026, 12, 20)),
        ("monthly", date(2026, 12, 20)),
        ("1y", date(2027, 11, 20)),
        ("2W", date(2026, 12, 4)),
    ],
)
def test_when_or_duration_counts_a_duration_from_today(text, expected_day):
    result = parse_when_or_duration(text, FRIDAY)
    assert_aware(result)
    assert result == midnight(expected_day)


def test_when_or_duration_counts_from_the_local_date_with_calendar_months():
    # 23:30 UTC on Jan 31 is already Feb 1 in Oslo: one month later is Mar 1, not Feb 28.
    late_utc = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)
    assert parse_when_or_duration("1mo", late_utc) == midnight(date(2026, 3, 1))
    assert parse_when_or_duration("1mo", datetime(2026, 1, 31, 12, tzinfo=OSLO)) == midnight(date(2026, 2, 28))


def test_when_or_duration_result_crossing_dst_is_local_midnight():
    result = parse_when_or_duration("2d", datetime(2026, 3, 28, 12, tzinfo=OSLO))
    assert result == midnight(date(2026, 3, 30))
    assert result.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("friday", midnight(date(2026, 11, 27))),  # a WHEN looks ahead
        ("sat", midnight(date(2026, 11, 21))),
        ("tomorrow", midnight(date(2026, 11, 21))),
        ("2026-12-24", midnight(date(2026, 12, 24))),
        ("2026-12-24 09:00", datetime(2026, 12, 24, 9, tzinfo=OSLO)),
        ("+2w", datetime(2026, 12, 4, 15, tzinfo=OSLO)),
        ("in 3 days", datetime(2026, 11, 23, 15, tzinfo=OSLO)),
        ("3d ago", datetime(2026, 11, 17, 15, tzinfo=OSLO)),
        ("now", FRIDAY),
    ],
)
def test_when_or_duration_treats_anything_else_as_a_future_when(text, expected):
    assert parse_when_or_duration(text, FRIDAY) == expected


@pytest.mark.parametrize("text", ["", "0d", "2h", "soon", "1x", "101y"])
def test_when_or_duration_rejects_junk(text):
    with pytest.raises(InvalidInput) as excinfo:
        parse_when_or_duration(text, FRIDAY)
    assert_invalid(excinfo)


# --- local_midnight and local_date --------------------------------------------------------


def test_local_midnight_uses_the_system_zone():
    winter = local_midnight(date(2026, 1, 15))
    summer = local_midnight(date(2026, 7, 15))
    assert_aware(winter)
    assert winter == datetime(2026, 1, 15, tzinfo=OSLO) and winter.utcoffset() == timedelta(hours=1)
    assert summer == datetime(2026, 7, 15, tzinfo=OSLO) and summer.utcoffset() == timedelta(hours=2)
    assert local_midnight(date(2026, 3, 29)) == datetime(2026, 3, 28, 23, tzinfo=UTC)


def test_local_date_uses_the_system_zone():
    assert local_date(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == date(2026, 3, 29)
    assert local_date(datetime(2026, 3, 28, 22, 30, tzinfo=UTC)) == date(2026, 3, 28)
    assert local_date(datetime(2026, 11, 20, 23, 30, tzinfo=NEW_YORK)) == date(2026, 11, 21)


def test_local_functions_follow_a_change_of_system_zone(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    assert local_date(datetime(2026, 3, 28, 23, 30, tzinfo=UTC)) == date(2026, 3, 28)
    assert local_midnight(date(2026, 1, 15)) == datetime(2026, 1, 15, 5, tzinfo=UTC)
    assert parse_when("today", datetime(2026, 11, 21, 3, tzinfo=UTC)) == datetime(2026, 11, 20, tzinfo=NEW_YORK)
    # the autouse fixture restores the zone and calls tzset afterwards


# --- properties ---------------------------------------------------------------------------

WEEKDAY_NAMES = {
    0: ["mon", "monday"],
    1: ["tue", "tuesday"],
    2: ["wed", "wednesday"],
    3: ["thu", "thursday"],
    4: ["fri", "friday"],
    5: ["sat", "saturday"],
    6: ["sun", "sunday"],
}
ZONES_FOR_NOW = st.sampled_from(
    [UTC, OSLO, NEW_YORK, ZoneInfo("Asia/Kolkata"), ZoneInfo("Pacific/Auckland"), timezone(timedelta(hours=-11))]
)
NOWS = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=ZONES_FOR_NOW, allow_imaginary=False
)
CASINGS = st.sampled_from([str, str.upper, str.title, str.swapcase])

# 100 calendar years are at least 36524 days.
VALID_DURATIONS = (
    st.builds(Duration, st.integers(0, 1200), st.integers(0, 36524))
    .filter(lambda d: d.months or d.days)
    .filter(lambda d: d.months * 31 + d.days <= 36524)
)


@settings(max_examples=300, deadline=None)
@given(VALID_DURATIONS)
def test_property_duration_round_trip(duration):
    text = str(duration)
    assert parse_duration(text) == duration
    assert str(parse_duration(text)) == text
    assert parse_duration(text.upper()) == duration


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(
        min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=st.timezones(), allow_imaginary=True
    ),
    separator=st.sampled_from(["T", " "]),
)
def test_property_iso_round_trip_of_aware_datetimes(moment, separator):
    result = parse_when(moment.isoformat(sep=separator), FRIDAY)
    assert_aware(result)
    # same wall clock and same offset: an exact round trip, free of PEP 495 comparison rules
    assert result.replace(tzinfo=None) == moment.replace(tzinfo=None)
    assert result.utcoffset() == moment.utcoffset()


@settings(max_examples=200, deadline=None)
@given(moment=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)))
def test_property_naive_iso_is_local_wall_clock(moment):
    result = parse_when(moment.isoformat(), FRIDAY)
    assert_aware(result)
    wall = oslo_wall(result)
    exists = oslo_wall(moment.replace(tzinfo=OSLO)) == moment  # not inside a spring-forward gap
    if exists:
        assert wall == moment


@settings(max_examples=300, deadline=None)
@given(now=NOWS, days=st.integers(0, 20000), form=st.sampled_from(["{}d ago", "{} days ago", "{}D AGO", "-{}d"]))
def test_property_days_ago_is_wall_clock_subtraction(now, days, form):
    expected_wall = oslo_wall(now) - timedelta(days=days)
    result = parse_when(form.format(days), now)
    assert_aware(result)
    if oslo_wall(expected_wall.replace(tzinfo=OSLO)) == expected_wall:  # that wall time exists in Oslo
        assert oslo_wall(result) == expected_wall


@settings(max_examples=200, deadline=None)
@given(now=NOWS, days=st.integers(0, 20000), form=st.sampled_from(["in {}d", "+{}d", "in {} days"]))
def test_property_in_days_is_wall_clock_addition(now, days, form):
    expected_wall = oslo_wall(now) + timedelta(days=days)
    result = parse_when(form.format(days), now)
    if oslo_wall(expected_wall.replace(tzinfo=OSLO)) == expected_wall:
        assert oslo_wall(result) == expected_wall


@settings(max_examples=400, deadline=None)
@given(
    now=NOWS,
    day_index=st.integers(0, 6),
    long_form=st.booleans(),
    casing=CASINGS,
    direction=st.sampled_from(["past", "future"]),
    prefix=st.sampled_from(["", "last ", "next "]),
)
def test_property_weekday_lands_in_the_right_window(now, day_index, long_form, casing, direction, prefix):
    name = WEEKDAY_NAMES[day_index][long_form]
    result = parse_when(casing(prefix + name), now, direction)
    assert_aware(result)
    today = oslo_wall(now).date()
    day = oslo_wall(result).date()
    assert oslo_wall(result).time() == datetime.min.time()  # local midnight
    assert day.weekday() == day_index
    effective = {"last ": "past", "next ": "future"}.get(prefix, direction)
    if prefix == "last ":
        assert 1 <= (today - day).days <= 7  # `last` is never today
    elif effective == "past":
        assert 0 <= (today - day).days <= 6
    else:
        assert 1 <= (day - today).days <= 7


def _parses_or_is_invalid(text: str, now: datetime) -> None:
    """Every parser either returns its type or raises InvalidInput; no other exception escapes."""
    for direction in ("past", "future"):
        try:
            result = parse_when(text, now, direction)
        except InvalidInput:
            pass
        else:
            assert_aware(result)
        try:
            day = parse_day(text, now, direction)
        except InvalidInput:
            pass
        else:
            assert isinstance(day, date)
    try:
        duration = parse_duration(text)
    except InvalidInput:
        pass
    else:
        assert isinstance(duration, Duration) and (duration.months > 0 or duration.days > 0)
    try:
        result = parse_when_or_duration(text, now)
    except InvalidInput:
        pass
    else:
        assert_aware(result)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_property_arbitrary_text_parses_or_is_invalid_input(text):
    _parses_or_is_invalid(text, FRIDAY)


_TOKENS = st.sampled_from(
    ["in ", "+", "-", " ago", "last ", "next ", "friday", "today", "now", "d", "w", "m", "mo", "y", "h", "days",
     "2026-11-20", "T15:30", "+05:00", "Z", " ", "0", "1", "12", "99999", "9999999999", "\u0663", "monthly", ".5",
     ".", "/", ":", "31", "2026", "dec", "feb", " 29", "pm", "am", "min", " at ", "week", "tomorrow"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(tokens=st.lists(_TOKENS, max_size=8), now=NOWS)
def test_property_date_like_text_parses_or_is_invalid_input(tokens, now):
    _parses_or_is_invalid("".join(tokens), now)


@settings(max_examples=300, deadline=None)
@given(
    sign=st.sampled_from(["in {}", "+{}", "-{}", "{} ago"]),
    parts=st.lists(
        st.tuples(st.integers(0, 10**30), st.sampled_from(["d", "w", "m", "mo", "y", "h", "days", "years"])),
        min_size=1,
        max_size=3,
    ),
    now=NOWS,
)
def test_property_any_size_offset_parses_or_is_invalid_input(sign, parts, now):
    amounts = "".join(f"{amount}{unit}" for amount, unit in parts)
    _parses_or_is_invalid(sign.format(amounts), now)
    _parses_or_is_invalid(amounts, now)


# --- the forms people type: dotted, slashed, month names, periods, minutes, am/pm -----------------


@pytest.mark.parametrize(
    ("text", "direction", "expected"),
    [
        ("31.12.2026", "past", datetime(2026, 12, 31, tzinfo=OSLO)),
        ("1.2.2027", "past", datetime(2027, 2, 1, tzinfo=OSLO)),
        ("31/12/2026", "past", datetime(2026, 12, 31, tzinfo=OSLO)),
        ("05/06/2026", "past", datetime(2026, 6, 5, tzinfo=OSLO)),
        ("2026/12/31", "past", datetime(2026, 12, 31, tzinfo=OSLO)),
        ("Dec 31", "future", datetime(2026, 12, 31, tzinfo=OSLO)),
        ("Dec 31", "past", datetime(2025, 12, 31, tzinfo=OSLO)),
        ("31 Dec", "future", datetime(2026, 12, 31, tzinfo=OSLO)),
        ("31 december 2027", "past", datetime(2027, 12, 31, tzinfo=OSLO)),
        ("December 31, 2026", "past", datetime(2026, 12, 31, tzinfo=OSLO)),
        ("1st Feb", "future", datetime(2027, 2, 1, tzinfo=OSLO)),
        ("Nov 20", "future", datetime(2026, 11, 20, tzinfo=OSLO)),  # today, either way
        ("Nov 20", "past", datetime(2026, 11, 20, tzinfo=OSLO)),
        ("20.11.", "past", datetime(2026, 11, 20, tzinfo=OSLO)),
        ("21/11", "past", datetime(2025, 11, 21, tzinfo=OSLO)),
        ("29 feb", "future", datetime(2028, 2, 29, tzinfo=OSLO)),
        ("next week", "past", datetime(2026, 11, 23, tzinfo=OSLO)),  # Monday of next week
        ("last week", "future", datetime(2026, 11, 9, tzinfo=OSLO)),
        ("this week", "future", datetime(2026, 11, 16, tzinfo=OSLO)),
        ("next month", "past", datetime(2026, 12, 1, tzinfo=OSLO)),
        ("next year", "past", datetime(2027, 1, 1, tzinfo=OSLO)),
        ("next friday", "past", datetime(2026, 11, 27, tzinfo=OSLO)),
        ("last friday", "past", datetime(2026, 11, 13, tzinfo=OSLO)),  # on a Friday: a week ago
        ("friday", "past", datetime(2026, 11, 20, tzinfo=OSLO)),  # plain: today counts
        ("in 5 minutes", "past", datetime(2026, 11, 20, 15, 5, tzinfo=OSLO)),
        ("90 min ago", "past", datetime(2026, 11, 20, 13, 30, tzinfo=OSLO)),
        ("in 1h30min", "past", datetime(2026, 11, 20, 16, 30, tzinfo=OSLO)),
        ("tomorrow 3pm", "past", datetime(2026, 11, 21, 15, 0, tzinfo=OSLO)),
        ("tomorrow at 9:30am", "past", datetime(2026, 11, 21, 9, 30, tzinfo=OSLO)),
        ("friday 15:00", "future", datetime(2026, 11, 27, 15, 0, tzinfo=OSLO)),
        ("friday 15:00", "past", datetime(2026, 11, 20, 15, 0, tzinfo=OSLO)),
        ("Dec 31 2026 23:59", "past", datetime(2026, 12, 31, 23, 59, tzinfo=OSLO)),
        ("31.12.2026 9:30", "past", datetime(2026, 12, 31, 9, 30, tzinfo=OSLO)),
        ("12pm", "past", datetime(2026, 11, 20, 12, 0, tzinfo=OSLO)),
        ("12am", "past", datetime(2026, 11, 20, 0, 0, tzinfo=OSLO)),
        ("at 8:15", "past", datetime(2026, 11, 20, 8, 15, tzinfo=OSLO)),
        ("-1m", "past", datetime(2026, 10, 20, 15, 0, tzinfo=OSLO)),
    ],
)
def test_forms_people_type(text, direction, expected):
    result = parse_when(text, FRIDAY, direction)
    assert_aware(result)
    assert result == expected


def test_month_first_when_the_config_says_so():
    assert parse_when("05/06/2026", FRIDAY, order="month-first") == datetime(2026, 5, 6, tzinfo=OSLO)
    assert parse_when("12/31/2026", FRIDAY, order="month-first") == datetime(2026, 12, 31, tzinfo=OSLO)
    assert parse_when("12/31", FRIDAY, "future", order="month-first") == datetime(2026, 12, 31, tzinfo=OSLO)
    assert parse_when("31.12.2026", FRIDAY, order="month-first") == datetime(2026, 12, 31, tzinfo=OSLO)  # dots: day first
    assert parse_day("12/31", FRIDAY, order="month-first") == date(2026, 12, 31)


@pytest.mark.parametrize(("text", "order", "other"), [("12/31", "day-first", "month-first"), ("12/31/2026", "day-first", "month-first"), ("31/12/2026", "month-first", "day-first")])
def test_the_ambiguous_order_is_refused_with_the_way_out(text, order, other):
    with pytest.raises(InvalidInput) as excinfo:
        parse_when(text, FRIDAY, "future", order=order)
    assert_invalid(excinfo)
    assert f'order = "{other}" under [dates]' in str(excinfo.value) and "2026-12-31" in str(excinfo.value)


@pytest.mark.parametrize(
    "text",
    ["31.02.2026", "32 dec", "dec 32", "13/13/2026", "5/6/26", "31.12.26", "13pm", "0am", "tomorrow 25:00", "tomorrow 3",
     "smarch 3", "3 smarch", "next fortnight", "2026/13/01", "31.12", "in 5 m ago", "12:60", "29 feb 2027"],
)  # fmt: skip
def test_new_forms_stay_strict(text):
    for direction in ("past", "future"):
        with pytest.raises(InvalidInput) as excinfo:
            parse_when(text, FRIDAY, direction)
        assert_invalid(excinfo)


def test_minutes_are_not_a_duration():
    with pytest.raises(InvalidInput):
        parse_duration("5min")


MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


@settings(max_examples=400, deadline=None)
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)),
    form=st.sampled_from(["{d}.{m}.{y}", "{d:02}.{m:02}.{y}", "{d}/{m}/{y}", "{y}/{m}/{d}", "{y}/{m:02}/{d:02}",
                          "{mon} {d} {y}", "{d} {mon} {y}", "{month} {d}, {y}", "{d} {month} {y}"]),
    casing=CASINGS,
    direction=st.sampled_from(["past", "future"]),
)  # fmt: skip
def test_property_written_dates_are_that_local_midnight(day, form, casing, direction):
    text = casing(form.format(d=day.day, m=day.month, y=day.year, mon=MONTH_NAMES[day.month - 1], month=MONTH_LONG[day.month - 1]))
    assert parse_when(text, FRIDAY, direction) == local_midnight(day)
    swapped = form.replace("{d}/{m}/", "{m}/{d}/")
    if swapped != form:  # the same date written month first, read with the config saying so
        month_first = swapped.format(d=day.day, m=day.month, y=day.year)
        assert parse_when(month_first, FRIDAY, direction, order="month-first") == local_midnight(day)


@settings(max_examples=400, deadline=None)
@given(now=NOWS, month=st.integers(1, 12), day=st.integers(1, 31), direction=st.sampled_from(["past", "future"]),
       form=st.sampled_from(["{mon} {d}", "{d} {mon}", "{d}.{m}.", "{d}/{m}"]))  # fmt: skip
def test_property_a_date_without_a_year_is_the_nearest_one_that_way(now, month, day, direction, form):
    text = form.format(d=day, m=month, mon=MONTH_NAMES[month - 1])
    if day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        with pytest.raises(InvalidInput):
            parse_when(text, now, direction)
        return
    result = parse_day(text, now, direction)
    today = local_date(now)
    assert (result.month, result.day) == (month, day)
    reach = 4 * 366 if (month, day) == (2, 29) else 366  # a leap day may be years away
    if direction == "past":
        assert 0 <= (today - result).days < reach
    else:
        assert 0 <= (result - today).days < reach
    if (month, day) != (2, 29):  # and it is the nearest: a year closer is the wrong side of today
        nearer = result.replace(year=result.year + (1 if direction == "past" else -1))
        assert nearer > today if direction == "past" else nearer < today


@settings(max_examples=300, deadline=None)
@given(month=st.integers(1, 12), day=st.integers(13, 31))
def test_property_day_first_never_reads_month_first(month, day):
    with pytest.raises(InvalidInput) as excinfo:
        parse_when(f"{month}/{day}", FRIDAY, "future")  # day first: `day` would be the month
    assert "month-first" in str(excinfo.value)


@settings(max_examples=300, deadline=None)
@given(now=NOWS, minutes=st.integers(0, 100000), form=st.sampled_from(["in {} minutes", "in {}min", "+{} mins", "{} minutes ago"]))
def test_property_minutes_move_the_wall_clock(now, minutes, form):
    sign = -1 if "ago" in form else 1
    expected_wall = oslo_wall(now) + sign * timedelta(minutes=minutes)
    result = parse_when(form.format(minutes), now)
    if oslo_wall(expected_wall.replace(tzinfo=OSLO)) == expected_wall:  # that wall time exists in Oslo
        assert oslo_wall(result) == expected_wall


@settings(max_examples=300, deadline=None)
@given(hour=st.integers(0, 23), minute=st.integers(0, 59), day_word=st.sampled_from(["tomorrow", "yesterday", "monday", "31.12.2026", "dec 31"]))
def test_property_twelve_and_twenty_four_hour_times_agree(hour, minute, day_word):
    meridiem = f"{hour % 12 or 12}:{minute:02}{'pm' if hour >= 12 else 'am'}"
    twenty_four = parse_when(f"{day_word} {hour}:{minute:02}", FRIDAY, "future")
    assert parse_when(f"{day_word} {meridiem}", FRIDAY, "future") == twenty_four
    assert parse_when(f"{day_word} at {meridiem.upper()}", FRIDAY, "future") == twenty_four
    day = parse_day(day_word, FRIDAY, "future")
    assert oslo_wall(twenty_four) == datetime(day.year, day.month, day.day, hour, minute) or oslo_wall(
        datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)
    ) != datetime(day.year, day.month, day.day, hour, minute)
