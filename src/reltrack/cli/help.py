"""How help looks: clean usage lines, examples at the end, plain text when not on a terminal.

Typer shows arguments as `{NAME}` and `<str>`, which mean nothing to a reader; here an argument is its
metavar (`NAME`, `[NAME]`, `NAME...`). On a terminal help is Rich panels; piped (`reltrack --help |
less`, help2man for docs/reltrack.1) it is plain text. Every command ends with examples from EXAMPLES.
Only typer and the standard library: `reltrack --help` starts fast.
"""

from __future__ import annotations

import sys
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup

from reltrack.cli.params import Delegating, Worded, negative_values_as_arguments

# Shown at the end of each command's help; tests/cli/test_help.py checks that every command has some.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "": ('reltrack add "Ana Lima" --kind client --every 2w', "reltrack log ana --via meeting --note 'contract signed'", "reltrack due"),
    "add": ('reltrack add "Ana Lima" --kind client --org "Lima Design" --every 2w', 'reltrack add "王小明" --kind prospect --introduced-by ana'),
    "edit": ("reltrack edit ana --email ana@lima.pt --tag vip", "reltrack edit ana --every none"),
    "show": ("reltrack show ana", "reltrack show ana -f json"),
    "list": ("reltrack list --kind client --sort due", "reltrack list -f csv > contacts.csv"),
    "archive": ("reltrack archive bruno",),
    "unarchive": ("reltrack unarchive bruno",),
    "delete": ("reltrack delete bruno --yes",),
    "tags": ("reltrack tags",),
    "tag-cadence": ("reltrack tag-cadence vip 2w", "reltrack tag-cadence vip none"),
    "log": ('reltrack log ana --via meeting --note "contract signed" --rating 5 --next "in 2 weeks"', 'reltrack log ana bruno --via video --at "yesterday 15:00"'),
    "touches": ("reltrack touches ana --limit 5", "reltrack touches --since 2026-01-01 -f csv"),
    "touch": ("reltrack touch 42", "reltrack touch 42 -f json"),
    "edit-touch": ('reltrack edit-touch 42 --via video --at "yesterday 16:00"', 'reltrack edit-touch 42 --add "Bruno Costa"'),
    "delete-touch": ("reltrack delete-touch 42 --yes",),
    "due": ("reltrack due", "reltrack due --within 7d --check"),
    "quiet": ("reltrack quiet", "reltrack quiet -f json"),
    "followup": ("reltrack followup ana friday", "reltrack followup ana --clear"),
    "snooze": ("reltrack snooze ana 2w", "reltrack snooze ana --clear"),
    "promise": ('reltrack promise ana "send the revised quote" --due friday', 'reltrack promise bjork "an introduction" --due "in 2 weeks" --theirs'),
    "promises": ("reltrack promises", "reltrack promises ana --all"),
    "kept": ("reltrack kept 7", "reltrack kept 7 --at yesterday"),
    "broken": ("reltrack broken 7",),
    "cancel": ("reltrack cancel 7",),
    "reopen": ("reltrack reopen 7",),
    "edit-promise": ('reltrack edit-promise 7 --due "next friday"', 'reltrack edit-promise 7 --what "send the signed contract"'),
    "delete-promise": ("reltrack delete-promise 7 --yes",),
    "feedback": ('reltrack feedback ana 9 --note "quick and clear"',),
    "feedbacks": ("reltrack feedbacks", "reltrack feedbacks ana -f csv"),
    "delete-feedback": ("reltrack delete-feedback 4 --yes",),
    "deal": ('reltrack deal ana "Website redesign" --value 4800 --stage proposal',),
    "deals": ("reltrack deals --stage won --since 2026-01-01", "reltrack deals ana"),
    "won": ("reltrack won 3 --value 5200",),
    "lost": ("reltrack lost 3",),
    "edit-deal": ("reltrack edit-deal 3 --stage proposal --value 5000",),
    "delete-deal": ("reltrack delete-deal 3 --yes",),
    "agreement": ('reltrack agreement mehmet "Desk at Cowork Alfama" --ends 2027-01-31 --renew-notice 1mo',),
    "agreements": ("reltrack agreements", "reltrack agreements mehmet"),
    "edit-agreement": ("reltrack edit-agreement 2 --ends 2028-01-31",),
    "delete-agreement": ("reltrack delete-agreement 2 --yes",),
    "network": ("reltrack network ana",),
    "review": ("reltrack review", "reltrack review --mark -f md > review.md"),
    "import": ("reltrack import contacts.csv --dry-run", "reltrack import google.csv --kind client --tag from-google --skip-invalid"),
    "imports": ("reltrack imports",),
    "undo-import": ("reltrack undo-import 3",),
    "duplicates": ("reltrack duplicates", "reltrack duplicates -f csv"),
    "merge": ('reltrack merge "Jukka Jääskeläinen" "JUKKA JAASKELAINEN" --dry-run', 'reltrack merge "Jukka Jääskeläinen" "JUKKA JAASKELAINEN"'),
    "export": ("reltrack export contacts -f csv -o contacts.csv", "reltrack export contacts --vdir ~/.contacts/reltrack"),
    "backup": ("reltrack backup", "reltrack backup ~/backups/"),
    "demo": ("reltrack demo",),
    "info": ("reltrack info",),
    "completion": ('eval "$(reltrack completion bash)"', "reltrack completion fish | source"),
    "report": ("reltrack report trust", "reltrack report frequency --period week"),
    "report trust": ("reltrack report trust --sort trend", "reltrack report trust --explain ana"),
    "report nps": ("reltrack report nps --by kind",),
    "report frequency": ("reltrack report frequency --period week --since 2026-09-01", "reltrack report frequency --by channel -f csv"),
    "report portfolio": ("reltrack report portfolio --by kind", "reltrack report portfolio --summary -f json"),
    "report risk": ("reltrack report risk",),
}


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _examples(ctx: Any) -> tuple[str, ...]:
    path = ctx.command_path.split()[1:]  # without the program name
    return EXAMPLES.get(" ".join(path), ())


