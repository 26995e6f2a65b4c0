"""A vdir: one vCard file per contact in a folder, the layout khard and vdirsyncer keep address books
in. `export contacts -f vcf --vdir DIR` brings such a folder in step with reltrack, in place."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from reltrack.core.interchange.vcard import PRODID_LINE, CardContact, write_vcard
from reltrack.errors import StorageError

_UID_LINE = re.compile(r"^UID:(.*)$", re.MULTILINE | re.IGNORECASE)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9@._-]")


class VdirResult(NamedTuple):
    written: int  # new or changed cards
    unchanged: int
    removed: int  # cards reltrack wrote of contacts no longer there (with --delete)
    left: int  # such cards kept (without --delete)


def file_name(uid: str) -> str:
    """The card's file, named by its UID: characters a file name cannot safely hold become '_'."""
    return _SAFE_NAME.sub("_", uid) + ".vcf"


def _cards_there(folder: Path) -> dict[str, Path]:
    """UID -> file, for the cards already in the folder, whatever their file names."""
    found = {}
    for path in sorted(folder.glob("*.vcf")):
        try:
            match = _UID_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        found[match.group(1).strip() if match else path.stem] = path
    return found


def sync_vdir(contacts: Iterable[CardContact], folder: Path, delete: bool) -> VdirResult:
    """Write each contact's card where it is not there or differs; cards reltrack wrote whose contact
    is gone are removed with `delete`. Cards made by another program (khard) are never removed."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as problem:
        raise StorageError(f"cannot make folder {folder}: {problem.strerror}") from None
    there = _cards_there(folder)
    written = unchanged = 0
    for contact in contacts:
        text = write_vcard(contact)
        path = there.pop(contact.uid or "", None) or folder / file_name(contact.uid or contact.name)
        try:
            if path.exists() and path.read_bytes() == text.encode():
                unchanged += 1
                continue
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            descriptor = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.replace(temporary, path)  # a reader never sees half a card
        except OSError as problem:
            raise StorageError(f"cannot write {path}: {problem.strerror}") from None
        written += 1
    ours = [path for path in there.values() if PRODID_LINE in path.read_text(encoding="utf-8", errors="replace")]
    if delete:
        for path in ours:
            path.unlink(missing_ok=True)
    return VdirResult(written, unchanged, len(ours) if delete else 0, 0 if delete else len(ours))
