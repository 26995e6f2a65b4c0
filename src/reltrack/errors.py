"""Every error a user can meet, each with its exit status and a one-line message.

Core and store raise these; `cli/app.py` is the one place that turns them into
`error: ...` on stderr and an exit status.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    DOMAIN = 1  # unknown or ambiguous name, duplicate, refused write, `due --check` with work
    USAGE = 2  # unparseable input: bad date, duration, channel, kind, range


class ReltrackError(Exception):
    """Base class: the message is shown to the user as `error: <message>`."""

    exit_code = ExitCode.DOMAIN


class InvalidInput(ReltrackError):
    """A value the user typed cannot be understood (a usage error)."""

    exit_code = ExitCode.USAGE


class NotFound(ReltrackError):
    pass


class Ambiguous(ReltrackError):
    pass


class Duplicate(ReltrackError):
    pass


class Refused(ReltrackError):
    """A valid request that reltrack will not carry out (future touchpoint, delete without --yes)."""


class ConfigError(ReltrackError):
    pass


class StorageError(ReltrackError):
    """The database cannot be opened, is locked, or is newer than this reltrack."""
