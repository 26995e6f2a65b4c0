"""An older database is upgraded in place, with a backup first, and keeps every row."""

from __future__ import annotations

import sqlite3
import stat

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
