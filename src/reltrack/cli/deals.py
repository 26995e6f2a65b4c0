"""Commands for deals: deal, deals, won, lost, edit-deal, delete-deal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reltrack.cli import common
from reltrack.cli.common import FormatOption, NameArgument

if TYPE_CHECKING:
    from decimal import Decimal

IdArgument = Annotated[int, typer.Argument(metavar="ID", help="Deal id, from `reltrack deals`.")]
ValueOption = Annotated[str | None, typer.Option("--value", metavar="AMOUNT", help="What it is worth: 1250.50 (a point for decimals, no thousands separator).")]
CostOption = Annotated[str | None, typer.Option("--cost", metavar="AMOUNT", help="What suppliers were paid for it: profit is value minus cost.")]
CurrencyOption = Annotated[
    str | None,
    typer.Option("--currency", metavar="CODE", help="ISO 4217 code: EUR, USD, GBP, JPY... (default: money.currency in the config file, else EUR)."),
]
StageOption = Annotated[str | None, typer.Option("--stage", metavar="STAGE", help="lead, proposal, won or lost.", autocompletion=lambda incomplete: _stages(incomplete))]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="Anything worth keeping about it.")]
STAGE_STYLE = {"won": "green", "lost": "dim", "proposal": "yellow", "lead": None}


def _stages(incomplete: str) -> list[str]:
    from reltrack.vocab import DEAL_STAGES

    return [stage for stage in DEAL_STAGES if stage.startswith(incomplete.lower())]


def amount(text: str | None, option: str) -> Decimal | None:
    """An amount typed after `option`, exact; whether its decimals suit the currency is checked in core."""
    if text is None:
        return None
    from reltrack.core.rules.money import parse_amount
    from reltrack.errors import InvalidInput

    try:
        return parse_amount(text)
    except InvalidInput as problem:
        raise InvalidInput(f"invalid value for {option}: {problem}") from None


def _money(value: Decimal | None, currency: str) -> str:
    from reltrack.core.rules.money import text

    return f"{text(value)} {currency}"


def _said(row) -> str:  # type: ignore[no-untyped-def]
    """How a deal is described in messages: its title, value and where it stands."""
    when = f" on {row.closed_on.isoformat()}" if row.closed_on else ""
    profit = f", profit {_money(row.profit, row.currency)}" if row.profit is not None and row.cost is not None else ""
    return f"{row.title}, {_money(row.value, row.currency)}{profit} ({row.stage}{when})"


def deal(
    name: NameArgument,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What the work is, in a few words.")],
    value: Annotated[str, typer.Option("--value", metavar="AMOUNT", help="What it is worth: 1250.50 (a point for decimals, no thousands separator).")],
    currency: CurrencyOption = None,
    stage: StageOption = "lead",
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="When it was opened, or won or lost for a deal recorded as such (default: now).")] = None,
    cost: CostOption = None,
    note: NoteOption = None,
) -> None:
    """Record a deal with a contact: work offered (lead, proposal) or sold (won), or lost."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.deals import DealFields, add_deal

    invocation = common.current()
    fields = DealFields(
        title=title, value=amount(value, "--value"), cost=amount(cost, "--cost"), currency=currency,
        stage=stage, at=common.when(at, "--at"), note=note,
    )  # fmt: skip
    with common.writing() as session:
        row = add_deal(session, invocation.now, find_contact(session, name).id, fields, invocation.config().currency)  # type: ignore[arg-type]
    common.say(f"Recorded deal {row.id} with {row.contact}: {_said(row)}.")


