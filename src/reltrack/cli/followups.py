"""Commands for follow-ups: due, quiet, followup, snooze."""

from __future__ import annotations

from typing import Annotated

import typer

from reltrack.cli import common
from reltrack.cli.common import FormatOption, NameArgument
from reltrack.errors import ExitCode

STATUS_STYLE = {"overdue": "bold red", "due": "yellow", "upcoming": "dim"}


def due(
    within: Annotated[str | None, typer.Option("--within", "-w", metavar="DURATION", help="Also list what comes due within this span: 7d, 2w.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="WHEN", help="Judge as of this date instead of now.")] = None,
    check: Annotated[bool, typer.Option("--check", metavar="", help="Exit 1 when anything is due or overdue (for cron and scripts).")] = False,
    mine: common.MineOption = False,
    fmt: FormatOption = None,
) -> None:
    """Who needs attention, most urgent first; --mine: the contacts whose latest touchpoint you logged, or whom you promised something."""
    from reltrack.core.reports.due import due as due_rows
    from reltrack.output import Column, as_day
    from reltrack.store.contacts import has_contacts

    invocation = common.current()
    moment = common.as_of(as_of, "future")
    span = common.duration(within, "--within")
    within_days = span.days_from(moment.date()) if span else 0
    with common.reading() as session:
        rows = due_rows(session, invocation.config(), moment, within_days, common.me() if mine else None)
        empty = not rows and not has_contacts(session)
    columns = [
        Column("contact", min_width=16),
        Column("status", style=STATUS_STYLE.get),
        Column("reason", in_table=False),
        Column("due_on", "due"),
        Column("days_overdue", "late", justify="right", plain=True),
        Column("last_contact", "last", cell=as_day),
        Column("cadence_days", in_table=False, plain=True),
        Column("urgency", in_table=False, plain=True),  # the table's order already shows it
        Column("detail", "why", in_data=False),
    ]
    if empty:  # first run: the hint goes to stderr whatever the format, pipes stay clean
        common.say('No contacts yet. Add your first with: reltrack add "Ana Lima" --kind client --every 2w')
    hint = "" if within else " See what is coming with: reltrack due --within 7d"
    common.render(fmt, rows, columns, empty=None if empty else "Nothing due." + hint)
    if check and any(row.status != "upcoming" for row in rows):
        raise typer.Exit(ExitCode.DOMAIN)


def quiet(
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="WHEN", help="Judge as of this date instead of now.")] = None,
    fmt: FormatOption = None,
) -> None:
    """Relationships gone quiet: silent far longer than their usual rhythm."""
    from reltrack.core.reports.quiet import QUIET_COLUMNS, quiet_report
    from reltrack.output import Column, as_day

    invocation = common.current()
    moment = common.as_of(as_of, "future")
    with common.reading() as session:
        rows = quiet_report(session, invocation.config(), moment)
    columns = [
        Column(key, header, justify="right" if numeric else "left", cell=cell, plain=numeric)
        for key, header, cell, numeric in zip(
            QUIET_COLUMNS,
            ("contact", "usually every", "silent for", "ratio", "last", "quiet since", "basis"),
            (None, lambda d: f"{d:g}d", lambda d: f"{d}d", lambda r: f"{r:.1f}x", as_day, None, None),
            (False, True, True, True, False, False, False),
            strict=True,
        )
    ]
    common.render(fmt, rows, columns, empty="No relationship has gone quiet.")


def followup(
    name: NameArgument,
    when: Annotated[str | None, typer.Argument(metavar="WHEN", help="Follow-up date: friday, in 2w, 2026-12-01.")] = None,
    clear: Annotated[bool, typer.Option("--clear", metavar="", help="Remove the follow-up date; the cadence applies again.")] = False,
    force: Annotated[bool, typer.Option("--force", metavar="", help="Accept a date in the past.")] = False,
) -> None:
    """Set an explicit follow-up date. It replaces the cadence until the next touchpoint."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.followups import set_followup
    from reltrack.errors import InvalidInput

    if (when is None) == (not clear):
        raise InvalidInput("give a follow-up date, or --clear")
    day = common.day(when, "WHEN")
    with common.writing() as session:
        contact = set_followup(session, common.current().now, find_contact(session, name).id, day, force)  # type: ignore[arg-type]
    common.say(f"Follow up with {contact.name} on {day.isoformat()}." if day else f"Follow-up for {contact.name} cleared.")


def snooze(
    name: NameArgument,
    until: Annotated[str | None, typer.Argument(metavar="WHEN_OR_DURATION", help="Until a date (monday, 2026-12-01) or for a span (2w).")] = None,
    clear: Annotated[bool, typer.Option("--clear", metavar="", help="Wake the contact up now.")] = False,
) -> None:
    """Hide a contact from `due` until a date or for a while."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.followups import snooze as snooze_contact
    from reltrack.core.rules.dates import parse_when_or_duration
    from reltrack.errors import InvalidInput

    if (until is None) == (not clear):
        raise InvalidInput("give a date or a span to snooze until, or --clear")
    invocation = common.current()
    moment = None
    if until is not None:
        try:
            moment = parse_when_or_duration(until, invocation.now, invocation.config().day_order)
        except InvalidInput as problem:
            raise InvalidInput(f"invalid value for WHEN_OR_DURATION: {problem}") from None
    with common.writing() as session:
        contact = snooze_contact(session, invocation.now, find_contact(session, name).id, moment)  # type: ignore[arg-type]
    common.say(f"Snoozed {contact.name} until {moment.astimezone():%Y-%m-%d}." if moment else f"{contact.name} is awake.")
