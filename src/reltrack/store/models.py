"""The tables, mapped with SQLAlchemy. The schema itself is owned by the Alembic migrations beside this file.

Plain SQLAlchemy declarative mapping: reltrack checks every value itself before it reaches a table,
so a validation layer over the tables (SQLModel's pydantic models) would only cost start-up time,
on every command (about 70 ms to import it and build a model per table).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from reltrack.store import money
from reltrack.vocab import (
    CHANNELS,
    CLOSED_DEAL_STAGES,
    COUNTED_CHANNELS,
    DEAL_STAGES,
    DIRECTIONS,
    KINDS,
    OPEN_DEAL_STAGES,
    PROMISE_OWNERS,
    PROMISE_STATUSES,
    one_of_sql,
)

# Constraint names are part of the schema: batch migrations on SQLite need them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# Folded names compare by code point on both engines, as SQLite always compares text: name order
# (and the index behind it) never depends on the server's collation (docs/team.md).
SORT_KEY = sa.String().with_variant(sa.String(collation="C"), "postgresql")


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

    def __init__(self, **values: object) -> None:
        """Keyword construction, with each column's default filled in at once (not at INSERT), so a
        new row reads as it will be stored."""
        for column in self.__table__.columns:
            if column.key not in values and column.default is not None:
                if column.default.is_scalar:
                    values[column.key] = column.default.arg
                elif column.key == "uid":
                    values[column.key] = new_uid()
        for key, value in values.items():
            if not hasattr(type(self), key):
                raise TypeError(f"{key!r} is not a column of {type(self).__name__}")
            setattr(self, key, value)


class UTCDateTime(sa.types.TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike.

    Times are kept to the second, the precision every export writes: a re-imported
    export then matches what is stored, and duplicate checks find it. SQLite has no time
    zones: there they are naive UTC text ('2026-11-20 09:30:00'), which also sorts correctly,
    written and read here directly: Python's ISO parsing is many times faster than the
    driver-independent one, and a history holds millions of them."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def bind_processor(self, dialect: sa.Dialect):  # type: ignore[no-untyped-def]
        sqlite = dialect.name == "sqlite"

        def process(value: datetime | None) -> datetime | str | None:
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            if sqlite:  # 'YYYY-MM-DD HH:MM:SS' of the UTC time (isoformat cuts the microseconds, [:19] the offset)
                return value.astimezone(UTC).isoformat(" ", "seconds")[:19]
            return value.astimezone(UTC).replace(microsecond=0)

        return process

    def result_processor(self, dialect: sa.Dialect, coltype: object):  # type: ignore[no-untyped-def]
        def process(value: datetime | str | None) -> datetime | None:
            if value is None:
                return None
            if isinstance(value, str):
                try:  # the offset appended and parsed with the rest: replace(tzinfo=) costs six times as much
                    return datetime.fromisoformat(value + "+00:00")
                except ValueError:  # text with an offset of its own
                    return datetime.fromisoformat(value).astimezone(UTC)
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

        return process

    def local_text_processor(self, dialect: sa.Dialect):  # type: ignore[no-untyped-def]
        """stored value -> the local ISO text of the instant, exactly
        `value.astimezone().isoformat(timespec="seconds")`, for exports of millions. On SQLite the
        stored text is shifted by the local offset, found once per UTC hour, without a datetime
        made and converted for each value (at 2M touchpoints, 7 of an export's 26 s)."""
        instant = self.result_processor(dialect, None)

        def exact(value: datetime | str | None) -> str | None:
            moment = instant(value)
            return None if moment is None else moment.astimezone().isoformat(timespec="seconds")

        if dialect.name != "sqlite":
            return exact
        hours: dict[str, tuple[timedelta, str] | None] = {}

        def local(value: str | None) -> str | None:
            if type(value) is not str or len(value) != 19 or value[10] != " ":
                return exact(value)  # None, or text not written by process above
            hour = value[:13]
            shift = hours.get(hour, False)
            if shift is False:
                shift = hours[hour] = _local_offset(hour)
            if shift is None:
                return exact(value)
            offset, suffix = shift
            if not offset:
                return f"{value[:10]}T{value[11:]}{suffix}"
            return (datetime.fromisoformat(value) + offset).isoformat() + suffix

        return local


def _local_offset(hour: str) -> tuple[timedelta, str] | None:
    """(the local offset, its ISO text) throughout this UTC hour ('YYYY-MM-DD HH'); None when the
    offset changes within it (a daylight-saving change), where each time is converted on its own."""
    start = datetime.fromisoformat(f"{hour}:00:00+00:00").astimezone()
    end = (start + timedelta(seconds=3599)).astimezone()
    offset = start.utcoffset()
    if offset is None or offset != end.utcoffset():
        return None
    return offset, start.isoformat()[19:]


class CalendarDay(sa.types.TypeDecorator):
    """A date; on SQLite the 'YYYY-MM-DD' text, written and read directly like UTCDateTime."""

    impl = sa.Date
    cache_ok = True

    def bind_processor(self, dialect: sa.Dialect):  # type: ignore[no-untyped-def]
        if dialect.name != "sqlite":
            return None
        return lambda value: None if value is None else value.isoformat()

    def result_processor(self, dialect: sa.Dialect, coltype: object):  # type: ignore[no-untyped-def]
        return lambda value: date.fromisoformat(value) if isinstance(value, str) else value


class EpochSeconds(sa.types.TypeDecorator):
    """An instant as whole seconds since 1970 UTC, an integer: aware datetimes in and out. For the
    copies on touchpoint_contact, which the per-contact sums compute with millions of times."""

    impl = sa.BigInteger
    cache_ok = True

    # processors of their own, like UTCDateTime's: an import converts a value per row, and the
    # generic TypeDecorator wrapper around process_bind_param doubled the cost of each
    def bind_processor(self, dialect: sa.Dialect):  # type: ignore[no-untyped-def]
        def process(value: datetime | None) -> int | None:
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTC column")
            return int(value.timestamp())

        return process

    def result_processor(self, dialect: sa.Dialect, coltype: object):  # type: ignore[no-untyped-def]
        return lambda value: None if value is None else datetime.fromtimestamp(value, UTC)


class DayNumber(sa.types.TypeDecorator):
    """A date as its day number (date.toordinal(): 0001-01-01 is 1), an integer: days apart is a
    subtraction, on either database."""

    impl = sa.Integer
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: sa.Dialect) -> int | None:
        return None if value is None else value.toordinal()

    def process_result_value(self, value: int | None, dialect: sa.Dialect) -> date | None:
        return None if value is None else date.fromordinal(value)


