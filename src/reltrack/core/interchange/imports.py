"""`reltrack import`: CSV, JSON, vCard and full dumps, all or nothing, and idempotent.

Every row goes through the same checks as typed input; the first bad row stops the import with
`FILE:LINE: what is wrong`, and the caller's transaction rolls everything back. A row that is
already stored (contacts by email, then by name; touchpoints by contact, time and channel;
promises by contact, text, deadline and owner; feedback by contact, time and score) is skipped.

Rows are read as a stream and handled a batch at a time: names are resolved once per distinct
name, the batch's natural keys are looked up in one indexed query, and new rows are inserted
together. A file of millions of rows costs time in proportion, and memory for one batch.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy.orm import Session

from reltrack import vocab
from reltrack.core.contacts import ContactFields, TagLinks, apply_fields, find_contact, new_contact, set_fields, tag_name
from reltrack.core.interchange.exports import FIELDS
from reltrack.core.promises import check_feedback, settled_day
from reltrack.core.rules import names
from reltrack.core.rules.dates import local_date, local_midnight, parse_duration, parse_iso
from reltrack.core.touches import TouchFields, new_touch
from reltrack.errors import InvalidInput, NotFound, ReltrackError
from reltrack.store import contacts as stored
from reltrack.store import promises as stored_promises
from reltrack.store import touches as stored_touches
from reltrack.store.models import Contact, Feedback, Promise

TYPES = ("contacts", "touches", "promises", "feedback", "vcard", "json")
REQUIRED = {"contacts": ("name",), "touches": ("name", "at"), "promises": ("name", "what", "due"), "feedback": ("name", "at", "score")}
BATCH = 2000  # rows per round trip: large enough to amortise it, small enough to hold in memory

COMPARED = ("kind", "org", "email", "phone", "notes", "every", "max_gap")  # the fields a contact row can set
ADDRESS_BOOK_GROUPS = ("mycontacts", "starred")  # Google's own groups, on every card: not tags anyone chose
# (add | update | skip, what kind of record, which one: text, or a function giving it when wanted)
Note = Callable[[str, str, "str | Callable[[], str]"], None]
Progress = Callable[[int], None]  # called with the number of rows done so far


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


def _head(path: Path) -> str:
    """The start of a file, enough to tell what it holds."""
    try:
        with path.open("rb") as handle:
            return handle.read(4096).decode("utf-8-sig", errors="replace")
    except OSError as problem:
        raise InvalidInput(f"cannot read {path}: {problem.strerror}") from None


def guess_type(path: Path) -> str:
    """From the extension, then from the file's name or header (csv), or its shape (json)."""
    suffix = path.suffix.lower()
    named = [kind for kind in IMPORTERS if kind in path.stem.lower()]
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix == ".json":
        return "json"
    if suffix == ".csv":
        if len(named) == 1:
            return named[0]
        header, _ = _csv_rows(io.StringIO(_head(path)), str(path))
        return _type_from_columns(header, str(path))
    if _head(path).lstrip().upper().startswith("BEGIN:VCARD"):
        return "vcard"
    raise InvalidInput(f"{path}: cannot tell what this file holds; say it with --type ({', '.join(TYPES)})")


def _type_from_columns(columns: Iterable[str], source: str) -> str:
    present = set(columns)
    for kind, markers in MARKERS:
        if present & markers:
            return kind
    raise InvalidInput(f"{source}:1: cannot tell the kind of rows from the columns; use --type")


def _csv_rows(handle: Iterable[str], source: str) -> tuple[list[str], Iterator[Row]]:
    """The header, and the rows as they are read."""
    reader = csv.reader(handle)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise InvalidInput(f"{source}: the file is empty") from None
    except csv.Error as problem:
        raise InvalidInput(f"{source}:1: {problem}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{source}: not UTF-8 text (in line 1); save it as UTF-8 and try again") from None
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise InvalidInput(f"{source}:1: column '{repeated[0]}' appears twice")

    def rows() -> Iterator[Row]:
        start = reader.line_num + 1
        try:
            for record in reader:
                if any(cell.strip() for cell in record):
                    if len(record) != len(header):
                        raise InvalidInput(f"{source}:{start}: {len(record)} fields where the header has {len(header)}")
                    yield Row(start, {column: cell.strip() for column, cell in zip(header, record, strict=True)})
                start = reader.line_num + 1
        except csv.Error as problem:
            raise InvalidInput(f"{source}:{start}: {problem}") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"{source}: not UTF-8 text (after line {start - 1}); save it as UTF-8 and try again") from None

    return header, rows()


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


