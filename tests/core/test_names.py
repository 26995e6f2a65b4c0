"""Unicode-aware name identity, folding and resolution, written from the specification."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reltrack.core.rules.names import fold, name_key, resolve
from reltrack.errors import Ambiguous, ExitCode, NotFound, ReltrackError

PEOPLE = [
    (1, "Ana Lima"),
    (2, "Bjørk Guðmundsdóttir"),
    (3, "王小明"),
    (4, "Иван Петров"),
    (5, "Γιώργος Παπαδόπουλος"),
    (6, "Aino Jääskeläinen"),
    (7, "Łukasz Nowak"),
    (8, "Þórður Ólafsson"),
    (9, "José Álvarez"),
    (10, "Bob Smith"),
]


def assert_one_line(error: ReltrackError) -> str:
    message = str(error)
    assert message.strip() and "\n" not in message
    return message


# --- name_key -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ANA  lima", "Ana Lima"),
        ("  Ana Lima  ", "ana lima"),
        ("Ana\tLima", "Ana Lima"),
        ("Ana\n Lima", "ANA LIMA"),
        ("Jose\u0301", "José"),  # NFD and NFC spell the same name
        ("JOSÉ ÁLVAREZ", "José Álvarez"),
        ("STRASSE", "Straße"),  # casefold, not lower
        ("ИВАН ПЕТРОВ", "Иван Петров"),
        ("ΓΙΏΡΓΟΣ", "γιώργος"),
        ("王小明", "王小明"),
    ],
)
def test_name_key_identifies_spellings_of_the_same_name(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_form():
    assert name_key("ANA  lima") == "ana lima"
    assert name_key("  Bjørk   Guðmundsdóttir ") == "bjørk guðmundsdóttir"
    assert name_key("Jose\u0301") == "jos\u00e9"
    assert name_key("Straße") == "strasse"


def test_name_key_keeps_accents_and_different_names_apart():
    assert name_key("José") != name_key("Jose")
    assert name_key("Ana Lima") != name_key("Ana Lim")
    assert name_key("Ana Lima") != name_key("AnaLima")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_property_name_key_ignores_normal_form_and_spacing(text):
    key = name_key(text)
    assert "  " not in key and key == key.strip()
    assert name_key(unicodedata.normalize("NFD", text)) == key
    assert name_key(f"  {text} ") == key


# --- fold ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Bjørk Guðmundsdóttir", "bjork gudmundsdottir"),
        ("Łukasz", "lukasz"),
        ("Jääskeläinen", "jaaskelainen"),
        ("Þórður Ólafsson", "thordur olafsson"),
        ("Ærøskøbing", "aeroskobing"),
        ("Œuvre", "oeuvre"),
        ("Đorđe", "dorde"),
        ("José Álvarez", "jose alvarez"),
        ("Jose\u0301", "jose"),
        ("François Müller", "francois muller"),
        ("ANA  lima", "ana lima"),
        ("Иван Петров", "иван петров"),
        ("Йосиф", "иосиф"),  # й is и + breve: a combining mark
        ("王小明", "王小明"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_fold_is_accent_insensitive_in_greek():
    assert fold("Γιώργος Παπαδόπουλος") == fold("ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ") == fold("γιωργος παπαδοπουλος")


@pytest.mark.parametrize("text", [name for _, name in PEOPLE] + ["Ærøskøbing", "Œuvre", "Đorđe", "Straße"])
def test_fold_is_idempotent_on_real_names(text):
    assert fold(fold(text)) == fold(text)


@settings(max_examples=1000, deadline=None)
@given(st.text())
def test_property_fold_is_idempotent(text):
    once = fold(text)
    assert fold(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_property_fold_has_no_combining_marks_and_ignores_normal_form(text):
    folded = fold(text)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert fold(unicodedata.normalize("NFD", text)) == folded


# --- resolve: the order of attempts -------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ana Lima", 1),
        ("ana lima", 1),
        ("  ANA   LIMA ", 1),
        ("bjørk guðmundsdóttir", 2),
        ("王小明", 3),
        ("иван петров", 4),
        ("ИВАН ПЕТРОВ", 4),
        ("γιώργος παπαδόπουλος", 5),
        ("ΓΙΏΡΓΟΣ ΠΑΠΑΔΌΠΟΥΛΟΣ", 5),
        ("AINO JÄÄSKELÄINEN", 6),
        ("łukasz nowak", 7),
        ("ÞÓRÐUR ÓLAFSSON", 8),
        ("Jose\u0301 A\u0301lvarez", 9),  # NFD input
    ],
)
def test_exact_case_insensitive(query, expected):
    assert resolve(query, PEOPLE) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bjork gudmundsdottir", 2),
        ("Bjork Gudmundsdottir", 2),
        ("γιωργος παπαδοπουλος", 5),
        ("aino jaaskelainen", 6),
        ("lukasz nowak", 7),
        ("thordur olafsson", 8),
        ("jose alvarez", 9),
    ],
)
def test_accent_insensitive_exact(query, expected):
    assert resolve(query, PEOPLE) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ana", 1),
        ("bjork", 2),
        ("Bjørk G", 2),
        ("王小", 3),
        ("Иван", 4),
        ("γιωργ", 5),
        ("aino", 6),
        ("luk", 7),
        ("thor", 8),
        ("jose", 9),
        ("bo", 10),
    ],
)
def test_unique_prefix(query, expected):
    assert resolve(query, PEOPLE) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lima", 1),
        ("gudmundsdottir", 2),
        ("Guðmundsdóttir", 2),
        ("小明", 3),
        ("петров", 4),
        ("Παπαδόπουλος", 5),
        ("παπαδοπουλος", 5),
        ("Jääskeläinen", 6),
        ("jaaskelainen", 6),
        ("nowak", 7),
        ("olafsson", 8),
        ("alvarez", 9),
        ("smith", 10),
    ],
)
def test_unique_substring(query, expected):
    assert resolve(query, PEOPLE) == expected


def test_exact_beats_accent_insensitive():
    candidates = [(1, "José"), (2, "Jose")]
    assert resolve("josé", candidates) == 1
    assert resolve("JOSE", candidates) == 2


def test_exact_beats_prefix_and_substring():
    candidates = [(1, "Ana"), (2, "Ana Lima"), (3, "Mariana")]
    assert resolve("ana", candidates) == 1


def test_accent_insensitive_exact_beats_prefix():
    candidates = [(1, "Bjørk"), (2, "Bjork Larsen"), (3, "Bjorkman")]
    assert resolve("bjork", candidates) == 1


def test_a_prefix_and_a_substring_together_are_ambiguous():
    candidates = [(1, "Ana Lima"), (2, "Mariana Souza"), (3, "Juliana Reis")]
    with pytest.raises(Ambiguous) as several:
        resolve("ana", candidates)
    assert "Ana Lima, Juliana Reis, Mariana Souza" in str(several.value)
    assert resolve("ana l", candidates) == 1


def test_sig_names_neither_sigurdur_nor_thora():
    candidates = [(1, "Sigurður Þórarinsson"), (2, "Þóra Sigurðardóttir")]
    with pytest.raises(Ambiguous) as several:
        resolve("sig", candidates)
    assert "Sigurður Þórarinsson" in str(several.value) and "Þóra Sigurðardóttir" in str(several.value)
    assert resolve("sigurdur", candidates) == 1  # ð typed as d
    assert resolve("thora sig", candidates) == 2  # þ typed as th


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("ivanov", 1),  # Cyrillic, any part of the name
        ("petr ivanov", 1),  # Cyrillic, the whole name
        ("Pëtr", 1),
        ("sokratis", 2),  # Greek
        ("papadop", 2),
        ("jaaskelainen", 3),  # Finnish, accents dropped
        ("oyvind", 4),  # Norwegian ø
        ("aegir", 5),  # Icelandic æ
        ("иванов", 1),  # and the script itself, of course
    ],
)
def test_transliterated_names_are_found(typed, expected):
    candidates = [(1, "Пётр Иванов"), (2, "Σωκράτης Παπαδόπουλος"), (3, "Jukka Jääskeläinen"), (4, "Øyvind Berg"), (5, "Ægir Jónsson")]
    assert resolve(typed, candidates) == expected


def test_a_part_matching_one_name_as_written_and_another_transliterated_is_ambiguous():
    candidates = [(1, "Иван Петров"), (2, "Ivana Novak")]
    for typed in ("ivan", "иван"):
        with pytest.raises(Ambiguous):
            resolve(typed, candidates)
    assert resolve("ivan p", candidates) == 1
    assert resolve("иван петров", candidates) == 1


def test_returns_the_id_not_the_position():
    assert resolve("lima", [(42, "Bob Smith"), (7, "Ana Lima")]) == 7


def test_what_is_named_in_the_messages():
    with pytest.raises(NotFound) as not_found:
        resolve("zzz", [(1, "Acme")], what="project")
    assert "project" in str(not_found.value)
    with pytest.raises(Ambiguous) as ambiguous:
        resolve("ac", [(1, "Acme"), (2, "Acorn")], what="project")
    assert "project" in str(ambiguous.value)


# --- resolve: ambiguity -------------------------------------------------------------------


def test_two_identical_names_are_ambiguous_at_the_exact_step():
    with pytest.raises(Ambiguous) as excinfo:
        resolve("Ana Lima", [(1, "Ana Lima"), (2, "ana lima")])
    message = assert_one_line(excinfo.value)
    assert "Ana Lima" in message and "ana lima" in message


def test_accent_insensitive_step_ambiguous():
    with pytest.raises(Ambiguous) as excinfo:
        resolve("jose", [(1, "José"), (2, "Josè"), (3, "Joseph")])
    message = assert_one_line(excinfo.value)
    assert "José" in message and "Josè" in message
    assert "Joseph" not in message  # only the matches of the first step that matched


def test_prefix_ambiguous_lists_every_match():
    with pytest.raises(Ambiguous) as excinfo:
        resolve("ana", [(1, "Ana Lima"), (2, "Ana Souza"), (3, "Bob Smith")])
    message = assert_one_line(excinfo.value)
    assert "Ana Lima" in message and "Ana Souza" in message
    assert "Bob Smith" not in message


def test_substring_ambiguous_lists_every_match():
    with pytest.raises(Ambiguous) as excinfo:
        resolve("li", [(1, "Ana Lima"), (2, "Eli Cohen"), (3, "Bob Smith")])
    message = assert_one_line(excinfo.value)
    assert "Ana Lima" in message and "Eli Cohen" in message


@pytest.mark.parametrize(
    ("query", "candidates"),
    [
        ("王", [(1, "王小明"), (2, "王小红")]),
        ("иван", [(1, "Иван Петров"), (2, "Иван Сидоров")]),
        ("γιωργος", [(1, "Γιώργος Παπαδόπουλος"), (2, "Γιώργος Νικολάου")]),
        ("jaaskelainen", [(1, "Aino Jääskeläinen"), (2, "Eero Jääskeläinen")]),
        ("dottir", [(1, "Bjørk Guðmundsdóttir"), (2, "Katrín Jakobsdóttir")]),
    ],
)
def test_ambiguous_in_other_scripts(query, candidates):
    with pytest.raises(Ambiguous) as excinfo:
        resolve(query, candidates)
    message = assert_one_line(excinfo.value)
    for _, name in candidates:
        assert name in message


SURNAMES = ["Lima", "Souza", "Reis", "Costa", "Pereira", "Almeida", "Barbosa", "Cardoso", "Dias", "Freitas"]


@pytest.mark.parametrize("count", [2, 7, 8])
def test_ambiguous_lists_up_to_eight_in_full(count):
    candidates = [(i, f"Ana {SURNAMES[i]}") for i in range(count)]
    with pytest.raises(Ambiguous) as excinfo:
        resolve("ana", candidates)
    message = assert_one_line(excinfo.value)
    assert all(name in message for _, name in candidates)
    assert not re.search(r"and \d+ more", message)


@pytest.mark.parametrize(("count", "more"), [(9, 1), (10, 2)])
def test_ambiguous_lists_eight_then_and_n_more(count, more):
    candidates = [(i, f"Ana {SURNAMES[i]}") for i in range(count)]
    with pytest.raises(Ambiguous) as excinfo:
        resolve("ana", candidates)
    message = assert_one_line(excinfo.value)
    assert sum(name in message for _, name in candidates) == 8
    assert f"and {more} more" in message


def test_errors_are_domain_errors():
    assert issubclass(Ambiguous, ReltrackError) and issubclass(NotFound, ReltrackError)
    assert Ambiguous.exit_code == NotFound.exit_code == ExitCode.DOMAIN == 1


# --- resolve: nothing matched -------------------------------------------------------------


def test_not_found_suggests_close_names():
    with pytest.raises(NotFound) as excinfo:
        resolve("Ana Lma", PEOPLE)
    message = assert_one_line(excinfo.value)
    assert "did you mean" in message and "Ana Lima" in message


def test_not_found_suggests_the_owner_of_a_misspelt_surname():
    with pytest.raises(NotFound) as excinfo:
        resolve("Gudmunsdottir", PEOPLE)
    message = assert_one_line(excinfo.value)
    assert "did you mean" in message and "Bjørk Guðmundsdóttir" in message


def test_not_found_suggests_in_cyrillic():
    with pytest.raises(NotFound) as excinfo:
        resolve("Петроф", PEOPLE)
    message = assert_one_line(excinfo.value)
    assert "did you mean" in message and "Иван Петров" in message


def test_not_found_without_anything_close_has_no_suggestion():
    with pytest.raises(NotFound) as excinfo:
        resolve("Zebulon Quaxx", PEOPLE)
    message = assert_one_line(excinfo.value)
    assert "did you mean" not in message
    assert "Zebulon Quaxx" in message


def test_not_found_among_no_candidates():
    with pytest.raises(NotFound) as excinfo:
        resolve("Ana", [])
    assert_one_line(excinfo.value)


def test_blank_query_never_picks_a_candidate():
    for query in ("", "   "):
        with pytest.raises((NotFound, Ambiguous)):
            resolve(query, [(1, "Ana Lima")])


# --- resolve: properties ------------------------------------------------------------------

NAME_ALPHABET = st.characters(categories=["L", "M", "Nd", "Zs", "Pd", "Po"])
NAMES = st.text(NAME_ALPHABET, min_size=1, max_size=20).filter(lambda name: name_key(name) != "")
CASINGS = st.sampled_from([str, str.upper, str.lower, str.swapcase, str.title, str.casefold])


@settings(max_examples=300, deadline=None)
@given(names=st.lists(NAMES, min_size=1, max_size=8, unique_by=name_key), data=st.data())
def test_property_exact_name_in_any_case_resolves_to_it(names, data):
    candidates = [(100 + position, name) for position, name in enumerate(names)]
    position = data.draw(st.integers(0, len(names) - 1), label="position")
    casing = data.draw(CASINGS, label="casing")
    query = casing(names[position])
    # Unicode case mappings are not always reversible (dotless ı upper-cases to I): only
    # case variants that keep the name's identity count as "the exact name in another case".
    assume(name_key(query) == name_key(names[position]))
    assert resolve(query, candidates) == 100 + position
    assert resolve(f"  {query} ", candidates) == 100 + position


@settings(max_examples=200, deadline=None)
@given(names=st.lists(NAMES, min_size=0, max_size=8), query=st.text())
def test_property_resolve_returns_a_candidate_or_raises_a_domain_error(names, query):
    candidates = [(100 + position, name) for position, name in enumerate(names)]
    try:
        found = resolve(query, candidates)
    except (NotFound, Ambiguous) as error:
        assert "\n" not in str(error) or "\n" in query
    else:
        assert found in {ident for ident, _ in candidates}
