"""What every command shares: the invocation (clock, database, config), argument parsing, completion.

Only typer and the standard library at module level: `reltrack --help` must start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from reltrack.errors import InvalidInput, Refused
from reltrack.output import say  # noqa: F401  (commands call common.say)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from reltrack.config import Config
    from reltrack.core.rules.dates import Direction, Duration
    from reltrack.store.db import Database


class Fmt(str, Enum):
    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"


@dataclass
class Invocation:
    """One run of reltrack: a single `now` for the whole command, the database opened on first use."""

    db_option: str | None = None
    now: datetime = field(default_factory=lambda: clock())
    _database: Database | None = None
    _config: Config | None = None

    def database(self, write: bool = False) -> Database:
        """Opened on first use: by a reading command read-only when it cannot be written, and
        never created (only a writing command creates the database)."""
        if self._database is None:
            from reltrack.store.db import open_database

            self._database = open_database(self.db_option, write)
        return self._database

    def close(self) -> None:
        """Let go of the database's connections (a server counts them)."""
        if self._database is not None:
            self._database.dispose()

    def config(self) -> Config:
        if self._config is None:
            from reltrack.config import load_config

            self._config = load_config()
        return self._config


def clock() -> datetime:
    """Now, to the second; `RELTRACK_NOW` (an ISO time, such as 2026-12-01T09:00:00+01:00) fixes it
    for a whole run: tests and reproducible scripts judge from a moment that does not age."""
    fixed = os.environ.get("RELTRACK_NOW", "").strip()
    if not fixed:
        return datetime.now().astimezone().replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(fixed)
    except ValueError:
        raise InvalidInput(f"RELTRACK_NOW is not an ISO date and time: '{' '.join(fixed.split())}'") from None
    return moment.astimezone().replace(microsecond=0)  # in local time, as the real clock reads


_current = Invocation()


def start(db_option: str | None) -> None:
    global _current
    _current = Invocation(db_option)


def current() -> Invocation:
    return _current


def me() -> str:
    """Who is typing: the config's `user`, else the login name; recorded on what they enter."""
    return current().config().user


MineOption = Annotated[bool, typer.Option("--mine", metavar="", help="Only your own (config `user`, else your login name).")]


@contextmanager
def reading() -> Iterator[Session]:
    with current().database().session() as session:
        yield session


@contextmanager
def writing() -> Iterator[Session]:
    current().config()  # a broken config file stops every command before it writes, not only readers
    with current().database(write=True).session(write=True) as session:
        yield session


def render(fmt: Fmt | None, rows: Any, columns: tuple[str, ...] | list[Any], **options: Any) -> None:
    """Hand rows to the output layer; plain column keys become Columns."""
    from reltrack.output import Column, render

    cols = [c if isinstance(c, Column) else Column(c) for c in columns]
    render(rows, cols, fmt.value if fmt else None, **options)


def table_wanted(fmt: Fmt | None) -> bool:
    from reltrack.output import choose_format

    return choose_format(fmt.value if fmt else None) == "table"


# -- parsing what the user typed -----------------------------------------------


def _with_option(option: str, problem: InvalidInput) -> InvalidInput:
    return InvalidInput(f"invalid value for {option}: {problem}")


def when(text: str | None, option: str, direction: Direction = "past") -> datetime | None:
    if text is None:
        return None
    from reltrack.core.rules.dates import parse_when

    try:
        return parse_when(text, current().now, direction, current().config().day_order)
    except InvalidInput as problem:
        raise _with_option(option, problem) from None


def until(text: str | None, option: str = "--until", direction: Direction = "past") -> datetime | None:
    """The end of a range, inclusive: a date without a time (`2026-11-20`, `yesterday`) means up to that day's end."""
    from reltrack.core.rules.dates import local_date, local_midnight

    moment = when(text, option, direction)
    if moment is None or moment != local_midnight(local_date(moment)):
        return moment
    return local_midnight(local_date(moment) + timedelta(days=1)) - timedelta(microseconds=1)


def as_of(text: str | None, direction: Direction = "past") -> datetime:
    """The moment a report judges from: now by default; a date means the end of that day
    (its touchpoints count), and today means now, so `--as-of today` changes nothing."""
    now = current().now
    moment = until(text, "--as-of", direction)
    return now if moment is None or moment.date() == now.date() and moment >= now else moment


def day(text: str | None, option: str, direction: Direction = "future"):  # type: ignore[no-untyped-def]
    if text is None:
        return None
    from reltrack.core.rules.dates import parse_day

    try:
        return parse_day(text, current().now, direction, current().config().day_order)
    except InvalidInput as problem:
        raise _with_option(option, problem) from None


def duration(text: str | None, option: str) -> Duration | None:
    if text is None:
        return None
    from reltrack.core.rules.dates import parse_duration

    try:
        return parse_duration(text)
    except InvalidInput as problem:
        raise _with_option(option, problem) from None


def is_clear(text: str | None) -> bool:
    """`--every none` (or an empty value) removes an optional setting."""
    return text is not None and text.strip().lower() in ("", "none")


def confirm_or_refuse(yes: bool, question: str, refusal: str) -> None:
    """Destructive commands ask on a terminal and need --yes otherwise."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise Refused(f"{refusal} without --yes (not on a terminal to ask)")
    if not typer.confirm(question, default=False, err=True):
        raise Refused("nothing changed")


# -- shell completion ----------------------------------------------------------


def complete_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Contact names, for anything that completes through click (the shell scripts of
    `reltrack completion` get them from cli/completion.py before Typer loads). Never fails."""
    from reltrack.cli.completion import names_matching

    return names_matching(ctx.find_root().params.get("db"), incomplete)


def complete_channel(incomplete: str) -> list[str]:
    from reltrack.vocab import CHANNEL_ALIASES, CHANNELS

    return [c for c in (*CHANNELS, *CHANNEL_ALIASES) if c.startswith(incomplete.lower())]


def complete_kind(incomplete: str) -> list[str]:
    from reltrack.vocab import KINDS

    return [k for k in KINDS if k.startswith(incomplete.lower())]


# -- options shared by several commands ------------------------------------------

FormatOption = Annotated[
    Fmt | None,
    typer.Option("--format", "-f", metavar="FORMAT", help="Output format (default: table on a terminal, tsv when piped)."),
]
NameArgument = Annotated[str, typer.Argument(metavar="NAME", help="Contact name (or an unambiguous part of it).", autocompletion=complete_name)]
