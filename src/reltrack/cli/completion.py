"""Shell completion for bash, zsh and fish, answered before Typer is even imported.

`reltrack completion SHELL` prints a script that defines a completion function. On every Tab it
runs `reltrack` with `_RELTRACK_COMPLETE=SHELL` and what was typed in environment variables:

- bash: `_RELTRACK_COMPLETE_LINE`, the command line up to the cursor as typed, and
  `_RELTRACK_COMPLETE_CURRENT`, the text the completion replaces as readline cut it (bash's `$2`:
  after an opening quote, or after a `=` or `:`);
- zsh, fish: `_RELTRACK_COMPLETE_WORDS`, the words after `reltrack` before the cursor, unquoted,
  one per line, and `_RELTRACK_COMPLETE_CURRENT`, the word at the cursor up to it, unquoted.

The answer is one line per candidate, `plain<TAB>VALUE<TAB>HELP`, or a single `file` or `dir`
line: let the shell complete a path. bash gets each VALUE quoted as one shell word (readline
inserts it as it is); zsh and fish get the value itself and quote it themselves. Candidates need
not begin with what was typed (`bjork` finds Bjørk Guðmundsdóttir); the scripts let them replace it.

Contact names, the common case, are read here with sqlite3 alone, read-only, so a Tab costs about
what starting Python does. NAME_COMMANDS below says which words are names without building the click
command tree; a test compares it with the real tree. Everything else (commands, options, --via,
--kind) goes through click's completion of the real app.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

# -- which words are contact names ------------------------------------------------

ROOT_VALUE_OPTIONS = frozenset({"--db"})  # the root's options that take a value

# The commands that take a contact name: their arguments in order (NAME: a contact; `...`: repeats),
# and every spelling of each option that takes a value (`=NAME`: the value is a contact).
# tests/cli/test_completion.py checks this against the commands themselves.
NAME_COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("NEW_NAME", "--org --kind -k --email --phone --tag -t --every --max --note -n --introduced-by=NAME"),
    "edit": ("NAME", "--name --org --kind -k --email --phone --tag -t --untag --every --max --note -n --introduced-by=NAME"),
    "show": ("NAME", "--format -f"),
    "archive": ("NAME", ""),
    "unarchive": ("NAME", ""),
    "delete": ("NAME", ""),
    "log": ("NAME...", "--via --at --note -n --rating -r --minutes --next"),
    "touches": ("NAME", "--since --until --via --limit -l --format -f"),
    "edit-touch": ("ID", "--via --at --note -n --rating -r --minutes --add=NAME --remove=NAME"),
    "followup": ("NAME WHEN", ""),
    "snooze": ("NAME WHEN_OR_DURATION", ""),
    "promise": ("NAME WHAT", "--due"),
    "promises": ("NAME", "--format -f"),
    "feedback": ("NAME SCORE", "--at --note -n"),
    "feedbacks": ("NAME", "--format -f"),
    "report trust": ("", "--as-of --kind -k --tag -t --sort --explain=NAME --format -f"),
    "deal": ("NAME TITLE", "--value --currency --stage --at --cost --note -n"),
    "deals": ("NAME", "--stage --since --until --format -f"),
    "edit-deal": ("ID", "--title --value --cost --currency --stage --at --note -n --contact=NAME"),
    "agreement": ("NAME TITLE", "--ends --renew-notice --payment-terms --starts --note -n"),
    "agreements": ("NAME", "--format -f"),
    "network": ("NAME", "--format -f"),
    "merge": ("NAME NAME", ""),
}
GROUPS = frozenset(command.split()[0] for command in NAME_COMMANDS if " " in command)


class CommandShape(NamedTuple):
    arguments: tuple[bool, ...]  # for each positional argument: is it a contact name
    repeats: bool  # the last argument takes any number of values
    value_options: frozenset[str]
    name_options: frozenset[str]


def shape(command: str) -> CommandShape:
    arguments, options = NAME_COMMANDS[command]
    words = arguments.split()
    spellings = options.split()
    return CommandShape(
        arguments=tuple(word.removesuffix("...") == "NAME" for word in words),
        repeats=bool(words) and words[-1].endswith("..."),
        value_options=frozenset(s.removesuffix("=NAME") for s in spellings),
        name_options=frozenset(s.removesuffix("=NAME") for s in spellings if s.endswith("=NAME")),
    )


class NameWanted(NamedTuple):
    """The word at the cursor is a contact name: `typed` is what was typed of it, `before` what
    precedes it in the same word (`--add=`), `db` the --db given on the line, if any."""

    typed: str
    before: str
    db: str | None


def name_wanted(args: Sequence[str], incomplete: str) -> NameWanted | None:
    """Whether the word being completed is a contact name, from the words before it."""
    db: str | None = None
    command: list[str] = []
    found: CommandShape | None = None
    value_options = ROOT_VALUE_OPTIONS
    pending: str | None = None  # an option waiting for its value
    positional = 0
    only_arguments = False  # after `--`
    for word in args:
        if pending is not None:
            if pending == "--db" and found is None:
                db = word
            pending = None
        elif not only_arguments and word == "--":
            only_arguments = True
        elif not only_arguments and word.startswith("-") and word != "-":
            if word.startswith("--"):
                option, has_value, value = word.partition("=")
                if option in value_options and not has_value:
                    pending = option
                elif option == "--db" and found is None:
                    db = value
            else:  # -abc: flags, until one that takes a value (the rest, or the next word)
                for index, letter in enumerate(word[1:], start=2):
                    if f"-{letter}" in value_options:
                        pending = None if word[index:] else f"-{letter}"
                        break
        elif found is None:
            command.append(word)
            key = " ".join(command)
            if key in GROUPS:
                continue
            if key not in NAME_COMMANDS:
                return None  # a command without names, or not a command at all
            found = shape(key)
            value_options = found.value_options
        else:
            positional += 1
    if found is None:
        return None
    if pending is not None:
        return NameWanted(incomplete, "", db) if pending in found.name_options else None
    if not only_arguments and incomplete.startswith("-"):
        option, has_value, value = incomplete.partition("=")
        if has_value and option in found.name_options:
            return NameWanted(value, option + "=", db)
        return None
    if positional < len(found.arguments):
        is_name = found.arguments[positional]
    else:
        is_name = found.repeats and found.arguments[-1]
    return NameWanted(incomplete, "", db) if is_name else None


# -- contact names, read with sqlite3 alone ----------------------------------------


def names_matching(db_option: str | None, typed: str) -> list[str]:
    """Names to offer for `typed`, best first; nothing (never an error) when they cannot be read."""
    try:
        from reltrack.core.rules.names import ascii_fold, fold

        wanted, ascii_wanted = fold(typed), ascii_fold(typed)
        if typed[-1:].isspace() and wanted:
            wanted += " "  # `Ana ` wants the Ana Lima kind, not Anabela
            ascii_wanted += " "
        return rank(stored_names(db_option, wanted, ascii_wanted), typed, wanted, ascii_wanted)
    except Exception:
        return []


def rank(rows: Iterable[tuple[str, str, str]], typed: str, wanted: str, ascii_wanted: str = "") -> list[str]:
    """The order lookups try (see core/rules/names.py): the very name, the name without accents,
    then names that begin with it, then names that contain it, then the same transliterated to
    ASCII (`ivanov` offers Пётр Иванов). Within each, names that match as typed (accents and all)
    first, then alphabetically."""
    from reltrack.core.rules.names import name_key

    key = name_key(typed)
    ranked = []
    for name, folded, ascii_name in rows:
        if folded == wanted:
            tier, as_typed = (0 if name_key(name) == key else 1), True
        elif folded.startswith(wanted):
            tier, as_typed = 2, name_key(name).startswith(key)
        elif wanted in folded:
            tier, as_typed = 3, key in name_key(name)
        elif ascii_wanted and (ascii_name.startswith(ascii_wanted) or f" {ascii_wanted}" in ascii_name):
            # transliterated, from the start of a word only: `an` is not worth offering 王小明 (wangxiaoming)
            tier, as_typed = (4 if ascii_name.startswith(ascii_wanted) else 5), False
        else:
            continue
        ranked.append((tier, not as_typed, folded, name))
    return [name for *_, name in sorted(ranked)]


def stored_names(db_option: str | None, wanted: str = "", ascii_wanted: str = "") -> list[tuple[str, str, str]]:
    """(name, folded name, ASCII name) of the contacts whose folded name contains `wanted` or whose
    ASCII name contains `ascii_wanted`, archived too."""
    from reltrack.store.db import resolve_url, sqlite_path

    url = resolve_url(db_option)
    path = sqlite_path(url)
    if path is None:
        if url.startswith("postgresql"):
            return _names_from_postgres(url, wanted, ascii_wanted)
        return [] if url.startswith("sqlite") else _names_through_sqlalchemy(url, wanted, ascii_wanted)
    return _names_from_sqlite_file(path, wanted, ascii_wanted)


def _names_from_postgres(url: str, wanted: str, ascii_wanted: str) -> list[tuple[str, str, str]]:
    """The psycopg driver itself, without SQLAlchemy: a tab press must answer at once."""
    import psycopg

    conninfo = "postgresql://" + url.split("://", 1)[1]
    with psycopg.connect(conninfo, connect_timeout=2) as connection:
        query = "SELECT name, name_fold, name_ascii FROM contact WHERE strpos(name_fold, %s) > 0 OR strpos(name_ascii, %s) > 0"
        return list(connection.execute(query, (wanted, ascii_wanted or wanted)))


def _matching(rows: Iterable[tuple[str, str, str]], wanted: str, ascii_wanted: str) -> list[tuple[str, str, str]]:
    return [row for row in rows if wanted in row[1] or (ascii_wanted and ascii_wanted in row[2])]


def _forms(names: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """(name, folded, ASCII) computed here: a database from before those columns were stored."""
    from reltrack.core.rules.names import ascii_fold, fold

    return ((name, fold(name), ascii_fold(name)) for name in names)


def _names_from_sqlite_file(path, wanted: str, ascii_wanted: str) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    import sqlite3

    if not path.is_file():
        return []  # nothing to read, and nothing to create
    # Read-only, so nothing is ever created. Without a -wal file there is no writer in the
    # middle of a transaction, and `immutable` keeps SQLite from leaving -wal and -shm files behind.
    live = any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-journal"))
    uri = path.absolute().as_uri() + ("?mode=ro" if live else "?mode=ro&immutable=1")
    connection = sqlite3.connect(uri, uri=True, timeout=0.2)
    try:
        try:
            query = "SELECT name, name_fold, name_ascii FROM contact WHERE instr(name_fold, ?) > 0 OR instr(name_ascii, ?) > 0"
            return list(connection.execute(query, (wanted, ascii_wanted or wanted)))
        except sqlite3.OperationalError:  # a database from before name_fold and name_ascii were stored
            return _matching(_forms(name for (name,) in connection.execute("SELECT name FROM contact")), wanted, ascii_wanted)
    finally:
        connection.close()


def _names_through_sqlalchemy(url: str, wanted: str, ascii_wanted: str = "") -> list[tuple[str, str, str]]:
    """PostgreSQL and other servers: SQLAlchemy Core, the one case that needs it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT name, name_fold, name_ascii FROM contact"))
            return _matching([tuple(row) for row in rows], wanted, ascii_wanted)
    finally:
        engine.dispose()


