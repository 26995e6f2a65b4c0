"""Unicode-aware name matching: what a user types finds the one contact they mean, or says why not.

Order of attempts: exact (case-insensitive), then accent-insensitive, then a
unique prefix, then a unique substring. Several matches at any step is an error
listing them: reltrack never picks one of several silently.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence

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


def _listing(names: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(sorted(names, key=name_key)[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def resolve(query: str, candidates: Sequence[tuple[int, str]], what: str = "contact", partial: bool = True) -> int:
    """Return the id of the one candidate `query` names, or raise NotFound / Ambiguous.
    With `partial=False` only whole names match (exactly, or ignoring accents)."""
    key = name_key(query)
    if not key:
        raise NotFound(f"an empty {what} name matches nothing")
    folded_query = fold(query)
    folded = [(ident, name, fold(name)) for ident, name in candidates]
    attempts = [
        [(i, n) for i, n, _ in folded if name_key(n) == key],
        [(i, n) for i, n, f in folded if f == folded_query],
    ]
    if partial:
        attempts += [
            [(i, n) for i, n, f in folded if f.startswith(folded_query)],
            [(i, n) for i, n, f in folded if folded_query in f],
        ]
    for matches in attempts:
        if len(matches) == 1:
            return matches[0][0]
        if matches:
            raise Ambiguous(
                f"'{query}' matches {len(matches)} {what}s: {_listing([n for _, n in matches])}; be more specific"
            )
    raise NotFound(f"no {what} named '{query}'" + _suggestion(folded_query, folded))


def _suggestion(folded_query: str, folded: Sequence[tuple[int, str, str]]) -> str:
    by_fold = {}
    for _, name, f in folded:
        by_fold.setdefault(f, name)
        for word in f.split():  # a misspelt surname alone should still find its owner
            by_fold.setdefault(word, name)
    close = difflib.get_close_matches(folded_query, list(by_fold), n=5, cutoff=0.6)
    names = list(dict.fromkeys(by_fold[c] for c in close))[:3]
    return f"; did you mean {' or '.join(names)}?" if names else ""
