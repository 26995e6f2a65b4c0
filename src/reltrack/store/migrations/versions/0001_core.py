"""core: contacts, tags, touchpoints

Revision ID: 0001
Revises: 
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('name_key', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('org', sa.String(), nullable=True),
    sa.Column('email', sa.String(), nullable=True),
    sa.Column('phone', sa.String(), nullable=True),
    sa.Column('every', sa.String(), nullable=True),
    sa.Column('max_gap', sa.String(), nullable=True),
    sa.Column('notes', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snoozed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('followup_on', sa.Date(), nullable=True),
    sa.Column('followup_set_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact')),
    sa.UniqueConstraint('name_key', name=op.f('uq_contact_name_key'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_email'), ['email'], unique=False)

    op.create_table('tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('name_key', sa.String(), nullable=False),
    sa.Column('every', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
    sa.UniqueConstraint('name_key', name=op.f('uq_tag_name_key'))
    )
    op.create_table('touchpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('channel', sa.String(), nullable=False),
    sa.Column('direction', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("direction IN ('in', 'out')", name=op.f('ck_touchpoint_direction')),
    sa.CheckConstraint('minutes IS NULL OR minutes >= 0', name=op.f('ck_touchpoint_minutes')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_touchpoint_rating')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_touchpoint'))
    )
    with op.batch_alter_table('touchpoint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_touchpoint_at'), ['at'], unique=False)

    op.create_table('contact_tag',
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_contact_tag_contact_id_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_contact_tag_tag_id_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contact_id', 'tag_id', name=op.f('pk_contact_tag'))
    )
    with op.batch_alter_table('contact_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_tag_tag_id'), ['tag_id'], unique=False)

    op.create_table('touchpoint_contact',
    sa.Column('touchpoint_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_touchpoint_contact_contact_id_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['touchpoint_id'], ['touchpoint.id'], name=op.f('fk_touchpoint_contact_touchpoint_id_touchpoint'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('touchpoint_id', 'contact_id', name=op.f('pk_touchpoint_contact'))
    )
    with op.batch_alter_table('touchpoint_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_touchpoint_contact_contact_id'), ['contact_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('touchpoint_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_touchpoint_contact_contact_id'))

    op.drop_table('touchpoint_contact')
    with op.batch_alter_table('contact_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_tag_tag_id'))

    op.drop_table('contact_tag')
    with op.batch_alter_table('touchpoint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_touchpoint_at'))

    op.drop_table('touchpoint')
    op.drop_table('tag')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contact_email'))

    op.drop_table('contact')