def _batches(rows: Iterable[Row], size: int | None = None) -> Iterator[list[Row]]:
    size = size or BATCH
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Importer:
    """One kind of row: `take` checks a batch of rows and stores what is new."""

    record = ""

    def __init__(self, session: Session, now: datetime, source: str, note: Note) -> None:
        self.session, self.now, self.source, self.note = session, now, source, note

    def at_line(self, line: int, work: Callable, *args: object):  # type: ignore[no-untyped-def]
        """Run one row's work; any problem is reported as FILE:LINE: problem, with its own exit status."""
        try:
            return work(*args)
        except ReltrackError as problem:
            raise type(problem)(f"{self.source}:{line}: {problem}") from None

    def take(self, batch: list[Row]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """After the last batch."""


class _Names:
    """The contacts a file names, each resolved once: whole names, exactly or ignoring accents."""

    INDEX_AFTER = 200  # distinct names looked up one by one before reading every name key at once

    def __init__(self, session: Session) -> None:
        self.session = session
        self.found: dict[str, int | ReltrackError] = {}
        self.names: dict[int, str] = {}
        self.index: dict[str, int] | None = None

    def id_of(self, name: str) -> int:
        found = self.found.get(name)
        if found is None:
            found = self.found[name] = self._resolve(name)
        if isinstance(found, ReltrackError):
            raise type(found)(str(found))
        return found

    def _resolve(self, name: str) -> int | ReltrackError:
        if self.index is None and len(self.found) >= self.INDEX_AFTER:
            self.index, _ = stored.key_and_email_index(self.session)
        key = names.name_key(name)
        ident = self.index.get(key) if self.index is not None else None
        try:
            if ident is None:
                contact = find_contact(self.session, name, loose=False)
                ident, self.names[contact.id] = contact.id, contact.name  # type: ignore[assignment]
        except (NotFound, InvalidInput) as problem:
            return problem
        return ident

    def name_of(self, ident: int) -> str:
        if ident not in self.names:
            self.names.update(stored.name_of(self.session, [ident]))
        return self.names[ident]


class _Touches(_Importer):
    record = "touchpoint"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.people = _Names(self.session)

    def _touch(self, values: dict[str, str]) -> stored_touches.NewTouch:
        ids = list(dict.fromkeys(self.people.id_of(name) for name in _split(values.get("name", ""))))
        if not ids:
            raise InvalidInput("a touchpoint needs at least one name")
        fields = TouchFields(
            at=parse_iso(values["at"]).replace(microsecond=0),  # stored to the second: the key must match
            channel=vocab.channel(values.get("via") or "call"),
            inbound=vocab.direction(values.get("direction") or "out") == "in",
            note=values.get("note") or None,
            rating=_number(values, "rating"),
            minutes=_number(values, "minutes"),
        )
        return new_touch(self.now, ids, fields)

    def _label(self, touch: stored_touches.NewTouch) -> Callable[[], str]:
        def label() -> str:
            people = ", ".join(self.people.name_of(ident) for ident in touch.contact_ids)
            return f"{touch.channel} with {people} at {touch.at.astimezone():%Y-%m-%d %H:%M}"

        return label

    def take(self, batch: list[Row]) -> None:
        touches = [self.at_line(row.line, self._touch, row.values) for row in batch]
        # the natural key of a touchpoint: its first contact, its time and its channel
        keys = [(touch.contact_ids[0], touch.at, touch.channel) for touch in touches]
        stored_keys = stored_touches.stored_already(self.session, keys)
        seen: set[tuple[int, datetime, str]] = set()
        new = []
        for position, (touch, key) in enumerate(zip(touches, keys, strict=True)):
            action = "skip" if position in stored_keys or key in seen else "add"
            seen.add(key)  # the same touchpoint twice in one file is added once
            self.note(action, self.record, self._label(touch))
            if action == "add":
                new.append(touch)
        stored_touches.add_touchpoints(self.session, new)


class _Feedback(_Importer):
    record = "feedback"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.people = _Names(self.session)

    def _answer(self, values: dict[str, str]) -> tuple[int, datetime, int, str | None]:
        contact_id = self.people.id_of(values["name"])
        at, score = parse_iso(values["at"]).replace(microsecond=0), _number(values, "score")
        if score is None:
            raise InvalidInput("a feedback answer needs a score")
        return contact_id, check_feedback(self.now, score, at), score, values.get("note") or None

    def take(self, batch: list[Row]) -> None:
        answers = [self.at_line(row.line, self._answer, row.values) for row in batch]
        stored_keys = stored_promises.existing_feedback(self.session, ((c, at, s) for c, at, s, _ in answers))
        for contact_id, at, score, text in answers:
            action = "skip" if (contact_id, at, score) in stored_keys else "add"
            stored_keys.add((contact_id, at, score))
            self.note(action, self.record, lambda c=contact_id, s=score: f"{self.people.name_of(c)}: {s}/10")
            if action == "add":
                self.session.add(Feedback(contact_id=contact_id, score=score, at=at, note=(text or "").strip() or None, created_at=self.now))
        self.session.flush()


class _Promises(_Importer):
    record = "promise"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.people = _Names(self.session)

    def _one(self, values: dict[str, str]) -> tuple[str, str]:
        contact_id = self.people.id_of(values["name"])
        what = " ".join(values.get("what", "").split())
        if not what:
            raise InvalidInput("say what was promised")
        owner = vocab.promise_owner(values.get("owner") or "mine")
        status = vocab.promise_status(values.get("status") or "open")
        due_on = local_date(parse_iso(values["due"]))
        resolved = values.get("resolved")
        # settled with no date given: settled on the deadline (so `kept` means kept on time)
        resolved_at = None if status == "open" else parse_iso(resolved) if resolved else local_midnight(due_on)
        if resolved_at is not None and resolved_at > self.now:
            raise InvalidInput("a promise cannot be settled in the future")
        if resolved_at is not None:
            resolved_at = resolved_at.replace(microsecond=0)
        settled_text = values.get("resolved_on") if resolved_at is not None else None
        # the day as recorded, when the file has it: an export read back in another time zone keeps its outcome
        resolved_on = local_date(parse_iso(settled_text)) if settled_text else settled_day(resolved_at) if resolved_at else None
        label = f"{self.people.name_of(contact_id)}: {what}"
        promise = stored_promises.same_promise(self.session, contact_id, what, due_on, owner)
        if promise is None:
            promise = Promise(contact_id=contact_id, what=what, owner=owner, due_on=due_on, created_at=self.now)
            action = "add"
        elif (promise.status, promise.resolved_at, promise.resolved_on) == (status, resolved_at, resolved_on):
            return "skip", label
        else:
            action = "update"
        promise.status, promise.resolved_at, promise.resolved_on = status, resolved_at, resolved_on
        self.session.add(promise)
        self.session.flush()
        return action, label

    def take(self, batch: list[Row]) -> None:
        for row in batch:
            action, label = self.at_line(row.line, self._one, row.values)
            self.note(action, self.record, label)


class _Contacts(_Importer):
    """Contacts: new ones are inserted a batch at a time, known ones (same email, else same name)
    updated where the file says something new."""

    record = "contact"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.by_name, self.by_mail = stored.key_and_email_index(self.session)
        self.pending: list[tuple[Contact, list[str]]] = []
        self.tags = TagLinks(self.session)
        self.known: dict[int, Contact] = {}  # the stored contacts the batch names
        self.known_tags: dict[int, set[str]] = {}

    def take(self, batch: list[Row]) -> None:
        self._load_known(batch)
        for row in batch:
            self.take_one(row)
        self.save()
        self.known, self.known_tags = {}, {}

    def _load_known(self, batch: list[Row]) -> None:
        """The stored contacts this batch names, with their tags, read at once: most rows of a
        repeated import change nothing, and telling so must not cost a query each."""
        ids = {ident for row in batch if isinstance(ident := self._match(row.values, ()), int)}
        self.known = {contact.id: contact for contact in stored.contacts_by_id(self.session, ids)}
        self.known_tags = {ident: {names.name_key(tag) for tag, _ in tags} for ident, tags in stored.tags_of(self.session, ids).items()}

    def _match(self, values: dict[str, str], other_emails: Iterable[str]) -> Contact | int | None:
        """The stored (or, earlier in this batch, added) contact a row stands for: same email, else same name."""
        emails = [e.lower() for e in (values.get("email", ""), *other_emails) if e]
        known = next((self.by_mail[e] for e in emails if e in self.by_mail), None)
        return known if known is not None else self.by_name.get(names.name_key(names.clean_name(values.get("name", ""))))

    def take_one(self, row: Row, other_emails: Iterable[str] = ()) -> None:
        action, name = self.at_line(row.line, self._one, row.values, other_emails)
        self.note(action, self.record, name)

    def _changes(self, values: dict[str, str]) -> ContactFields:
        every, max_gap = values.get("every", ""), values.get("max", "")
        return ContactFields(
            org=values.get("org") or None,
            kind=values.get("kind") or None,
            email=values.get("email") or None,
            phone=values.get("phone") or None,
            notes=values.get("notes") or None,
            every=parse_duration(every) if every else None,
            max_gap=parse_duration(max_gap) if max_gap else None,
            tags=_split(values.get("tags", "")),
        )

    def _one(self, values: dict[str, str], other_emails: Iterable[str]) -> tuple[str, str]:
        name = names.clean_name(values.get("name", ""))
        if not name:
            raise InvalidInput("a contact needs a name")
        changes = self._changes(values)
        known = self._match(values, other_emails)
        if isinstance(known, Contact):  # added earlier in this batch: store it before changing it
            self.save()
            known = known.id
        if known is None:
            contact = new_contact(self.now, name, changes)
            for tag in changes.tags:
                self.tags.tag_id(tag)  # a bad tag is this row's error, not the batch's
            self.pending.append((contact, changes.tags))
            self._remember(contact, contact)
            return "add", contact.name
        if known in self.known and self._changes_nothing(self.known[known], changes):
            return "skip", self.known[known].name
        existing = stored.get(self.session, known)
        self.known.pop(known, None)  # changed now: compared afresh if named again
        before = self._snapshot(existing)
        apply_fields(self.session, existing, changes)
        self.session.flush()
        self._remember(existing, existing.id)  # type: ignore[arg-type]
        return ("skip" if self._snapshot(existing) == before else "update"), existing.name

    def _changes_nothing(self, contact: Contact, changes: ContactFields) -> bool:
        """Whether `changes` would leave this stored contact as it is (checked like any change)."""
        probe = SimpleNamespace(**{field: getattr(contact, field) for field in COMPARED})
        set_fields(probe, changes)  # type: ignore[arg-type]
        if any(getattr(probe, field) != getattr(contact, field) for field in COMPARED):
            return False
        tags = self.known_tags.get(contact.id, set())  # type: ignore[arg-type]
        return all(names.name_key(tag_name(tag)) in tags for tag in changes.tags)

    def _remember(self, contact: Contact, value: Contact | int) -> None:
        self.by_name[contact.name_key] = value  # type: ignore[assignment]
        if contact.email:
            self.by_mail.setdefault(contact.email.lower(), value)  # type: ignore[arg-type]

    def _snapshot(self, contact: Contact) -> tuple:
        tags = sorted(name for name, _ in stored.tags_of(self.session, [contact.id]).get(contact.id, []))  # type: ignore[arg-type, list-item]
        return (contact.kind, contact.org, contact.email, contact.phone, contact.every, contact.max_gap, contact.notes, tags)

    def save(self) -> None:
        if not self.pending:
            return
        self.session.add_all([contact for contact, _ in self.pending])
        self.session.flush()
        for contact, tags in self.pending:
            self.tags.add(contact.id, tags)  # type: ignore[arg-type]
            self._remember(contact, contact.id)  # type: ignore[arg-type]
            self.session.expunge(contact)  # stored: the session need not keep a hundred thousand of them
        self.tags.save()
        self.pending = []

    def finish(self) -> None:
        self.save()


IMPORTERS: dict[str, type[_Importer]] = {"contacts": _Contacts, "touches": _Touches, "promises": _Promises, "feedback": _Feedback}
MARKERS = (  # columns only one kind of file has, checked in this order
    ("promises", {"what", "owner", "due", "status", "resolved"}),
    ("feedback", {"score"}),
    ("touches", {"at", "via", "direction", "rating", "minutes"}),
    ("contacts", {"name"}),
)


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


def run_import(session: Session, now: datetime, path: Path, kind: str | None, note: Note, progress: Progress = lambda done: None) -> str:
    """Import `path` into the session's transaction; returns the type it was read as."""
    import json

    source = str(path)
    kind = kind or guess_type(path)
    if kind not in TYPES:
        raise InvalidInput(f"unknown import type '{kind}' (choose from {', '.join(TYPES)})")

    if kind == "vcard":
        importer = _Contacts(session, now, source, note)
        for row, other_emails in _vcard_rows(read_text(path), source):
            importer.take_one(row, other_emails)
        importer.finish()
        return kind

    if kind == "json" or path.suffix.lower() == ".json":
        text = read_text(path)
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
        columns, listed = _json_rows(data, source)
        kind = kind if kind != "json" else _type_from_columns(columns, source)
        _load(IMPORTERS[kind](session, now, source, note), kind, columns, listed, progress)
        return kind

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            columns, rows = _csv_rows(handle, source)
            _load(IMPORTERS[kind](session, now, source, note), kind, columns, rows, progress)
    except OSError as problem:
        raise InvalidInput(f"cannot read {path}: {problem.strerror}") from None
    return kind


def _load(importer: _Importer, kind: str, columns: list[str], rows: Iterable[Row], progress: Progress) -> None:
    _check_columns(kind, columns, importer.source)
    done = 0
    for batch in _batches(rows):
        importer.take(batch)
        done += len(batch)
        progress(done)
    importer.finish()

