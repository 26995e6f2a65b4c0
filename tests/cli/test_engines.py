"""The same data on SQLite and on the PostgreSQL server gives the same answers, byte for byte; and a
dump moves every row from one engine to the other and back (docs/team.md)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from reltrack.cli import common
from reltrack.core.demo import populate
from reltrack.store.db import Database, resolve_url
from tests.conftest import NOW

pytestmark = pytest.mark.postgres_only

# names in several scripts and spellings whose order depends on collation (case, accents,
# punctuation, which a linguistic collation ignores and SQLite does not)
NAMES = [
    ("Émile Zola", "client"), ("emma stone", "prospect"), ("Emma-Lou Ørsted", "partner"), ("O'Brien Ltd", "supplier"),
    ("obrien", "other"), ("Zoë Brandão", "client"), ("Ólafur Arnalds", "friend"), ("李小龙", "supplier"),
    ("Пётр Ильич Чайковский", "client"), ("Ελένη Παππά", "media"), ("محمد علي", "partner"), ("_underscore", "other"),
]

# (command, arguments) compared on both engines, each as every format it has
READS = [
    ["due"], ["due", "--within", "30d"], ["quiet"], ["report", "trust"], ["report", "frequency"], ["report", "nps"],
    ["report", "portfolio"], ["report", "risk"], ["list"], ["list", "--archived"], ["touches"], ["promises"], ["tags"],
    ["deals"], ["agreements"], ["show", "Пётр Ильич Чайковский"], ["show", "Émile Zola"], ["network", "Ana Lima"],
]
EXPORTS = [
    ("contacts", ("csv", "json", "tsv", "vcf")), ("touches", ("csv", "json", "tsv")), ("promises", ("csv", "json", "tsv")),
    ("feedback", ("csv", "json", "tsv")), ("deals", ("csv", "json", "tsv")), ("agreements", ("csv", "json", "tsv")),
    ("due", ("ics", "csv", "json", "tsv")), ("all", ("json",)),
]


@pytest.fixture
def local_zone(monkeypatch):  # type: ignore[no-untyped-def]
    def use(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield use
    monkeypatch.delenv("TZ")
    time.tzset()


def fill(cli, url: str) -> None:  # type: ignore[no-untyped-def]
    database = Database(resolve_url(url))
    database.ensure_schema()
    with database.session(write=True) as session:
        populate(session, NOW)
    database.dispose()
    for name, kind in NAMES:
        cli.ok("--db", url, "add", name, "--kind", kind, "--tag", name.split()[0].lower()[:6])
    # around midnight, local time and UTC: which day a touchpoint counts for depends on the zone
    for when, name in [("2026-11-30T23:59", "Émile Zola"), ("2026-12-01T00:00", "emma stone"), ("2026-11-30T23:30:00-12:00", "李小龙"),
                       ("2026-11-29T00:00:01+14:00", "Пётр Ильич Чайковский"), ("yesterday", "obrien"), ("2026-10-31T23:59:59", "Ελένη Παππά")]:
        cli.ok("--db", url, "log", name, "--at", when, "--rating", "4")
    # a contact added to a touchpoint afterwards: its link copies the day in SQL (store/sql.py)
    [late] = json.loads(cli.ok("--db", url, "touches", "Émile Zola", "-f", "json", "--limit", "1").stdout)
    cli.ok("--db", url, "edit-touch", str(late["id"]), "--add", "Zoë Brandão")
    cli.ok("--db", url, "promise", "محمد علي", "Send the draft", "--due", "2026-12-01")
    cli.ok("--db", url, "feedback", "Zoë Brandão", "9")
    cli.ok("--db", url, "archive", "_underscore")


# every row's uid is a random UUID of its own database: the same data has other uids on each engine
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def answers(cli, url: str, tmp_path: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    found = {}
    for command in READS:
        for fmt in ("json", "csv"):
            found[f"{' '.join(command)} -f {fmt}"] = UUID.sub("UUID", cli.ok("--db", url, *command, "-f", fmt).stdout)
    for what, formats in EXPORTS:
        for fmt in formats:
            found[f"export {what} -f {fmt}"] = UUID.sub("UUID", cli.ok("--db", url, "export", what, "-f", fmt).stdout)
    return found


def test_the_same_data_gives_the_same_answers_on_both_engines(cli, database_url, tmp_path, local_zone):
    sqlite_file = str(tmp_path / "same.db")
    local_zone("Pacific/Auckland")
    for url in (sqlite_file, database_url):
        fill(cli, url)
    for zone in ("Pacific/Auckland", "America/Los_Angeles", "UTC"):
        local_zone(zone)
        on_sqlite, on_server = answers(cli, sqlite_file, tmp_path), answers(cli, database_url, tmp_path)
        assert len(on_sqlite) > 50
        for key, text in on_sqlite.items():
            assert on_server[key] == text, f"{key} in {zone} differs"
    ordered = [row["name"] for row in json.loads(on_sqlite["list -f json"])]
    assert ordered.index("Émile Zola") < ordered.index("emma stone") < ordered.index("Emma-Lou Ørsted")


def everything(cli, url: str) -> dict:  # type: ignore[no-untyped-def]
    """The full dump, without the moment it was written."""
    dump = json.loads(cli.ok("--db", url, "export", "all").stdout)
    dump.pop("exported_at", None)
    return dump


def test_a_dump_moves_every_row_to_the_server_and_back(cli, database_url, tmp_path, test_server):
    source, back = str(tmp_path / "source.db"), str(tmp_path / "back.db")
    fill(cli, source)
    original = everything(cli, source)
    assert sum(len(rows) for rows in original.values() if isinstance(rows, list)) > 100

    moved = tmp_path / "moved.json"
    moved.write_text(cli.ok("--db", source, "export", "all").stdout, encoding="utf-8")
    with test_server.fresh_database(empty=True) as empty_server:
        cli.ok("--db", empty_server, "import", str(moved))
        assert everything(cli, empty_server) == original
        returned = tmp_path / "returned.json"
        returned.write_text(cli.ok("--db", empty_server, "export", "all").stdout, encoding="utf-8")
        common.current().close()  # this process's connections, before the database is dropped
    cli.ok("--db", back, "import", str(returned))
    assert everything(cli, back) == original
