"""vCard text to plain contacts and back, through vobject. Pure: no database, no CLI.

Reads vCard 3.0 and 4.0 as Google Contacts, Apple Contacts, Thunderbird and
khard export them (and vCard 2.1 quoted-printable, as far as vobject copes);
writes vCard 3.0, the version all of them read. vobject does the parsing; this
module only finds where each card begins, so that errors can name a line, and
works around the few places where vobject loses data (see `_raw_text_values`).

vobject is imported inside the functions: this module is on the start-up path.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reltrack.core.rules.names import clean_name, name_key
from reltrack.errors import InvalidInput

if TYPE_CHECKING:
    from vobject.base import Component, ContentLine

_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the only line ends vCard knows; str.splitlines knows too many
# a parameter of a property line (`NOTE;ENCODING=QUOTED-PRINTABLE:`), never text in a value
_QUOTED_PRINTABLE = re.compile(r"^[\w.-]+;[^:\r\n]*quoted-printable", re.IGNORECASE | re.MULTILINE)
# Han, kana and Hangul: names in these scripts are said family name first, without a space.
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")
_SNIPPET_LENGTH = 60
_EXCERPT_LENGTH = 20  # of a line that could not be parsed: enough to find it, too little to reveal it
# properties with a field of their own; any other is kept as written in `extra`
_MAPPED = {"VERSION", "PRODID", "FN", "N", "ORG", "EMAIL", "TEL", "CATEGORIES", "NOTE", "UID", "REV", "TITLE", "BDAY", "URL", "ADR"}
_ADR_PARTS = ("box", "extended", "street", "city", "region", "code", "country")
# words that begin a family name (María de la Cruz, Ludwig van Beethoven)
_FAMILY_PARTICLES = {"de", "del", "della", "der", "di", "da", "do", "dos", "das", "du", "la", "le", "van", "von", "bin", "ibn", "al", "ten", "ter", "y"}
_FOLD_OCTETS = 75
PRODID = "-//reltrack//reltrack//EN"
PRODID_LINE = f"PRODID:{PRODID}"  # on every card reltrack writes: a vdir export knows its own cards by it


@dataclass
class CardContact:
    """One contact as a vCard carries it, in the plain values reltrack stores."""

    name: str
    org: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: str | None = None
    line: int = 0  # 1-based line of the card's BEGIN:VCARD in its file, for error messages
    uid: str | None = None
    rev: datetime | None = None  # when the contact last changed (written only)
    title: str | None = None
    department: str | None = None  # ORG's units after the organisation, joined by ", "
    birthday: str | None = None
    url: str | None = None
    address: str | None = None  # ADR's parts, one line each
    # properties reltrack has no field for (PHOTO, X-...), their unfolded lines as written, one a line
    extra: str | None = None


def parse_vcards(text: str, source: str = "<vcard>", rejected: list | None = None) -> list[CardContact]:
    """Every card in `text`, in file order; InvalidInput naming `source:line` for text that is not vCard.
    `rejected`: where a card that is vCard but cannot be a contact is set aside, as (line, reason, {})."""
    text = text.removeprefix("\ufeff")  # Windows exporters start the file with a byte order mark
    if not text.strip():
        return []
    starts = _card_starts(text, source)

    import vobject

    allow_qp = bool(_QUOTED_PRINTABLE.search(text))
    raw_text = _raw_lines(text, allow_qp)
    contacts: list[CardContact] = []
    components = vobject.readComponents(text, allowQP=allow_qp)
    while True:
        line = starts[min(len(contacts), len(starts) - 1)]
        try:
            component = next(components)
        except StopIteration:
            break
        except Exception as error:  # vobject reports bad input as ParseError, but also AttributeError, UnicodeError...
            line = _failed_line(text, line, error)
            raise InvalidInput(f"{source}:{line}: not a valid vCard: {_describe(error)}") from error
        if component.name != "VCARD":
            raise InvalidInput(f"{source}:{line}: expected a vCard, found {component.name or 'unnamed data'}")
        try:
            contacts.append(_contact(component, line, raw_text))
        except InvalidInput as problem:
            if rejected is None:
                raise InvalidInput(f"{source}:{line}: {problem}") from None
            rejected.append((line, str(problem), {}))
            contacts.append(CardContact(name="", line=-1))  # keeps the count that finds each card's line
    return [contact for contact in contacts if contact.line != -1]


def write_vcards(contacts: Iterable[CardContact]) -> str:
    """vCard 3.0 text, one card per contact, CRLF line ends; reads back through `parse_vcards`."""
    return "".join(write_vcard(contact) for contact in contacts)


def write_vcard(contact: CardContact) -> str:
    """One card: its fields, then the properties kept as they came (`extra`)."""
    import vobject
    from vobject.vcard import Address, Name

    if not contact.name.strip():
        raise ValueError("a contact needs a name to be written as a vCard")
    kept = _LINE_BREAK.split(contact.extra) if contact.extra else []
    card_n = next((line for line in kept if _property(line) == "N"), None)
    kept = [line for line in kept if line.strip() and _property(line) != "N"]
    card = vobject.vCard()
    card.add("version").value = "3.0"
    card.add("prodid").value = PRODID
    if contact.uid:
        card.add("uid").value = contact.uid
    card.add("fn").value = contact.name
    if card_n is None or _name_of_n_line(card_n) != contact.name:  # the card's own N, while the name is the same
        family, given, additional = name_parts(contact.name)
        card.add("n").value = Name(family=family, given=given, additional=additional)
        card_n = None
    if contact.org:
        card.add("org").value = [contact.org, *([contact.department] if contact.department else [])]
    for attribute in ("title", "url"):
        if getattr(contact, attribute):
            card.add(attribute).value = getattr(contact, attribute)
    if contact.birthday:
        card.add("bday").value = contact.birthday
    if contact.address:
        card.add("adr").value = Address(street=contact.address)  # its lines in one part: read back the same
    for email in contact.emails:
        email_line = card.add("email")
        email_line.value = email
        email_line.type_param = "INTERNET"
    for phone in contact.phones:
        card.add("tel").value = phone
    if contact.tags:
        card.add("categories").value = list(contact.tags)
    if contact.notes:
        card.add("note").value = contact.notes
    if contact.rev:
        card.add("rev").value = contact.rev.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = card.serialize()
    added = "".join(_folded(line) for line in ([card_n] if card_n else []) + kept)
    return text.removesuffix("END:VCARD\r\n") + added + "END:VCARD\r\n"


def _property(line: str) -> str:
    """The property a content line holds (`item1.X-ABLABEL;...:` -> X-ABLABEL)."""
    head = re.split(r"[;:]", line, maxsplit=1)[0]
    return head.rsplit(".", 1)[-1].strip().upper()


def _name_of_n_line(line: str) -> str:
    import vobject

    try:
        return _name_from_parts([vobject.readOne(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{line}\r\nEND:VCARD\r\n").n])
    except Exception:  # kept from a card that vobject read once; if it cannot now, N is made anew
        return ""


def _folded(line: str) -> str:
    """A content line folded at 75 octets, between characters, CRLF-ended."""
    pieces, current, size = [], "", 0
    for character in line:
        width = len(character.encode())
        if size + width > _FOLD_OCTETS:
            pieces.append(current)
            current, size = " ", 1
        current += character
        size += width
    pieces.append(current)
    return "\r\n".join(pieces) + "\r\n"


def _card_starts(text: str, source: str) -> list[int]:
    """The line where each top-level card begins; InvalidInput for anything outside a card.

    vobject cannot say this itself: its line numbers count every line end twice.
    """
    starts = []
    depth = 0
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if not line.strip() or (depth and line[0] in " \t"):  # blank, or the continuation of a folded line
            continue
        key, _, value = line.partition(":")
        key, value = key.strip().upper(), value.strip().upper()
        if depth == 0:
            if key != "BEGIN":
                raise InvalidInput(f"{source}:{number}: not vCard text: expected BEGIN:VCARD, found {_snippet(line)}")
            if value != "VCARD":
                raise InvalidInput(f"{source}:{number}: expected a vCard, found BEGIN:{_snippet(value)}")
            starts.append(number)
        if key == "BEGIN":
            depth += 1
        elif key == "END":
            depth -= 1
    return starts


@dataclass(frozen=True)
class _RawLine:
    text: str  # the unfolded line as written
    value: str | None  # its value still escaped, for text properties without an ENCODING


def _raw_lines(text: str, allow_qp: bool) -> dict[int, _RawLine]:
    """Every property line as written, by vobject's line number: the unmapped ones are kept as they
    are, and FN, NOTE and TITLE values are decoded here.

    vobject decodes every single-valued text property by splitting it on commas
    and keeping the first part, so `NOTE:Met in Oslo, liked the demo` written
    without the backslash some exporters leave out comes back as `Met in Oslo`.
    Reading the same lines through vobject's line parser keeps the whole value.
    """
    from vobject.base import getLogicalLines, textLineToContentLine

    raw = {}
    for logical_line, number in getLogicalLines(io.StringIO(text), allow_qp):
        try:
            content_line = textLineToContentLine(logical_line, number)
        except Exception:  # ParseError, or LookupError and UnicodeError from quoted-printable
            continue  # readComponents meets the same line and reports it, with the card it is in
        plain = content_line.name in ("FN", "NOTE", "TITLE") and "ENCODING" not in content_line.params
        raw[number] = _RawLine(logical_line, content_line.value if plain else None)
    return raw


def _contact(component: Component, line: int, raw_text: dict[int, _RawLine]) -> CardContact:
    children = component.contents
    org_parts = next((parts for parts in (_org_parts(org.value) for org in children.get("org", [])) if parts[0]), [""])
    emails = _unique((str(email.value).strip() for email in children.get("email", [])), key=str.casefold)
    n_lines = children.get("n", [])
    # a company card (Apple) or a bare address (Google) has no name: it is named from ORG, then EMAIL
    name = (
        next((n for n in (clean_name(_text(fn, raw_text)) for fn in children.get("fn", [])) if n), "")
        or clean_name(_name_from_parts(n_lines))
        or org_parts[0]
        or next(iter(emails), "")
    )
    if not name:
        raise InvalidInput("the card has no name (FN, N, ORG and EMAIL are all empty)")
    notes = [_text(note, raw_text) for note in children.get("note", [])]
    urls = _unique(_unescaped(str(url.value)) for url in children.get("url", []))
    addresses = _unique(_address(adr.value) for adr in children.get("adr", []))
    notes += [f"Other web pages: {', '.join(urls[1:])}"] * (len(urls) > 1)
    notes += [f"Other address: {address}" for address in addresses[1:]]
    extra = [raw_text[child.lineNumber].text for child in _unmapped(component) if child.lineNumber in raw_text]
    card_n = _n_of(n_lines[0]) if n_lines else ("", "", "")
    if any(card_n) and n_lines[0].lineNumber in raw_text and name_parts(name) != card_n:
        extra.insert(0, raw_text[n_lines[0].lineNumber].text)  # N as the card splits it, where the rule would not
    return CardContact(
        name=name,
        org=org_parts[0] or None,
        department=", ".join(part for part in org_parts[1:] if part) or None,
        emails=emails,
        phones=_unique(_phone(tel.value) for tel in children.get("tel", [])),
        tags=_unique((clean_name(tag) for tag in _categories(children.get("categories", []))), key=name_key),
        notes=_LINE_BREAK.sub("\n", "\n".join(notes)).strip() or None,
        line=line,
        uid=next((str(uid.value).strip() for uid in children.get("uid", []) if str(uid.value).strip()), None),
        title=next((t for t in (clean_name(_text(title, raw_text)) for title in children.get("title", [])) if t), None),
        birthday=next((str(bday.value).strip() for bday in children.get("bday", []) if str(bday.value).strip()), None),
        url=next(iter(urls), None),
        address=next(iter(addresses), None),
        extra="\n".join(extra) or None,
    )


def _unescaped(value: str) -> str:
    r"""A URI as meant: Google writes `https\://`, escaping what needs no escape."""
    return re.sub(r"\\([,;:\\])", r"\1", value).strip()


def _unmapped(component: Component) -> list[ContentLine]:
    return sorted(
        (child for name, lines in component.contents.items() if name.upper() not in _MAPPED for child in lines),
        key=lambda child: child.lineNumber or 0,
    )


def _org_parts(value: Any) -> list[str]:
    """ORG's organisation, then its units."""
    parts = value if isinstance(value, list) else [value]
    return [clean_name(_joined(part, separator=",")) for part in parts] or [""]


