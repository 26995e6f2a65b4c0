"""An older database is upgraded in place, with a backup first, and keeps every row."""

from __future__ import annotations

import sqlite3
import stat
import uuid
from datetime import UTC, date, datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from reltrack.store.db import MIGRATIONS_DIR, SCHEMA_HEAD


def create_at(path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_upgrade_from_the_first_schema_keeps_data_and_leaves_a_backup(cli, tmp_path):
    old = tmp_path / "old.db"
    create_at(old, "0001")
    with sqlite3.connect(old) as connection:
        connection.execute(
            "INSERT INTO contact (id, name, name_key, kind, created_at) VALUES (1, 'Bjørk', 'bjørk', 'partner', '2026-01-02 10:00:00.000000')"
        )
        connection.execute(
            "INSERT INTO touchpoint (id, at, channel, direction, created_at) VALUES (1, '2026-02-03 09:00:00.000000', 'meeting', 'out', '2026-02-03 09:00:00.000000')"
        )
        connection.execute("INSERT INTO touchpoint_contact (touchpoint_id, contact_id) VALUES (1, 1)")

    [contact] = cli.json("--db", str(old), "list")
    assert contact["name"] == "Bjørk" and contact["last_contact"].startswith("2026-02-03")
    assert cli.json("--db", str(old), "info")["schema"] == SCHEMA_HEAD

    backup = tmp_path / f"old.db.before-{SCHEMA_HEAD}.bak"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert connection.execute("SELECT name FROM contact").fetchall() == [("Bjørk",)]


def test_every_migration_downgrades_and_upgrades_again(tmp_path):
    path = tmp_path / "roundtrip.db"
    create_at(path, "head")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        command.upgrade(config, "head")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_HEAD,)]


def test_upgrade_from_0003_keeps_contacts_and_adds_the_portfolio_tables(cli, tmp_path):
    old = tmp_path / "scale.db"
    create_at(old, "0003")
    with sqlite3.connect(old) as connection:
        connection.execute(
            "INSERT INTO contact (id, name, name_key, name_fold, kind, created_at) VALUES "
            "(1, 'Ana Lima', 'ana lima', 'ana lima', 'client', '2026-01-02 10:00:00'), "
            "(2, 'Bjørk', 'bjørk', 'bjork', 'partner', '2026-01-02 10:00:00')"
        )
    cli.ok("--db", str(old), "edit", "ana", "--introduced-by", "bjork")
    cli.ok("--db", str(old), "deal", "ana", "Website", "--value", "0.1", "--stage", "won")
    [deal] = cli.json("--db", str(old), "deals")
    assert deal["value"] == "0.10" and deal["contact"] == "Ana Lima"
    with sqlite3.connect(old) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_HEAD,)]
        assert connection.execute("SELECT name, introduced_by_id FROM contact ORDER BY id").fetchall() == [("Ana Lima", 2), ("Bjørk", None)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_downgrading_0004_drops_the_portfolio_and_keeps_the_rest(tmp_path):
    path = tmp_path / "down.db"
    create_at(path, "0004")
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO contact (id, name, name_key, name_fold, kind, created_at, introduced_by_id) VALUES (1, 'Ana', 'ana', 'ana', 'client', '2026-01-02 10:00:00', NULL)")
        connection.execute(
            "INSERT INTO deal (contact_id, title, stage, value, currency, opened_at, created_at) VALUES (1, 'x', 'lead', '0.1', 'EUR', '2026-01-02 10:00:00', '2026-01-02 10:00:00')"
        )
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"deal", "agreement", "review"}.isdisjoint(tables)
        assert connection.execute("SELECT name FROM contact").fetchall() == [("Ana",)]
        columns = {row[1] for row in connection.execute("PRAGMA table_info(contact)")}
        assert "introduced_by_id" not in columns


