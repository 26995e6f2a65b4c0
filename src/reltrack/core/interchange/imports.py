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
import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple, TextIO

from sqlalchemy.orm import Session

from reltrack import vocab
from reltrack.core.contacts import CARD_FIELDS, ContactFields, TagLinks, apply_fields, find_contact, new_contact, set_fields, tag_name
from reltrack.core.interchange.address_books import ADDRESS_BOOK_GROUPS
from reltrack.core.interchange.batches import Batch, contact_fields, plain_value, promise_fields
from reltrack.core.interchange.exports import FIELDS
from reltrack.core.promises import check_feedback, settled_day
from reltrack.core.rules import names
from reltrack.core.rules.dates import local_date, local_midnight, parse_duration, parse_iso
from reltrack.core.touches import TouchFields, check, touch_day
from reltrack.errors import InvalidInput, NotFound, ReltrackError
from reltrack.store import contacts as stored
from reltrack.store import promises as stored_promises
from reltrack.store import touches as stored_touches
from reltrack.store.models import Contact, Feedback, Promise, new_uid

FOREIGN = ("google", "outlook", "linkedin")  # other programs' CSV exports (address_books.py)
TYPES = ("contacts", "touches", "promises", "feedback", "vcard", "json", *FOREIGN)
REQUIRED = {"contacts": ("name",), "touches": ("name", "at"), "promises": ("name", "what", "due"), "feedback": ("name", "at", "score")}
BATCH = 2000  # rows per round trip: large enough to amortise it, small enough to hold in memory
# A touchpoint file is long and its rows small: its keys are looked up 20,000 at a time, in the
# per-contact index's order, each page of that index read once rather than once every 2,000 rows
# (a repeated import of 100,000 rows at L: 10% less CPU; about 20 MB held).
TOUCH_BATCH = 20_000
WRITE_BATCH = 100_000  # new touchpoints written at once (see _Touches.finish): about 100 MB

# the fields a contact row can set
COMPARED = ("kind", "org", "email", "phone", "notes", "every", "max_gap", *CARD_FIELDS, "followup_on", "snoozed_until")
# (add | update | skip, what kind of record, which one: text, or a function giving it when wanted)
Note = Callable[[str, str, "str | Callable[[], str]"], None]
Progress = Callable[[int], None]  # called with the number of rows done so far


class Row(NamedTuple):  # a tuple: made for every record of a file of millions
    line: int  # where the record starts in the file (for JSON: its position in the array)
    values: dict[str, str]  # column -> text, empty when missing
    problem: str | None = None  # why the record cannot be read at all (reported when it is taken)


@dataclass
class ImportOptions:
    """What the command line adds to every record, and how bad records are handled."""

    kind: str | None = None  # --kind: for every contact whose row gives none
    tags: list[str] = field(default_factory=list)  # --tag: added to every contact imported
    skip_invalid: bool = False  # bad records are set aside in `rejected` instead of stopping the import
    rejected: list[tuple[int, str, dict[str, str]]] = field(default_factory=list)  # (line, reason, values)
    batch: Batch | None = None


class _Skipped(Exception):
    """A record set aside by --skip-invalid."""


class _Memo:
    """`work(cells)` worked out once per distinct text of some cells, and so is its error: a file
    repeats the same names, channels and numbers row after row."""

    def __init__(self, work: Callable[[Any], object]) -> None:
        self.work, self.known = work, {}

    def __call__(self, text: Hashable):  # type: ignore[no-untyped-def]
        known = self.known.get(text, _Memo)
        if known is _Memo:
            try:
                known = self.work(text)
            except ReltrackError as problem:
                known = problem
            self.known[text] = known
        if isinstance(known, ReltrackError):
            raise type(known)(str(known))
        return known


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


def guess_type(path: Path) -> str | None:
    """From the extension or the file's name; None for a CSV file whose header is to tell."""
    suffix = path.suffix.lower()
    named = [kind for kind in IMPORTERS if kind in path.stem.lower()]
    if path.is_dir() or suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix == ".json":
        return "json"
    if suffix in (".csv", ".tsv"):
        return named[0] if len(named) == 1 else None
    if _head(path).lstrip().upper().startswith("BEGIN:VCARD"):
        return "vcard"
    raise InvalidInput(f"{path}: cannot tell what this file holds; say it with --type ({', '.join(TYPES)})")


