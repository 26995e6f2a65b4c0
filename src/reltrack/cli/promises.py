"""Commands for promises and feedback: promise, promises, kept, broken, cancel, reopen, edit-promise,
delete-promise, feedback, feedbacks, delete-feedback."""

from __future__ import annotations

from typing import Annotated

import typer

from reltrack.cli import common
from reltrack.cli.common import FormatOption, NameArgument

IdArgument = Annotated[int, typer.Argument(metavar="ID", help="Promise id, from `reltrack promises`.")]
OUTCOME_STYLE = {"late": "bold red", "broken": "red", "kept late": "yellow", "kept": "green", "cancelled": "dim"}


def promise(
    name: NameArgument,
    what: Annotated[str, typer.Argument(metavar="WHAT", help="What was promised, in a few words.")],
    due: Annotated[str, typer.Option("--due", metavar="WHEN", help="Deadline: friday, in 2w, 2026-12-01.")],
    mine: Annotated[bool, typer.Option("--mine/--theirs", metavar="", help="--mine: I promised them (default); --theirs: they promised me.")] = True,
) -> None:
    """Record a promise with a deadline, mine or theirs."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.promises import add_promise

    deadline = common.day(due, "--due")
    with common.writing() as session:
        row = add_promise(session, common.current().now, find_contact(session, name).id, what, deadline, mine, common.me())  # type: ignore[arg-type]
    whose = "You promised" if row.owner == "mine" else f"{row.contact} promised"
    target = f" {row.contact}" if row.owner == "mine" else ""
    common.say(f"{whose}{target}: {row.what}, by {row.due_on.isoformat()} (id {row.id}).")


def promises(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Only this contact's promises.", autocompletion=common.complete_name)] = None,
    show_all: Annotated[bool, typer.Option("--all/--open", metavar="", help="--open: only open promises (default); --all: kept, broken and cancelled too.")] = False,
    mine: common.MineOption = False,
    fmt: FormatOption = None,
) -> None:
    """List promises with their ids, soonest deadline first."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.promises import list_promises
    from reltrack.output import Column

    with common.reading() as session:
        contact_id = find_contact(session, name).id if name is not None else None
        rows = list_promises(session, common.current().now, contact_id, only_open=not show_all, author=common.me() if mine else None)
    columns = [
        # on a narrow terminal: id, contact, due_on, outcome, what stay longest
        Column("id", justify="right"), "contact", Column("owner", priority=4), Column("what", max_width=50, priority=3),
        Column("due_on", priority=1), Column("status", in_table=False), Column("outcome", style=OUTCOME_STYLE.get, priority=2),
        Column("resolved_on", priority=5),
    ]  # fmt: skip
    common.render(fmt, rows, columns, empty='No open promises. Record one with: reltrack promise NAME "send the quote" --due friday')


ForceOption = Annotated[bool, typer.Option("--force", metavar="", help="Change a promise already settled.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", metavar="", help="Do not ask (needed when not on a terminal).")]


def _resolve(promise_id: int, status: str, at: str | None = None, force: bool = False) -> None:
    from reltrack.core.promises import resolve_promise

    moment = common.when(at, "--at")
    with common.writing() as session:
        row = resolve_promise(session, common.current().now, promise_id, status, moment, force)
    common.say(f"Promise {row.id} ({row.what}, {row.contact}): {row.outcome}.")


def kept(
    promise_id: IdArgument,
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="When it was kept (default: now).")] = None,
    force: ForceOption = False,
) -> None:
    """Mark a promise kept; after its deadline it counts as kept late."""
    _resolve(promise_id, "kept", at, force)


def broken(
    promise_id: IdArgument,
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="When it was broken (default: now).")] = None,
    force: ForceOption = False,
) -> None:
    """Mark a promise broken."""
    _resolve(promise_id, "broken", at, force)


