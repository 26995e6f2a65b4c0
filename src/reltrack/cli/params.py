"""How option and argument values are read: choices in any case, `-1m` as a value, complaints in our words.

Click's own wording ("'JSON' is not one of 'table', 'tsv'...", "9 is not in the range 1<=x<=5",
"'x' is not a valid int range") is replaced, for every command at once: cli/help.py's Command wraps
each parameter's type when the command is built. Only typer and the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from typer._click.exceptions import BadParameter
from typer._click.types import FloatParamType, IntParamType, ParamType, _NumberRangeBase
from typer._types import TyperChoice


class Delegating(ParamType):
    """A parameter type that behaves exactly as the one it wraps."""

    def __init__(self, inner: ParamType) -> None:
        self.inner = inner
        self.name = inner.name

    def get_metavar(self, param: Any, ctx: Any = None) -> str | None:
        return self.inner.get_metavar(param=param, ctx=ctx)

    def get_missing_message(self, param: Any, ctx: Any = None) -> str | None:
        return self.inner.get_missing_message(param=param, ctx=ctx)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        return self.inner.convert(value, param, ctx)

    def split_envvar_value(self, rv: str) -> Any:
        return self.inner.split_envvar_value(rv)

    def shell_complete(self, ctx: Any, param: Any, incomplete: str) -> Any:
        return self.inner.shell_complete(ctx, param, incomplete)

    def to_info_dict(self) -> dict[str, Any]:
        return self.inner.to_info_dict()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class Worded(Delegating):
    """Choices in any case (`-f JSON` as `--kind Client`); a bad value explained in one line."""

    def __init__(self, inner: ParamType) -> None:
        super().__init__(inner)
        if isinstance(inner, TyperChoice):
            inner.case_sensitive = False

    def get_missing_message(self, param: Any, ctx: Any = None) -> str | None:
        if isinstance(self.inner, TyperChoice):
            return f"Choose from {_choices(self.inner)}"
        return super().get_missing_message(param, ctx)

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return self.inner.convert(value, param, ctx)
        except BadParameter:
            problem = describe(self.inner, value)
            if problem is None:
                raise
            raise BadParameter(problem, ctx, param, param_hint=hint(param)) from None


def hint(param: Any) -> str:
    """How the message names a parameter: its long option (`--rating`), or an argument's metavar."""
    if param is None:
        return "value"
    longs = [name for name in getattr(param, "opts", ()) if name.startswith("--")]
    return longs[0] if longs else param.metavar or (param.name or "").upper()


def describe(kind: ParamType, value: Any) -> str | None:
    """What is wrong with `value` for a parameter of this type, or None to keep click's words."""
    if isinstance(kind, TyperChoice):
        return f"'{value}' (choose from {_choices(kind)})"
    if not isinstance(kind, IntParamType | FloatParamType):
        return None  # dates, names, paths: checked, and worded, where they are used
    whole = isinstance(kind, IntParamType)
    try:
        number = int(value) if whole else float(value)
    except (TypeError, ValueError):
        return f"'{value}' is not a {'whole number' if whole else 'number'}"
    if not isinstance(kind, _NumberRangeBase):
        return None
    low, high = kind.min, kind.max
    if low is not None and high is not None:
        return f"{number} is out of range ({low} to {high})"
    return f"{number} is too small (at least {low})" if low is not None else f"{number} is too large (at most {high})"


def _choices(kind: TyperChoice) -> str:
    return ", ".join(str(getattr(choice, "value", choice)) for choice in kind.choices)


_NEGATIVE = re.compile(r"^-\d")  # `-1m`, `-2w`: a date; no option of ours starts with a digit


def negative_values_as_arguments(args: list[str], params: Sequence[Any]) -> list[str]:
    """`reltrack followup ana -1m`: a word made of a dash and a digit, where no option expects a
    value, is an argument; click would refuse it as an unknown option. The options are moved
    before a `--` and the arguments after it, in their order: the same command, read as meant."""
    if "--" in args or not any(_NEGATIVE.match(word) for word in args):
        return args
    takes_value = {name for p in params if p.param_type_name == "option" and not p.is_flag and not p.count for name in p.opts}
    options: list[str] = []
    arguments: list[str] = []
    expecting = False
    for word in args:
        if expecting or (word.startswith("-") and not _NEGATIVE.match(word)):
            options.append(word)
            expecting = not expecting and word in takes_value
        else:
            arguments.append(word)
    return [*options, "--", *arguments]