READABLE = (
    "reltrack's own csv (contacts, touches, promises, feedback), Google Contacts CSV, Outlook CSV, "
    "LinkedIn Connections.csv, vCard (.vcf, or a folder of them) and reltrack's JSON"
)


def _type_from_columns(columns: list[str], source: str) -> str:
    from reltrack.core.interchange.address_books import recognise

    present = set(columns)
    foreign = recognise(columns)
    if foreign:
        return foreign
    for kind, markers in MARKERS:
        if present & markers:
            return kind
    raise InvalidInput(f"{source}:1: cannot tell what these columns hold; reltrack reads {READABLE}; say which with --type")


def _sniffed(handle: TextIO) -> tuple[Iterator[str], str, int]:
    """(the lines from the header on, the delimiter, how many lines came before the header).

    LinkedIn starts Connections.csv with a "Notes:" paragraph and a blank line; spreadsheets set to a
    European locale separate with ';', some exports with tabs: the header line tells which."""
    skipped = 0
    first = handle.readline()
    if first.strip().rstrip(",").lower() == "notes:":
        skipped = 1
        line = handle.readline()
        while line and line.strip(" ,\r\n"):
            skipped, line = skipped + 1, handle.readline()
        skipped += 1
        first = handle.readline()
        while first and not first.strip(" ,\r\n"):  # more blank lines before the header
            skipped, first = skipped + 1, handle.readline()
    delimiter = max((",", ";", "\t"), key=first.count)
    return itertools.chain([first], handle), delimiter, skipped


def _csv_rows(handle: Iterable[str], source: str, delimiter: str = ",", skipped: int = 0) -> tuple[list[str], list[str], Iterator[Row]]:
    """The header (lower-cased, and as written), and the rows as they are read; `skipped`: lines
    before the header, so that line numbers are the file's."""
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        written = [column.strip() for column in next(reader)]
        header = [column.lower() for column in written]
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
        start = reader.line_num + 1 + skipped
        try:
            for record in reader:
                if "".join(record).strip():  # not a blank line
                    if len(record) != len(header):
                        problem = f"{len(record)} fields where the header has {len(header)}"
                        yield Row(start, dict(zip(header, record, strict=False)), problem)
                    else:
                        yield Row(start, dict(zip(header, map(str.strip, record), strict=True)))
                start = reader.line_num + 1 + skipped
        except csv.Error as problem:
            raise InvalidInput(f"{source}:{start}: {problem}") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"{source}: not UTF-8 text (after line {start - 1}); save it as UTF-8 and try again") from None

    return header, written, rows()


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


def _number(key: str, text: str) -> int | None:
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

    def __init__(self, session: Session, now: datetime, source: str, note: Note, options: ImportOptions | None = None) -> None:
        self.session, self.now, self.source, self.note = session, now, source, note
        self.defaults = options or ImportOptions()
        self.batch = self.defaults.batch or Batch(session, now, source)

    def rows_per_batch(self) -> int:
        return BATCH

    def at_line(self, row: Row, work: Callable, *args: object):  # type: ignore[no-untyped-def]
        """Run one row's work; any problem is reported as FILE:LINE: problem, with its own exit status
        (or, with --skip-invalid, the row is set aside and _Skipped raised)."""
        try:
            if row.problem:
                raise InvalidInput(row.problem)
            return work(*args)
        except ReltrackError as problem:
            if self.defaults.skip_invalid:
                self.defaults.rejected.append((row.line, str(problem), row.values))
                raise _Skipped from None
            raise type(problem)(f"{self.source}:{row.line}: {problem}") from None

    def each(self, batch: list[Row], work: Callable) -> list:  # type: ignore[type-arg]
        """work(row.values) for each row, without the rows set aside."""
        done = []
        for row in batch:
            try:
                done.append(self.at_line(row, work, row.values))
            except _Skipped:
                continue
        return done

    def take(self, batch: list[Row]) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """After the last batch."""