def cancel(promise_id: IdArgument, force: ForceOption = False) -> None:
    """Cancel a promise by agreement: it no longer counts either way."""
    _resolve(promise_id, "cancelled", None, force)


def reopen(promise_id: IdArgument) -> None:
    """Open a promise settled by mistake again: it is judged by its deadline once more."""
    from reltrack.core.promises import reopen_promise

    with common.writing() as session:
        row = reopen_promise(session, common.current().now, promise_id)
    common.say(f"Promise {row.id} ({row.what}, {row.contact}) is open again: {row.outcome}.")


def edit_promise(
    promise_id: IdArgument,
    what: Annotated[str | None, typer.Option("--what", metavar="TEXT", help="What was promised.")] = None,
    due: Annotated[str | None, typer.Option("--due", metavar="WHEN", help="The new deadline.")] = None,
) -> None:
    """Correct a promise: what was promised, or its deadline."""
    from reltrack.core.promises import edit_promise as change

    deadline = common.day(due, "--due")
    with common.writing() as session:
        row = change(session, common.current().now, promise_id, what, deadline)
    common.say(f"Promise {row.id}: {row.what}, by {row.due_on.isoformat()} ({row.outcome}).")


def delete_promise(promise_id: IdArgument, yes: YesOption = False) -> None:
    """Delete a promise recorded by mistake (to keep it but not count it, cancel it)."""
    from reltrack.core.promises import delete_promise as remove
    from reltrack.core.promises import get_promise

    with common.reading() as session:
        get_promise(session, common.current().now, promise_id)
    common.confirm_or_refuse(yes, f"Delete promise {promise_id}?", f"refusing to delete promise {promise_id}")
    with common.writing() as session:
        row = remove(session, common.current().now, promise_id)
    common.say(f"Deleted promise {row.id} ({row.what}, {row.contact}).")


def feedback(
    name: NameArgument,
    score: Annotated[int, typer.Argument(metavar="SCORE", min=0, max=10, help="How likely they are to recommend you, 0 to 10.")],
    at: Annotated[str | None, typer.Option("--at", metavar="WHEN", help="When they answered (default: now).")] = None,
    note: Annotated[str | None, typer.Option("--note", "-n", metavar="TEXT", help="What they said.")] = None,
) -> None:
    """Record an NPS-style answer (0-10) from a contact."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.promises import add_feedback

    moment = common.when(at, "--at")
    with common.writing() as session:
        contact = find_contact(session, name)
        add_feedback(session, common.current().now, contact.id, score, moment, note, common.me())  # type: ignore[arg-type]
    common.say(f"Recorded feedback {score}/10 from {contact.name}.")


def feedbacks(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="Only this contact's feedback.", autocompletion=common.complete_name)] = None,
    fmt: FormatOption = None,
) -> None:
    """List feedback answers with their ids, newest first."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.promises import list_feedback
    from reltrack.output import Column, as_day

    with common.reading() as session:
        rows = list_feedback(session, find_contact(session, name).id if name is not None else None)
    columns = [Column("id", justify="right"), "contact", Column("score", justify="right", plain=True), Column("at", cell=as_day), Column("note", max_width=50)]
    common.render(fmt, rows, columns, empty="No feedback yet. Record some with: reltrack feedback NAME 9")


def delete_feedback(
    feedback_id: Annotated[int, typer.Argument(metavar="ID", help="Feedback id, from `reltrack feedbacks`.")],
    yes: YesOption = False,
) -> None:
    """Delete a feedback answer recorded by mistake."""
    from reltrack.core.promises import delete_feedback as remove
    from reltrack.core.promises import get_feedback

    with common.reading() as session:
        get_feedback(session, feedback_id)
    common.confirm_or_refuse(yes, f"Delete feedback {feedback_id}?", f"refusing to delete feedback {feedback_id}")
    with common.writing() as session:
        row = remove(session, feedback_id)
    common.say(f"Deleted feedback {row.id} ({row.score}/10 from {row.contact}).")