def test_upgrade_from_0004_fills_every_contacts_ascii_name(cli, tmp_path):
    old = tmp_path / "portfolio.db"
    create_at(old, "0004")
    with sqlite3.connect(old) as connection:
        connection.execute(
            "INSERT INTO contact (id, name, name_key, name_fold, kind, created_at) VALUES "
            "(1, 'Пётр Иванов', 'пётр иванов', 'петр иванов', 'client', '2026-01-02 10:00:00'), "
            "(2, 'Σωκράτης Παπαδόπουλος', 'σωκράτης παπαδόπουλος', 'σωκρατησ παπαδοπουλοσ', 'partner', '2026-01-02 10:00:00'), "
            "(3, 'Øyvind Berg', 'øyvind berg', 'oyvind berg', 'other', '2026-01-02 10:00:00')"
        )
    assert cli.json("--db", str(old), "show", "ivanov")["name"] == "Пётр Иванов"
    with sqlite3.connect(old) as connection:
        assert connection.execute("SELECT name_ascii FROM contact ORDER BY id").fetchall() == [
            ("petr ivanov",), ("sokratis papadopoylos",), ("oyvind berg",)
        ]
        plan = " ".join(str(row) for row in connection.execute("EXPLAIN QUERY PLAN SELECT id FROM contact WHERE name_ascii = 'x'"))
        assert "ix_contact_name_ascii" in plan


def test_upgrade_to_0005_gives_every_existing_row_its_own_uid_and_keeps_it(cli, tmp_path):
    old = tmp_path / "before-identities.db"
    create_at(old, "0004")
    with sqlite3.connect(old) as connection:
        connection.execute(
            "INSERT INTO contact (id, name, name_key, name_fold, kind, created_at) VALUES "
            "(1, 'Ana Lima', 'ana lima', 'ana lima', 'client', '2026-01-02 10:00:00'), "
            "(2, 'Пётр Ильич Чайковский', 'пётр ильич чайковский', 'петр ильич чаиковскии', 'friend', '2026-01-02 10:00:00')"
        )
        connection.execute(
            "INSERT INTO touchpoint (id, at, day, channel, direction, created_at) VALUES (1, '2026-02-03 09:00:00', '2026-02-03', 'meeting', 'out', '2026-02-03 09:00:00')"
        )
        connection.execute("INSERT INTO touchpoint_contact (touchpoint_id, contact_id, at, day, channel, direction) VALUES (1, 1, ?, ?, 'meeting', 'out')", (int(datetime(2026, 2, 3, 9, tzinfo=UTC).timestamp()), date(2026, 2, 3).toordinal()))
        connection.execute("INSERT INTO promise (id, contact_id, what, owner, due_on, status, created_at) VALUES (1, 2, 'score', 'mine', '2026-03-01', 'open', '2026-01-02 10:00:00')")
        connection.execute("INSERT INTO feedback (id, contact_id, score, at, created_at) VALUES (1, 1, 9, '2026-02-03 09:00:00', '2026-02-03 09:00:00')")
    cli.ok("--db", str(old), "info")
    with sqlite3.connect(old) as connection:
        uids = []
        for table in ("contact", "touchpoint", "promise", "feedback"):
            rows = connection.execute(f"SELECT id, uid FROM {table} ORDER BY id").fetchall()
            assert [ident for ident, _ in rows] == ([1, 2] if table == "contact" else [1])
            uids += [uid for _, uid in rows]
        assert len(set(uids)) == len(uids) == 5
        assert all(uuid.UUID(uid).version == 4 and str(uuid.UUID(uid)) == uid for uid in uids)  # proper random UUIDs
        assert connection.execute("SELECT name FROM contact ORDER BY id").fetchall() == [("Ana Lima",), ("Пётр Ильич Чайковский",)]
    cli.ok("--db", str(old), "info")  # opened again: nothing changes them
    with sqlite3.connect(old) as connection:
        again = [uid for table in ("contact", "touchpoint", "promise", "feedback") for (uid,) in connection.execute(f"SELECT uid FROM {table} ORDER BY id")]
    assert again == uids
