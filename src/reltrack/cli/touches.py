"""Commands for touchpoints: log, touches, edit-touch, delete-touch."""

from __future__ import annotations

from typing import Annotated

import typer

from reltrack.cli import common
from reltrack.cli.common import FormatOption

ViaOption = Annotated[
    str | None,
    typer.Option("--via", metavar="CHANNEL", help="meeting (face to face; also in-person, f2f), video, call, message, email, social, letter, note.", autocompletion=common.complete_channel),
]
AtOption = Annotated[str | None, typer.Option("--at", metavar="WHEN", help="When it happened (default: now): 2026-11-20 15:30, yesterday, friday, 3d ago.")]
NoteOption = Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="What was said or agreed.")]
RatingOption = Annotated[int | None, typer.Option("--rating", "-r", metavar="N", min=1, max=5, help="How it went, 1 (badly) to 5 (very well).")]
MinutesOption = Annotated[int | None, typer.Option("--minutes", metavar="N", min=0, max=7 * 24 * 60, help="How long it took.")]
NamesArgument = Annotated[list[str], typer.Argument(metavar="NAME", help="Who was there: one or more contact names.", autocompletion=common.complete_name)]


def log(
    names: NamesArgument,
    via: ViaOption = "call",
    at: AtOption = None,
    note: NoteOption = None,
    inbound: Annotated[bool, typer.Option("--in/--out", metavar="", help="--in: they reached out; --out: I did.")] = False,
    rating: RatingOption = None,
    minutes: MinutesOption = None,
    next_: Annotated[str | None, typer.Option("--next", metavar="WHEN", help="Set the next follow-up date: friday, in 2w, 2026-12-01.")] = None,
    force: Annotated[bool, typer.Option("--force", metavar="", help="Accept a --next date in the past.")] = False,
) -> None:
    """Record a touchpoint with one or more contacts (a meeting with three people is one touchpoint)."""
    from reltrack.core.contacts import find_contacts
    from reltrack.core.touches import TouchFields, get_touch, log_touch

    fields = TouchFields(common.when(at, "--at"), via, inbound, note, rating, minutes)
    followup = common.day(next_, "--next")
    with common.writing() as session:
        contacts = find_contacts(session, names)
        touch = get_touch(session, log_touch(session, common.current().now, [c.id for c in contacts], fields, followup, force, common.me()))  # type: ignore[misc]
    people = ", ".join(contact.name for contact in contacts)  # in the order given
    common.say(
        f"Logged {touch.via} with {people} on {touch.at.astimezone():%Y-%m-%d %H:%M} (id {touch.id})."
        + (f" Next follow-up: {followup.isoformat()}." if followup else "")
    )


def touches(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Only touchpoints with this contact.", autocompletion=common.complete_name)] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="WHEN", help="From this date on (2026-01-01, 3mo ago...).")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="WHEN", help="Up to this date.")] = None,
    via: ViaOption = None,
    limit: Annotated[int | None, typer.Option("--limit", "-l", metavar="N", min=1, help="At most this many, newest first.")] = None,
    fmt: FormatOption = None,
) -> None:
    """The timeline of touchpoints, newest first, with the ids that edit-touch and delete-touch take."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.touches import list_touches

    start, end = common.when(since, "--since"), common.until(until)
    with common.reading() as session:
        contact_id = find_contact(session, name).id if name is not None else None
        rows = list_touches(session, contact_id, start, end, via, limit)
    common.render(fmt, rows, table_columns(), empty="No touchpoints yet. Record one with: reltrack log NAME --via meeting")


def touch(
    touch_id: Annotated[int, typer.Argument(metavar="ID", help="Touchpoint id, from `reltrack touches`.")],
    fmt: FormatOption = None,
) -> None:
    """One touchpoint whole: every field and the full note, which the touches table shortens.

    Example: reltrack touch 42 (or -f json for a script)
    """
    from dataclasses import asdict

    from reltrack.core.touches import get_touch
    from reltrack.output import render_record

    with common.reading() as session:
        row = get_touch(session, touch_id)
    render_record(list(asdict(row).items()), fmt.value if fmt else None, title=f"Touchpoint {row.id}")


def table_columns() -> list:  # type: ignore[type-arg]
    """Touchpoint columns: a note is shortened to one line (`reltrack touch ID` shows it whole);
    on a narrow terminal id, at, contacts, via and the note stay longest."""
    from reltrack.output import Column

    return [
        Column("id", justify="right"), Column("at"), Column("contacts"), Column("via", priority=2),
        Column("direction", priority=4), Column("rating", priority=5), Column("minutes", priority=6),
        Column("note", max_width=60, priority=3), Column("author", "by", priority=7),
    ]  # fmt: skip


def edit_touch(
    touch_id: Annotated[int, typer.Argument(metavar="ID", help="Touchpoint id, from `reltrack touches`.")],
    via: ViaOption = None,
    at: AtOption = None,
    note: NoteOption = None,
    inbound: Annotated[bool | None, typer.Option("--in/--out", metavar="", help="Who reached out.", show_default=False)] = None,
    rating: RatingOption = None,
    minutes: MinutesOption = None,
    add: Annotated[list[str] | None, typer.Option("--add", metavar="NAME", help="Add a contact to it.", autocompletion=common.complete_name)] = None,
    remove: Annotated[list[str] | None, typer.Option("--remove", metavar="NAME", help="Take a contact off it.", autocompletion=common.complete_name)] = None,
) -> None:
    """Correct a touchpoint logged by mistake: its time, channel, note, rating or who was there."""
    from reltrack.core.contacts import find_contacts
    from reltrack.core.touches import TouchFields, edit_touch

    fields = TouchFields(common.when(at, "--at"), via, inbound, note, rating, minutes)
    with common.writing() as session:
        added, removed = ([c.id for c in find_contacts(session, names or [])] for names in (add, remove))
        row = edit_touch(session, common.current().now, touch_id, fields, added, removed)  # type: ignore[arg-type]
    common.say(f"Updated touchpoint {row.id}: {row.via} with {', '.join(row.contacts)} on {row.at.astimezone():%Y-%m-%d %H:%M}.")


def delete_touch(
    touch_id: Annotated[int, typer.Argument(metavar="ID", help="Touchpoint id, from `reltrack touches`.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", metavar="", help="Do not ask (needed when not on a terminal).")] = False,
) -> None:
    """Delete a touchpoint logged by mistake."""
    from reltrack.core.touches import delete_touch, get_touch

    with common.reading() as session:
        get_touch(session, touch_id)
    common.confirm_or_refuse(yes, f"Delete touchpoint {touch_id}?", f"refusing to delete touchpoint {touch_id}")
    with common.writing() as session:
        row = delete_touch(session, touch_id)
    common.say(f"Deleted touchpoint {row.id} ({row.via} with {', '.join(row.contacts)}).")