# -- everything else: click's completion of the real command tree ------------------


class Candidate(NamedTuple):
    value: str
    help: str = ""
    kind: str = "plain"  # plain, or file / dir: let the shell complete a path


PATH_METAVARS = frozenset({"PATH", "FILE", "DEST"})  # these values are paths: the shell completes them


def other_candidates(args: Sequence[str], incomplete: str) -> list[Candidate]:
    """Commands, options and option values, as click completes them for the real app."""
    import contextlib
    import io
    from pathlib import Path

    from typer._click.shell_completion import _resolve_context, _resolve_incomplete
    from typer.main import get_command

    from reltrack.cli.app import app

    # parsing runs eager callbacks (--version prints): keep stdout for the answer alone
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            context = _resolve_context(get_command(app), {}, "reltrack", list(args))
            handler, incomplete = _resolve_incomplete(context, list(args), incomplete)
            items = handler.shell_complete(context, incomplete)
        except SystemExit:
            return []
    metavar = (getattr(handler, "metavar", None) or "").strip("[]")
    descriptor = getattr(handler, "type_descriptor", None)
    if not items and (metavar in PATH_METAVARS or getattr(descriptor, "annotation", None) is Path):
        return [Candidate("", kind="file")]
    return [Candidate(str(item.value), " ".join((item.help or "").split())) for item in items]


