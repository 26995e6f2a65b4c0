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
