"""Commands that move data in and out: import, export, backup, demo."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from reltrack.cli import common

EXPORT_TARGETS = ("contacts", "touches", "promises", "feedback", "due", "all")
EXPORT_FORMATS = {
    "contacts": ("csv", "json", "tsv", "vcf"),
    "touches": ("csv", "json", "tsv"),
    "promises": ("csv", "json", "tsv"),
    "feedback": ("csv", "json", "tsv"),
    "due": ("ics", "csv", "json", "tsv"),
    "all": ("json",),
}
PROGRESS_FROM_ROWS = 200  # smaller files finish before a bar is worth drawing


def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv, .json or .vcf file.", show_default=False)],
    kind: Annotated[
        str | None,
        typer.Option("--type", metavar="TYPE", help="contacts, touches, promises, feedback, vcard or json (default: from the extension and header)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", metavar="", help="Show what would be added, updated and skipped; write nothing.")] = False,
) -> None:
    """Import contacts, touchpoints, promises or feedback; all or nothing, and never twice."""
    from reltrack.core.interchange.imports import run_import

    actions: list[tuple[str, str, str]] = []

    def note(action: str, record: str, label: str) -> None:
        actions.append((action, record, label))
        if dry_run:
            print(f"{'would ' + action if action != 'skip' else 'skip'}\t{record}\t{label}")

    with _rehearsal_database(dry_run), common.current().database().session(write=True, dry_run=dry_run) as session:
        run_import(session, common.current().now, file, kind, note, _progress)
    counts = Counter((record, action) for action, record, _ in actions)
    records = list(dict.fromkeys(record for _, record, _ in actions))
    words = _WOULD if dry_run else _DID
    summary = "; ".join(
        f"{record}: " + ", ".join(f"{counts[(record, a)]} {w}" for a, w in words if counts[(record, a)]) for record in records
    )
    prefix = "Dry run, nothing written:" if dry_run else "Imported"
    common.say(f"{prefix} {file.name}: {summary or 'nothing in it'}.")


@contextmanager
def _rehearsal_database(dry_run: bool) -> Iterator[None]:
    """A dry run against a database file that does not exist yet must not create it:
    it rehearses on an empty throwaway one instead."""
    from reltrack.store.db import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(common.current().db_option))
    if not dry_run or path is None or path.exists():
        yield
        return
    import tempfile

    with tempfile.TemporaryDirectory(prefix="reltrack-dry-run-") as folder:
        common.start(str(Path(folder) / "empty.db"))
        try:
            yield
        finally:
            common.current().database().dispose()


_DID = (("add", "added"), ("update", "updated"), ("skip", "already there"))
_WOULD = (("add", "to add"), ("update", "to update"), ("skip", "already there"))


def _progress(rows):  # type: ignore[no-untyped-def]
    if len(rows) < PROGRESS_FROM_ROWS or not sys.stderr.isatty():
        return rows
    from rich.progress import track

    from reltrack.output import console

    return track(rows, description="Importing", console=console(stderr=True), transient=True)


def export(
    what: Annotated[str, typer.Argument(metavar="WHAT", help="contacts, touches, promises, feedback, due or all.")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", help="csv, json, tsv; vcf for contacts; ics for due (default: csv; ics for due; json for all).")] = None,
    within: Annotated[str | None, typer.Option("--within", "-w", metavar="DURATION", help="For due: include what comes due within this span (default: 30d).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Export data in the import formats, contacts as vCard, and what is due as an iCalendar feed."""
    from reltrack.errors import InvalidInput

    if what not in EXPORT_TARGETS:
        raise InvalidInput(f"cannot export '{what}' (choose from {', '.join(EXPORT_TARGETS)})")
    chosen = fmt or EXPORT_FORMATS[what][0]
    if chosen not in EXPORT_FORMATS[what]:
        raise InvalidInput(f"{what} export as {', '.join(EXPORT_FORMATS[what])}, not '{chosen}'")
    text = _export_text(what, chosen, within)
    if output is None:
        sys.stdout.write(text)
        return
    _write_private(output, text)
    common.say(f"Wrote {output}.")


