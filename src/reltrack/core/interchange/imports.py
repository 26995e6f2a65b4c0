"""`reltrack import`: CSV, JSON, vCard and full dumps, all or nothing, and idempotent.

Every row goes through the same checks as typed input; the first bad row stops the import with
`FILE:LINE: what is wrong`, and the caller's transaction rolls everything back. A row that is
already stored (contacts by email, then by name; touchpoints by contact, time and channel;
promises by contact, text, deadline and owner; feedback by contact, time and score) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from reltrack.core.rules import names
from reltrack import vocab
from reltrack.core.contacts import (
    ContactFields,
    add_contact,
    apply_fields,
    find_contact,
    same_contact,
)
from reltrack.core.rules.dates import local_date, local_midnight, parse_duration, parse_iso
from reltrack.core.interchange.exports import FIELDS
from reltrack.core.promises import add_feedback
from reltrack.core.touches import TouchFields, add_touchpoint
from reltrack.errors import InvalidInput, ReltrackError
from reltrack.store import queries
from reltrack.store.models import Contact, Promise

TYPES = ("contacts", "touches", "promises", "feedback", "vcard", "json")
REQUIRED = {"contacts": ("name",), "touches": ("name", "at"), "promises": ("name", "what", "due"), "feedback": ("name", "at", "score")}

ADDRESS_BOOK_GROUPS = ("mycontacts", "starred")  # Google's own groups, on every card: not tags anyone chose
Note = Callable[[str, str, str], None]  # (add | update | skip, what kind of record, which one)


@dataclass(frozen=True)
class Row:
    line: int  # where the record starts in the file (for JSON: its position in the array)
    values: dict[str, str]  # column -> text, empty when missing


def read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise InvalidInput(f"cannot read {path}: {problem.strerror}") from None
    try:
        return data.decode("utf-8-sig")  # spreadsheets on Windows start files with a byte order mark
    except UnicodeDecodeError as problem:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {problem.start}); save it as UTF-8 and try again") from None


def guess_type(path: Path, text: str) -> str:
    """From the extension, then from the file's name or header (csv), or its shape (json)."""
    suffix = path.suffix.lower()
    named = [kind for kind in IMPORTERS if kind in path.stem.lower()]
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix == ".json":
        return "json"
    if suffix == ".csv":
        return named[0] if len(named) == 1 else _type_from_columns(_csv_rows(text, str(path))[0], str(path))
    if text.lstrip().upper().startswith("BEGIN:VCARD"):
        return "vcard"
    raise InvalidInput(f"{path}: cannot tell what this file holds; say it with --type ({', '.join(TYPES)})")


def _type_from_columns(columns: Iterable[str], source: str) -> str:
    present = set(columns)
    for kind, markers in MARKERS:
        if present & markers:
            return kind
    raise InvalidInput(f"{source}:1: cannot tell the kind of rows from the columns; use --type")


def _csv_rows(text: str, source: str) -> tuple[list[str], list[Row]]:
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [column.strip().lower() for column in next(reader)]
        repeated = sorted({column for column in header if header.count(column) > 1})
        if repeated:
            raise InvalidInput(f"{source}:1: column '{repeated[0]}' appears twice")
    except StopIteration:
        raise InvalidInput(f"{source}: the file is empty") from None
    except csv.Error as problem:
        raise InvalidInput(f"{source}:1: {problem}") from None
    rows, start = [], reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) != len(header):
                    raise InvalidInput(f"{source}:{start}: {len(record)} fields where the header has {len(header)}")
                rows.append(Row(start, {column: cell.strip() for column, cell in zip(header, record, strict=True)}))
            start = reader.line_num + 1
    except csv.Error as problem:
        raise InvalidInput(f"{source}:{start}: {problem}") from None
    return header, rows


def _json_rows(items: list, source: str) -> tuple[list[str], list[Row]]:
    rows, columns = [], {}
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"{source}:{index}: item {index} is not an object")
        values = {str(key).strip().lower(): _as_cell(value) for key, value in item.items()}
        columns.update(dict.fromkeys(values))
        rows.append(Row(index, values))
    return list(columns), rows


