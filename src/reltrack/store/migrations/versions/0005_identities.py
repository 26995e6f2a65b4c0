"""identities: a UUID for every contact, touchpoint, promise and feedback answer; address-book
fields on contacts; import batches (for undo) and the identities of merged contacts

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-15

Every row is kept, and every existing row is given a new random UUID, once: from then on it is the
row's identity in every export.
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

IDENTIFIED = ('contact', 'touchpoint', 'promise', 'feedback')
CONTACT_TEXT = ('title', 'department', 'birthday', 'url', 'address', 'card_extra')
FILL_BATCH = 5000


# a random (version 4) UUID made by SQLite itself: one UPDATE for millions of rows
SQLITE_UUID4 = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)


def _give_uids(table: str) -> None:
    connection = op.get_bind()
    if connection.dialect.name == 'sqlite':
        connection.execute(sa.text(f'UPDATE {table} SET uid = {SQLITE_UUID4}'))
        return
    ids = [ident for (ident,) in connection.execute(sa.text(f'SELECT id FROM {table}'))]
    update = sa.text(f'UPDATE {table} SET uid = :uid WHERE id = :id')
    for start in range(0, len(ids), FILL_BATCH):
        connection.execute(update, [{'uid': str(uuid.uuid4()), 'id': ident} for ident in ids[start:start + FILL_BATCH]])


def upgrade() -> None:
    for table in IDENTIFIED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uid', sa.String(), nullable=True))
        _give_uids(table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('uid', existing_type=sa.String(), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_uid'), ['uid'], unique=True)
    with op.batch_alter_table('contact', schema=None) as batch_op:
        for column in CONTACT_TEXT:
            batch_op.add_column(sa.Column(column, sa.String(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))

    op.create_table('import_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('skipped', sa.Integer(), nullable=False),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batch'))
    )
    op.create_table('import_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('record', sa.String(), nullable=False),
    sa.Column('row_uid', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('before', sa.String(), nullable=True),
    sa.Column('after', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_import_item_batch_id_import_batch'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_item'))
    )
    with op.batch_alter_table('import_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_item_batch_id'), ['batch_id'], unique=False)
    op.create_table('merged_uid',
    sa.Column('uid', sa.String(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('name_key', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_merged_uid_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('uid', name=op.f('pk_merged_uid'))
    )
    with op.batch_alter_table('merged_uid', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merged_uid_contact_id'), ['contact_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('merged_uid', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merged_uid_contact_id'))
    op.drop_table('merged_uid')
    with op.batch_alter_table('import_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_item_batch_id'))
    op.drop_table('import_item')
    op.drop_table('import_batch')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        for column in reversed(CONTACT_TEXT):
            batch_op.drop_column(column)
    for table in reversed(IDENTIFIED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_uid'))
            batch_op.drop_column('uid')
