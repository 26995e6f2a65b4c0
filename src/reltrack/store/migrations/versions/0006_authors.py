"""authors: who entered each touchpoint, promise and feedback answer; name keys by code point

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02

Every row is kept; rows from before have no author (NULL: unknown). On PostgreSQL the folded name
columns get the "C" collation, so names sort by code point as on SQLite whatever the server's
default collation (SQLite is unchanged: it always compares text that way).
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

AUTHORED = ('touchpoint', 'promise', 'feedback')
SORT_KEYS = (('contact', 'name_key'), ('contact', 'name_fold'), ('tag', 'name_key'))


def upgrade() -> None:
    for table in AUTHORED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('author', sa.String(), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        for table, column in SORT_KEYS:
            op.alter_column(table, column, type_=sa.String(collation='C'), existing_type=sa.String(), existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table, column in SORT_KEYS:
            op.alter_column(table, column, type_=sa.String(collation='default'), existing_type=sa.String(collation='C'), existing_nullable=False)
    for table in AUTHORED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('author')
