"""Team mode against the real PostgreSQL server of RELTRACK_TEST_DATABASE_URL: a database created for
a team the way docs/team.md says, the installed command pointed at it with a `postgresql://` URL, and
what users meet when the server is down, refuses them or drops the connection."""

from __future__ import annotations

import json
import os
import socket
import subprocess

import pytest
from sqlalchemy.engine import make_url

from reltrack.store.db import SCHEMA_HEAD
from tests.e2e.conftest import installed_command

pytestmark = pytest.mark.postgres_only

# easy to spot anywhere it leaks: in output, errors, or a log line
PASSWORD = "Spot-This-Passw0rd-7731"
WRONG_PASSWORD = "Wrong-Spot-Passw0rd-1994"


@pytest.fixture(scope="module")
def teammate(test_server) -> str:
    """A login role with a password, as an administrator creates one for the team."""
    role = f"{test_server.prefix}_mate"
    test_server.execute(f"DROP ROLE IF EXISTS {role}")
    test_server.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}'")
    yield role
    test_server.execute(f"DROP ROLE IF EXISTS {role}")


def team_url(test_server, database: str, role: str, password: str = PASSWORD, port: int | None = None) -> str:
    """The connection string a team member writes: plain postgresql://, as psql takes it."""
    url = make_url(test_server.url_of(database)).set(username=role, password=password)
    if port is not None:
        url = url.set(port=port)
    return "postgresql://" + url.render_as_string(hide_password=False).split("://", 1)[1]


@pytest.fixture
def team_db(test_server, teammate):
    """An empty database owned by the team's role: reltrack creates its tables there itself."""
    with test_server.fresh_database(empty=True, owner=teammate) as admin_url:
        yield make_url(admin_url).database