def _address(value: Any) -> str:
    parts = (_joined(getattr(value, part, ""), separator=", ").strip() for part in _ADR_PARTS)
    return "\n".join(part for part in parts if part)


def _n_of(n_line: ContentLine) -> tuple[str, str, str]:
    """(family, given, additional) from N, as `name_parts` gives them."""
    parts = n_line.value
    if isinstance(parts, str):
        return "", parts, ""
    return _joined(parts.family), _joined(parts.given), _joined(parts.additional)


def _text(content_line: ContentLine, raw_text: dict[int, _RawLine]) -> str:
    line = raw_text.get(content_line.lineNumber)
    raw = line.value if line is not None else None
    if raw is None:
        return str(content_line.value)
    from vobject.icalendar import stringToTextValues

    return stringToTextValues(raw, listSeparator=None)[0]  # unescape without splitting on commas


def _name_from_parts(n_lines: list[ContentLine]) -> str:
    """The name as a person says it, from N: given additional family, or family first in CJK scripts."""
    if not n_lines or isinstance(n_lines[0].value, str):
        return ""
    parts = n_lines[0].value
    given, additional, family = (_joined(getattr(parts, part, "")) for part in ("given", "additional", "family"))
    if _CJK.search(family):
        return "".join(part for part in (family, given, additional) if part)
    return " ".join(part for part in (given, additional, family) if part)