def candidates(args: Sequence[str], incomplete: str, environ: Mapping[str, str] = os.environ) -> list[Candidate]:
    """What may replace the word at the cursor, whole (`--add=Ana Lima`, not `Ana Lima`)."""
    wanted = name_wanted(args, incomplete)
    if wanted is not None:
        return [Candidate(wanted.before + name) for name in names_matching(wanted.db, wanted.typed)]
    try:
        return other_candidates(args, incomplete)
    except Exception:
        if environ.get("RELTRACK_DEBUG"):
            raise
        return []


# -- bash: reading the line as bash does, quoting the answer for it -----------------


class ShellWord(NamedTuple):
    raw: str  # as typed
    value: str  # after quote removal
    quote: str  # the quote still open at its end: ', ", $' or nothing


_ANSI_C = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


def split_line(line: str) -> list[ShellWord]:
    """The words of a bash command line, unquoted; the last one is the word at its end (empty
    after a space). Expansions ($HOME, ~) are left as typed."""
    words: list[ShellWord] = []
    start: int | None = None
    value: list[str] = []
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if not quote:
            if char in " \t\n":
                if start is not None:
                    words.append(ShellWord(line[start:index], "".join(value), ""))
                    start, value = None, []
                index += 1
                continue
            if start is None:
                start = index
            if char == "\\":
                if line[index + 1 : index + 2] not in ("", "\n"):
                    value.append(line[index + 1])
                index += 2
            elif char in "'\"":
                quote = char
                index += 1
            elif char == "$" and line[index + 1 : index + 2] == "'":
                quote = "$'"
                index += 2
            else:
                value.append(char)
                index += 1
        elif quote == "'":
            if char == "'":
                quote = ""
            else:
                value.append(char)
            index += 1
        elif quote == '"':
            if char == '"':
                quote = ""
                index += 1
            elif char == "\\" and line[index + 1 : index + 2] in ('$', '`', '"', "\\", "\n"):
                value.append(line[index + 1] if line[index + 1] != "\n" else "")
                index += 2
            else:
                value.append(char)
                index += 1
        else:  # $'...'
            if char == "'":
                quote = ""
                index += 1
            elif char == "\\" and index + 1 < len(line):
                value.append(_ANSI_C.get(line[index + 1], "\\" + line[index + 1]))
                index += 2
            else:
                value.append(char)
                index += 1
    if start is None:
        words.append(ShellWord("", "", ""))
    else:
        words.append(ShellWord(line[start:], "".join(value), quote))
    return words