def assert_one_line_error(result: subprocess.CompletedProcess, *expected: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    for words in expected:
        assert words in result.stderr, result.stderr


def assert_no_password(result: subprocess.CompletedProcess) -> None:
    for secret in (PASSWORD, WRONG_PASSWORD):
        assert secret not in result.stdout + result.stderr


def test_a_team_database_is_migrated_on_the_server_and_info_masks_the_password(reltrack, test_server, teammate, team_db):
    url = team_url(test_server, team_db, teammate)
    assert reltrack("add", "Ana Lima", env={"RELTRACK_DB": url}).returncode == 0
    result = reltrack("--db", url, "info", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert_no_password(result)
    assert f"{teammate}:***@127.0.0.1:{make_url(url).port}/{team_db}" in result.stdout
    assert f'"schema": "{SCHEMA_HEAD}"' in result.stdout and '"contacts": 1' in result.stdout
    owners = test_server.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'", database=team_db)
    assert owners == [(teammate,)]  # the migrations ran on the server, as the team's role


def test_a_wrong_password_names_the_user_to_check_and_never_the_password(reltrack, test_server, teammate, team_db):
    result = reltrack("--db", team_url(test_server, team_db, teammate, WRONG_PASSWORD), "due")
    assert_one_line_error(result, f"user '{teammate}'", "check the user name and password")
    assert_no_password(result)


def test_a_missing_database_is_named(reltrack, test_server, teammate):
    result = reltrack("--db", team_url(test_server, "no_such_team_db", teammate), "add", "Ana Lima")
    assert_one_line_error(result, "no database 'no_such_team_db'", "create it")
    assert_no_password(result)


def closed_port() -> int:
    with socket.socket() as probe:  # bound, never listening: connections to it are refused
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_server_that_is_down_says_what_to_check(reltrack, test_server, teammate):
    port = closed_port()
    result = reltrack("--db", team_url(test_server, "team", teammate, port=port), "log", "Ana Lima")
    assert_one_line_error(result, f"127.0.0.1:{port}", "check that it is running")
    assert_no_password(result)


def test_an_unreadable_url_is_one_line_without_the_password(reltrack):
    result = reltrack("--db", f"postgresql://mate:{PASSWORD}@127.0.0.1:notaport/team", "due")
    assert_one_line_error(result, "cannot use database URL postgresql+psycopg://mate:***@")
    assert_no_password(result)


def test_a_connection_dropped_in_the_middle_of_an_import_leaves_nothing(reltrack, test_server, teammate, team_db, tmp_path):
    url = team_url(test_server, team_db, teammate)
    assert reltrack("--db", url, "add", "Already There").returncode == 0
    source = tmp_path / "contacts.csv"
    rows = "".join(f"Person {number:05d},client,p{number}@example.com\n" for number in range(60_000))
    source.write_text("name,kind,email\n" + rows, encoding="utf-8")

    importing = subprocess.Popen(
        [installed_command(), "--db", url, "import", str(source)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # the server ends the import's connection as a shutdown does (pg_ctl stop sends each backend
    # this same termination), once the import has written inside its transaction
    terminated = False
    while importing.poll() is None and not terminated:
        terminated = bool(test_server.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db AND application_name = 'reltrack' "
            "AND xact_start IS NOT NULL AND query ILIKE 'INSERT%'",
            db=team_db,
        ))
    stdout, stderr = importing.communicate(timeout=60)
    assert terminated, "the import finished before the connection could be dropped: make the file larger"
    result = subprocess.CompletedProcess(importing.args, importing.returncode, stdout, stderr)
    assert_one_line_error(result, "lost the connection", "nothing of this command was saved")
    assert_no_password(result)
    listed = reltrack("--db", url, "list", "--format", "tsv")
    assert listed.stdout.splitlines()[1:] and [line.split("\t")[0] for line in listed.stdout.splitlines()[1:]] == ["Already There"]


# -- several people at once ------------------------------------------------------------------


def spawn(url: str, script: str, **env: str) -> subprocess.Popen:
    """A shell running reltrack commands one after another, as one person at a terminal."""
    return subprocess.Popen(
        ["bash", "-c", script], env={**os.environ, "RELTRACK_DB": url, "RELTRACK": installed_command(), **env},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_sixteen_writers_lose_nothing_while_a_reader_never_fails(reltrack, database_url, tmp_path):
    assert reltrack("add", "Ana Lima", "--kind", "client").returncode == 0
    stop = tmp_path / "writers-done"
    reader = spawn(database_url, 'n=0; until [ -e "$STOP" ]; do "$RELTRACK" due -f tsv >/dev/null || exit 1; n=$((n+1)); done; echo $n', STOP=str(stop))
    writers = [
        spawn(database_url, f'for i in $(seq 25); do "$RELTRACK" log "Ana Lima" --note "writer {w} #$i" || exit 1; done')
        for w in range(16)
    ]
    failures = [writer.communicate(timeout=900)[1] for writer in writers if writer.wait(timeout=900) != 0]
    stop.touch()
    reads, read_errors = reader.communicate(timeout=120)
    assert failures == []
    assert reader.returncode == 0, read_errors
    assert int(reads) >= 1
    notes = [touch["note"] for touch in json.loads(reltrack("touches", "-f", "json").stdout)]
    assert sorted(notes) == sorted(f"writer {w} #{i}" for w in range(16) for i in range(1, 26))
    summary = json.loads(reltrack("show", "Ana Lima", "-f", "json").stdout)
    assert summary["contacts_per_month"]["2026-12"] == 400  # the summaries kept in each transaction agree


def test_two_people_adding_the_same_name_at_once_get_one_contact_and_one_clear_error(reltrack, database_url):
    for attempt in range(3):  # a few rounds, so the two really overlap at least once in a while
        name = f"Zoë Brandão {attempt}"
        adders = [spawn(database_url, f'"$RELTRACK" add "{name}" --kind client') for _ in range(2)]
        outcomes = sorted((adder.wait(timeout=120), adder.communicate()[1]) for adder in adders)
        assert [code for code, _ in outcomes] == [0, 1], outcomes
        error = outcomes[1][1]
        assert error.startswith("error: ") and "already exists" in error and len(error.strip().splitlines()) == 1, error
    names = [contact["name"] for contact in json.loads(reltrack("list", "-f", "json").stdout)]
    assert sorted(names) == [f"Zoë Brandão {attempt}" for attempt in range(3)]
