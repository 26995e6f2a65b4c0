"""The root command: global options, the command list, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Any

import typer
from typer._click.exceptions import NoArgsIsHelpError

from reltrack import __version__
from reltrack.cli import (
    agreements,
    books,
    common,
    contacts,
    deals,
    followups,
    info,
    portfolio,
    promises,
    reports,
    touches,
    transfer,
)
from reltrack.cli.help import Command, Group
from reltrack.errors import ExitCode, ReltrackError


class ReltrackGroup(Group):
    """Runs a command and turns every failure into one `error: ...` line and an exit status."""

    def main(self, args: Any = None, prog_name: Any = None, complete_var: Any = None, standalone_mode: bool = True, **extra: Any) -> Any:  # type: ignore[override]
        from reltrack.cli import streams

        streams.replace_what_stdout_cannot_encode()
        try:
            streams.refuse_undecodable(sys.argv[1:] if args is None else args)
            # click ends a run on Ctrl-C (exit 130); everything else is handled below
            result = super().main(args, prog_name or "reltrack", complete_var, standalone_mode=False, **extra)
            streams.flush()
        except streams.ClosedPipe:  # the reader went away (`reltrack touches | head -1`): not an error
            streams.leave_quietly()
        except ReltrackError as problem:
            _fail(str(problem), problem.exit_code)
        except typer.TyperException as problem:  # click's usage errors: unknown option, bad value
            if isinstance(problem, NoArgsIsHelpError):  # bare `reltrack`: the help, to stdout
                sys.stdout.write(problem.format_message())  # plain text when piped; Rich has printed it already
                sys.exit(problem.exit_code)
            _fail(_usage_message(problem), problem.exit_code)
        except OverflowError:  # a number too large for the database or a date beyond any calendar
            _fail("a number or date given is out of range", ExitCode.USAGE)
        except typer.Abort:
            _fail("aborted", ExitCode.DOMAIN)
        except Exception as problem:  # a bug: one line for the user, the traceback on request
            if os.environ.get("RELTRACK_DEBUG"):
                raise
            _fail(f"unexpected {type(problem).__name__}: {problem} (RELTRACK_DEBUG=1 shows the traceback)", ExitCode.DOMAIN)
        finally:
            streams.note_replacements()
        sys.exit(result if isinstance(result, int) else ExitCode.OK)

    def invoke(self, ctx: Any) -> Any:
        from reltrack.cli import streams

        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # raised past click, whose own handling exits 1
            raise streams.ClosedPipe() from None


def _usage_message(problem: typer.TyperException) -> str:
    message = problem.format_message()
    message = message[:1].lower() + message[1:]  # "invalid value for --rating: ...", as our own errors read
    context = getattr(problem, "ctx", None)
    if context is not None:
        message += f" (see: {context.command_path} --help)"
    return message


def _fail(message: str, code: int) -> None:
    from reltrack.output import one_line

    # what the user typed is quoted in messages: escaped, so an error is always one line
    print(f"error: {one_line(message)}", file=sys.stderr)
    sys.exit(code)


def _version(value: bool) -> None:
    if value:
        print(f"reltrack {__version__}")
        raise typer.Exit()


SETTINGS: dict[str, Any] = {
    "cls": ReltrackGroup,
    "name": "reltrack",
    "help": "Keep your working relationships warm: log touchpoints, see who needs a follow-up.",
    "no_args_is_help": True,
    "rich_markup_mode": "rich",
    "pretty_exceptions_enable": False,
    "add_completion": False,  # our own scripts: `reltrack completion SHELL` (cli/completion.py)
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**SETTINGS)


def root(
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="PATH", help="Database file or SQLAlchemy URL (default: $RELTRACK_DB, else reltrack.db in your data folder).", show_default=False),
    ] = None,
    version: Annotated[bool, typer.Option("--version", "-V", metavar="", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    common.start(db)


app.callback()(root)


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def completion(shell: Annotated[Shell, typer.Argument(metavar="SHELL", help="bash, zsh or fish.", show_default=False)]) -> None:
    """Print the shell completion script for bash, zsh or fish.

    Install it once: eval "$(reltrack completion bash)" in ~/.bashrc, eval "$(reltrack completion zsh)"
    in ~/.zshrc (after compinit), or reltrack completion fish | source in ~/.config/fish/config.fish.
    """
    from reltrack.cli.completion import script

    sys.stdout.write(script(shell.value))


COMMANDS = [
    ("add", contacts.add),
    ("edit", contacts.edit),
    ("show", contacts.show),
    ("list", contacts.list_),
    ("archive", contacts.archive),
    ("unarchive", contacts.unarchive),
    ("delete", contacts.delete),
    ("tags", contacts.tags),
    ("tag-cadence", contacts.tag_cadence),
    ("log", touches.log),
    ("touches", touches.touches),
    ("touch", touches.touch),
    ("edit-touch", touches.edit_touch),
    ("delete-touch", touches.delete_touch),
    ("due", followups.due),
    ("quiet", followups.quiet),
    ("followup", followups.followup),
    ("snooze", followups.snooze),
    ("promise", promises.promise),
    ("promises", promises.promises),
    ("kept", promises.kept),
    ("broken", promises.broken),
    ("cancel", promises.cancel),
    ("reopen", promises.reopen),
    ("edit-promise", promises.edit_promise),
    ("delete-promise", promises.delete_promise),
    ("feedback", promises.feedback),
    ("feedbacks", promises.feedbacks),
    ("delete-feedback", promises.delete_feedback),
    ("deal", deals.deal),
    ("deals", deals.deals),
    ("won", deals.won),
    ("lost", deals.lost),
    ("edit-deal", deals.edit_deal),
    ("delete-deal", deals.delete_deal),
    ("agreement", agreements.agreement),
    ("agreements", agreements.agreements),
    ("edit-agreement", agreements.edit_agreement),
    ("delete-agreement", agreements.delete_agreement),
    ("network", portfolio.network),
    ("review", portfolio.review),
    ("import", transfer.import_),
    ("export", transfer.export),
    ("imports", books.imports),
    ("undo-import", books.undo_import),
    ("duplicates", books.duplicates),
    ("merge", books.merge),
    ("backup", transfer.backup),
    ("demo", transfer.demo),
    ("info", info.info),
    ("completion", completion),
]
for command_name, function in COMMANDS:
    app.command(command_name, cls=Command)(function)
app.add_typer(reports.report_app, name="report")
ROOT_VALUE_OPTIONS = ("--db",)


def _command_word(args: list[str]) -> str | None:
    """The command asked for: the first word after the root options."""
    words = iter(args)
    for word in words:
        if word in ROOT_VALUE_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _app_for(name: str | None) -> typer.Typer:
    """The app with only the command asked for: Typer reads every command's signature before
    running one, and reading forty of them costs more than the command itself. The whole app
    for help, a typo (so that click can suggest the right word), or no command at all."""
    commands = dict(COMMANDS)
    if name not in commands and name != "report":
        return app
    lean = typer.Typer(**SETTINGS)
    lean.callback()(root)
    if name == "report":
        lean.add_typer(reports.report_app, name="report")
    else:
        lean.command(name, cls=Command)(commands[name])
    return lean


def main() -> None:
    _app_for(_command_word(sys.argv[1:]))()
