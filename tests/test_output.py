"""The output layer's pure parts."""

from __future__ import annotations

import pytest

from reltrack.output import spreadsheet_safe


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-A1", "'-A1"),
        ("@cmd", "'@cmd"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("-12", "-12"),  # a number
        ("-2.5", "-2.5"),
        ("+47 22 33 44 55", "+47 22 33 44 55"),  # a phone number
        ("+44 (20) 7946-0000", "+44 (20) 7946-0000"),
        ("Ana Lima", "Ana Lima"),
        ("", ""),
        ("a=b", "a=b"),  # only the first character matters
    ],
)
def test_spreadsheet_safe(text, expected):
    assert spreadsheet_safe(text) == expected


# -- write_groups writes what write_rows writes ---------------------------------------

import io  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from reltrack.output import Column, write_groups, write_rows  # noqa: E402

# text that csv must quote or neutralise: separators, quotes, line breaks, tabs, formula starts
TEXT = st.text(alphabet=st.sampled_from('ab ,;"\'\t\r\n=+-@1Łж'), max_size=6)
REST = st.tuples(TEXT, st.integers(-3, 3), st.none() | st.integers(0, 300))
GROUPS = st.lists(st.tuples(TEXT, st.lists(st.sampled_from([("", 0, None), ("x", 1, 2)]) | REST, max_size=4)), max_size=5)
COLUMNS = [Column("who"), Column("when"), Column("count", plain=True), Column("more", plain=True)]


@settings(max_examples=300, deadline=None)
@given(groups=GROUPS, fmt=st.sampled_from(["csv", "tsv", "json"]))
def test_grouped_rows_are_written_exactly_as_the_same_rows_one_by_one(groups, fmt):
    grouped, flat = io.StringIO(), io.StringIO()
    write_groups(groups, COLUMNS, fmt, grouped)
    write_rows([(first, *rest) for first, rests in groups for rest in rests], COLUMNS, fmt, flat)
    assert grouped.getvalue() == flat.getvalue()


def test_grouped_csv_quotes_and_neutralises_the_first_cell():
    out = io.StringIO()
    write_groups([('=Lima, "Ana"', [("2026-01-01", 1), ("2026-02-01", 0)]), ("Bo", [])], COLUMNS[:3], "csv", out)
    assert out.getvalue() == (
        "who,when,count\r\n"
        '"\'=Lima, ""Ana""",2026-01-01,1\r\n'
        '"\'=Lima, ""Ana""",2026-02-01,0\r\n'
    )

