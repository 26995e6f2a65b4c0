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


def parse_vcards(text: str, source: str = "<vcard>") -> list[CardContact]:
    """Every card in `text`, in file order; InvalidInput naming `source:line` for text that is not vCard."""
    text = text.removeprefix("\ufeff")  # Windows exporters start the file with a byte order mark
    if not text.strip():
        return []
    starts = _card_starts(text, source)

    import vobject

    allow_qp = bool(_QUOTED_PRINTABLE.search(text))
    raw_text = _raw_text_values(text, allow_qp)
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
        contacts.append(_contact(component, line, raw_text, source))
    return contacts


def write_vcards(contacts: Iterable[CardContact]) -> str:
    """vCard 3.0 text, one card per contact, CRLF line ends; reads back through `parse_vcards`."""
    import vobject
    from vobject.vcard import Name

    cards = []
    for contact in contacts:
        if not contact.name.strip():
            raise ValueError("a contact needs a name to be written as a vCard")
        card = vobject.vCard()
        card.add("version").value = "3.0"
        card.add("fn").value = contact.name
        family, given = _split_name(contact.name)
        card.add("n").value = Name(family=family, given=given)
        if contact.org:
            card.add("org").value = [contact.org]
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
        cards.append(card.serialize())
    return "".join(cards)


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


def _raw_text_values(text: str, allow_qp: bool) -> dict[int, str]:
    """FN and NOTE values as written (still escaped), by vobject's line number.

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
        if content_line.name in ("FN", "NOTE") and "ENCODING" not in content_line.params:
            raw[number] = content_line.value
    return raw


def _contact(component: Component, line: int, raw_text: dict[int, str], source: str) -> CardContact:
    children = component.contents
    name = next((n for n in (clean_name(_text(fn, raw_text)) for fn in children.get("fn", [])) if n), "")
    if not name:
        name = clean_name(_name_from_parts(children.get("n", [])))
    if not name:
        raise InvalidInput(f"{source}:{line}: the card has no name (FN and N are empty)")
    orgs = (clean_name(_first_component(org.value)) for org in children.get("org", []))
    notes = "\n".join(_text(note, raw_text) for note in children.get("note", []))
    return CardContact(
        name=name,
        org=next((org for org in orgs if org), None),
        emails=_unique((str(email.value).strip() for email in children.get("email", [])), key=str.casefold),
        phones=_unique(_phone(tel.value) for tel in children.get("tel", [])),
        tags=_unique((clean_name(tag) for tag in _categories(children.get("categories", []))), key=name_key),
        notes=_LINE_BREAK.sub("\n", notes).strip() or None,
        line=line,
    )


def _text(content_line: ContentLine, raw_text: dict[int, str]) -> str:
    raw = raw_text.get(content_line.lineNumber)
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


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) for N: the last word is the family name, except in CJK scripts where it comes first."""
    words = name.split()
    if _CJK.search(name):
        return (name, "") if len(words) == 1 else (words[0], " ".join(words[1:]))
    if len(words) == 1:
        return "", name
    return words[-1], " ".join(words[:-1])


def _first_component(value: Any) -> str:
    """The organisation name from ORG (its first component), not the units after it."""
    first = value[0] if isinstance(value, list) and value else value
    return _joined(first, separator=",")


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