def new_uid() -> str:
    """A row's lasting identity, the same in every export and on every machine: vCard and iCalendar
    UIDs, the `uid` column of csv and json, what a re-import matches on."""
    return new_uids(1)[0]


def new_uids(count: int) -> list[str]:
    """`count` new identities: time-ordered UUIDs (version 7, RFC 9562: the millisecond they were
    made, then 74 random bits), sorted, from one read of the system's randomness.

    New identities sort after the ones made before, so the unique index on uids takes them at its
    end, page after page, instead of one at random among millions (an import of 100,000 touchpoints
    into 2 million: a third less time writing them)."""
    stamp = f"{time.time_ns() // 1_000_000:012x}"
    raw = bytearray(os.urandom(10 * count))
    raw[0::10] = bytes(byte & 0x0F | 0x70 for byte in raw[0::10])  # the version, 7
    raw[2::10] = bytes(byte & 0x3F | 0x80 for byte in raw[2::10])  # the RFC 9562 variant
    text = raw.hex()
    return sorted(
        f"{stamp[:8]}-{stamp[8:]}-{text[at : at + 4]}-{text[at + 4 : at + 8]}-{text[at + 8 : at + 20]}"
        for at in range(0, 20 * count, 20)
    )


def uid_column():  # type: ignore[no-untyped-def]
    return mapped_column(sa.String, unique=True, index=True, default=new_uid)


