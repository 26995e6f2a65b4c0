"""Shell completion, driven the way the shells drive it: the installed `reltrack` with the
completion environment variables, real bash (and zsh and fish where installed) sourcing the
scripts `reltrack completion SHELL` prints, and a pseudo-terminal for the keystrokes themselves."""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reltrack.cli import completion

NAMES = [
    "Ana Lima",
    "Ana Souza",
    "Joana Reis",  # archived below: lookups still find archived contacts, so completion offers them
    "Bjørk Guðmundsdóttir",
    "Pádraig O'Brien",
    "Пётр",
    "Пётр Ильич Чайковский",
    "王小明",
    "José Álvarez",
    "Jose Alvarez",  # another contact: the same name once accents are folded
    "Zoë $HOME `x` & *; \\ \"quoted\" ! ~",  # every character a shell would act upon
]


def installed_command() -> str:
    beside_python = Path(sys.executable).with_name("reltrack")
    found = str(beside_python) if beside_python.exists() else shutil.which("reltrack")
    if not found:
        pytest.fail("the reltrack command is not installed (pip install -e '.[test]')")
    return found


@pytest.fixture(scope="module")
def people_db(tmp_path_factory) -> Path:
    """A database with NAMES, made once."""
    from typer.testing import CliRunner

    from reltrack.cli.app import app

    path = tmp_path_factory.mktemp("people") / "people.db"
    env = {"RELTRACK_DB": str(path), "RELTRACK_CONFIG": str(path.with_suffix(".toml"))}
    # --yes: Jose Alvarez and José Álvarez are two people on purpose
    for args in [["add", name, "--yes"] for name in NAMES] + [["archive", "Joana Reis"]]:
        assert CliRunner().invoke(app, args, env=env).exit_code == 0, args
    with contextlib.closing(sqlite3.connect(path)) as connection:  # all in the file, for copies of it
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def people(people_db, monkeypatch) -> Path:
    monkeypatch.setenv("RELTRACK_DB", str(people_db))
    return people_db


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_RELTRACK_COMPLETE")}
    env["PATH"] = f"{Path(installed_command()).parent}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


def protocol(shell: str, **variables: str) -> subprocess.CompletedProcess:
    """One completion request, as the scripts make it."""
    env = environment(_RELTRACK_COMPLETE=shell, **{f"_RELTRACK_COMPLETE_{k.upper()}": v for k, v in variables.items()})
    return subprocess.run([installed_command()], env=env, capture_output=True, text=True, timeout=60)


def offered(shell: str, words: list[str], current: str) -> list[str]:
    """zsh and fish: the values offered for `current` after `words`."""
    result = protocol(shell, words="\n".join(words), current=current)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return [line.split("\t")[1] for line in result.stdout.splitlines() if line.startswith("plain\t")]


# -- bash, for real ------------------------------------------------------------------

BASH_PROBE = r"""
eval "$(reltrack completion bash)"
COMP_LINE=$1
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
_reltrack_completion reltrack "$2" "${COMP_WORDS[COMP_CWORD-1]}"
# each reply, then what the shell makes of it: the words it is after the quote it follows ($3),
# closed as readline closes it (unless the reply ends with that quote character already)
for reply in "${COMPREPLY[@]}"; do
    close=$3
    [[ $reply == *"$3" ]] && close=
    eval "set -- $3$reply$close"
    printf '%s\0%s\0' "$reply" "$#"
    printf '%s\0' "$@"
done
"""


def readline_word(line: str) -> tuple[str, str]:
    """What readline hands the completion function (bash's $2), and the quote open before it:
    the text after an unclosed quote, else after the last unquoted space, `=`, `:` or other break."""
    quote, escaped, opened_at, last_break = "", False, 0, -1
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote, opened_at = char, index + 1
        elif char in " \t\n><=;|&(:@":
            last_break = index
    return (line[opened_at:], quote) if quote else (line[last_break + 1 :], "")


def bash_complete(line: str, env: dict | None = None) -> list[tuple[str, list[str]]]:
    """Complete `line` (the cursor at its end) in bash. Returns each COMPREPLY entry with the
    shell words it evaluates to once typed where readline puts it."""
    word, quote = readline_word(line)
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", BASH_PROBE, "probe", line, word, quote],
        env=env or environment(), capture_output=True, timeout=60,
    )
    assert result.returncode == 0 and result.stderr == b"", result.stderr.decode()
    fields = result.stdout.decode().split("\0")[:-1]
    replies = []
    while fields:
        reply, count, fields = fields[0], int(fields[1]), fields[2:]
        replies.append((reply, fields[:count]))
        fields = fields[count:]
    return replies


