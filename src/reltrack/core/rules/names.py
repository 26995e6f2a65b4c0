"""Unicode-aware name matching: what a user types finds the one contact they mean, or says why not.

Order of attempts: exact (case-insensitive), then accent-insensitive, then transliterated to
ASCII (`petr ivanov` is Пётр Иванов), then any part of the name as written or transliterated
(a prefix or a substring alike: `ivanov`, `ива`). Several matches at any step is an error
listing them: reltrack never picks one of several silently, so `sig` with Sigurður Þórarinsson
and Þóra Sigurðardóttir names neither.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Sequence

from anyascii import anyascii

from reltrack.errors import Ambiguous, NotFound

# Letters that carry no combining mark to strip but that people type without
# the accent: Norwegian/Danish ø æ, Icelandic ð þ, Polish ł, Croatian đ...
_BASE_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ı": "i", "ħ": "h"}
)


def name_key(name: str) -> str:
    """The identity of a name: NFC, case-folded, single-spaced. Stored unique."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def clean_name(name: str) -> str:
    """A name as stored: NFC and single-spaced, case kept."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def fold(text: str) -> str:
    """Accent-insensitive form: `Bjørk Guðmundsdóttir` -> `bjork gudmundsdottir`."""
    decomposed = unicodedata.normalize("NFKD", name_key(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # fold case again: compatibility forms (𝐀, ℌ) only become plain letters after NFKD
    return " ".join(stripped.casefold().translate(_BASE_LETTERS).split())


def ascii_fold(text: str) -> str:
    """The folded name transliterated to ASCII, as someone without the script's keyboard types it:
    `Пётр Иванов` -> `petr ivanov`, `Σωκράτης` -> `sokratis`, `王小明` -> `wangxiaoming`."""
    return " ".join(anyascii(fold(text)).casefold().split())


def stored_forms(name: str) -> dict[str, str]:
    """The forms of a clean name a contact row stores for lookups: name_key, name_fold, name_ascii."""
    return {"name_key": name_key(name), "name_fold": fold(name), "name_ascii": ascii_fold(name)}


def _listing(names: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(sorted(names, key=name_key)[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


# lookup(how, text) -> [(id, name)]: how is "key" (text is a name_key), "equal" or "contains" (text
# is a folded name, matched against folded names), "ascii" or "ascii_contains" (an ascii_fold, against
# ascii-folded names)
Lookup = Callable[[str, str], Sequence[tuple[int, str]]]
TIERS = ("key", "equal", "ascii", "part")  # part: "contains" and "ascii_contains" together
WHOLE_NAME_TIERS = TIERS[:3]


def in_memory(candidates: Sequence[tuple[int, str]]) -> Lookup:
    """A lookup over (id, name) pairs held in memory (tags, tests); contacts are looked up in SQL."""
    forms = [(ident, name, stored_forms(name)) for ident, name in candidates]
    tests = {
        "key": ("name_key", str.__eq__),
        "equal": ("name_fold", str.__eq__),
        "ascii": ("name_ascii", str.__eq__),
        "contains": ("name_fold", str.__contains__),
        "ascii_contains": ("name_ascii", str.__contains__),
    }

    def lookup(how: str, text: str) -> list[tuple[int, str]]:
        column, test = tests[how]
        return [(ident, name) for ident, name, form in forms if test(form[column], text)]

    return lookup


def resolve(
    query: str,
    candidates: Sequence[tuple[int, str]] | Lookup,
    what: str = "contact",
    partial: bool = True,
    all_names: Callable[[], Sequence[tuple[int, str] | tuple[int, str, str]]] | None = None,
) -> int:
    """Return the id of the one candidate `query` names, or raise NotFound / Ambiguous.
    With `partial=False` only whole names match (exactly, ignoring accents, or transliterated).
    `all_names` gives every name for the "did you mean" hint (default: the candidates), as (id, name)
    or, when the folded name is at hand already, (id, name, folded name)."""
    if not callable(candidates):
        names, candidates = candidates, in_memory(candidates)
        all_names = all_names or (lambda: names)
    key = name_key(query)
    if not key:
        raise NotFound(f"an empty {what} name matches nothing")
    folded_query, ascii_query = fold(query), ascii_fold(query)
    searches = {
        "key": [("key", key)],
        "equal": [("equal", folded_query)],
        "ascii": [("ascii", ascii_query)],
        "part": [("contains", folded_query), ("ascii_contains", ascii_query)],
    }
    for tier in TIERS if partial else WHOLE_NAME_TIERS:
        # a symbol may leave nothing once transliterated: that form then matches nothing
        found = [match for how, text in searches[tier] if text for match in candidates(how, text)]
        matches = list(dict.fromkeys(found))
        if len(matches) == 1:
            return matches[0][0]
        if matches:
            raise Ambiguous(
                f"'{query}' matches {len(matches)} {what}s: {_listing([n for _, n in matches])}; be more specific"
            )
    everyone = [(entry[0], entry[1], entry[2] if len(entry) == 3 else fold(entry[1])) for entry in (all_names() if all_names else [])]
    raise NotFound(f"no {what} named '{query}'" + _suggestion(folded_query, everyone))


def _suggestion(folded_query: str, folded: Sequence[tuple[int, str, str]]) -> str:
    by_fold = {}
    for _, name, f in folded:
        by_fold.setdefault(f, name)
        for word in f.split():  # a misspelt surname alone should still find its owner
            by_fold.setdefault(word, name)
    close = difflib.get_close_matches(folded_query, list(by_fold), n=5, cutoff=0.6)
    names = list(dict.fromkeys(by_fold[c] for c in close))[:3]
    return f"; did you mean {' or '.join(names)}?" if names else ""
