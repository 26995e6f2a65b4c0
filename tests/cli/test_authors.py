"""Who entered what: the config's `user` (else the login name) on each touchpoint, promise and
feedback answer; `touches` and `show` say it, `--mine` keeps `due` and `promises` to one's own."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from reltrack.store.db import MIGRATIONS_DIR, SCHEMA_HEAD


@pytest.fixture
def as_user(isolated):  # type: ignore[no-untyped-def]
    def become(name: str) -> None:
        (isolated / "config.toml").write_text(f'user = "{name}"\n', encoding="utf-8")

    return become


def test_the_configured_user_is_recorded_and_shown(cli, as_user, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # wide enough for every column of the tables
    as_user("Mira Team")
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana Lima", "--note", "kick-off")
    cli.ok("promise", "Ana Lima", "Send the quote", "--due", "friday")
    cli.ok("feedback", "Ana Lima", "9")
    [touch] = cli.json("touches")
    assert touch["author"] == "Mira Team"
    assert "Mira Team" in cli.ok("touches", "-f", "table").stdout
    profile = cli.json("show", "Ana Lima")
    assert [t["author"] for t in profile["recent_touches"]] == ["Mira Team"]
    assert [p["author"] for p in profile["open_promises"]] == ["Mira Team"]
    assert "Mira Team" in cli.ok("show", "Ana Lima", "-f", "table").stdout
    dump = cli.json("export", "all")
    assert [r["author"] for r in dump["touchpoints"] + dump["promises"] + dump["feedback"]] == ["Mira Team"] * 3


def test_without_a_configured_user_the_login_name_is_recorded(cli, monkeypatch):
    monkeypatch.setenv("LOGNAME", "login-name-here")
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana Lima")
    assert cli.json("touches")[0]["author"] == "login-name-here"


def test_a_bad_user_in_the_config_is_a_one_line_error(cli, isolated):
    (isolated / "config.toml").write_text("user = 7\n", encoding="utf-8")
    assert "user" in cli.fails(1, "add", "Ana Lima").stderr


def test_mine_keeps_due_and_promises_to_my_own(cli, as_user):
    for name in ("Ana Lima", "Bruno Costa", "Chiara Bianchi"):
        cli.ok("add", name, "--every", "1w")
    as_user("ana")
    cli.ok("log", "Ana Lima", "--at", "3 weeks ago")
    cli.ok("log", "Chiara Bianchi", "--at", "4 weeks ago")
    cli.ok("promise", "Bruno Costa", "Call back", "--due", "yesterday")
    as_user("bruno")
    cli.ok("log", "Bruno Costa", "--at", "3 weeks ago")
    cli.ok("log", "Chiara Bianchi", "--at", "2 weeks ago")  # Chiara's latest touchpoint is now Bruno's
    cli.ok("promise", "Ana Lima", "Send the deck", "--due", "yesterday")

    assert len(cli.json("due")) >= 3
    assert sorted({row["contact"] for row in cli.json("due", "--mine")}) == ["Ana Lima", "Bruno Costa", "Chiara Bianchi"]
    as_user("ana")
    # ana holds Ana (her last touchpoint) and Bruno (her open promise), not Chiara
    assert sorted({row["contact"] for row in cli.json("due", "--mine")}) == ["Ana Lima", "Bruno Costa"]
    assert [p["what"] for p in cli.json("promises", "--mine")] == ["Call back"]
    assert len(cli.json("promises")) == 2
    as_user("nobody")
    assert cli.json("due", "--mine") == [] and cli.json("promises", "--mine") == []


def alembic(connection, step, revision: str) -> None:  # type: ignore[no-untyped-def]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    step(config, revision)


def test_the_authors_migration_keeps_every_row_with_its_author_unknown(cli, database_url):
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana Lima", "--note", "before authors")
    cli.ok("promise", "Ana Lima", "Send the quote", "--due", "friday")
    url = database_url if "://" in database_url else f"sqlite:///{database_url}"
    engine = create_engine(url)
    with engine.begin() as connection:
        alembic(connection, command.downgrade, "0004")
    engine.dispose()
    common_close()
    assert cli.json("info")["schema"] == SCHEMA_HEAD  # upgraded again on first use
    [touch] = cli.json("touches")
    assert (touch["note"], touch["author"]) == ("before authors", None)
    assert [p["author"] for p in cli.json("export", "all")["promises"]] == [None]


def common_close() -> None:
    from reltrack.cli import common

    common.current().close()
