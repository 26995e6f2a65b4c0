"""Names from every language: lookup, ambiguity, suggestions, and aligned tables."""

from __future__ import annotations

import pytest

NAMES = [
    "Bjørk Guðmundsdóttir",
    "Søren Kierkegaard",
    "Jukka Jääskeläinen",
    "Иван Петров",
    "王小明",
    "Ólafur Þórsson",
    "Zoë Ångström",
    "Łukasz Żółć",
]


@pytest.fixture
def people(cli):
    for name in NAMES:
        cli.ok("add", name, "--kind", "client")
    return NAMES


@pytest.mark.parametrize(
    "query, expected",
    [
        ("BJØRK GUÐMUNDSDÓTTIR", "Bjørk Guðmundsdóttir"),  # case-insensitive, Unicode casefold
        ("bjork gudmundsdottir", "Bjørk Guðmundsdóttir"),  # accent-insensitive
        ("soren", "Søren Kierkegaard"),  # unique prefix, accents folded
        ("jaaskelainen", "Jukka Jääskeläinen"),  # substring
        ("иван", "Иван Петров"),  # Cyrillic case folding
        ("петров", "Иван Петров"),
        ("王", "王小明"),
        ("olafur thorsson", "Ólafur Þórsson"),
        ("angstrom", "Zoë Ångström"),
        ("lukasz zolc", "Łukasz Żółć"),
    ],
)
def test_lookup(cli, people, query, expected):
    cli.ok("log", query, "--via", "meeting")
    assert cli.json("touches")[0]["contacts"] == [expected]


def test_ambiguity_lists_candidates_and_logs_nothing(cli, people):
    cli.ok("add", "Björk Ólafsdóttir")
    result = cli.fails(1, "log", "bjork")
    assert "Bjørk Guðmundsdóttir" in result.stderr and "Björk Ólafsdóttir" in result.stderr
    assert cli.json("touches") == []


def test_unknown_name_suggests_close_ones(cli, people):
    assert "Søren Kierkegaard" in cli.fails(1, "show", "Kierkegard").stderr


def test_names_are_stored_as_typed(cli, people):
    assert sorted(r["name"] for r in cli.json("list")) == sorted(NAMES)


def test_cjk_columns_stay_aligned_in_tables(cli, people):
    from rich.cells import cell_len

    for name in NAMES:
        cli.ok("log", name, "--at", "30d ago")
    lines = [line for line in cli.ok("due", "-f", "table").stdout.splitlines() if line.strip()]
    assert any("王小明" in line for line in lines)
    separators = {tuple(i for i, _ in _cell_positions(line)) for line in lines[2:]}
    assert len(separators) == 1, lines  # every row puts its column separators at the same display offsets
    assert len({cell_len(line) for line in lines}) == 1  # and every line has the same display width


def _cell_positions(line: str):
    from rich.cells import cell_len

    offset = 0
    for char in line:
        if char == "│":
            yield offset, char
        offset += cell_len(char)


def test_a_part_matching_several_contacts_at_any_tier_is_an_error_naming_them(cli):
    cli.ok("add", "Sigurður Þórarinsson")
    cli.ok("add", "Þóra Sigurðardóttir")  # "sig" is the start of one name and inside the other
    refused = cli.fails(1, "log", "sig")
    assert "Sigurður Þórarinsson" in refused.stderr and "Þóra Sigurðardóttir" in refused.stderr
    assert cli.json("touches") == []
    cli.ok("log", "sigurdur")
    assert cli.json("touches")[0]["contacts"] == ["Sigurður Þórarinsson"]


@pytest.mark.parametrize(
    "typed, expected",
    [("ivanov", "Пётр Иванов"), ("petr ivanov", "Пётр Иванов"), ("papadop", "Σωκράτης Παπαδόπουλος"), ("oyvind", "Øyvind Berg")],
)
def test_names_are_found_transliterated_to_ascii(cli, typed, expected):
    for name in ("Пётр Иванов", "Σωκράτης Παπαδόπουλος", "Øyvind Berg", "Ana Lima"):
        cli.ok("add", name)
    assert cli.json("show", typed)["name"] == expected
    cli.ok("edit", expected, "--name", f"{expected} Jr")  # a renamed contact is found by its new name
    assert cli.json("show", typed)["name"] == f"{expected} Jr"
