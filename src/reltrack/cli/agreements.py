"""Commands for agreements: agreement, agreements, edit-agreement, delete-agreement."""

from __future__ import annotations

from typing import Annotated

import typer

from reltrack.cli import common
from reltrack.cli.common import FormatOption, NameArgument

IdArgument = Annotated[int, typer.Argument(metavar="ID", help="Agreement id, from `reltrack agreements`.")]
StartsOption = Annotated[str | None, typer.Option("--starts", metavar="WHEN", help="When it started (default: today).")]
NoticeHelp = "How long before the end notice must be given to renew or end it: 1mo, 3mo, 30d (default: 1mo)."
StatusStyle = {"renewal due": "bold yellow", "ended": "dim", "active": None, "open-ended": None}


def _said(row) -> str:  # type: ignore[no-untyped-def]
    if row.ends_on is None:
        return f"{row.title} (open-ended)"
    return f"{row.title}, ends {row.ends_on.isoformat()}; give notice by {row.notice_on.isoformat()} ({row.renew_notice} notice)"


def _terms(text: str | None) -> int | None:
    if text is None:
        return None
    from reltrack.errors import InvalidInput

    try:
        return int(text.strip())
    except ValueError:
        raise InvalidInput(f"invalid value for --payment-terms: '{text}' is not a number of days (or none)") from None


def agreement(
    name: NameArgument,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What it covers: \"Retainer 2027\", \"Framework agreement\".")],
    ends: Annotated[str | None, typer.Option("--ends", metavar="WHEN", help="When it ends (default: open-ended): 2027-06-30, in 6mo.")] = None,
    renew_notice: Annotated[str | None, typer.Option("--renew-notice", metavar="DURATION", help=NoticeHelp)] = None,
    payment_terms: Annotated[int | None, typer.Option("--payment-terms", metavar="DAYS", min=0, max=365, help="Days to pay an invoice: 14, 30, 60.")] = None,
    starts: StartsOption = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="Anything worth keeping about it.")] = None,
) -> None:
    """Record a contract or framework agreement: `due` lists its renewal from the end date minus the notice."""
    from reltrack.core.agreements import AgreementFields, add_agreement
    from reltrack.core.contacts import find_contact
    from reltrack.output import counted

    fields = AgreementFields(
        title=title, starts_on=common.day(starts, "--starts", "past"), ends_on=common.day(ends, "--ends"),
        renew_notice=common.duration(renew_notice, "--renew-notice"), payment_terms_days=payment_terms, note=note,
    )  # fmt: skip
    with common.writing() as session:
        row = add_agreement(session, common.current().now, find_contact(session, name).id, fields)  # type: ignore[arg-type]
    terms = f"; payment terms {counted(row.payment_terms_days, 'day')}" if row.payment_terms_days is not None else ""
    common.say(f"Recorded agreement {row.id} with {row.contact}: {_said(row)}{terms}.")


def agreements(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Only this contact's agreements.", autocompletion=common.complete_name)] = None,
    fmt: FormatOption = None,
) -> None:
    """List agreements with their ids, soonest end first, and when notice is due."""
    from reltrack.core.agreements import list_agreements
    from reltrack.core.contacts import find_contact
    from reltrack.output import Column

    with common.reading() as session:
        contact_id = find_contact(session, name).id if name is not None else None
        rows = list_agreements(session, common.current().now, contact_id)
    columns = [
        Column("id", justify="right"), Column("contact", min_width=12), Column("title", max_width=40),
        Column("starts_on", "starts", in_table=False), Column("ends_on", "ends"), Column("renew_notice", "notice"),
        Column("notice_on", "notice by"), Column("payment_terms_days", "pay in", justify="right", cell=lambda d: f"{d}d"),
        Column("status", style=StatusStyle.get), Column("note", max_width=40, in_table=False),
    ]  # fmt: skip
    hint = 'No agreements yet. Record one with: reltrack agreement NAME "Retainer 2027" --ends 2027-12-31 --renew-notice 2mo'
    common.render(fmt, rows, columns, empty="No agreements match." if name else hint)


def edit_agreement(
    agreement_id: IdArgument,
    title: Annotated[str | None, typer.Option("--title", metavar="TITLE", help="What it covers.")] = None,
    ends: Annotated[str | None, typer.Option("--ends", metavar="WHEN", help="A new end date (renewed); none: open-ended.")] = None,
    renew_notice: Annotated[str | None, typer.Option("--renew-notice", metavar="DURATION", help="A new notice period; none: the default (1mo).")] = None,
    payment_terms: Annotated[str | None, typer.Option("--payment-terms", metavar="DAYS", help="Days to pay an invoice; none clears them.")] = None,
    starts: StartsOption = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="Replace the note ('' clears it).")] = None,
) -> None:
    """Change an agreement: renewed (a new --ends), other notice or payment terms, title, note."""
    from reltrack.core.agreements import AgreementFields, edit_agreement

    fields = AgreementFields(
        title=title,
        starts_on=common.day(starts, "--starts", "past"),
        ends_on=None if common.is_clear(ends) else common.day(ends, "--ends"),
        clear_ends=common.is_clear(ends),
        renew_notice=None if common.is_clear(renew_notice) else common.duration(renew_notice, "--renew-notice"),
        clear_notice=common.is_clear(renew_notice),
        payment_terms_days=None if common.is_clear(payment_terms) else _terms(payment_terms),
        clear_payment_terms=common.is_clear(payment_terms),
        note=note,
    )
    with common.writing() as session:
        row = edit_agreement(session, common.current().now, agreement_id, fields)
    common.say(f"Updated agreement {row.id} with {row.contact}: {_said(row)}.")


def delete_agreement(
    agreement_id: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", metavar="", help="Do not ask (needed when not on a terminal).")] = False,
) -> None:
    """Delete an agreement recorded by mistake (to renew one, give it a new --ends with edit-agreement)."""
    from reltrack.core.agreements import delete_agreement, get_agreement

    with common.reading() as session:
        get_agreement(session, agreement_id)
    common.confirm_or_refuse(yes, f"Delete agreement {agreement_id}?", f"refusing to delete agreement {agreement_id}")
    with common.writing() as session:
        row = delete_agreement(session, common.current().now, agreement_id)
    common.say(f"Deleted agreement {row.id} ({row.title}, {row.contact}).")
