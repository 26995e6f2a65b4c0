"""scale: days fixed when recorded, folded names, per-contact copies of touchpoint fields, summaries

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Every row is kept. Days that are now stored (a touchpoint's day, a promise's settling day) are
filled from the stored UTC instants in the time zone of the machine that upgrades: the same days
reltrack showed there before. The summary tables start empty; store/db.py rebuilds them after
every upgrade, since they are derived from the rows.
"""

import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

KINDS = ("client", "prospect", "supplier", "partner", "colleague", "employee", "investor",
         "bank", "media", "government", "service", "friend", "family", "other")
CHANNELS = ("meeting", "video", "call", "message", "email", "social", "letter", "note")
COUNTED_CHANNELS = CHANNELS[:-1]
# names.fold as it was when this migration was written: migrations are frozen
_BASE_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ı": "i", "ħ": "h"})


def _fold(name: str) -> str:
    key = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().translate(_BASE_LETTERS).split())


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _local_day(value) -> str:
    """The local calendar day of a stored UTC instant (naive text on SQLite, aware on PostgreSQL), as ISO text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().date().isoformat()


def _fill(table: str, column: str, source: str, convert, chunk: int = 20_000) -> None:
    """Set `column` from `source` through a Python function, a chunk of rows at a time."""
    connection = op.get_bind()
    select = sa.text(f"SELECT id, {source} FROM {table} WHERE {source} IS NOT NULL AND id > :last ORDER BY id LIMIT {chunk}")
    update = sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id")
    last = 0
    while rows := connection.execute(select, {"last": last}).all():
        connection.execute(update, [{"id": ident, "value": convert(value)} for ident, value in rows])
        last = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_fold', sa.String(), nullable=True))
    _fill('contact', 'name_fold', 'name', _fold)
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.alter_column('name_fold', existing_type=sa.String(), nullable=False)
        batch_op.create_index('ix_contact_name_fold', ['name_fold', 'name_key'], unique=False)
        batch_op.create_check_constraint(op.f('ck_contact_kind'), _one_of('kind', KINDS))

    with op.batch_alter_table('touchpoint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('day', sa.Date(), nullable=True))
    _fill('touchpoint', 'day', 'at', _local_day)
    with op.batch_alter_table('touchpoint', schema=None) as batch_op:
        batch_op.alter_column('day', existing_type=sa.Date(), nullable=False)
        batch_op.create_check_constraint(op.f('ck_touchpoint_channel'), _one_of('channel', CHANNELS))

    with op.batch_alter_table('promise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_on', sa.Date(), nullable=True))
    _fill('promise', 'resolved_on', 'resolved_at', _local_day)

    with op.batch_alter_table('touchpoint_contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('at', sa.BigInteger(), nullable=True))  # seconds since 1970 UTC
        batch_op.add_column(sa.Column('day', sa.Integer(), nullable=True))  # day number: date.toordinal()
        batch_op.add_column(sa.Column('channel', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('direction', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('rating', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        seconds, number = "CAST(strftime('%s', at) AS INTEGER)", "CAST(julianday(day) - 1721424.5 AS INTEGER)"
    else:
        seconds, number = "CAST(EXTRACT(EPOCH FROM at) AS BIGINT)", "(day - DATE '0001-01-01' + 1)"
    op.execute(
        "UPDATE touchpoint_contact SET (at, day, channel, direction, rating) = "
        f"(SELECT {seconds}, {number}, channel, direction, rating FROM touchpoint WHERE touchpoint.id = touchpoint_contact.touchpoint_id)"
    )
    with op.batch_alter_table('touchpoint_contact', schema=None) as batch_op:
        for column, kind in (('at', sa.BigInteger()), ('day', sa.Integer()), ('channel', sa.String()), ('direction', sa.String())):
            batch_op.alter_column(column, existing_type=kind, nullable=False)
        batch_op.drop_index('ix_touchpoint_contact_contact_id')
        batch_op.create_index('ix_touchpoint_contact_timeline', ['contact_id', 'at', 'channel', 'direction', 'rating', 'day'], unique=False)

    op.create_table('contact_summary',
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('touches', sa.Integer(), nullable=False),
    sa.Column('contact_days', sa.Integer(), nullable=False),
    sa.Column('first_day', sa.Date(), nullable=False),
    sa.Column('last_day', sa.Date(), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rhythm_days', sa.Float(), nullable=True),
    sa.Column('gaps', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_contact_summary_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contact_id', name=op.f('pk_contact_summary'))
    )
    op.create_table('contact_month',
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('touches', sa.Integer(), nullable=False),
    sa.Column('inbound', sa.Integer(), nullable=False),
    *[sa.Column(channel, sa.Integer(), nullable=False) for channel in COUNTED_CHANNELS],
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_contact_month_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contact_id', 'month', name=op.f('pk_contact_month'))
    )


def downgrade() -> None:
    op.drop_table('contact_month')
    op.drop_table('contact_summary')
    with op.batch_alter_table('touchpoint_contact', schema=None) as batch_op:
        batch_op.drop_index('ix_touchpoint_contact_timeline')
        batch_op.create_index('ix_touchpoint_contact_contact_id', ['contact_id'], unique=False)
        for column in ('rating', 'direction', 'channel', 'day', 'at'):
            batch_op.drop_column(column)
    with op.batch_alter_table('promise', schema=None) as batch_op:
        batch_op.drop_column('resolved_on')
    with op.batch_alter_table('touchpoint', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_touchpoint_channel'), type_='check')
        batch_op.drop_column('day')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_contact_kind'), type_='check')
        batch_op.drop_index('ix_contact_name_fold')
        batch_op.drop_column('name_fold')