def _as_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_as_cell(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _check_columns(kind: str, columns: Iterable[str], source: str) -> None:
    known = FIELDS[kind]
    for column in columns:
        if column not in known:
            raise InvalidInput(f"{source}:1: unknown column '{column}' for {kind} (columns: {', '.join(known)})")
    for column in REQUIRED[kind]:
        if column not in columns:
            raise InvalidInput(f"{source}:1: the '{column}' column is missing ({kind} need {', '.join(REQUIRED[kind])})")


# -- one row of each kind -------------------------------------------------------


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _number(values: dict[str, str], key: str) -> int | None:
    text = values.get(key, "")
    if not text:
        return None
    try:
        number = float(text)  # spreadsheets write 4 as 4.0
    except ValueError:
        number = 0.5
    if not number.is_integer():
        raise InvalidInput(f"{key} '{text}' is not a whole number")
    return int(number)


def _contact_snapshot(session: Session, contact: Contact) -> tuple:
    tags = sorted(name for name, _ in queries.tags_by_contact(session, [contact.id]).get(contact.id, []))  # type: ignore[arg-type, list-item]
    return (contact.kind, contact.org, contact.email, contact.phone, contact.every, contact.max_gap, contact.notes, tags)


def import_contact(session: Session, now: datetime, values: dict[str, str], other_emails: Iterable[str] = ()) -> tuple[str, str]:
    name = names.clean_name(values.get("name", ""))
    if not name:
        raise InvalidInput("a contact needs a name")
    existing = same_contact(session, name, [e for e in (values.get("email", ""), *other_emails) if e])
    every, max_gap = values.get("every", ""), values.get("max", "")
    changes = ContactFields(
        org=values.get("org") or None,
        kind=values.get("kind") or None,
        email=values.get("email") or None,
        phone=values.get("phone") or None,
        notes=values.get("notes") or None,
        every=parse_duration(every) if every else None,
        max_gap=parse_duration(max_gap) if max_gap else None,
        tags=_split(values.get("tags", "")),
    )
    if existing is None:
        add_contact(session, now, name, changes)
        return "add", name
    before = _contact_snapshot(session, existing)
    apply_fields(session, existing, changes)
    session.flush()
    return ("skip" if _contact_snapshot(session, existing) == before else "update"), existing.name


def import_touch(session: Session, now: datetime, values: dict[str, str]) -> tuple[str, str]:
    people = [find_contact(session, name, loose=False) for name in _split(values.get("name", ""))]
    if not people:
        raise InvalidInput("a touchpoint needs at least one name")
    at = parse_iso(values["at"])
    channel = vocab.channel(values.get("via") or "call")
    direction = (values.get("direction") or "out").lower()
    if direction not in ("in", "out", "inbound", "outbound"):
        raise InvalidInput(f"direction '{values['direction']}' is not in or out")
    label = f"{channel} with {', '.join(p.name for p in people)} at {at.astimezone():%Y-%m-%d %H:%M}"
    if queries.touch_exists(session, people[0].id, at, channel):  # type: ignore[arg-type]
        return "skip", label
    fields = TouchFields(
        at=at,
        channel=channel,
        inbound=direction.startswith("in"),
        note=values.get("note") or None,
        rating=_number(values, "rating"),
        minutes=_number(values, "minutes"),
    )
    unique = list({person.id: person for person in people}.values())
    add_touchpoint(session, now, unique, fields)
    return "add", label


def import_promise(session: Session, now: datetime, values: dict[str, str]) -> tuple[str, str]:
    contact = find_contact(session, values["name"], loose=False)
    what = " ".join(values.get("what", "").split())
    if not what:
        raise InvalidInput("say what was promised")
    owner = (values.get("owner") or "mine").lower()
    status = (values.get("status") or "open").lower()
    if owner not in ("mine", "theirs"):
        raise InvalidInput(f"owner '{owner}' is not mine or theirs")
    if status not in ("open", "kept", "broken", "cancelled"):
        raise InvalidInput(f"status '{status}' is not open, kept, broken or cancelled")
    due_on = local_date(parse_iso(values["due"]))
    resolved = values.get("resolved")
    # settled with no date given: settled on the deadline (so `kept` means kept on time)
    resolved_at = None if status == "open" else parse_iso(resolved) if resolved else local_midnight(due_on)
    if resolved_at is not None and resolved_at > now:
        raise InvalidInput("a promise cannot be settled in the future")
    label = f"{contact.name}: {what}"
    promise = queries.same_promise(session, contact.id, what, due_on, owner)  # type: ignore[arg-type]
    if promise is None:
        promise = Promise(contact_id=contact.id, what=what, owner=owner, due_on=due_on, created_at=now)  # type: ignore[arg-type]
        action = "add"
    elif (promise.status, promise.resolved_at) == (status, resolved_at):
        return "skip", label
    else:
        action = "update"
    promise.status, promise.resolved_at = status, resolved_at
    session.add(promise)
    session.flush()
    return action, label


def import_feedback(session: Session, now: datetime, values: dict[str, str]) -> tuple[str, str]:
    contact = find_contact(session, values["name"], loose=False)
    at, score = parse_iso(values["at"]), _number(values, "score")
    if score is None:
        raise InvalidInput("a feedback answer needs a score")
    label = f"{contact.name}: {score}/10"
    if queries.feedback_exists(session, contact.id, at, score):  # type: ignore[arg-type]
        return "skip", label
    add_feedback(session, now, contact.name, score, at, values.get("note") or None)
    session.flush()
    return "add", label


IMPORTERS = {"contacts": import_contact, "touches": import_touch, "promises": import_promise, "feedback": import_feedback}
MARKERS = (  # columns only one kind of file has, checked in this order
    ("promises", {"what", "owner", "due", "status", "resolved"}),
    ("feedback", {"score"}),
    ("touches", {"at", "via", "direction", "rating", "minutes"}),
    ("contacts", {"name"}),
)
RECORD_NAMES = {"contacts": "contact", "touches": "touchpoint", "promises": "promise", "feedback": "feedback"}


def _vcard_rows(text: str, source: str) -> list[tuple[Row, list[str]]]:
    from reltrack.core.interchange.vcard import parse_vcards

    rows = []
    for card in parse_vcards(text, source):
        extra_notes = [f"Other emails: {', '.join(card.emails[1:])}"] * (len(card.emails) > 1)
        extra_notes += [f"Other phones: {', '.join(card.phones[1:])}"] * (len(card.phones) > 1)
        values = {
            "name": card.name,
            "org": card.org or "",
            "email": card.emails[0] if card.emails else "",
            "phone": card.phones[0] if card.phones else "",
            "tags": ";".join(tag for tag in card.tags if tag.casefold() not in ADDRESS_BOOK_GROUPS),
            "notes": "\n".join(filter(None, [card.notes, *extra_notes])),
        }
        rows.append((Row(card.line, values), card.emails[1:]))
    return rows


def run_import(session: Session, now: datetime, path: Path, kind: str | None, note: Note, progress: Callable = iter) -> str:
    """Import `path` into the session's transaction; returns the type it was read as."""
    import json

    source = str(path)
    text = read_text(path)
    kind = kind or guess_type(path, text)
    if kind not in TYPES:
        raise InvalidInput(f"unknown import type '{kind}' (choose from {', '.join(TYPES)})")

    if kind == "vcard":
        for row, other_emails in progress(_vcard_rows(text, source)):
            action, label = _at_line(source, row.line, import_contact, session, now, row.values, other_emails)
            note(action, "contact", label)
        return kind

    if kind == "json" or path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as problem:
            raise InvalidInput(f"{source}:{problem.lineno}: not valid JSON ({problem.msg})") from None
        from reltrack.core.interchange.dump import is_dump, restore

        if is_dump(data):
            restore(session, data, source, note)
            return "json"
        if not isinstance(data, list):
            raise InvalidInput(f"{source}: expected a reltrack dump (export all) or an array of records")
        columns, rows = _json_rows(data, source)
        kind = kind if kind != "json" else _type_from_columns(columns, source)
    else:
        columns, rows = _csv_rows(text, source)

    _check_columns(kind, columns, source)
    importer = IMPORTERS[kind]
    for row in progress(rows):
        action, label = _at_line(source, row.line, importer, session, now, row.values)
        note(action, RECORD_NAMES[kind], label)
    return kind


def _at_line(source: str, line: int, importer: Callable, *args: object) -> tuple[str, str]:
    """Run one row's import; any problem is reported as FILE:LINE: problem, with its own exit status."""
    try:
        return importer(*args)
    except ReltrackError as problem:
        raise type(problem)(f"{source}:{line}: {problem}") from None
