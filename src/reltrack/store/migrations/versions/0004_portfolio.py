"""portfolio: deals, agreements, who introduced whom, reviews

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08

Every row is kept; the new tables start empty and no contact has an introducer yet. Amounts are
NUMERIC(18, 4) on PostgreSQL and their exact decimal text on SQLite, whose NUMERIC keeps only 15
significant digits (store/money.py).
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# the vocabularies as they were when this migration was written: migrations are frozen
DEAL_STAGES = ("lead", "proposal", "won", "lost")
MONEY = sa.Numeric(18, 4).with_variant(sa.Text(), "sqlite")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def upgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('introduced_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_contact_introduced_by_id'), ['introduced_by_id'], unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_contact_introduced_by_id_contact'), 'contact', ['introduced_by_id'], ['id'], ondelete='SET NULL'
        )

    op.create_table('deal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('stage', sa.String(), nullable=False),
    sa.Column('value', MONEY, nullable=False),
    sa.Column('cost', MONEY, nullable=True),
    sa.Column('currency', sa.String(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(_one_of('stage', DEAL_STAGES), name=op.f('ck_deal_stage')),
    sa.CheckConstraint('length(currency) = 3 AND upper(currency) = currency', name=op.f('ck_deal_currency')),
    sa.CheckConstraint(
        f"({_one_of('stage', DEAL_STAGES[2:])} AND closed_at IS NOT NULL AND closed_on IS NOT NULL) OR "
        f"({_one_of('stage', DEAL_STAGES[:2])} AND closed_at IS NULL AND closed_on IS NULL)",
        name=op.f('ck_deal_closed'),
    ),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_deal_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deal'))
    )
    with op.batch_alter_table('deal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deal_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deal_closed_on'), ['closed_on'], unique=False)

    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('renew_notice', sa.String(), nullable=True),
    sa.Column('payment_terms_days', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('payment_terms_days IS NULL OR payment_terms_days >= 0', name=op.f('ck_agreement_payment_terms_days')),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_agreement_contact_id_contact'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement'))
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_contact_id'), ['contact_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('covered_from', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review'))
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_at'))
    op.drop_table('review')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_contact_id'))
    op.drop_table('agreement')
    with op.batch_alter_table('deal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deal_closed_on'))
        batch_op.drop_index(batch_op.f('ix_deal_contact_id'))
    op.drop_table('deal')
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contact_introduced_by_id_contact'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_contact_introduced_by_id'))
        batch_op.drop_column('introduced_by_id')