class _Names:
    """The contacts a file names, each resolved once: whole names, exactly or ignoring accents.

    `prefetch` looks up a batch's new names by their keys in a few queries; only a name whose key
    is not stored (written with other accents, or unknown) takes the one-by-one lookup and its error."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.found: dict[str, int | ReltrackError] = {}
        self.names: dict[int, str] = {}

    def prefetch(self, written: Iterable[str]) -> None:
        keys = {name: names.name_key(name) for name in set(written) if name not in self.found}
        ids = stored.ids_by_key(self.session, set(keys.values()))
        self.found.update((name, ids[key]) for name, key in keys.items() if key in ids)

    def id_of(self, name: str) -> int:
        found = self.found.get(name)
        if found is None:
            found = self.found[name] = self._resolve(name)
        if isinstance(found, ReltrackError):
            raise type(found)(str(found))
        return found

    def _resolve(self, name: str) -> int | ReltrackError:
        try:
            contact = find_contact(self.session, name, loose=False)
        except (NotFound, InvalidInput) as problem:
            return problem
        self.names[contact.id] = contact.name  # type: ignore[index]
        return contact.id  # type: ignore[return-value]

    def name_of(self, ident: int) -> str:
        if ident not in self.names:
            self.names.update(stored.name_of(self.session, [ident]))
        return self.names[ident]


class _Touches(_Importer):
    record = "touchpoint"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.people = _Names(self.session)
        self.people_in = _Memo(self._people)
        self.fields = _Memo(self._fields)
        self.waiting: list[stored_touches.NewTouch] = []  # new, to be written
        self.waiting_keys: set[object] = set()  # their natural keys and uids

    def rows_per_batch(self) -> int:
        return TOUCH_BATCH

    def _people(self, cell: str) -> tuple[int, ...]:
        name = cell.strip()
        if name and ";" not in name:  # one name, nearly always
            return (self.people.id_of(name),)
        ids = tuple(dict.fromkeys(self.people.id_of(name) for name in _split(cell)))
        if not ids:
            raise InvalidInput("a touchpoint needs at least one name")
        return ids

    def _fields(self, cells: tuple[str, str, str, str]) -> tuple[str, str, int | None, int | None, bool]:
        """(channel, direction, rating, minutes, whether rating and minutes are in range) from the
        cells via, direction, rating and minutes."""
        via, direction, rating, minutes = cells
        channel, direction = vocab.channel(via or "call"), vocab.direction(direction or "out")
        numbers = TouchFields(rating=_number("rating", rating), minutes=_number("minutes", minutes))
        try:
            check(numbers, self.now)
            in_range = True
        except ReltrackError:
            in_range = False  # told, with the line, by the row (_touch)
        return channel, direction, numbers.rating, numbers.minutes, in_range

    def _touch(self, values: dict[str, str]) -> stored_touches.NewTouch:
        """A row as a checked touchpoint: what `log` checks, with each distinct name and set of
        fields worked out once."""
        get = values.get
        ids = self.people_in(get("name", ""))
        at = parse_iso(values["at"])
        if at.microsecond:
            at = at.replace(microsecond=0)  # stored to the second: the key must match
        channel, direction, rating, minutes, in_range = self.fields((get("via", ""), get("direction", ""), get("rating", ""), get("minutes", "")))
        if not in_range or at > self.now:
            check(TouchFields(at=at, rating=rating, minutes=minutes), self.now)  # says what is wrong
        note = (get("note") or "").strip() or None
        return stored_touches.NewTouch(at, touch_day(at), channel, direction, note, rating, minutes, self.now, ids, get("uid") or None)

    def _label(self, touch: stored_touches.NewTouch) -> Callable[[], str]:
        def label() -> str:
            people = ", ".join(self.people.name_of(ident) for ident in touch.contact_ids)
            return f"{touch.channel} with {people} at {touch.at.astimezone():%Y-%m-%d %H:%M}"

        return label

    def take(self, batch: list[Row]) -> None:
        self.people.prefetch(name for cell in {row.values.get("name", "") for row in batch} for name in _split(cell))
        touches = self.each(batch, self._touch)
        # the same identity (only a file's own uids can be stored already), or else the natural key
        # of a touchpoint: its first contact, its time and its channel
        known_uids = stored_touches.uids_stored(self.session, [touch.uid for touch in touches if touch.uid])
        keys = [(touch.contact_ids[0], touch.at, touch.channel) for touch in touches]
        stored_keys = stored_touches.stored_already(self.session, keys)
        waiting = self.waiting_keys
        for position, (touch, key) in enumerate(zip(touches, keys, strict=True)):
            uid = touch.uid
            repeated = position in stored_keys or key in waiting or (uid is not None and (uid in known_uids or uid in waiting))
            self.note("skip" if repeated else "add", self.record, self._label(touch))
            if not repeated:  # the same touchpoint twice in one file is added once
                self.waiting.append(touch)
                waiting.add(key)
                if uid is not None:
                    waiting.add(uid)
        if len(self.waiting) >= WRITE_BATCH:
            self.finish()

    def finish(self) -> None:
        """Write the touchpoints waiting: many batches' worth at once, because each write of new rows
        into indexes of millions is a pass over them."""
        for _, uid in stored_touches.add_touchpoints(self.session, self.waiting):
            self.batch.added("touchpoint", uid)
        self.waiting, self.waiting_keys = [], set()


class _Feedback(_Importer):
    record = "feedback"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.people = _Names(self.session)

    def _answer(self, values: dict[str, str]) -> tuple[int, datetime, int, str | None, str]:
        contact_id = self.people.id_of(values["name"])
        at, score = parse_iso(values["at"]).replace(microsecond=0), _number("score", values.get("score", ""))
        if score is None:
            raise InvalidInput("a feedback answer needs a score")
        return contact_id, check_feedback(self.now, score, at), score, values.get("note") or None, values.get("uid") or new_uid()

    def take(self, batch: list[Row]) -> None:
        self.people.prefetch(row.values.get("name", "") for row in batch)
        answers = self.each(batch, self._answer)
        stored_keys: set[object] = set(stored_promises.existing_feedback(self.session, ((c, at, s) for c, at, s, _, _ in answers)))
        stored_keys.update(stored_promises.feedback_uids(self.session, [uid for *_, uid in answers]))
        for contact_id, at, score, text, uid in answers:
            action = "skip" if (contact_id, at, score) in stored_keys or uid in stored_keys else "add"
            stored_keys.update(((contact_id, at, score), uid))
            self.note(action, self.record, lambda c=contact_id, s=score: f"{self.people.name_of(c)}: {s}/10")
            if action == "add":
                note = (text or "").strip() or None
                self.session.add(Feedback(uid=uid, contact_id=contact_id, score=score, at=at, note=note, created_at=self.now))
                self.batch.added("feedback", uid)
        self.session.flush()


class _Promises(_Importer):
    record = "promise"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.people = _Names(self.session)
        self.by_uid: dict[str, Promise] = {}  # the promises this batch can match
        self.by_key: dict[tuple[int, str, object, str], Promise] = {}

    def _one(self, values: dict[str, str]) -> tuple[str, Callable[[], str]]:
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
        label = lambda: f"{self.people.name_of(contact_id)}: {what}"  # noqa: E731  (shown by --dry-run only)
        uid, key = values.get("uid") or "", (contact_id, what, due_on, owner)
        promise = self.by_uid.get(uid) if uid else None
        if promise is None:
            promise = self.by_key.get(key)
        if promise is None:
            promise = Promise(uid=uid or new_uid(), contact_id=contact_id, what=what, owner=owner, due_on=due_on, created_at=self.now)
            promise.status, promise.resolved_at, promise.resolved_on = status, resolved_at, resolved_on
            self.session.add(promise)
            self._know(promise)
            self.batch.added("promise", promise.uid)
            return "add", label
        if (promise.status, promise.resolved_at, promise.resolved_on) == (status, resolved_at, resolved_on):
            return "skip", label
        before = promise_fields(promise)
        promise.status, promise.resolved_at, promise.resolved_on = status, resolved_at, resolved_on
        self.batch.updated("promise", promise.uid, before, promise_fields(promise))
        return "update", label

    def _know(self, promise: Promise) -> None:
        self.by_uid[promise.uid] = promise
        self.by_key.setdefault((promise.contact_id, promise.what, promise.due_on, promise.owner), promise)

    def take(self, batch: list[Row]) -> None:
        """The batch's rows matched against the promises stored for its contacts and with its uids,
        read in two queries; what is new or changed is written once, at the end of the batch."""
        self.people.prefetch(row.values.get("name", "") for row in batch)
        contact_ids = set()
        for row in batch:
            try:
                contact_ids.add(self.people.id_of(row.values.get("name", "")))
            except ReltrackError:
                pass  # reported with its line by _one
        uids = {uid for row in batch if (uid := row.values.get("uid"))}
        self.by_uid, self.by_key = {}, {}
        for promise in stored_promises.of_contacts_or_uids(self.session, contact_ids, uids):
            self._know(promise)
        for action, label in self.each(batch, self._one):
            self.note(action, self.record, label)
        self.session.flush()


class _Contacts(_Importer):
    """Contacts: new ones are inserted a batch at a time, known ones (same email, else same name)
    updated where the file says something new."""

    record = "contact"

    def __init__(self, *args: object) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self.by_name, self.by_mail = stored.key_and_email_index(self.session)
        self.by_uid: dict[str, Contact | int] = stored.uid_index(self.session)  # type: ignore[assignment]
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
        """The stored (or, earlier in this batch, added) contact a row stands for: same uid (its own, or
        that of a contact merged into it), else same email, else same name."""
        uid = values.get("uid", "")
        if uid and uid in self.by_uid:
            return self.by_uid[uid]
        emails = [e.lower() for e in (values.get("email", ""), *other_emails) if e]
        known = next((self.by_mail[e] for e in emails if e in self.by_mail), None)
        return known if known is not None else self.by_name.get(names.name_key(names.clean_name(values.get("name", ""))))

    def take_one(self, row: Row, other_emails: Iterable[str] = ()) -> None:
        try:
            action, name = self.at_line(row, self._one, row.values, other_emails)
        except _Skipped:
            return
        self.note(action, self.record, name)

    def _changes(self, values: dict[str, str]) -> ContactFields:
        every, max_gap = values.get("every", ""), values.get("max", "")
        followup, snoozed = values.get("followup", ""), values.get("snoozed", "")
        return ContactFields(
            org=values.get("org") or None,
            kind=values.get("kind") or self.defaults.kind,
            email=values.get("email") or None,
            phone=values.get("phone") or None,
            notes=values.get("notes") or None,
            every=parse_duration(every) if every else None,
            max_gap=parse_duration(max_gap) if max_gap else None,
            tags=[*_split(values.get("tags", "")), *self.defaults.tags],
            **{field: values.get(field) or None for field in CARD_FIELDS if field != "card_extra"},
            card_extra=values.get("card_extra") or None,
            followup_on=local_date(parse_iso(followup)) if followup else None,
            followup_set_at=self.now,
            snoozed_until=parse_iso(snoozed).replace(microsecond=0) if snoozed else None,
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
            contact.uid = values.get("uid") or new_uid()
            if values.get("known_since"):  # LinkedIn's "Connected On": known since then
                contact.created_at = min(local_midnight(local_date(parse_iso(values["known_since"]))), self.now)
            for tag in changes.tags:
                self.tags.tag_id(tag)  # a bad tag is this row's error, not the batch's
            self.pending.append((contact, changes.tags))
            self._remember(contact, contact)
            return "add", contact.name
        if known in self.known and self._changes_nothing(self.known[known], changes, name):
            return "skip", self.known[known].name
        existing = stored.get(self.session, known)
        self.known.pop(known, None)  # changed now: compared afresh if named again
        before = self._snapshot(existing)
        apply_fields(self.session, existing, changes)
        self._rename(existing, name, values.get("uid", ""))
        self.session.flush()
        self._remember(existing, existing.id)  # type: ignore[arg-type]
        after = self._snapshot(existing)
        if after == before:
            return "skip", existing.name
        existing.updated_at = self.now
        self.batch.updated("contact", existing.uid, before, after | {"updated_at": plain_value(self.now)})
        return "update", existing.name

    def _rename(self, contact: Contact, name: str, uid: str) -> None:
        """A row that names a contact by its own uid renames it (renamed in the address book),
        unless another contact has that name."""
        key = names.name_key(name)
        if uid != contact.uid or key == contact.name_key or self.by_name.get(key, contact.id) != contact.id:
            return
        self.by_name.pop(contact.name_key, None)
        contact.name, contact.name_key, contact.name_fold = name, key, names.fold(name)

    def _changes_nothing(self, contact: Contact, changes: ContactFields, name: str) -> bool:
        """Whether `changes` would leave this stored contact as it is (checked like any change)."""
        if name != contact.name:
            return False
        probe = SimpleNamespace(**{field: getattr(contact, field) for field in (*COMPARED, "followup_set_at")})
        set_fields(probe, changes)  # type: ignore[arg-type]
        if any(getattr(probe, field) != getattr(contact, field) for field in COMPARED):
            return False
        tags = self.known_tags.get(contact.id, set())  # type: ignore[arg-type]
        return all(names.name_key(tag_name(tag)) in tags for tag in changes.tags)

    def _remember(self, contact: Contact, value: Contact | int) -> None:
        self.by_name[contact.name_key] = value  # type: ignore[assignment]
        self.by_uid[contact.uid] = value
        if contact.email:
            self.by_mail.setdefault(contact.email.lower(), value)  # type: ignore[arg-type]

    def _snapshot(self, contact: Contact) -> dict:
        """The contact's fields, as `undo-import` restores them."""
        tags = sorted(name for name, _ in stored.tags_of(self.session, [contact.id]).get(contact.id, []))  # type: ignore[arg-type, list-item]
        return contact_fields(contact) | {"tags": tags}

    def save(self) -> None:
        if not self.pending:
            return
        self.session.add_all([contact for contact, _ in self.pending])
        self.session.flush()
        for contact, tags in self.pending:
            self.batch.added("contact", contact.uid)
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


