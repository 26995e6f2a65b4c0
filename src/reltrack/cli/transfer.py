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

EXPORT_TARGETS = ("contacts", "touches", "promises", "feedback", "deals", "agreements", "due", "all")
EXPORT_FORMATS = {
    "contacts": ("csv", "json", "tsv", "vcf"),
    "touches": ("csv", "json", "tsv"),
    "promises": ("csv", "json", "tsv"),
    "feedback": ("csv", "json", "tsv"),
    "deals": ("csv", "json", "tsv"),
    "agreements": ("csv", "json", "tsv"),
    "due": ("ics", "csv", "json", "tsv"),
    "all": ("json",),
}
PROGRESS_FROM_BYTES = 1 << 20  # smaller files finish before a bar is worth drawing


def import_(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv, .json or .vcf file, a folder of .vcf files (a vdir), or - for standard input.", show_default=False)],
    kind: Annotated[
        str | None,
        typer.Option("--type", metavar="TYPE", help="contacts, touches, promises, feedback, vcard, json, google, outlook or linkedin (default: from the extension and header; required with -)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", metavar="", help="Show what would be added, updated and skipped; write nothing.")] = False,
    contact_kind: Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help="Kind of every contact whose record gives none.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", metavar="TAG", help="Add this tag to every contact imported (repeat for several).")] = None,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", metavar="", help="Import the good records; write each bad one, with its line and reason, to the report file.")] = False,
    report: Annotated[Path | None, typer.Option("--report", metavar="FILE", help="With --skip-invalid: where the rejected records go (default: FILE.rejected.tsv here).")] = None,
) -> None:
    """Import contacts, touchpoints, promises or feedback; all or nothing, and never twice."""
    from reltrack import vocab
    from reltrack.core.interchange.imports import ImportOptions, run_import
    from reltrack.errors import InvalidInput

    stdin = str(file) == "-"
    if stdin and kind is None:
        raise InvalidInput("say what standard input holds with --type (contacts, touches, promises, feedback, vcard, json, google, outlook, linkedin)")
    options = ImportOptions(kind=vocab.kind(contact_kind) if contact_kind else None, tags=tag or [], skip_invalid=skip_invalid)
    counts: Counter[tuple[str, str]] = Counter()

    def note(action: str, record: str, label) -> None:  # type: ignore[no-untyped-def]
        counts[(record, action)] += 1
        if dry_run:
            print(f"{'would ' + action if action != 'skip' else 'skip'}\t{record}\t{label() if callable(label) else label}")

    with _rehearsal_database(dry_run), _progress(file) as progress:
        with common.current().database(write=True).session(write=True, dry_run=dry_run) as session:
            result = run_import(session, common.current().now, file, kind, note, progress, options, _stdin_text() if stdin else None)
    records = list(dict.fromkeys(record for record, _ in counts))
    words = _WOULD if dry_run else _DID
    summary = "; ".join(
        f"{record}: " + ", ".join(f"{counts[(record, a)]} {w}" for a, w in words if counts[(record, a)]) for record in records
    )
    prefix = "Dry run, nothing written:" if dry_run else "Imported"
    name = "standard input" if stdin else file.name
    undo = f" Undo it with: reltrack undo-import {result.batch}" if result.batch and not dry_run else ""
    common.say(f"{prefix} {name}: {summary or 'nothing in it'}.{undo}")
    if skip_invalid:
        _write_rejected(report or Path(f"{'stdin' if stdin else file.name}.rejected.tsv"), result.rejected, name)


def _stdin_text():  # type: ignore[no-untyped-def]
    """Standard input as UTF-8 text (a byte order mark dropped), its line ends as they are, held in
    memory: telling what it holds reads its start twice."""
    import io

    from reltrack.errors import InvalidInput

    try:
        return io.StringIO(sys.stdin.buffer.read().decode("utf-8-sig") if hasattr(sys.stdin, "buffer") else sys.stdin.read())
    except UnicodeDecodeError as problem:
        raise InvalidInput(f"standard input is not UTF-8 text (byte {problem.start}); convert it to UTF-8 and try again") from None


