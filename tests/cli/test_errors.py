"""Every bad input: one `error:` line on stderr, the right exit status, nothing written."""

from __future__ import annotations

import hashlib

import pytest


@pytest.fixture
def seeded(cli):
    cli.ok("add", "Ana Lima", "--kind", "client")
    cli.ok("add", "Anabela Sousa")
    cli.ok("log", "Ana Lima", "--at", "3d ago")


def snapshot(cli) -> str:
    """Everything stored, as the user can see it."""
    dump = cli.ok("list", "-f", "json").stdout + cli.ok("list", "--archived", "-f", "json").stdout
    dump += cli.ok("touches", "-f", "json").stdout + cli.ok("tags", "-f", "json").stdout
    return hashlib.sha256(dump.encode()).hexdigest()


USAGE_ERRORS = [
    ["--bogus"],
    ["log", "Ana Lima", "--bogus"],
    ["log", "Ana Lima", "--at", "the other day"],
    ["log", "Ana Lima", "--at", "99999y ago"],
    ["log", "Ana Lima", "--next", "soonish"],
    ["log", "Ana Lima", "--via", "pigeon"],
    ["log", "Ana Lima", "--rating", "6"],
    ["log", "Ana Lima", "--rating", "0"],
    ["log", "Ana Lima", "--minutes", "-5"],
    ["log", "Ana Lima", "--minutes", "99999999999999999999"],
    ["log", "Ana Lima", "--at", "1850-01-01"],
    ["followup", "Ana Lima", "9999-12-31"],
    ["promise", "Ana Lima", "Deliver", "--due", "9999-12-31"],
    ["add", "Bruno", "--kind", "alien"],
    ["add", "Bruno", "--every", "sometimes"],
    ["add", "Bruno", "--every", "0d"],
    ["add", "Bruno", "--email", "not-an-email"],
    ["add", "   "],
    ["add", "Bruno", "--tag", "semi;colon"],
    ["due", "--within", "a while"],
    ["due", "--as-of", "12/31/2026"],  # month first, while reltrack reads day first
    ["due", "--format", "xml"],
    ["touches", "--since", "last time"],
    ["touches", "--via", "telepathy"],
    ["edit-touch", "abc"],
]


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda a: " ".join(a))
def test_usage_errors_exit_2_and_write_nothing(cli, seeded, args):
    before = snapshot(cli)
    cli.fails(2, *args)
    assert snapshot(cli) == before


DOMAIN_ERRORS = [
    (["log", "Nobody"], "no contact named 'Nobody'"),
    (["log", "Ana Lmia"], "did you mean Ana Lima"),
    (["log", "Ana"], "Ana Lima, Anabela Sousa"),  # ambiguous prefix: both listed
    (["log", "Ana Lima", "Nobody"], "no contact named"),  # one bad name: nothing logged for the other
    (["add", "ana lima"], "already exists"),
    (["log", "Ana Lima", "--at", "in 2 hours"], "future"),
    (["show", "Bruno"], "no contact"),
    (["edit", "Ana Lima", "--untag", "vip"], "no tag"),
    (["delete", "Ana Lima"], "--yes"),
]


@pytest.mark.parametrize("args, message", DOMAIN_ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_domain_errors_exit_1_and_write_nothing(cli, seeded, args, message):
    before = snapshot(cli)
    result = cli.fails(1, *args)
    assert message in result.stderr
    assert snapshot(cli) == before


def test_exact_name_wins_over_a_longer_one(cli):
    cli.ok("add", "Ana")
    cli.ok("add", "Ana Lima")
    cli.ok("log", "ana")
    assert cli.json("touches")[0]["contacts"] == ["Ana"]


def test_unreadable_database_is_a_one_line_error(cli, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    result = cli.fails(1, "--db", str(junk), "list")
    assert "junk.db" in result.stderr


def test_foreign_sqlite_database_is_refused(cli, tmp_path):
    import sqlite3

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
    assert "not a reltrack database" in cli.fails(1, "--db", str(other), "list").stderr
    with sqlite3.connect(other) as connection:
        assert connection.execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]
