"""name_ascii: contact names transliterated to ASCII, for lookups typed without the script's keyboard

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-02

Every row is kept, and each contact's name_ascii is filled from its name (`ivanov` then finds
Пётр Иванов). The transliteration is anyascii's, a dependency; the fold before it is frozen here.
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# names.ascii_fold as it was when this migration was written: migrations are frozen
_BASE_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ı": "i", "ħ": "h"})


def _ascii_fold(name: str) -> str:
    from anyascii import anyascii

    key = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    stripped = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    folded = " ".join(stripped.casefold().translate(_BASE_LETTERS).split())
    return " ".join(anyascii(folded).casefold().split())


def _fill(chunk: int = 20_000) -> None:
    connection = op.get_bind()
    select = sa.text(f"SELECT id, name FROM contact WHERE id > :last ORDER BY id LIMIT {chunk}")
    update = sa.text("UPDATE contact SET name_ascii = :value WHERE id = :id")
    last = 0
    while rows := connection.execute(select, {"last": last}).all():
        connection.execute(update, [{"id": ident, "value": _ascii_fold(name)} for ident, name in rows])
        last = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_ascii', sa.String(), nullable=True))
    _fill()
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.alter_column('name_ascii', existing_type=sa.String(), nullable=False)
        batch_op.create_index('ix_contact_name_ascii', ['name_ascii'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_name_ascii')
        batch_op.drop_column('name_ascii')