def _write_rejected(path: Path, rejected: list, name: str) -> None:  # type: ignore[type-arg]
    """line, reason and the record's values, tab-separated: one line per record set aside."""
    import csv
    import json

    with _private_file(path) as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["line", "reason", "record"])
        for line, reason, values in rejected:
            writer.writerow([line, reason, json.dumps(values, ensure_ascii=False) if values else ""])
    print(f"{len(rejected)} record{'s' * (len(rejected) != 1)} of {name} rejected, listed in {path}", file=sys.stderr)


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


@contextmanager
def _progress(file: Path):  # type: ignore[no-untyped-def]
    """A progress bar on a terminal for files big enough to wait for; rows counted by lines."""
    size = file.stat().st_size if file.is_file() else 0
    if size < PROGRESS_FROM_BYTES or not sys.stderr.isatty():
        yield lambda done: None
        return
    from rich.progress import Progress

    from reltrack.output import console

    with file.open("rb") as handle:
        lines = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("Importing", total=max(lines - 1, 1))
        yield lambda done: bar.update(task, completed=done)


def export(
    what: Annotated[str, typer.Argument(metavar="WHAT", help="contacts, touches, promises, feedback, deals, agreements, due or all.")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMAT", help="csv, json, tsv; vcf for contacts; ics for due (default: csv; ics for due; json for all).")] = None,
    within: Annotated[str | None, typer.Option("--within", "-w", metavar="DURATION", help="For due: include what comes due within this span (default: 30d).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout (- is stdout).")] = None,
    vdir: Annotated[Path | None, typer.Option("--vdir", metavar="DIR", help="Contacts as vcf: one card per contact in this folder, updated in place (khard, vdirsyncer).")] = None,
    delete: Annotated[bool, typer.Option("--delete", metavar="", help="With --vdir: remove the cards reltrack wrote of contacts since deleted.")] = False,
) -> None:
    """Export data in the import formats, contacts as vCard, and what is due as an iCalendar feed."""
    from reltrack.errors import InvalidInput

    if what not in EXPORT_TARGETS:
        raise InvalidInput(f"cannot export '{what}' (choose from {', '.join(EXPORT_TARGETS)})")
    chosen = fmt or ("vcf" if vdir else EXPORT_FORMATS[what][0])
    if chosen not in EXPORT_FORMATS[what]:
        raise InvalidInput(f"{what} export as {', '.join(EXPORT_FORMATS[what])}, not '{chosen}'")
    if vdir is not None or delete:
        _export_vdir(what, chosen, vdir, delete, output)
        return
    if output is None or str(output) == "-":
        from reltrack.cli.streams import refuse_lossy_export

        refuse_lossy_export()
        _export(what, chosen, within, sys.stdout)
        return
    with _private_file(output) as handle:
        _export(what, chosen, within, handle)
    common.say(f"Wrote {output}.")


def _export_vdir(what: str, fmt: str, folder: Path | None, delete: bool, output: Path | None) -> None:
    from reltrack.core.interchange.exports import cards
    from reltrack.core.interchange.vdir import sync_vdir
    from reltrack.errors import InvalidInput

    if folder is None:
        raise InvalidInput("--delete goes with --vdir DIR")
    if what != "contacts" or fmt != "vcf" or output is not None:
        raise InvalidInput("--vdir writes contacts as vcf, one file each: use it without --output, as export contacts -f vcf --vdir DIR")
    with common.reading() as session:
        result = sync_vdir(cards(session), folder, delete)
    left = f"; {result.left} of contacts deleted since kept (remove them with --delete)" if result.left else ""
    common.say(f"{folder}: {result.written} cards written, {result.unchanged} unchanged, {result.removed} removed{left}.")


def _export(what: str, fmt: str, within: str | None, out) -> None:  # type: ignore[no-untyped-def]
    """Write the export to `out` as its rows are read."""
    from reltrack.core.interchange import exports
    from reltrack.output import Column, write_rows

    invocation = common.current()
    with common.reading() as session:
        if what == "all":
            from reltrack.core.interchange.dump import write_dump

            write_dump(session, invocation.now, out)
        elif fmt == "vcf":
            out.write(exports.vcards(session))
        elif what == "due":
            span = common.duration(within or "30d", "--within")
            days = span.days_from(invocation.now.date())  # type: ignore[union-attr]
            if fmt == "ics":
                out.write(exports.due_calendar(session, invocation.config(), invocation.now, days))
                return
            from reltrack.core.reports.due import due
            from reltrack.core.rules.cadence import DUE_COLUMNS

            write_rows(due(session, invocation.config(), invocation.now, days), [Column(c) for c in DUE_COLUMNS], fmt, out)
        else:
            columns = [Column(key, plain=key in exports.PLAIN) for key in exports.FIELDS[what]]
            write_rows(exports.ROWS[what](session), columns, fmt, out)


@contextmanager
def _private_file(path: Path):  # type: ignore[no-untyped-def]
    """Write through a temporary file beside the target, readable by the owner only, then rename:
    an interrupted export never leaves half a file where a whole one was."""
    from reltrack.errors import StorageError

    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(temporary, path)
    except OSError as problem:
        temporary.unlink(missing_ok=True)
        raise StorageError(f"cannot write {path}: {problem.strerror}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def backup(
    destination: Annotated[str | None, typer.Argument(metavar="DEST", help="File, or folder (an existing one, or a new one written with a trailing /); default: beside the database.", show_default=False)] = None,
) -> None:
    """Copy the live database safely (SQLite's online backup), readable by you only."""
    from reltrack.errors import StorageError
    from reltrack.store.backup import backup_sqlite, unused_name
    from reltrack.store.files import make_private_folders

    invocation = common.current()
    database = invocation.database()
    if database.path is None:
        raise StorageError("backup copies SQLite databases; use your database server's own tools for this one")
    stamp = f"{database.path.stem}-{invocation.now:%Y%m%d-%H%M%S}"
    folder = database.path.parent
    if destination is not None:
        target = Path(destination).expanduser()
        if not (destination.endswith(("/", os.sep)) or target.is_dir()):
            folder = None
        else:
            make_private_folders(target)
            folder = target
    # a default name never collides: a second backup within the same second is stem-…-2.db
    written = backup_sqlite(database.path, unused_name(folder, stamp) if folder is not None else target, read_only=database.read_only)
    common.say(f"Backed up to {written}. Use it with: reltrack --db '{written}' info")
    print(written)


def demo() -> None:
    """Try reltrack on realistic sample data, in a throwaway database: yours is never touched."""
    import tempfile

    from rich.markup import escape

    from reltrack.cli import followups, portfolio, reports
    from reltrack.core.demo import populate
    from reltrack.output import console

    path = Path(tempfile.mkdtemp(prefix="reltrack-demo-")) / "demo.db"
    common.start(str(path))  # from here on, every read and write goes to the demo database
    with common.writing() as session:
        summary = populate(session, common.current().now)
    out = console()
    out.print(
        f"[bold]reltrack demo[/]: {summary.contacts} contacts, {summary.touchpoints} touchpoints over a year, "
        f"{summary.promises} promises, {summary.feedback} feedback answers, {summary.deals} deals and "
        f"{summary.agreements} agreements, in {escape(str(path))}\n",
        soft_wrap=True,  # a path broken over two lines cannot be copied
    )
    table = common.Fmt.table
    out.rule("reltrack due: who needs attention today")
    followups.due(within="7d", as_of=None, check=False, fmt=table)
    out.rule("reltrack report trust: how much trust each relationship has earned")
    reports.trust(as_of=None, kind=None, tag=None, sort="trust", explain_name=None, fmt=table)
    out.rule("reltrack report frequency: how often you were in touch")
    reports.frequency(period="month", since=None, until=None, kind=None, tag=None, by=None, fmt=table)
    out.rule("reltrack report portfolio: what each relationship brought over the last 12 months")
    reports.portfolio(as_of=None, period="12mo", by=None, currency=None, summary=False, fmt=table)
    out.rule("reltrack review: what changed over the last 30 days")
    portfolio.review(since=None, mark=False, fmt=portfolio.ReviewFormat.table)
    out.print(
        "\nExplore it, then start your own with `reltrack add`:\n"
        f"  export RELTRACK_DB='{escape(str(path))}'\n"
        "  reltrack show 'Ana Lima'\n"
        "  reltrack report trust --explain 'Ana Lima'\n"
        "  reltrack quiet\n"
        "  reltrack report risk\n"
        "  reltrack network 'Ana Lima'\n"
        "  unset RELTRACK_DB          # back to your own database",
        soft_wrap=True,
    )
