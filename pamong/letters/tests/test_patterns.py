"""Letter number patterns: rendering (table-driven) and the problems HR is told about."""

from datetime import date

import pytest
from django.utils import translation

from pamong.letters.patterns import pattern_problem, render_number


@pytest.mark.parametrize(("pattern", "seq", "on", "expected"), [
    ("800.1.11.4/{seq}/BKPSDM/{year}", 7, date(2026, 3, 2), "800.1.11.4/7/BKPSDM/2026"),
    ("800.1.11.4/{seq:03}/BKPSDM/{year}", 7, date(2026, 3, 2), "800.1.11.4/007/BKPSDM/2026"),
    ("800.1.11.4/{seq:03}/BKPSDM/{year}", 1234, date(2026, 3, 2), "800.1.11.4/1234/BKPSDM/2026"),
    ("{seq:05}", 42, date(2026, 1, 1), "00042"),
    ("800/{seq}/{month_roman}/{year}", 1, date(2026, 1, 5), "800/1/I/2026"),
    ("800/{seq}/{month_roman}/{year}", 1, date(2026, 4, 5), "800/1/IV/2026"),
    ("800/{seq}/{month_roman}/{year}", 1, date(2026, 9, 5), "800/1/IX/2026"),
    ("800/{seq}/{month_roman}/{year}", 1, date(2026, 12, 31), "800/1/XII/2026"),
    ("B-{seq}/{month}/{year}", 3, date(2027, 2, 1), "B-3/2/2027"),
    ("B-{seq}/{month:02}/{year}", 3, date(2027, 2, 1), "B-3/02/2027"),
    ("SK {seq:02} (Dinas Kesehatan & BKPSDM)", 9, date(2026, 6, 1), "SK 09 (Dinas Kesehatan & BKPSDM)"),
])
def test_pattern_renders(pattern, seq, on, expected):
    assert pattern_problem(pattern) is None
    assert render_number(pattern, seq=seq, on=on) == expected


@pytest.mark.parametrize(("pattern", "fragment"), [
    ("", "Enter"),
    ("   ", "Enter"),
    ("800/BKPSDM/{year}", "exactly once"),             # no running number: every letter would share one number
    ("{seq}/{seq:03}/{year}", "exactly once"),
    ("800/{nomor}/{year}", "Unknown placeholder {nomor}"),
    ("800/{seq:3}/{year}", "Unknown placeholder"),       # the width must be written 0N
    ("800/{seq:00}/{year}", "Unknown placeholder"),
    ("800/{seq/{year}", "brace"),
    ("800/seq}/{year}", "brace"),
    ("800/{seq}/<b>{year}</b>", "may hold"),
    ("800/{seq}/\u202e{year}", "may hold"),
    ("8" * 119 + "{seq}", "at most"),
])
def test_pattern_problems(pattern, fragment):
    with translation.override("en"):
        problem = pattern_problem(pattern)
    assert problem is not None
    assert fragment in problem