def completed_to(line: str, env: dict | None = None) -> list[str]:
    """The names offered, each checked to be ONE shell word."""
    names = []
    for reply, words in bash_complete(line, env):
        assert len(words) == 1, f"{reply!r} is {len(words)} shell words: {words}"
        names.append(words[0])
    return names


def test_bash_offers_every_name_each_as_one_shell_word(people):
    assert sorted(completed_to("reltrack log ")) == sorted(NAMES)


def test_bash_completes_a_multi_word_name_as_one_word_and_never_another_contact(people):
    replies = bash_complete("reltrack log Пётр\\ И")
    assert replies == [("Пётр\\ Ильич\\ Чайковский", ["Пётр Ильич Чайковский"])]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("bjork", ["Bjørk Guðmundsdóttir"]),  # accents folded: readline replaces the word with it
        ("BJØRK\\ G", ["Bjørk Guðmundsdóttir"]),
        ("王", ["王小明"]),
        ("чайк", ["Пётр Ильич Чайковский"]),  # any part of the name
        ("chaikovsk", ["Пётр Ильич Чайковский"]),  # transliterated to ASCII, as lookups find it
        ("petr", ["Пётр", "Пётр Ильич Чайковский"]),
        ("wang", ["王小明"]),
        ("pádraig\\ o\\'b", ["Pádraig O'Brien"]),
        ("jose", ["Jose Alvarez", "José Álvarez"]),
        ("zoë\\ \\$", [NAMES[-1]]),
        ("nobody", []),
    ],
)
def test_bash_matches_as_lookups_do(people, typed, expected):
    assert completed_to(f"reltrack show {typed}") == expected


def test_bash_offers_names_that_do_not_start_with_what_was_typed_best_first(people):
    assert completed_to("reltrack log an") == ["Ana Lima", "Ana Souza", "Joana Reis"]
    assert completed_to("reltrack log пётр") == ["Пётр", "Пётр Ильич Чайковский"]  # the very name first
    assert completed_to("reltrack log lima") == ["Ana Lima"]
    assert completed_to("reltrack log josé\\ álvarez") == ["José Álvarez", "Jose Alvarez"]  # as typed, then folded
    assert completed_to("reltrack log jose\\ alvarez") == ["Jose Alvarez", "José Álvarez"]


@pytest.mark.parametrize("quote", ["'", '"'])
def test_bash_completes_inside_an_open_quote(people, quote):
    # readline replaces what follows the quote, and closes the quote after a single match
    assert completed_to(f"reltrack log {quote}ana l") == ["Ana Lima"]
    assert completed_to(f"reltrack log {quote}pádraig") == ["Pádraig O'Brien"]
    assert completed_to(f"reltrack log {quote}zoë") == [NAMES[-1]]


def test_bash_completes_option_values_that_are_names(people):
    assert completed_to("reltrack edit-touch 3 --add an")[:1] == ["Ana Lima"]
    assert completed_to("reltrack edit-touch 3 --remove=bjork") == ["Bjørk Guðmundsdóttir"]
    assert completed_to("reltrack report trust --explain 王") == ["王小明"]
    assert completed_to("reltrack --db " + str(people) + " touches --limit 3 -f json josé") == ["José Álvarez", "Jose Alvarez"]


def test_the_database_named_on_the_line_wins(people_db, tmp_path, monkeypatch):
    monkeypatch.setenv("RELTRACK_DB", str(tmp_path / "missing.db"))
    assert completed_to(f"reltrack --db {people_db} log bjork") == ["Bjørk Guðmundsdóttir"]
    assert completed_to(f"reltrack --db={people_db} log bjork") == ["Bjørk Guðmundsdóttir"]
    assert completed_to("reltrack log bjork") == []
    assert list(tmp_path.iterdir()) == []


def test_bash_leaves_other_arguments_to_click(people):
    assert completed_to("reltrack lo") == ["log", "lost"]
    assert completed_to("reltrack log ana --via m") == ["meeting", "message"]
    assert completed_to("reltrack completion ") == ["bash", "zsh", "fish"]
    assert completed_to("reltrack followup ana ") == []  # WHEN is not a name
    assert completed_to("reltrack add ana") == []  # a new name
    assert completed_to("reltrack add Bo --introduced-by bjork") == ["Bjørk Guðmundsdóttir"]  # who introduced them
    assert completed_to("reltrack log --note ana") == []  # a note, not a name
    assert "--via" in completed_to("reltrack log ana --")


