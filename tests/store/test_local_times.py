"""Stored UTC times as local ISO text (what exports write): the shortcut through the stored text,
with the local offset found once per UTC hour, gives exactly what converting each instant gives,
in zones with half-hour and 45-minute offsets, half-hour daylight saving and historical offsets."""

import os
import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from hypothesis import given, settings
from hypothesis import strategies as st

from reltrack.store.models import Touchpoint

ZONES = ("UTC", "Europe/Lisbon", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Sao_Paulo", "Europe/Amsterdam")
TYPE = Touchpoint.__table__.c.at.type
SQLITE = sqlite.dialect()


@contextmanager
def local_zone(zone: str):
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def stored(moment: datetime) -> str:
    return TYPE.bind_processor(SQLITE)(moment)


def exact(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


@pytest.mark.parametrize("zone", ZONES)
@settings(max_examples=60, deadline=None)
@given(st.lists(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2099, 12, 30)), min_size=1, max_size=30))
def test_any_stored_time_reads_as_its_local_time(zone, moments):
    with local_zone(zone):
        local = TYPE.local_text_processor(SQLITE)  # one processor for all: its hours are reused
        for moment in moments:
            instant = moment.replace(tzinfo=UTC, microsecond=0)
            assert local(stored(instant)) == exact(instant)


@pytest.mark.parametrize("zone", ZONES)
def test_every_minute_around_the_clock_changes(zone):
    # each 7 minutes and 13 seconds over the weeks of this and last century's spring and autumn changes
    with local_zone(zone):
        local = TYPE.local_text_processor(SQLITE)
        for start in (datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 10, 20, tzinfo=UTC), datetime(1937, 6, 25, tzinfo=UTC)):
            for step in range(0, 21 * 24 * 3600, 433):
                instant = start + timedelta(seconds=step)
                assert local(stored(instant)) == exact(instant), instant


def test_what_is_not_the_stored_form_is_converted_as_it_is():
    with local_zone("Europe/Lisbon"):
        local = TYPE.local_text_processor(SQLITE)
        assert local(None) is None
        assert local("2026-07-01T10:00:00+02:00") == "2026-07-01T09:00:00+01:00"  # text with an offset of its own
        assert local("2026-01-15 10:00:00") == "2026-01-15T10:00:00+00:00"
        assert local("2026-07-15 10:00:00") == "2026-07-15T11:00:00+01:00"


def test_a_server_gives_datetimes_and_gets_the_same_text():
    with local_zone("America/St_Johns"):
        local = TYPE.local_text_processor(postgresql.dialect())
        instant = datetime(2026, 7, 1, 12, 0, 5, tzinfo=UTC)
        assert local(instant) == "2026-07-01T09:30:05-02:30" == exact(instant)