def _export_text(what: str, fmt: str, within: str | None) -> str:
    import io
    import json

    from reltrack.core.interchange import exports
    from reltrack.output import Column, write_rows

    invocation = common.current()
    buffer = io.StringIO(newline="")
    with common.reading() as session:
        if what == "all":
            from reltrack.core.interchange.dump import dump

            return json.dumps(dump(session, invocation.now), ensure_ascii=False, indent=2) + "\n"
        if fmt == "vcf":
            return exports.vcards(session)
        if what == "due":
            span = common.duration(within or "30d", "--within")
            days = span.days_from(invocation.now.date())  # type: ignore[union-attr]
            if fmt == "ics":
                return exports.due_calendar(session, invocation.config(), invocation.now, days)
            from reltrack.core.rules.cadence import DUE_COLUMNS
            from reltrack.core.reports.due import due

            write_rows(due(session, invocation.config(), invocation.now, days), [Column(c) for c in DUE_COLUMNS], fmt, buffer)
            return buffer.getvalue()
        rows = exports.ROWS[what](session)
    write_rows(rows, [Column(c) for c in exports.FIELDS[what]], fmt, buffer)
    return buffer.getvalue()


def _write_private(path: Path, text: str) -> None:
    """Write through a temporary file beside the target, readable by the owner only, then rename:
    an interrupted export never leaves half a file where a whole one was."""
    from reltrack.errors import StorageError

    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as problem:
        temporary.unlink(missing_ok=True)
        raise StorageError(f"cannot write {path}: {problem.strerror}") from None


def backup(
    destination: Annotated[str | None, typer.Argument(metavar="[DEST]", help="File, or folder (an existing one, or a new one written with a trailing /); default: beside the database.", show_default=False)] = None,
) -> None:
    """Copy the live database safely (SQLite's online backup), readable by you only."""
    from reltrack.errors import StorageError
    from reltrack.store.backup import backup_sqlite

    invocation = common.current()
    database = invocation.database()
    if database.path is None:
        raise StorageError("backup copies SQLite databases; use your database server's own tools for this one")
    stamp = f"{database.path.stem}-{invocation.now:%Y%m%d-%H%M%S}.db"
    target = Path(destination or database.path.with_name(stamp)).expanduser()
    if destination is not None and (destination.endswith(("/", os.sep)) or target.is_dir()):
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as problem:
            raise StorageError(f"cannot make folder {target}: {problem.strerror}") from None
        target = target / stamp
    written = backup_sqlite(database.path, target)
    common.say(f"Backed up to {written}. Use it with: reltrack --db '{written}' info")
    print(written)


def demo() -> None:
    """Try reltrack on realistic sample data, in a throwaway database: yours is never touched."""
    import tempfile

    from rich.markup import escape

    from reltrack.cli import followups, reports
    from reltrack.core.demo import populate
    from reltrack.output import console

    path = Path(tempfile.mkdtemp(prefix="reltrack-demo-")) / "demo.db"
    common.start(str(path))  # from here on, every read and write goes to the demo database
    with common.writing() as session:
        summary = populate(session, common.current().now)
    out = console()
    out.print(
        f"[bold]reltrack demo[/]: {summary.contacts} contacts, {summary.touchpoints} touchpoints over a year, "
        f"{summary.promises} promises and {summary.feedback} feedback answers, in {escape(str(path))}\n",
        soft_wrap=True,  # a path broken over two lines cannot be copied
    )
    table = common.Fmt.table
    out.rule("reltrack due: who needs attention today")
    followups.due(within="7d", as_of=None, check=False, fmt=table)
    out.rule("reltrack report trust: how much trust each relationship has earned")
    reports.trust(as_of=None, kind=None, tag=None, sort="trust", explain_name=None, fmt=table)
    out.rule("reltrack report frequency: how often you were in touch")
    reports.frequency(period="month", since=None, until=None, kind=None, tag=None, by=None, fmt=table)
    out.print(
        "\nExplore it, then start your own with `reltrack add`:\n"
        f"  export RELTRACK_DB='{escape(str(path))}'\n"
        "  reltrack show 'Ana Lima'\n"
        "  reltrack report trust --explain 'Ana Lima'\n"
        "  reltrack quiet\n"
        "  unset RELTRACK_DB          # back to your own database",
        soft_wrap=True,
    )