_BARE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+.,/%")


def bash_quote(text: str, quote: str = "") -> str | None:
    """`text` as bash reads it back, after an opening `quote` (which readline closes after a
    single match) or bare, as printf %q would write it: `Ana\\ Lima`, `O\\'Brien`."""
    if quote in ("'", '"'):
        if quote == "'":
            quoted = text.replace("'", "'\\''")
        else:
            quoted = "".join("\\" + c if c in '"\\$`' else c for c in text)
        # readline closes the quote after a single match, unless the text ends with that character
        return quoted + quote if quoted.endswith(quote) else quoted
    if quote:
        return None  # inside $'...': not worth the trouble
    out = []
    for char in text:
        if char in _BARE:
            out.append(char)
        elif ord(char) > 127 and not unicodedata.category(char).startswith("C"):
            out.append(char)  # letters of any script stay readable, as printf %q leaves them
        elif char.isprintable():
            out.append("\\" + char)
        else:
            out.append(f"$'\\x{ord(char):02x}'" if ord(char) < 256 else f"$'\\u{ord(char):04x}'")
    return "".join(out)


def bash_request(environ: Mapping[str, str]) -> tuple[list[str], str, str, str] | None:
    """(words before the cursor's, the word at the cursor unquoted, the part of it readline keeps,
    the quote open where the replaced part begins), or None when the line is not for us."""
    words = split_line(environ.get("_RELTRACK_COMPLETE_LINE", ""))
    if len(words) < 2:
        return None
    current = words[-1]
    replaced = environ.get("_RELTRACK_COMPLETE_CURRENT", current.raw)
    if not current.raw.endswith(replaced):
        return None
    kept = split_line(current.raw[: len(current.raw) - len(replaced)])[-1]
    return [word.value for word in words[1:-1]], current.value, kept.value, kept.quote


# -- the protocol --------------------------------------------------------------------


def _line(kind: str, value: str = "", help: str = "") -> str:
    return f"{kind}\t{value}\t{help}".rstrip("\t")