def name_parts(name: str) -> tuple[str, str, str]:
    """(family, given, additional) for N, by a rule (docs/interchange.md): in CJK scripts the first
    word is the family name; a family name begins at a particle (de, van, von...); of four words
    or more the last two are the family name (María José García Márquez); of three, the middle one
    is an additional name, a middle name or a patronymic (Пётр Ильич Чайковский); else the last
    word is the family name."""
    words = name.split()
    if _CJK.search(name):
        return (name, "", "") if len(words) == 1 else (words[0], " ".join(words[1:]), "")
    if len(words) == 1:
        return "", name, ""
    particle = next((i for i, word in enumerate(words[1:-1], start=1) if word.casefold() in _FAMILY_PARTICLES), None)
    if particle is None and len(words) == 3:
        return words[2], words[0], words[1]
    family_from = particle if particle is not None else len(words) - (2 if len(words) >= 4 else 1)
    return " ".join(words[family_from:]), " ".join(words[:family_from]), ""


def _joined(value: Any, separator: str = " ") -> str:
    # vobject splits a structured component on unescaped commas into a list
    if isinstance(value, list):
        return separator.join(str(part) for part in value)
    return str(value or "")


def _categories(lines: list[ContentLine]) -> list[str]:
    tags = []
    for content_line in lines:
        value = content_line.value
        tags.extend(value if isinstance(value, list) else str(value).split(","))
    return tags