def test_a_path_is_left_to_the_shell(people):
    for words in (["import"], ["export", "contacts", "-o"], ["--db"]):
        assert protocol("bash", line="reltrack " + " ".join(words) + " ", current="").stdout == "file\n"
        assert protocol("zsh", words="\n".join(words), current="").stdout == "file\n"


@pytest.mark.parametrize(
    "text",
    ["Ana Lima", "O'Brien", "Mary'", 'say "hi"', "$HOME `id` $(id)", "a\\b", "*?[x]", "~user #1 !x", "tab\there", "new\nline", "x=y:z@w", "Пётр 王 Ωμέγα"],
)
@pytest.mark.parametrize("quote", ["", "'", '"'])
def test_bash_quote_reads_back_as_the_same_text(text, quote):
    if quote == '"' and "!" in text:
        pytest.skip("history expansion inside double quotes is for interactive shells only")
    quoted = completion.bash_quote(text, quote)
    closed = quoted if quoted.endswith(quote) else quoted + quote  # as readline closes it
    read_back = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", 'eval "set -- $1"; printf "%s\\0" "$@"', "probe", quote + closed],
        capture_output=True, timeout=60,
    )
    assert read_back.stdout.decode().split("\0")[:-1] == [text]


# -- no database, a bad database -------------------------------------------------------


