"""SQLModel tables. The schema itself is owned by the Alembic migrations beside this file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

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
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


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
            value = value.astimezone(UTC).replace(microsecond=0)
            return value.replace(tzinfo=None).isoformat(" ") if sqlite else value

        return process

    def result_processor(self, dialect: sa.Dialect, coltype: object):  # type: ignore[no-untyped-def]
        def process(value: datetime | str | None) -> datetime | None:
            if value is None:
                return None
            if isinstance(value, str):
                return datetime.fromisoformat(value).replace(tzinfo=UTC)
            return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)

        return process


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

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> int | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return int(value.timestamp())

    def process_result_value(self, value: int | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else datetime.fromtimestamp(value, UTC)


class DayNumber(sa.types.TypeDecorator):
    """A date as its day number (date.toordinal(): 0001-01-01 is 1), an integer: days apart is a
    subtraction, on either database."""

    impl = sa.Integer
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect: sa.Dialect) -> int | None:
        return None if value is None else value.toordinal()

    def process_result_value(self, value: int | None, dialect: sa.Dialect) -> date | None:
        return None if value is None else date.fromordinal(value)


def utc_column(nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


class ContactTag(SQLModel, table=True):
    __tablename__ = "contact_tag"

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE", index=True)


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        sa.CheckConstraint(one_of_sql("kind", KINDS), name="kind"),
        sa.Index("ix_contact_name_fold", "name_fold", "name_key"),  # lookups, and everyone in name order
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str
    # case-folded name: makes "ana lima" and "Ana Lima" the same contact, enforced by the database
    name_key: str = Field(unique=True)
    # accent-folded name (names.fold): lookups and sorting in SQL, through an index
    name_fold: str
    kind: str = "other"
    org: str | None = None
    email: str | None = Field(default=None, index=True)
    phone: str | None = None
    every: str | None = None  # ideal cadence, a canonical duration ("2w", "1mo")
    max_gap: str | None = None  # longest acceptable gap; None: config max_factor x cadence
    notes: str | None = None
    created_at: datetime = Field(sa_column=utc_column())
    archived_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    snoozed_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    followup_on: date | None = Field(default=None, sa_type=CalendarDay)
    # when the follow-up date was set: a touchpoint after this moment ends it
    followup_set_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # who introduced them (a referral); cleared when that contact is deleted
    introduced_by_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="SET NULL", index=True)


class Tag(SQLModel, table=True):
    __tablename__ = "tag"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)
    every: str | None = None  # cadence for contacts with this tag and no cadence of their own


class TouchpointContact(SQLModel, table=True):
    """Who was at a touchpoint. The touchpoint's time, day, channel, direction and rating are
    copied here (store/touches.py keeps them equal), so that everything counted per contact
    reads one index instead of jumping between two tables; time and day as integers (seconds,
    day numbers), which keeps that index small and the sums over it cheap."""

    __tablename__ = "touchpoint_contact"
    __table_args__ = (
        sa.Index("ix_touchpoint_contact_timeline", "contact_id", "at", "channel", "direction", "rating", "day"),
    )

    touchpoint_id: int = Field(foreign_key="touchpoint.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    at: datetime = Field(sa_column=sa.Column(EpochSeconds, nullable=False))
    day: date = Field(sa_type=DayNumber)
    channel: str
    direction: str
    rating: int | None = None


class Touchpoint(SQLModel, table=True):
    """One interaction; a meeting with three people is one touchpoint linked to all three."""

    __tablename__ = "touchpoint"
    __table_args__ = (
        sa.CheckConstraint(one_of_sql("channel", CHANNELS), name="channel"),
        sa.CheckConstraint(one_of_sql("direction", DIRECTIONS), name="direction"),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        sa.CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=utc_column(index=True))  # when it happened, not when it was typed
    # the calendar day it happened on where it was logged (local date then); it never moves
    # when the laptop changes time zone, so due dates, rhythms and reports stay put
    day: date = Field(sa_type=CalendarDay)
    channel: str = "call"
    direction: str = "out"
    note: str | None = None
    rating: int | None = None
    minutes: int | None = None
    created_at: datetime = Field(sa_column=utc_column())


class Promise(SQLModel, table=True):
    """A commitment with a deadline, in either direction: mine (I promised them) or theirs."""

    __tablename__ = "promise"
    __table_args__ = (
        sa.CheckConstraint(one_of_sql("owner", PROMISE_OWNERS), name="owner"),
        sa.CheckConstraint(one_of_sql("status", PROMISE_STATUSES), name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    what: str
    owner: str = "mine"
    due_on: date = Field(sa_type=CalendarDay)
    status: str = "open"
    created_at: datetime = Field(sa_column=utc_column())
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))  # kept, broken or cancelled
    # the local day it was settled on, fixed when recorded: kept on time or late never changes afterwards
    resolved_on: date | None = Field(default=None, sa_type=CalendarDay)


class Feedback(SQLModel, table=True):
    """An NPS-style answer, 0 to 10: how likely they are to recommend working with me."""

    __tablename__ = "feedback"
    __table_args__ = (sa.CheckConstraint("score BETWEEN 0 AND 10", name="score"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    score: int
    at: datetime = Field(sa_column=utc_column(index=True))
    note: str | None = None
    created_at: datetime = Field(sa_column=utc_column())


class Deal(SQLModel, table=True):
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

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    title: str
    stage: str = "lead"
    value: Decimal = Field(sa_column=money.column())
    cost: Decimal | None = Field(default=None, sa_column=money.column(nullable=True))  # what suppliers were paid for it
    currency: str  # ISO 4217
    opened_at: datetime = Field(sa_column=utc_column())
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))  # won or lost
    # the local day it was won or lost, fixed when recorded: the period it counts in never moves
    closed_on: date | None = Field(default=None, sa_type=CalendarDay, index=True)
    note: str | None = None
    created_at: datetime = Field(sa_column=utc_column())


class Agreement(SQLModel, table=True):
    """A contract or framework agreement with a contact: when it ends, how long before that notice
    must be given to renew or end it, and its payment terms."""

    __tablename__ = "agreement"
    __table_args__ = (sa.CheckConstraint("payment_terms_days IS NULL OR payment_terms_days >= 0", name="payment_terms_days"),)

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    title: str
    starts_on: date = Field(sa_type=CalendarDay)
    ends_on: date | None = Field(default=None, sa_type=CalendarDay)  # None: open-ended
    renew_notice: str | None = None  # a canonical duration ("1mo"); None: the default notice
    payment_terms_days: int | None = None
    note: str | None = None
    created_at: datetime = Field(sa_column=utc_column())


class Review(SQLModel, table=True):
    """A periodic review marked done (`review --mark`): the next one covers what changed since."""

    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=utc_column(index=True))
    covered_from: datetime = Field(sa_column=utc_column())  # the start of what it covered


# -- summaries: derived from touchpoint_contact, rebuilt by store/summaries.py on every write ---------

contact_summary = sa.Table(
    "contact_summary",
    SQLModel.metadata,
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
    SQLModel.metadata,
    sa.Column("contact_id", sa.Integer, sa.ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("month", CalendarDay, primary_key=True),  # the first day of the month
    sa.Column("touches", sa.Integer, nullable=False),
    sa.Column("inbound", sa.Integer, nullable=False),
    *[sa.Column(channel, sa.Integer, nullable=False) for channel in COUNTED_CHANNELS],
)
