"""Alembic environment: reltrack hands in an open connection (see store/db.py)."""

from alembic import context

from reltrack.store import models

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=models.Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