def deals(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Only this contact's deals.", autocompletion=common.complete_name)] = None,
    stage: StageOption = None,
    since: Annotated[str | None, typer.Option("--since", metavar="WHEN", help="Won, lost or opened from this date on (2026-01-01, 3mo ago...).")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="WHEN", help="Up to this date.")] = None,
    fmt: FormatOption = None,
) -> None:
    """List deals with their ids, oldest first, and the totals per currency."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.deals import TOTAL_COLUMNS, deal_totals, list_deals
    from reltrack.output import Column

    start, end = common.when(since, "--since"), common.until(until)
    with common.reading() as session:
        contact_id = find_contact(session, name).id if name is not None else None
        rows = list_deals(session, contact_id, stage, start, end)
        totals = deal_totals(session, contact_id, stage, start, end) if rows and common.table_wanted(fmt) else []
    columns = [
        Column("id", justify="right"), Column("contact", min_width=12), Column("title", max_width=40),
        Column("stage", style=STAGE_STYLE.get), Column("value", justify="right", plain=True),
        Column("cost", justify="right", plain=True, in_table=False), Column("profit", justify="right", plain=True),
        Column("currency", "cur"), Column("opened_on", "opened", in_table=False), Column("closed_on", "closed"),
        Column("note", max_width=40, in_table=False),
    ]  # fmt: skip
    filtered = name or stage or since or until
    empty = "No deals match." if filtered else 'No deals yet. Record one with: reltrack deal NAME "Website redesign" --value 4800'
    common.render(fmt, rows, columns, empty=empty)
    if totals:
        headers = {"currency": "cur", "open_deals": "open", "open_value": "pipeline", "won_deals": "won", "won_value": "won value", "lost_deals": "lost"}
        total_columns = [
            Column(key, headers.get(key, ""), justify="left" if key == "currency" else "right", in_table=key != "lost_value") for key in TOTAL_COLUMNS
        ]
        common.render(common.Fmt.table, totals, total_columns, title="Totals (open: leads and proposals)")


def _close(deal_id: int, stage: str, at: str | None, value: str | None = None) -> None:
    from reltrack.core.deals import close_deal

    moment = common.when(at, "--at")
    with common.writing() as session:
        row = close_deal(session, common.current().now, deal_id, stage, moment, amount(value, "--value"))
    common.say(f"Deal {row.id} with {row.contact}: {_said(row)}.")


def won(
    deal_id: IdArgument,
    value: Annotated[str | None, typer.Option("--value", metavar="AMOUNT", help="The final value, when it changed.")] = None,
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="When it was won (default: now).")] = None,
) -> None:
    """Mark a deal won, with its final value if it changed."""
    _close(deal_id, "won", at, value)


def lost(deal_id: IdArgument, at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="When it was lost (default: now).")] = None) -> None:
    """Mark a deal lost."""
    _close(deal_id, "lost", at)


def edit_deal(
    deal_id: IdArgument,
    title: Annotated[str | None, typer.Option("--title", metavar="TITLE", help="What the work is.")] = None,
    value: ValueOption = None,
    cost: Annotated[str | None, typer.Option("--cost", metavar="AMOUNT", help="What suppliers were paid for it; none (or '') clears it.")] = None,
    currency: CurrencyOption = None,
    stage: StageOption = None,
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="Its date: when it was won or lost, or when it was opened.")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="Replace the note ('' clears it).")] = None,
    contact: Annotated[str | None, typer.Option("--contact", metavar="NAME", help="Move the deal to another contact.", autocompletion=common.complete_name)] = None,
) -> None:
    """Correct a deal: its title, value, cost, currency, stage, date, note or contact."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.deals import DealFields, edit_deal

    fields = DealFields(
        title=title, value=amount(value, "--value"), cost=None if common.is_clear(cost) else amount(cost, "--cost"),
        clear_cost=common.is_clear(cost), currency=currency, stage=stage, at=common.when(at, "--at"), note=note,
    )  # fmt: skip
    with common.writing() as session:
        if contact is not None:
            fields.contact_id = find_contact(session, contact).id
        row = edit_deal(session, common.current().now, deal_id, fields)
    common.say(f"Updated deal {row.id} with {row.contact}: {_said(row)}.")


def delete_deal(
    deal_id: IdArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", metavar="", help="Do not ask (needed when not on a terminal).")] = False,
) -> None:
    """Delete a deal recorded by mistake."""
    from reltrack.core.deals import deal_row, delete_deal

    with common.reading() as session:
        row = deal_row(session, deal_id)
    common.confirm_or_refuse(yes, f"Delete deal {deal_id} ({row.title}, {row.contact})?", f"refusing to delete deal {deal_id}")
    with common.writing() as session:
        row = delete_deal(session, deal_id)
    common.say(f"Deleted deal {row.id} ({row.title}, {row.contact}).")
