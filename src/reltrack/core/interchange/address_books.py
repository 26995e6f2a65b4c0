"""Other programs' contact exports, recognised by their header rows and mapped onto reltrack's
contact fields: Google Contacts CSV (the current one and the older "Google CSV"), Outlook CSV and
LinkedIn's Connections.csv. Pure: rows of text in, contact values out (docs/interchange.md).

A column with no field of its own goes into the notes as "column: value", so nothing a file
holds is dropped; only the labels of emails and phones ("* Work", "Mobile") are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

# the columns each format's header always has (lower-cased), checked in this order
SIGNATURES = (
    ("linkedin", {"first name", "last name", "email address", "company", "position", "connected on"}),
    ("google", {"first name", "last name", "labels", "e-mail 1 - value"}),
    ("google", {"given name", "family name", "group membership", "e-mail 1 - value"}),
    ("outlook", {"first name", "last name", "e-mail address", "business phone"}),
    ("outlook", {"first name", "last name", "e-mail address", "mobile phone"}),
)
FORMAT_NAMES = {"google": "Google Contacts CSV", "outlook": "Outlook CSV", "linkedin": "LinkedIn Connections.csv"}
ADDRESS_BOOK_GROUPS = ("mycontacts", "starred")  # Google's own groups, on every contact: not tags anyone chose
_MANY = " ::: "  # how Google puts several values in one cell
_LABEL = re.compile(r"( - (label|type)|^e-mail( \d)? (type|display name))$")
_NUMBERED = re.compile(r"^(e-mail|phone|website|address|organization) (\d+) - (.+)$")
# Outlook's address columns, by kind of address
_OUTLOOK_ADDRESS = ("street", "street 2", "street 3", "city", "state", "postal code", "country/region")


def recognise(header: list[str]) -> str | None:
    present = set(header)
    return next((name for name, columns in SIGNATURES if columns <= present), None)


def _cells(value: str) -> list[str]:
    return [part.strip() for part in value.split(_MANY) if part.strip()]


def _name(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part and part.strip())


def _birthday(text: str) -> str:
    """ISO where the file's form is known (Outlook's 4/12/1986); '0/0/00' is Outlook's none."""
    text = text.strip()
    if not text or text in ("0/0/00", "00.00.00"):
        return ""
    for form in ("%m/%d/%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return text


def _google(values: dict[str, str]) -> tuple[dict[str, str], list[str], set[str]]:
    numbered: dict[str, dict[str, list[str]]] = {}
    for column, value in values.items():
        match = _NUMBERED.match(column)
        if match and value:
            what, _, part = match.groups()
            numbered.setdefault(what, {}).setdefault(part, []).extend(_cells(value))
    emails = numbered.get("e-mail", {}).get("value", [])
    phones = numbered.get("phone", {}).get("value", [])
    addresses = numbered.get("address", {}).get("formatted", [])
    websites = numbered.get("website", {}).get("value", [])
    organization = numbered.get("organization", {})
    org = values.get("organization name") or next(iter(organization.get("name", [])), "")
    labels = values.get("labels") or values.get("group membership", "")
    tags = [label.removeprefix("* ").strip() for label in _cells(labels)]
    mapped = {
        "name": _name(values.get("name prefix", ""), values.get("first name") or values.get("given name", ""),
                      values.get("middle name") or values.get("additional name", ""),
                      values.get("last name") or values.get("family name", ""), values.get("name suffix", "")),
        "org": org,
        "title": values.get("organization title") or next(iter(organization.get("title", [])), ""),
        "department": values.get("organization department") or next(iter(organization.get("department", [])), ""),
        "birthday": _birthday(values.get("birthday", "")),
        "notes": values.get("notes", ""),
        "tags": ";".join(tag for tag in tags if tag.casefold() not in ADDRESS_BOOK_GROUPS),
        # the picture's address, kept as a vCard PHOTO: written back on vCard export
        "card_extra": f"PHOTO;VALUE=uri:{values['photo']}" if values.get("photo") else "",
    }  # fmt: skip
    used = {"name", "name prefix", "first name", "given name", "middle name", "additional name", "last name",
            "family name", "name suffix", "organization name", "organization title", "organization department",
            "birthday", "notes", "labels", "group membership", "photo"}  # fmt: skip
    used |= {column for column in values if _NUMBERED.match(column) and _NUMBERED.match(column).group(3) in ("value", "formatted", "name", "title", "department")}  # type: ignore[union-attr]
    used |= {column for column in values if column.startswith("address ")}  # its parts: the formatted one is kept
    return _with_lists(mapped, emails, phones, websites, addresses), emails[1:], used


def _outlook(values: dict[str, str]) -> tuple[dict[str, str], list[str], set[str]]:
    emails = [values[c] for c in ("e-mail address", "e-mail 2 address", "e-mail 3 address") if values.get(c)]
    phone_columns = [c for c in values if c.endswith(("phone", "phone 2")) and "assistant" not in c]
    phones = [values[c] for c in sorted(phone_columns, key=lambda c: (c != "mobile phone", c != "business phone")) if values.get(c)]
    addresses = []
    for kind in ("business", "home", "other"):
        columns = [f"{kind} {part}" for part in _OUTLOOK_ADDRESS]
        lines = [values.get(column, "") for column in columns]
        if any(lines):
            addresses.append("\n".join(line for line in lines if line))
    websites = [values[c] for c in ("web page", "personal web page") if values.get(c)]
    mapped = {
        "name": _name(values.get("first name", ""), values.get("middle name", ""), values.get("last name", ""), values.get("suffix", "")),
        "org": values.get("company", ""),
        "title": values.get("job title", ""),
        "department": values.get("department", ""),
        "birthday": _birthday(values.get("birthday", "")),
        "notes": values.get("notes", ""),
        "tags": values.get("categories", ""),  # Outlook separates them with ';', as reltrack does
    }
    used = {"first name", "middle name", "last name", "suffix", "company", "job title", "department", "birthday",
            "notes", "categories", "e-mail address", "e-mail 2 address", "e-mail 3 address", "web page",
            "personal web page", "priority", "sensitivity", "private"}  # fmt: skip
    used |= set(phone_columns) | {f"{kind} {part}" for kind in ("business", "home", "other") for part in _OUTLOOK_ADDRESS}
    if values.get("anniversary") in ("0/0/00",):
        used.add("anniversary")
    return _with_lists(mapped, emails, phones, websites, addresses), emails[1:], used


def _linkedin(values: dict[str, str]) -> tuple[dict[str, str], list[str], set[str]]:
    connected = values.get("connected on", "")
    mapped = {
        "name": _name(values.get("first name", ""), values.get("last name", "")),
        "org": values.get("company", ""),
        "title": values.get("position", ""),
        "email": values.get("email address", ""),
        "url": values.get("url", ""),
        "known_since": _connected_on(connected) if connected else "",
    }
    return mapped, [], {"first name", "last name", "company", "position", "email address", "url", "connected on"}


def _connected_on(text: str) -> str:
    """LinkedIn writes "05 Mar 2024"; a form it does not know is refused (the row names it)."""
    for form in ("%d %b %Y", "%Y-%m-%d"):
        try:
            return date.fromisoformat(datetime.strptime(text.strip(), form).date().isoformat()).isoformat()
        except ValueError:
            continue
    from reltrack.errors import InvalidInput

    raise InvalidInput(f"'Connected On' {text!r} is not a date like 05 Mar 2024")


def _with_lists(mapped: dict[str, str], emails: list[str], phones: list[str], websites: list[str], addresses: list[str]) -> dict[str, str]:
    """The first email, phone, web page and address in their fields, the others in the notes."""
    mapped |= {"email": next(iter(emails), ""), "phone": next(iter(phones), ""), "url": next(iter(websites), ""), "address": next(iter(addresses), "")}
    more = [f"Other emails: {', '.join(emails[1:])}"] * (len(emails) > 1)
    more += [f"Other phones: {', '.join(phones[1:])}"] * (len(phones) > 1)
    more += [f"Other web pages: {', '.join(websites[1:])}"] * (len(websites) > 1)
    more += [f"Other address: {address}" for address in addresses[1:]]
    mapped["notes"] = "\n".join(filter(None, [mapped.get("notes", ""), *more]))
    return mapped


MAPPERS: dict[str, Callable[[dict[str, str]], tuple[dict[str, str], list[str], set[str]]]] = {
    "google": _google, "outlook": _outlook, "linkedin": _linkedin,
}  # fmt: skip


def contact_values(kind: str, values: dict[str, str], header: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """(reltrack contact values, further emails to match on) for one row of a `kind` file; `header`
    maps each lower-cased column to the name the file gives it, for the notes."""
    mapped, other_emails, used = MAPPERS[kind](values)
    unmapped = [f"{header.get(column, column)}: {value}" for column, value in values.items()
                if value and column not in used and not _LABEL.search(column)]  # fmt: skip
    mapped["notes"] = "\n".join(filter(None, [mapped.get("notes", ""), *unmapped]))
    if not mapped["name"]:  # no name: named from the organisation, then the email, as vCards are
        mapped["name"] = mapped.get("org") or mapped.get("email") or ""
    return mapped, other_emails
