"""SQLModel tables. The schema itself is owned by the Alembic migrations beside this file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

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
    export then matches what is stored, and duplicate checks find it."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC).replace(microsecond=0)
        # SQLite has no time zones: store naive UTC text, which also sorts correctly
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_column(nullable: bool = False, index: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


class ContactTag(SQLModel, table=True):
    __tablename__ = "contact_tag"

    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE", index=True)


class Contact(SQLModel, table=True):
    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    # case-folded name: makes "ana lima" and "Ana Lima" the same contact, enforced by the database
    name_key: str = Field(unique=True)
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
    followup_on: date | None = None
    # when the follow-up date was set: a touchpoint after this moment ends it
    followup_set_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class Tag(SQLModel, table=True):
    __tablename__ = "tag"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)
    every: str | None = None  # cadence for contacts with this tag and no cadence of their own


class TouchpointContact(SQLModel, table=True):
    __tablename__ = "touchpoint_contact"

    touchpoint_id: int = Field(foreign_key="touchpoint.id", primary_key=True, ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE", index=True)


class Touchpoint(SQLModel, table=True):
    """One interaction; a meeting with three people is one touchpoint linked to all three."""

    __tablename__ = "touchpoint"
    __table_args__ = (
        sa.CheckConstraint("direction IN ('in', 'out')", name="direction"),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        sa.CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=utc_column(index=True))  # when it happened, not when it was typed
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
        sa.CheckConstraint("owner IN ('mine', 'theirs')", name="owner"),
        sa.CheckConstraint("status IN ('open', 'kept', 'broken', 'cancelled')", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    what: str
    owner: str = "mine"
    due_on: date
    status: str = "open"
    created_at: datetime = Field(sa_column=utc_column())
    resolved_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))  # kept, broken or cancelled


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
