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
