"""A bad option value, on any command, is one line in our words; choices are read in any case."""

from __future__ import annotations

import json

import pytest

CLICK_WORDS = ("is not one of", "not in the range", "valid int", "valid float", "Value error", "Input should", "<=x", "Choose from:\n")


def _bad_values() -> list[tuple[list[str], str, str]]:
    """(arguments, the parameter's name in the message, what is wrong) for every parameter that
    takes a choice or a number, on every command: the other required values are filled in."""
    from typer._types import TyperChoice
    from typer.main import get_command
    from typer._click.types import IntParamType, _NumberRangeBase

    from reltrack.cli.app import app

    cases = []

    def fill(param) -> list[str]:  # type: ignore[no-untyped-def]
        kind = getattr(param.type, "inner", param.type)
        value = str(kind.choices[0]) if isinstance(kind, TyperChoice) else "1"
        return [value] * (1 if param.nargs == 1 else 1) if param.param_type_name == "argument" else [param.opts[0], value]

    def walk(command, path):  # type: ignore[no-untyped-def]
        for sub_name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, sub_name])
        for param in command.params:
            kind = getattr(param.type, "inner", param.type)
            if isinstance(kind, TyperChoice):
                bad, wrong = "nonsense", "(choose from"
            elif isinstance(kind, _NumberRangeBase):
                bad, wrong = (str(kind.max + 1), "out of range") if kind.max is not None else (str(kind.min - 1), "too small")
            elif isinstance(kind, IntParamType):
                bad, wrong = "many", "is not a whole number"
            else:
                continue
            words = []
            for other in command.params:
                if other is param:
                    words += [bad] if other.param_type_name == "argument" else [other.opts[0], bad]
                elif other.required:
                    words += fill(other)
            longs = [o for o in param.opts if o.startswith("--")]
            cases.append(([*path, *words], longs[0] if longs else param.metavar, wrong))

    walk(get_command(app), [])
    return cases


CASES = _bad_values()


def test_the_cases_cover_choices_ranges_and_numbers():
    wrongs = {wrong for _, _, wrong in CASES}
    assert wrongs == {"(choose from", "out of range", "too small", "is not a whole number"}
    assert len([case for case in CASES if case[1] == "--format"]) > 15


@pytest.mark.parametrize("arguments, name, wrong", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_bad_value_is_one_line_in_our_words(cli, arguments, name, wrong):
    message = cli.fails(2, *arguments).stderr
    assert message.startswith(f"error: invalid value for {name}: "), message
    assert wrong in message
    assert not any(words in message for words in CLICK_WORDS), message


def test_the_words_say_what_was_wrong(cli):
    assert cli.fails(2, "log", "ana", "--rating", "9").stderr.startswith("error: invalid value for --rating: 9 is out of range (1 to 5)")
    assert cli.fails(2, "touches", "--limit", "0").stderr.startswith("error: invalid value for --limit: 0 is too small (at least 1)")
    assert cli.fails(2, "due", "-f", "xml").stderr.startswith("error: invalid value for --format: 'xml' (choose from table, tsv, csv, json)")
    assert cli.fails(2, "feedback", "ana", "ten").stderr.startswith("error: invalid value for SCORE: 'ten' is not a whole number")
    assert cli.fails(2, "completion").stderr.startswith("error: missing argument 'SHELL'. Choose from bash, zsh, fish")


def test_choices_are_read_in_any_case(cli):
    cli.ok("add", "Ana Lima", "--kind", "Client", "--every", "2w")
    assert json.loads(cli.ok("list", "-f", "JSON").stdout)[0]["kind"] == "client"
    assert cli.ok("list", "-f", "Csv").stdout.startswith("name,kind,")
    assert "complete" in cli.ok("completion", "BASH").stdout


def test_explain_says_which_formats_it_has(cli):
    cli.ok("add", "Ana Lima", "--every", "2w")
    cli.ok("log", "Ana Lima", "--at", "3d ago")
    for fmt in ("csv", "tsv"):
        message = cli.fails(2, "report", "trust", "--explain", "ana", "-f", fmt).stderr
        assert f"--explain prints text or json, not {fmt}" in message
    assert json.loads(cli.ok("report", "trust", "--explain", "ana", "-f", "json").stdout)["contact"] == "Ana Lima"
    assert cli.ok("report", "trust", "--explain", "ana").stdout.startswith("Trust in Ana Lima")  # piped: the text


def test_one_piece_of_evidence_is_singular(cli):
    cli.ok("add", "Ana Lima", "--every", "2w")
    cli.ok("log", "Ana Lima", "--at", "3d ago")
    evidence = json.loads(cli.ok("report", "trust", "--explain", "ana", "-f", "json").stdout)["evidence"]
    text = " ".join(cli.ok("report", "trust", "--explain", "ana").stdout.split())
    assert evidence == 1, "one touchpoint is one piece of evidence"
    assert "1 piece of evidence)" in text
    cli.ok("log", "Ana Lima", "--at", "2d ago")
    text = " ".join(cli.ok("report", "trust", "--explain", "ana").stdout.split())
    assert "2 pieces of evidence)" in text


def test_deleting_a_contact_counts_its_touchpoints_in_words(cli):
    cli.ok("add", "Ana Lima")
    cli.ok("log", "Ana Lima", "--at", "3d ago")
    assert "Deleted Ana Lima and 1 touchpoint that was theirs alone." in cli.ok("delete", "Ana Lima", "--yes").stderr