def test_no_database_no_candidates_and_nothing_created(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere" / "reltrack.db"
    monkeypatch.setenv("RELTRACK_DB", str(missing))
    result = protocol("bash", line="reltrack log an", current="an")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert completed_to("reltrack log ") == []
    assert completed_to(f"reltrack --db {tmp_path / 'other.db'} log ") == []
    assert list(tmp_path.iterdir()) == []


def test_the_default_database_is_not_created_either(tmp_path, monkeypatch):
    monkeypatch.delenv("RELTRACK_DB")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert completed_to("reltrack log ") == []
    assert list(tmp_path.iterdir()) == []


def test_a_database_read_leaves_no_file_behind(people_db, tmp_path, monkeypatch):
    copy = tmp_path / "copy.db"
    copy.write_bytes(people_db.read_bytes())
    monkeypatch.setenv("RELTRACK_DB", str(copy))
    assert completed_to("reltrack log ana\\ l") == ["Ana Lima"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.db"]


@pytest.mark.parametrize("bad", ["directory", "not a database", "no contact table", "sqlite:///:memory:", "postgresql://nobody@127.0.0.1:9/none", "nosuch://x"])
def test_a_bad_database_is_silent(tmp_path, monkeypatch, bad):
    target = tmp_path / "target"
    if bad == "directory":
        target.mkdir()
    elif bad == "not a database":
        target.write_text("hello, not SQLite\n" * 100)
    elif bad == "no contact table":
        sqlite3.connect(target).execute("CREATE TABLE other (x)").connection.close()
    monkeypatch.setenv("RELTRACK_DB", bad if "://" in bad else str(target))
    for shell, variables in (("bash", {"line": "reltrack log a", "current": "a"}), ("zsh", {"words": "log", "current": "a"})):
        result = protocol(shell, **variables)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), bad


def test_a_request_from_an_old_typer_script_is_silent(people):
    result = subprocess.run(
        [installed_command()], env=environment(_RELTRACK_COMPLETE="complete_bash", COMP_WORDS="reltrack log a", COMP_CWORD="2"),
        capture_output=True, text=True, timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# -- zsh and fish: the protocol, then the real shells -----------------------------------


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_get_the_names_themselves(people, shell):
    assert offered(shell, ["log"], "Пётр И") == ["Пётр Ильич Чайковский"]
    assert offered(shell, ["log"], "an") == ["Ana Lima", "Ana Souza", "Joana Reis"]
    assert offered(shell, ["edit-touch", "3", "--add"], "bjork") == ["Bjørk Guðmundsdóttir"]
    assert offered(shell, ["edit-touch", "3"], "--add=bjork") == ["--add=Bjørk Guðmundsdóttir"]
    assert offered(shell, ["--db", str(people), "log", "ana"], "o'b") == ["Pádraig O'Brien"]
    assert offered(shell, ["log", "--via"], "vi") == ["video"]


def test_options_come_with_their_help_for_zsh_and_fish(people):
    lines = protocol("fish", words="log", current="--vi").stdout.splitlines()
    assert lines == ["plain\t--via\tmeeting (face to face; also in-person, f2f), video, call, message, email, social, letter, note."]


class Terminal:
    """A shell on a pseudo-terminal: type keys, read what the shell printed."""

    def __init__(self, argv: list[str], env: dict[str, str], setup: list[str]) -> None:
        import pty

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover (the child)
            os.execvpe(argv[0], argv, env)
        self.output = b""
        for line in setup:
            os.write(self.fd, line.encode() + b"\n")
        self.wait_for("__READY__")

    def wait_for(self, marker: str, timeout: float = 30) -> str:
        os.write(self.fd, f"echo {marker}\n".encode())
        deadline = time.monotonic() + timeout
        wanted = b"\n" + marker.encode()
        while wanted not in self.output and time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.fd, 65536)
                except OSError:
                    break
        assert wanted in self.output, f"the shell did not answer: {self.output[-2000:]!r}"
        text, self.output = self.output.decode(errors="replace"), b""
        return text

    def arguments_after_tab(self, typed: str) -> list[str]:
        """Type `typed`, Tab, then go to the line's start and make it a printf of its words."""
        os.write(self.fd, f"{typed}\t\x01printf '<%s>\\n' \r".encode())
        text = self.wait_for("__DONE__")
        return [line.rstrip("\r")[1:-1] for line in text.split("\n") if line.startswith("<") and line.rstrip("\r").endswith(">")]

    def close(self) -> None:
        os.write(self.fd, b"exit\n")
        try:
            os.waitpid(self.pid, 0)
        finally:
            os.close(self.fd)


SHELLS = {
    "bash": (["bash", "--norc", "--noprofile", "-i"], ['eval "$(reltrack completion bash)"']),
    "zsh": (["zsh", "-f", "-i"], ["bindkey -e", "autoload -U compinit && compinit -u", 'eval "$(reltrack completion zsh)"']),
    "fish": (["fish", "--no-config", "-i"], ["reltrack completion fish | source"]),
}


@pytest.fixture(params=sorted(SHELLS))
def terminal(request, people, tmp_path):
    shell = request.param
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed here (apt-get install {shell}); its completion is untested")
    argv, setup = SHELLS[shell]
    env = environment(TERM="dumb", LANG="C.UTF-8", HOME=str(tmp_path), PS1="$ ")
    session = Terminal(argv, env, setup)
    session.shell = shell  # type: ignore[attr-defined]
    yield session
    session.close()


def test_tab_in_a_real_shell_inserts_the_whole_name_as_one_argument(terminal):
    assert terminal.arguments_after_tab("reltrack log Пётр\\ И") == ["reltrack", "log", "Пётр Ильич Чайковский"]
    assert terminal.arguments_after_tab("reltrack log 'pádraig o") == ["reltrack", "log", "Pádraig O'Brien"]
    assert terminal.arguments_after_tab("reltrack log ana\\ l") == ["reltrack", "log", "Ana Lima"]
    assert terminal.arguments_after_tab("reltrack edit-touch 3 --add 王") == ["reltrack", "edit-touch", "3", "--add", "王小明"]
    assert terminal.arguments_after_tab("reltrack log zoë") == ["reltrack", "log", NAMES[-1]]
    if terminal.shell == "fish":  # fish keeps only candidates that match by its own rules, accents included
        assert terminal.arguments_after_tab("reltrack log bjork") == ["reltrack", "log", "bjork"]
    else:
        assert terminal.arguments_after_tab("reltrack log bjork") == ["reltrack", "log", "Bjørk Guðmundsdóttir"]
        # several names with nothing in common: what was typed stays
        assert terminal.arguments_after_tab("reltrack log an") == ["reltrack", "log", "an"]


# -- the table of name arguments, against the real commands ---------------------------


def commands_taking_names(monkeypatch) -> tuple[dict[str, tuple[str, str]], set[str]]:
    """NAME_COMMANDS and ROOT_VALUE_OPTIONS as the click tree has them. A parameter is a NAME when
    completing it asks for contact names."""
    import typer
    import typer.main

    from reltrack.cli.app import app

    monkeypatch.setattr(completion, "names_matching", lambda db, typed: ["\x00a contact"])

    def is_name(command, param) -> bool:  # type: ignore[no-untyped-def]
        return any(item.value == "\x00a contact" for item in param.shell_complete(typer.Context(command), ""))

    def takes_value(param) -> bool:  # type: ignore[no-untyped-def]
        return param.param_type_name == "option" and not param.is_flag and not param.count

    def walk(group, path=()):  # type: ignore[no-untyped-def]
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                assert not [p for p in command.params if takes_value(p)], f"{name} has options the table does not know"
                yield from walk(command, (*path, name))
            else:
                yield " ".join((*path, name)), command

    root = typer.main.get_command(app)
    table = {}
    for path, command in walk(root):
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        options = [p for p in command.params if takes_value(p)]
        if not any(is_name(command, p) for p in arguments + options):
            continue
        table[path] = (
            " ".join(("NAME" if is_name(command, p) else p.metavar.strip("[]")) + ("..." if p.nargs == -1 else "") for p in arguments),
            " ".join(s + ("=NAME" if is_name(command, p) else "") for p in options for s in p.opts + p.secondary_opts),
        )
    return table, {s for p in root.params if takes_value(p) for s in p.opts + p.secondary_opts}


def test_the_table_of_name_arguments_matches_the_commands(monkeypatch):
    table, root_options = commands_taking_names(monkeypatch)
    assert completion.NAME_COMMANDS == table
    assert completion.ROOT_VALUE_OPTIONS == root_options
    # the brief's list, so a name argument cannot silently lose its completion either
    assert set(table) == {
        "log", "show", "edit", "archive", "unarchive", "delete", "touches", "followup", "snooze",
        "promise", "promises", "feedback", "feedbacks", "edit-touch", "report trust",
        "add", "deal", "deals", "edit-deal", "agreement", "agreements", "network", "merge",
    }


@pytest.mark.parametrize(
    "words, current, expected",
    [
        (["log"], "a", completion.NameWanted("a", "", None)),
        (["log", "ana", "bjork"], "c", completion.NameWanted("c", "", None)),
        (["log", "--via", "call", "-n", "a note", "ana"], "b", completion.NameWanted("b", "", None)),
        (["log", "-nnote"], "b", completion.NameWanted("b", "", None)),
        (["log", "--note"], "b", None),
        (["log", "--note=x", "--in"], "b", completion.NameWanted("b", "", None)),
        (["log", "--"], "-b", completion.NameWanted("-b", "", None)),
        (["log"], "-b", None),
        (["--db", "x.db", "show"], "b", completion.NameWanted("b", "", "x.db")),
        (["--db=x.db", "show"], "b", completion.NameWanted("b", "", "x.db")),
        (["-V", "show"], "b", completion.NameWanted("b", "", None)),
        (["show", "ana"], "b", None),
        (["followup", "ana"], "b", None),
        (["promise"], "b", completion.NameWanted("b", "", None)),
        (["edit-touch"], "3", None),
        (["edit-touch", "3", "--add"], "b", completion.NameWanted("b", "", None)),
        (["edit-touch", "3"], "--remove=b", completion.NameWanted("b", "--remove=", None)),
        (["report", "trust", "--explain"], "b", completion.NameWanted("b", "", None)),
        (["report", "trust", "-k", "client", "--explain"], "b", completion.NameWanted("b", "", None)),
        (["report", "nps"], "b", None),
        (["report"], "b", None),
        (["add"], "b", None),
        ([], "b", None),
    ],
)
def test_which_word_is_a_name(words, current, expected):
    assert completion.name_wanted(words, current) == expected


def test_names_through_sqlalchemy_for_servers(people_db):
    """PostgreSQL goes through SQLAlchemy Core; the same query, tried here on the SQLite file."""
    rows = completion._names_through_sqlalchemy(f"sqlite:///{people_db}", "ana")
    assert sorted(name for name, *_ in rows) == ["Ana Lima", "Ana Souza", "Joana Reis"]
    rows = completion._names_through_sqlalchemy(f"sqlite:///{people_db}", "chaik", "chaik")
    assert rows == [("Пётр Ильич Чайковский", "петр ильич чаиковскии", "petr il'ich chaikovskii")]


def test_complete_name_for_click_uses_the_same_reader(people, tmp_path):
    import typer
    import typer.main

    from reltrack.cli import common
    from reltrack.cli.app import app

    context = typer.Context(typer.main.get_command(app))
    assert common.complete_name(context, "bjork") == ["Bjørk Guðmundsdóttir"]
    context.params["db"] = str(tmp_path / "missing.db")
    assert common.complete_name(context, "bjork") == []
    assert list(tmp_path.iterdir()) == []


def test_the_scripts_are_printed(cli):
    for shell in ("bash", "zsh", "fish"):
        assert cli.ok("completion", shell).stdout == completion.script(shell)
    cli.fails(2, "completion", "powershell")
