"""What reltrack does about its standard streams and arguments: text the terminal's encoding
cannot hold, arguments that are not UTF-8, and a reader that goes away (see docs/formats.md)."""

from __future__ import annotations

import codecs
import os
import sys

from reltrack.errors import InvalidInput, Refused

REPLACEMENT = "?"
_replaced = 0


class ClosedPipe(Exception):
    """The program reading stdout has gone away."""


def _count_and_replace(error: UnicodeEncodeError) -> tuple[str, int]:
    global _replaced
    _replaced += error.end - error.start
    return REPLACEMENT * (error.end - error.start), error.end


codecs.register_error("reltrack.replace", _count_and_replace)


def holds_unicode(stream: object) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "\U0010ffff\u00e9\u0416".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def replace_what_stdout_cannot_encode() -> None:
    """On a stdout whose encoding lacks some characters (PYTHONIOENCODING=cp1252), each is written
    as `?` and counted, so that a note can say so at the end, instead of failing half-way."""
    if not holds_unicode(sys.stdout) and hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="reltrack.replace")


def note_replacements() -> None:
    global _replaced
    if _replaced:
        count, _replaced = _replaced, 0
        encoding = getattr(sys.stdout, "encoding", "?")
        print(
            f"note: {count} character{'s' if count != 1 else ''} written as {REPLACEMENT}: stdout's encoding "
            f"({encoding}) lacks them; set PYTHONIOENCODING=utf-8 to keep them",
            file=sys.stderr,
        )


def refuse_lossy_export() -> None:
    """An export is meant to be read back whole: to a stdout that would lose characters it is
    refused before anything is written."""
    if not holds_unicode(sys.stdout):
        raise Refused(
            f"stdout's encoding ({sys.stdout.encoding}) cannot hold every character; nothing was written: "
            "use --output FILE (always UTF-8) or set PYTHONIOENCODING=utf-8"
        )


def refuse_undecodable(args: list[str]) -> None:
    """Python hands over bytes that are not UTF-8 as lone surrogates, which no database can store."""
    for number, argument in enumerate(args, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") if _escaped_bytes(argument) else argument.encode("utf-8", "backslashreplace").decode()
            raise InvalidInput(f"argument {number} ('{shown}') is not valid UTF-8; check the encoding of your terminal or script") from None


def _escaped_bytes(argument: str) -> bool:
    try:
        argument.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def flush() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise ClosedPipe() from None


def leave_quietly() -> None:
    """Exit 0 without a word; stdout is pointed at /dev/null so that Python's own flush at exit
    does not meet the closed pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (tests)
        pass
    sys.exit(0)
