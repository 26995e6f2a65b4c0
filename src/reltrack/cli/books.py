"""Commands that clean up after imports: imports, undo-import, duplicates, merge."""

from __future__ import annotations

from typing import Annotated

import typer

from reltrack.cli import common
from reltrack.cli.common import FormatOption


def imports(fmt: FormatOption = None) -> None:
    """List the imports done, oldest first: when, which file, what each added, updated and skipped."""
    from reltrack.core.interchange.batches import BATCH_COLUMNS, list_batches

    with common.reading() as session:
        rows = list_batches(session)
    common.render(fmt, rows, BATCH_COLUMNS, empty="No imports yet.")


def undo_import(
    batch: Annotated[int, typer.Argument(metavar="ID", help="The import's id, as `reltrack imports` lists it.", show_default=False)],
) -> None:
    """Take an import back: remove what it added and restore what it changed, all at once."""
    from reltrack.core.interchange.batches import undo_import as undo

    with common.writing() as session:
        done = undo(session, common.current().now, batch)
    common.say(f"Undid import {done.id} ({done.file}): {done.added} added removed, {done.updated} updated restored.")


def duplicates(fmt: FormatOption = None) -> None:
    """List contacts that are likely the same person (same email, phone, or folded name), with why."""
    from reltrack.core.reports.duplicates import COLUMNS, find_duplicates

    with common.reading() as session:
        rows = find_duplicates(session)
    common.render(fmt, rows, COLUMNS, empty="No likely duplicates.")


def merge(
    keep: Annotated[str, typer.Argument(metavar="KEEP", help="The contact that stays.", autocompletion=common.complete_name)],
    other: Annotated[str, typer.Argument(metavar="OTHER", help="The contact merged into KEEP, then gone.", autocompletion=common.complete_name)],
    dry_run: Annotated[bool, typer.Option("--dry-run", metavar="", help="Say what would move; change nothing.")] = False,
) -> None:
    """Merge OTHER into KEEP: OTHER's history, tags and fields move to KEEP, and OTHER is gone."""
    from reltrack.core.contacts import find_contact
    from reltrack.core.merge import already_merged, merge_contacts
    from reltrack.errors import NotFound

    invocation = common.current()
    with invocation.database().session(write=True, dry_run=dry_run) as session:
        kept = find_contact(session, keep)
        try:
            merged = find_contact(session, other, loose=False)
        except NotFound:
            merged = None
        if (merged is None or merged.id == kept.id) and already_merged(session, kept.id, other):  # type: ignore[arg-type]
            common.say(f"{other} was merged into {kept.name} already; nothing to do.")
            return
        if merged is None:
            raise NotFound(f"no contact named '{other}'")
        result = merge_contacts(session, invocation.now, kept.id, merged.id)  # type: ignore[arg-type]
    moved = ", ".join(f"{count} {what}" for what, count in result.moved.items() if count) or "nothing else"
    prefix = "Dry run, nothing changed: would merge" if dry_run else "Merged"
    notes = f"; kept in notes: {', '.join(f.split(':', 1)[0] for f in result.kept_in_notes)}" if result.kept_in_notes else ""
    common.say(f"{prefix} {result.other} into {result.keep}: {moved} moved{notes}.")