def answer(shell: str, environ: Mapping[str, str]) -> list[str]:
    if shell == "bash":
        request = bash_request(environ)
        if request is None:
            return []
        args, incomplete, kept, quote = request
        found = candidates(args, incomplete, environ)
        if found and found[0].kind != "plain":
            return [_line(found[0].kind)]
        lines = []
        for candidate in found:
            if not candidate.value.startswith(kept):
                continue  # it would have to change what is typed before the replaced part
            quoted = bash_quote(candidate.value[len(kept) :], quote)
            if quoted:
                lines.append(_line("plain", quoted))
        return lines
    if shell in ("zsh", "fish"):
        typed_words = environ.get("_RELTRACK_COMPLETE_WORDS", "")
        args = typed_words.split("\n") if typed_words else []
        found = candidates(args, environ.get("_RELTRACK_COMPLETE_CURRENT", ""), environ)
        if found and found[0].kind != "plain":
            return [_line(found[0].kind)]
        return [_line("plain", c.value, c.help) for c in found if "\n" not in c.value and "\t" not in c.value]
    return []  # e.g. `complete_bash` from a script Typer's --install-completion wrote


def main() -> int:
    """Answer one completion request; always silent on stderr and successful."""
    try:
        lines = answer(os.environ.get("_RELTRACK_COMPLETE", ""), os.environ)
        if lines:
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()
    except Exception:
        if os.environ.get("RELTRACK_DEBUG"):
            raise
    return 0


# -- the scripts -------------------------------------------------------------------

BASH = r"""# reltrack completion for bash. In ~/.bashrc:  eval "$(reltrack completion bash)"
_reltrack_completion() {
    local kind value
    COMPREPLY=()
    while IFS=$'\t' read -r kind value; do
        case $kind in
            plain) COMPREPLY+=("$value") ;;
            file) compopt -o default 2>/dev/null ;;
            dir) compopt -o dirnames 2>/dev/null ;;
        esac
    done < <(_RELTRACK_COMPLETE=bash \
             _RELTRACK_COMPLETE_LINE="${COMP_LINE:0:COMP_POINT}" \
             _RELTRACK_COMPLETE_CURRENT="${2-${COMP_WORDS[COMP_CWORD]}}" \
             "${1:-reltrack}" 2>/dev/null)
    return 0
}
complete -o nosort -F _reltrack_completion reltrack 2>/dev/null || complete -F _reltrack_completion reltrack
"""

ZSH = r"""#compdef reltrack
# reltrack completion for zsh. In ~/.zshrc, after compinit:  eval "$(reltrack completion zsh)"
_reltrack_completion() {
    local kind value help
    local -a values displays
    local -i described=0
    while IFS=$'\t' read -r kind value help; do
        case $kind in
            plain) values+=("$value"); displays+=("$value${help:+  -- $help}"); [[ -n $help ]] && described=1 ;;
            file) _files; return ;;
            dir) _files -/; return ;;
        esac
    done < <(_RELTRACK_COMPLETE=zsh \
             _RELTRACK_COMPLETE_WORDS="${(pj:\n:)${(@Q)words[2,CURRENT-1]}}" \
             _RELTRACK_COMPLETE_CURRENT="${(Q)PREFIX}" \
             "${(Q)words[1]}" 2>/dev/null)
    (( $#values )) || return 1
    # -U: a candidate may replace what was typed (bjork -> Bjørk); zsh quotes what it inserts
    if (( described )); then
        compadd -U -V reltrack -l -d displays -- "${values[@]}"
    else
        compadd -U -V reltrack -- "${values[@]}"
    fi
    # several candidates with nothing in common: list them, keep what was typed
    if (( compstate[nmatches] > 1 )) && [[ -z $compstate[unambiguous] ]]; then
        compstate[insert]=''
    fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _reltrack_completion "$@"
else
    compdef _reltrack_completion reltrack
fi
"""

FISH = r"""# reltrack completion for fish. In ~/.config/fish/config.fish:  reltrack completion fish | source
function __reltrack_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct | string unescape)
    set -lx _RELTRACK_COMPLETE fish
    set -lx _RELTRACK_COMPLETE_WORDS (string join \n -- $words[2..-1] | string collect)
    set -lx _RELTRACK_COMPLETE_CURRENT "$current"
    for line in ($words[1] 2>/dev/null)
        set -l fields (string split -m 2 \t -- $line)
        switch $fields[1]
            case plain
                printf '%s\t%s\n' $fields[2] "$fields[3]"
            case file
                __fish_complete_path (commandline -ct)
            case dir
                __fish_complete_directories (commandline -ct)
        end
    end
end
complete -c reltrack -e
complete -c reltrack -f -k -a '(__reltrack_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}


def script(shell: str) -> str:
    return SCRIPTS[shell]