def utc(nullable: bool = False, index: bool = False, **options: object):  # type: ignore[no-untyped-def]
    return mapped_column(UTCDateTime(), nullable=nullable, index=index, **options)


def cascade(table: str, index: bool = True, **options: object):  # type: ignore[no-untyped-def]
    """A link to another table's row, gone with it."""
    return mapped_column(sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), index=index, **options)


class ContactTag(Base):
    __tablename__ = "contact_tag"

    contact_id: Mapped[int] = cascade("contact", index=False, primary_key=True)
    tag_id: Mapped[int] = cascade("tag", primary_key=True)


class Contact(Base):
    __tablename__ = "contact"
    __table_args__ = (
        sa.CheckConstraint(one_of_sql("kind", KINDS), name="kind"),
        sa.Index("ix_contact_name_fold", "name_fold", "name_key"),  # lookups, and everyone in name order
        sa.Index("ix_contact_name_ascii", "name_ascii"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = uid_column()
    name: Mapped[str]
    # case-folded name: makes "ana lima" and "Ana Lima" the same contact, enforced by the database
    name_key: Mapped[str] = mapped_column(SORT_KEY, unique=True)
    # accent-folded name (names.fold): lookups and sorting in SQL, through an index
    name_fold: Mapped[str] = mapped_column(SORT_KEY)
    # the folded name in ASCII (names.ascii_fold): `ivanov` finds Пётр Иванов
    name_ascii: Mapped[str]
    kind: Mapped[str] = mapped_column(default="other")
    org: Mapped[str | None]
    email: Mapped[str | None] = mapped_column(index=True)
    phone: Mapped[str | None]
    every: Mapped[str | None]  # ideal cadence, a canonical duration ("2w", "1mo")
    max_gap: Mapped[str | None]  # longest acceptable gap; None: config max_factor x cadence
    notes: Mapped[str | None]
    created_at: Mapped[datetime] = utc()
    archived_at: Mapped[datetime | None] = utc(nullable=True)
    snoozed_until: Mapped[datetime | None] = utc(nullable=True)
    followup_on: Mapped[date | None] = mapped_column(CalendarDay)
    # when the follow-up date was set: a touchpoint after this moment ends it
    followup_set_at: Mapped[datetime | None] = utc(nullable=True)
    # who introduced them (a referral); cleared when that contact is deleted
    introduced_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("contact.id", ondelete="SET NULL"), index=True)
    # what address books carry besides (docs/interchange.md): written back on vCard export
    title: Mapped[str | None]  # job title (vCard TITLE)
    department: Mapped[str | None]  # the unit within org (the parts of vCard ORG after the first)
    birthday: Mapped[str | None]  # as the card gives it: 1990-04-02, or --04-02 without a year
    url: Mapped[str | None]
    address: Mapped[str | None]  # one postal address, its lines joined by newlines
    # vCard properties reltrack has no field for (PHOTO, X-...), as their unfolded lines: written back
    card_extra: Mapped[str | None]
    updated_at: Mapped[datetime | None] = utc(nullable=True)  # the last change to its fields (vCard REV)


class Tag(Base):
    __tablename__ = "tag"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    name_key: Mapped[str] = mapped_column(SORT_KEY, unique=True)
    every: Mapped[str | None]  # cadence for contacts with this tag and no cadence of their own


class TouchpointContact(Base):
    """Who was at a touchpoint. The touchpoint's time, day, channel, direction and rating are
    copied here (store/touches.py keeps them equal), so that everything counted per contact
    reads one index instead of jumping between two tables; time and day as integers (seconds,
    day numbers), which keeps that index small and the sums over it cheap."""

    __tablename__ = "touchpoint_contact"
    __table_args__ = (
        sa.Index("ix_touchpoint_contact_timeline", "contact_id", "at", "channel", "direction", "rating", "day"),
    )

    touchpoint_id: Mapped[int] = cascade("touchpoint", index=False, primary_key=True)
    contact_id: Mapped[int] = cascade("contact", index=False, primary_key=True)
    at: Mapped[datetime] = mapped_column(EpochSeconds)
    day: Mapped[date] = mapped_column(DayNumber)
    channel: Mapped[str]
    direction: Mapped[str]
    rating: Mapped[int | None]


class Touchpoint(Base):
    """One interaction; a meeting with three people is one touchpoint linked to all three."""

    __tablename__ = "touchpoint"
    __table_args__ = (
        sa.CheckConstraint(one_of_sql("channel", CHANNELS), name="channel"),
        sa.CheckConstraint(one_of_sql("direction", DIRECTIONS), name="direction"),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        sa.CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = uid_column()
    at: Mapped[datetime] = utc(index=True)  # when it happened, not when it was typed
    # the calendar day it happened on where it was logged (local date then); it never moves
    # when the laptop changes time zone, so due dates, rhythms and reports stay put
    day: Mapped[date] = mapped_column(CalendarDay)
    channel: Mapped[str] = mapped_column(default="call")
    direction: Mapped[str] = mapped_column(default="out")
    note: Mapped[str | None]
    rating: Mapped[int | None]
    minutes: Mapped[int | None]
    created_at: Mapped[datetime] = utc()
    author: Mapped[str | None]  # who entered it (config `user`); None: from before authors were kept


class Promise(Base):
    """A commitment with a deadline, in either direction: mine (I promised them) or theirs."""

    __tablename__ = "promise"
    __table_args__ = (
        sa.CheckConstraint(one_of_sql("owner", PROMISE_OWNERS), name="owner"),
        sa.CheckConstraint(one_of_sql("status", PROMISE_STATUSES), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = uid_column()
    contact_id: Mapped[int] = cascade("contact")
    what: Mapped[str]
    owner: Mapped[str] = mapped_column(default="mine")
    due_on: Mapped[date] = mapped_column(CalendarDay)
    status: Mapped[str] = mapped_column(default="open")
    created_at: Mapped[datetime] = utc()
    resolved_at: Mapped[datetime | None] = utc(nullable=True)  # kept, broken or cancelled
    # the local day it was settled on, fixed when recorded: kept on time or late never changes afterwards
    resolved_on: Mapped[date | None] = mapped_column(CalendarDay)
    author: Mapped[str | None]  # who entered it (config `user`); None: from before authors were kept


class Feedback(Base):
    """An NPS-style answer, 0 to 10: how likely they are to recommend working with me."""

    __tablename__ = "feedback"
    __table_args__ = (sa.CheckConstraint("score BETWEEN 0 AND 10", name="score"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = uid_column()
    contact_id: Mapped[int] = cascade("contact")
    score: Mapped[int]
    at: Mapped[datetime] = utc(index=True)
    note: Mapped[str | None]
    created_at: Mapped[datetime] = utc()
    author: Mapped[str | None]  # who entered it (config `user`); None: from before authors were kept


class Deal(Base):
    """Work offered to or sold to a contact: a lead, a proposal, then won or lost. The amounts are
    exact decimals in the deal's currency (store/money.py); profit is value minus cost."""

    __tablename__ = "deal"
    __table_args__ = (
        sa.CheckConstraint(one_of_sql("stage", DEAL_STAGES), name="stage"),
        sa.CheckConstraint("length(currency) = 3 AND upper(currency) = currency", name="currency"),
        sa.CheckConstraint(
            f"({one_of_sql('stage', CLOSED_DEAL_STAGES)} AND closed_at IS NOT NULL AND closed_on IS NOT NULL) OR "
            f"({one_of_sql('stage', OPEN_DEAL_STAGES)} AND closed_at IS NULL AND closed_on IS NULL)",
            name="closed",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = cascade("contact")
    title: Mapped[str]
    stage: Mapped[str] = mapped_column(default="lead")
    value: Mapped[Decimal] = mapped_column(money.Money())
    cost: Mapped[Decimal | None] = mapped_column(money.Money())  # what suppliers were paid for it
    currency: Mapped[str]  # ISO 4217
    opened_at: Mapped[datetime] = utc()
    closed_at: Mapped[datetime | None] = utc(nullable=True)  # won or lost
    # the local day it was won or lost, fixed when recorded: the period it counts in never moves
    closed_on: Mapped[date | None] = mapped_column(CalendarDay, index=True)
    note: Mapped[str | None]
    created_at: Mapped[datetime] = utc()


class Agreement(Base):
    """A contract or framework agreement with a contact: when it ends, how long before that notice
    must be given to renew or end it, and its payment terms."""

    __tablename__ = "agreement"
    __table_args__ = (sa.CheckConstraint("payment_terms_days IS NULL OR payment_terms_days >= 0", name="payment_terms_days"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = cascade("contact")
    title: Mapped[str]
    starts_on: Mapped[date] = mapped_column(CalendarDay)
    ends_on: Mapped[date | None] = mapped_column(CalendarDay)  # None: open-ended
    renew_notice: Mapped[str | None]  # a canonical duration ("1mo"); None: the default notice
    payment_terms_days: Mapped[int | None]
    note: Mapped[str | None]
    created_at: Mapped[datetime] = utc()


class ImportBatch(Base):
    """One run of `reltrack import`: what it read and how many records it added, updated, skipped."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = utc()
    source: Mapped[str]  # the file, or "-" for standard input
    kind: Mapped[str]  # the type it was read as
    added: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    undone_at: Mapped[datetime | None] = utc(nullable=True)


class ImportItem(Base):
    """A row an import added or changed: `undo-import` removes the added and restores the changed
    (`before`, the contact's fields as JSON, and `after`, to see whether it was edited since)."""

    __tablename__ = "import_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = cascade("import_batch")
    record: Mapped[str]  # contact, touchpoint, promise, feedback
    row_uid: Mapped[str]
    action: Mapped[str]  # add or update
    before: Mapped[str | None]
    after: Mapped[str | None]


class MergedUid(Base):
    """The identity of a contact merged into another: an import naming it finds the one kept."""

    __tablename__ = "merged_uid"

    uid: Mapped[str] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = cascade("contact")
    merged_at: Mapped[datetime] = utc()
    name_key: Mapped[str | None]  # the merged contact's name: `merge` again with it says it is done


class Review(Base):
    """A periodic review marked done (`review --mark`): the next one covers what changed since."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = utc(index=True)
    covered_from: Mapped[datetime] = utc()  # the start of what it covered


# -- summaries: derived from touchpoint_contact, rebuilt by store/summaries.py on every write ---------

contact_summary = sa.Table(
    "contact_summary",
    Base.metadata,
    sa.Column("contact_id", sa.Integer, sa.ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("touches", sa.Integer, nullable=False),  # counted touchpoints (not notes)
    sa.Column("contact_days", sa.Integer, nullable=False),  # distinct days with one
    sa.Column("first_day", CalendarDay, nullable=False),
    sa.Column("last_day", CalendarDay, nullable=False),
    sa.Column("last_at", UTCDateTime, nullable=False),
    sa.Column("rhythm_days", sa.Float, nullable=True),  # median gap between contact days; None with one day
    # the gaps in days between consecutive contact days ("7 7 14"): with first_day, every contact day,
    # so that adding touchpoints updates the rhythm without reading the contact's history again
    sa.Column("gaps", sa.Text, nullable=False),
)

contact_month = sa.Table(
    "contact_month",
    Base.metadata,
    sa.Column("contact_id", sa.Integer, sa.ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("month", CalendarDay, primary_key=True),  # the first day of the month
    sa.Column("touches", sa.Integer, nullable=False),
    sa.Column("inbound", sa.Integer, nullable=False),
    *[sa.Column(channel, sa.Integer, nullable=False) for channel in COUNTED_CHANNELS],
    sqlite_with_rowid=False,  # kept in key order, a contact's months together (migration 0008)
)