def _usage_piece(argument: TyperArgument) -> str:
    text = argument.metavar or (argument.name or "").upper()
    if argument.nargs != 1:
        text += "..."
    return text if argument.required else f"[{text}]"


class _Untyped(Delegating):
    """An argument's type, with its `<str>` or `<int range>` label removed from the Rich help."""

    def get_metavar(self, param: Any, ctx: Any = None) -> str:
        return ""


class _HelpStyle:
    """What a command and a group share: values read as cli/params.py says, plain help when piped, examples."""

    rich_markup_mode: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:  # type: ignore[attr-defined]
            param.type = Worded(param.type)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        examples = _examples(ctx)
        if stdout_is_terminal():
            for param in self.get_params(ctx):  # type: ignore[attr-defined]
                if isinstance(param, TyperArgument) and not isinstance(param.type, _Untyped):
                    param.type = _Untyped(param.type)
            self.epilog = "Examples:\n\n" + "\n".join(f"  {line}" for line in examples) if examples else None
            super().format_help(ctx, formatter)  # type: ignore[misc]
            return
        mode, self.rich_markup_mode = self.rich_markup_mode, None
        try:
            super().format_help(ctx, formatter)  # type: ignore[misc]
        finally:
            self.rich_markup_mode = mode
        if examples:
            with formatter.section("Examples"):
                for line in examples:
                    formatter.write(f"{' ' * formatter.current_indent}{line}\n")


class Command(_HelpStyle, TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, negative_values_as_arguments(args, self.params))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            pieces.extend([_usage_piece(param)] if isinstance(param, TyperArgument) else param.get_usage_pieces(ctx))
        return pieces


class Group(_HelpStyle, TyperGroup):
    pass