def _vcard_rows(text: str, source: str, options: ImportOptions) -> Iterator[tuple[Row, list[str]]]:
    from reltrack.core.interchange.vcard import parse_vcards

    rejected = options.rejected if options.skip_invalid else None
    for card in parse_vcards(text, source, rejected):
        extra_notes = [f"Other emails: {', '.join(card.emails[1:])}"] * (len(card.emails) > 1)
        extra_notes += [f"Other phones: {', '.join(card.phones[1:])}"] * (len(card.phones) > 1)
        values = {
            "name": card.name,
            "org": card.org or "",
            "email": card.emails[0] if card.emails else "",
            "phone": card.phones[0] if card.phones else "",
            "tags": ";".join(tag for tag in card.tags if tag.casefold() not in ADDRESS_BOOK_GROUPS and ";" not in tag),
            "notes": "\n".join(filter(None, [card.notes, *extra_notes, *(f"Tag: {tag}" for tag in card.tags if ";" in tag)])),
            "uid": card.uid or "",
            **{key: getattr(card, key) or "" for key in ("title", "department", "birthday", "url", "address")},
            "card_extra": card.extra or "",
        }
        yield Row(card.line, values), card.emails[1:]


@dataclass(frozen=True)
class ImportResult:
    kind: str  # what the file was read as
    batch: int | None  # the batch to undo it by; None when it changed nothing
    rejected: list[tuple[int, str, dict[str, str]]]  # with --skip-invalid: (line, reason, values)


