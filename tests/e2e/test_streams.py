"""The installed command and its streams: `-` for standard input and output, closed pipes, encodings,
arguments that are not UTF-8, and a terminal that is never handed control characters from stored data."""

from __future__ import annotations

import json
import os
import pty
import subprocess

import pytest

from tests.e2e.conftest import installed_command

MALLORY = "Mallory\x1b]0;PWNED\x07\x1b[2J"


def on_terminal(*args: str) -> bytes:
    """What reltrack writes to a terminal (stdout and stderr both on a pseudo-terminal)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm"}
    process = subprocess.Popen([installed_command(), *args], stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the other side was closed
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(60) == 0, output
    return output


@pytest.fixture
def mallory(cli, tmp_path):
    card = tmp_path / "mallory.vcf"
    card.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{MALLORY}\r\nNOTE:hi\\x1b[31m\r\nEND:VCARD\r\n", encoding="utf-8")
    cli.ok("import", str(card))
    cli.ok("log", "Mallory", "--note", "note \x1b[2J\x9b31m end", "--at", "2026-11-30")


@pytest.mark.parametrize("command", [("list",), ("show", "Mallory"), ("touches",), ("due", "--within", "30d"), ("list", "-f", "csv"), ("touches", "-f", "json"), ("show", "Mallory", "-f", "json")], ids=" ".join)
def test_control_characters_in_stored_data_never_reach_a_terminal(mallory, command):
    shown = on_terminal(*command)
    for raw in (b"\x1b]0;PWNED", b"\x07", b"\x1b[2J", "\x9b".encode()):
        assert raw not in shown, command
    if command != ("due", "--within", "30d"):
        assert b"\\x1b" in shown or b"\\u001b" in shown  # shown as an escape, visibly (json has its own)


def test_machine_formats_to_a_pipe_keep_the_data_as_stored(mallory, reltrack):
    assert MALLORY in reltrack("list", "-f", "csv").stdout
    assert MALLORY in reltrack("list", "-f", "tsv").stdout
    assert json.loads(reltrack("export", "touches", "-f", "json").stdout)[0]["note"] == "note \x1b[2J\x9b31m end"


def test_messages_on_a_terminal_are_neutralised_too(mallory):
    shown = on_terminal("log", "Mallory", "--at", "2026-12-01T10:00")
    assert b"\x1b]0;PWNED" not in shown and b"\\x1b]0;PWNED" in shown


@pytest.mark.sqlite_only  # compares the database file's bytes
def test_an_argument_that_is_not_utf8_is_a_usage_error_naming_it(reltrack, db_path):
    reltrack("add", "Ana")
    before = db_path.read_bytes()
    result = subprocess.run([installed_command(), b"log", b"Ana\xffLima"], capture_output=True)
    assert result.returncode == 2
    assert result.stderr == b"error: argument 2 ('Ana\\xffLima') is not valid UTF-8; check the encoding of your terminal or script\n"
    result = subprocess.run([installed_command(), b"add", b"Bo", b"--note", b"caf\xe9"], capture_output=True)
    assert result.returncode == 2 and b"argument 4 ('caf\\xe9')" in result.stderr
    assert db_path.read_bytes() == before


def test_a_stdout_that_cannot_hold_every_character(reltrack):
    reltrack("add", "Пётр Иванов")
    reltrack("add", "Jääskeläinen")
    cp1252 = {"PYTHONIOENCODING": "cp1252"}
    listing = subprocess.run([installed_command(), "list", "-f", "csv"], capture_output=True, env={**os.environ, **cp1252})
    assert listing.returncode == 0
    assert "Jääskeläinen".encode("cp1252") in listing.stdout and b"???? ??????" in listing.stdout  # replaced, row by row
    assert listing.stderr.decode() == "note: 10 characters written as ?: stdout's encoding (cp1252) lacks them; set PYTHONIOENCODING=utf-8 to keep them\n"
    export = reltrack("export", "contacts", "-f", "csv", env=cp1252)
    assert export.returncode == 1 and export.stdout == ""  # refused before writing anything
    assert "--output FILE" in export.stderr
    assert reltrack("export", "contacts", "-f", "csv").stdout.count("\n") == 3


@pytest.mark.parametrize("command", [("touches",), ("touches", "-f", "json"), ("export", "touches"), ("export", "all"), ("list",), ("show", "Ana")], ids=" ".join)
def test_a_closed_pipe_ends_every_command_quietly_with_status_0(cli, command):
    cli.ok("add", "Ana", "--note", "y" * 70_000)
    for _ in range(2):  # more output than a pipe buffer holds, so the writer meets a closed pipe
        cli.ok("log", "Ana", "--note", "x" * 70_000)
    process = subprocess.Popen([installed_command(), *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(10)
    process.stdout.close()
    assert process.wait(60) == 0
    assert process.stderr.read() == b""


def test_an_export_piped_into_an_import(reltrack, tmp_path):
    assert reltrack("add", "Bjørk Guðmundsdóttir", "--email", "bjork@hljodver.is", "--tag", "media, press").returncode == 0
    exported = reltrack("export", "contacts", "-f", "json", "-o", "-")
    assert exported.returncode == 0 and not (tmp_path / "-").exists()
    other = str(tmp_path / "other.db")
    refused = reltrack("--db", other, "import", "-", input=exported.stdout)
    assert refused.returncode == 2 and "--type" in refused.stderr
    done = reltrack("--db", other, "import", "-", "--type", "json", input=exported.stdout)
    assert done.returncode == 0 and "standard input: contact: 1 added" in done.stderr
    assert json.loads(reltrack("--db", other, "export", "contacts", "-f", "json").stdout) == json.loads(exported.stdout)
