"""The store: migrations own the schema, SQLite is set up safely, versions are checked."""

from __future__ import annotations

import stat
import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from reltrack.errors import StorageError
from reltrack.store import db as store_db
from reltrack.store.db import SCHEMA_HEAD, Database, resolve_url
from reltrack.store.models import Contact
from tests.conftest import NOW


@pytest.fixture
def database(database_url) -> Database:
    database = Database(resolve_url(database_url))
    database.ensure_schema()
    yield database
    database.dispose()


def test_head_constant_matches_the_migration_scripts():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(store_db.MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD


def test_migrated_database_equals_the_models(database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from reltrack.store.models import Base

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.sqlite_only
def test_new_database_is_created_at_head_with_owner_only_permissions(database, db_path):
    assert database.schema_version() == SCHEMA_HEAD
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


@pytest.mark.sqlite_only
def test_sqlite_pragmas(database):
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == store_db.BUSY_TIMEOUT_MS


def test_datetimes_come_back_aware_in_utc(database):
    oslo_winter = timezone(timedelta(hours=1))
    moment = datetime(2026, 1, 15, 14, 30, tzinfo=oslo_winter)
    with database.session(write=True) as session:
        session.add(Contact(name="Ana", name_key="ana", name_fold="ana", name_ascii="ana", created_at=moment))
    with database.session() as session:
        stored = session.get_one(Contact, 1).created_at
    assert stored == moment and stored.tzinfo == UTC


def test_a_writer_takes_the_lock_up_front_and_readers_are_not_blocked(database, monkeypatch):
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    second = Database(database.url)
    holding, release = threading.Event(), threading.Event()

    def hold_write_lock():
        with database.session(write=True) as session:
            session.add(Contact(name="Ana", name_key="ana", name_fold="ana", name_ascii="ana", created_at=NOW))
            session.flush()
            holding.set()
            release.wait(5)

    writer = threading.Thread(target=hold_write_lock)
    writer.start()
    try:
        assert holding.wait(5)
        with second.session() as session:  # WAL: a reader sees the last committed state at once
            assert session.get(Contact, 1) is None
        with pytest.raises(StorageError, match="busy"), second.session(write=True) as session:
            session.add(Contact(name="Bo", name_key="bo", name_fold="bo", name_ascii="bo", created_at=NOW))
    finally:
        release.set()
        writer.join()
        second.dispose()
    with database.session() as session:
        assert [c.name for c in session.scalars(select(Contact))] == ["Ana"]


def test_a_newer_schema_is_refused(database):
    with database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StorageError, match="newer than this reltrack"):
        Database(database.url).ensure_schema()


def test_deleting_a_contact_cascades_to_links(database):

    from reltrack.store.models import ContactTag, Tag

    now = NOW
    with database.session(write=True) as session:
        contact = Contact(name="Ana", name_key="ana", name_fold="ana", name_ascii="ana", created_at=now)
        tag = Tag(name="vip", name_key="vip")
        session.add_all([contact, tag])
        session.flush()
        session.add(ContactTag(contact_id=contact.id, tag_id=tag.id))
    with database.session(write=True) as session:
        session.delete(session.get_one(Contact, 1))
    with database.session() as session:
        assert session.scalars(select(ContactTag)).all() == []
        assert [t.name for t in session.scalars(select(Tag))] == ["vip"]


@pytest.mark.postgres_only
def test_name_keys_sort_by_code_point_on_the_server(database):
    """A server's own collation would sort "_a", "a", "B" its way; SQLite sorts by code point."""
    from sqlalchemy import inspect

    with database.engine.connect() as connection:
        columns = {column["name"]: column for column in inspect(connection).get_columns("contact")}
    assert columns["name_key"]["type"].collation == columns["name_fold"]["type"].collation == "C"