def run_import(
    session: Session, now: datetime, path: Path, kind: str | None, note: Note, progress: Progress = lambda done: None,
    options: ImportOptions | None = None, stdin: TextIO | None = None,
) -> ImportResult:  # fmt: skip
    """Import `path` (or `stdin`, text, when given) into the session's transaction, as one batch."""
    from collections import Counter

    options = options or ImportOptions()
    source = "-" if stdin is not None else str(path)
    if kind is not None and kind not in TYPES:
        raise InvalidInput(f"unknown import type '{kind}' (choose from {', '.join(TYPES)})")
    if stdin is None and not path.exists():
        raise InvalidInput(f"cannot read {path}: no such file or folder")
    counts: Counter[str] = Counter()

    def counted(action: str, record: str, label: str | Callable[[], str]) -> None:
        counts[action] += 1
        note(action, record, label)

    options.batch = Batch(session, now, source)
    kind = _read(session, now, path, kind if stdin is not None else kind or guess_type(path), counted, progress, options, stdin)
    batch = options.batch.save(kind, counts["add"], counts["update"], counts["skip"])
    return ImportResult(kind, batch, options.rejected)


def _read(session, now, path, kind, note, progress, options, stdin) -> str:  # type: ignore[no-untyped-def]
    import json

    source = "-" if stdin is not None else str(path)
    if kind == "vcard":
        importer = _Contacts(session, now, source, note, options)
        files = sorted(path.glob("*.vcf")) if stdin is None and path.is_dir() else [path]
        for file in files:  # a vdir: one card a file
            text = stdin.read() if stdin is not None else read_text(file)
            for row, other_emails in _vcard_rows(text, source if stdin is not None else str(file), options):
                importer.take_one(row, other_emails)
        importer.finish()
        return kind

    if kind == "json" or (stdin is None and path.suffix.lower() == ".json"):
        text = stdin.read() if stdin is not None else read_text(path)
        try:
            data = json.loads(text.removeprefix("\ufeff"))
        except json.JSONDecodeError as problem:
            raise InvalidInput(f"{source}:{problem.lineno}: not valid JSON ({problem.msg})") from None
        from reltrack.core.interchange.dump import is_dump, restore

        if is_dump(data):
            restore(session, data, source, note, options.batch)
            return "json"
        if not isinstance(data, list):
            raise InvalidInput(f"{source}: expected a reltrack dump (export all) or an array of records")
        columns, listed = _json_rows(data, source)
        kind = kind if kind not in (None, "json") else _type_from_columns(columns, source)
        _load(IMPORTERS[kind](session, now, source, note, options), kind, columns, listed, progress)
        return kind

    try:
        with _text_handle(path, stdin) as handle:
            lines, delimiter, skipped = _sniffed(handle)
            columns, written, rows = _csv_rows(lines, source, delimiter, skipped)
            kind = kind or _type_from_columns(columns, source)
            if kind in FOREIGN:
                _load_address_book(_Contacts(session, now, source, note, options), kind, dict(zip(columns, written, strict=True)), rows, progress)
            else:
                _load(IMPORTERS[kind](session, now, source, note, options), kind, columns, rows, progress)
    except OSError as problem:
        raise InvalidInput(f"cannot read {path}: {problem.strerror}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{source}: not UTF-8 text; save it as UTF-8 and try again") from None
    return kind


@contextmanager
def _text_handle(path: Path, stdin: TextIO | None) -> Iterator[TextIO]:
    if stdin is not None:
        yield stdin
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield handle


def _load_address_book(importer: _Contacts, kind: str, header: dict[str, str], rows: Iterable[Row], progress: Progress) -> None:
    from reltrack.core.interchange.address_books import contact_values

    done = 0
    for batch in _batches(rows):
        for row in batch:
            try:
                values, other_emails = importer.at_line(row, contact_values, kind, row.values, header)
            except _Skipped:
                continue
            importer.take_one(Row(row.line, values), other_emails)
        importer.save()
        done += len(batch)
        progress(done)
    importer.finish()


def _load(importer: _Importer, kind: str, columns: list[str], rows: Iterable[Row], progress: Progress) -> None:
    _check_columns(kind, columns, importer.source)
    done = 0
    for batch in _batches(rows, importer.rows_per_batch()):
        importer.take(batch)
        done += len(batch)
        progress(done)
    importer.finish()
