"""Text as typed and as stored: errors stay one line, notes are kept byte for byte."""

from __future__ import annotations

import json
import unicodedata

import pytest

LINE_BREAKERS = ["\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("breaker", LINE_BREAKERS, ids=repr)
def test_an_error_quoting_what_was_typed_is_one_escaped_line(cli, breaker):
    cli.ok("add", "Ana Lima")
    for args in (("log", f"Zoe{breaker}Quinn"), ("add", "Bo", "--email", f"bo{breaker}@x"), ("log", "Ana Lima", "--at", f"2026-11-{breaker}01")):
        result = cli.fails(result_code(args), *args)  # one line: cli.fails splits with str.splitlines, which knows them all
        assert breaker not in result.stderr.rstrip("\n")
        shown = f"\\x{ord(breaker):02x}" if ord(breaker) < 0x100 else f"\\u{ord(breaker):04x}"
        assert shown in result.stderr or "--at" in args  # (dates are read with their whitespace collapsed)


def result_code(args: tuple[str, ...]) -> int:
    return 1 if args[0] == "log" and "--at" not in args else 2


def test_a_vcard_parse_error_quotes_a_short_escaped_excerpt(cli, tmp_path, empty_db):
    private = "my doctor says the results are fine and nobody must know"
    card = tmp_path / "bad.vcf"
    card.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ok\r\n\x1b[2J{private}\r\nEND:VCARD\r\n", encoding="utf-8")
    result = cli.fails(2, "import", str(card))
    assert result.stderr == f"error: {card}:4: not a valid vCard: cannot parse the line starting '\\x1b[2Jmy doctor says t…'\n"


NOTE = "  \tFirst line  with  two spaces\n\n\tindented\u00a0line, cafe\u0301 (NFD) and ﬁ ligature\u200d\r\nend  \n "


def test_notes_are_kept_byte_for_byte_apart_from_trimming(cli, tmp_path):
    kept = NOTE.strip()
    assert unicodedata.normalize("NFC", kept) != kept  # the note would change if it were normalised
    cli.ok("add", "Ana Lima", "--note", NOTE)
    cli.ok("log", "Ana", "--note", NOTE, "--at", "2026-11-20")
    cli.ok("feedback", "Ana", "9", "--note", NOTE)
    assert cli.json("export", "contacts")[0]["notes"] == kept
    assert cli.json("export", "touches")[0]["note"] == kept
    assert cli.json("export", "feedback")[0]["note"] == kept
    dump = tmp_path / "dump.json"
    dump.write_text(cli.ok("export", "all").stdout, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    cli.ok("--db", str(fresh), "import", str(dump))
    assert json.loads(cli.ok("--db", str(fresh), "export", "touches", "-f", "json").stdout)[0]["note"] == kept


def test_names_are_nfc_with_whitespace_runs_collapsed_and_blank_values_empty(cli):
    cli.ok("add", "  Jose\u0301 \t Lima  ", "--org", "   ", "--note", " \n ")
    [contact] = cli.json("export", "contacts")
    assert contact["name"] == "Jos\u00e9 Lima"
    assert contact["org"] in ("", None) and contact["notes"] in ("", None)