def _phone(value: Any) -> str:
    phone = str(value).strip()
    return phone[4:].strip() if phone.lower().startswith("tel:") else phone  # vCard 4.0 TEL;VALUE=uri


def _unique(values: Iterable[str], key: Any = None) -> list[str]:
    """Non-empty values, first spelling of each kept, in order."""
    seen = set()
    kept = []
    for value in values:
        identity = key(value) if key else value
        if value and identity not in seen:
            seen.add(identity)
            kept.append(value)
    return kept


def _failed_line(text: str, card_start: int, error: Exception) -> int:
    """The line vobject could not parse, found by its text from the card's start (or the start)."""
    failed = str(getattr(error, "msg", "")).removeprefix("Failed to parse line: ")
    lines = _LINE_BREAK.split(text)
    for number in range(card_start, len(lines) + 1):
        if failed and lines[number - 1].strip() == failed.strip():
            return number
    return card_start


def _describe(error: Exception) -> str:
    # ParseError keeps its message without vobject's (wrong) line number in `msg`
    message = str(getattr(error, "msg", None) or str(error) or type(error).__name__)
    failed = message.removeprefix("Failed to parse line: ")
    if failed != message:  # the line may be private note text: a short excerpt, as a quoted escaped string
        return f"cannot parse the line starting {_snippet(failed[:_EXCERPT_LENGTH] + ('…' if len(failed) > _EXCERPT_LENGTH else ''))}"
    return _snippet(message, quote=False)


def _snippet(text: str, quote: bool = True) -> str:
    flat = " ".join(text.split())
    if len(flat) > _SNIPPET_LENGTH:
        flat = flat[: _SNIPPET_LENGTH - 1] + "…"
    return repr(flat) if quote else flat
