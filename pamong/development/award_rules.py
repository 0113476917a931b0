"""Pure rules of the awards register (no ORM, no I/O).

Satyalancana Karya Satya (UU 20/2009 tentang Gelar, Tanda Jasa, dan Tanda Kehormatan Pasal 28; PP 35/2010 Pasal 32):
a PNS who served loyally for 10, 20 or 30 years, counted from the TMT CPNS, and who was never given a medium or
heavy disciplinary sanction. UNVERIFIED (rules.md has no section on awards yet, issue #11): the years are counted
in full years up to the date of the award; the discipline condition is filled by the discipline context
(services.awards.register_award_restriction) once it exists (#12).
Employee of the month: agency practice, one per OPD and month (issue #11).
"""

import re
from datetime import date, timedelta

# The one place the milestones are named; AwardKind/SATYALANCANA_YEARS map them to the register's kinds.
SATYALANCANA_MILESTONES = (10, 20, 30)
MILESTONE_WINDOW_DAYS = 180  # how far ahead the service milestones are flagged (issue #11)
_MONTH = re.compile(r"(20[0-9]{2}|2100)-(0[1-9]|1[0-2])")


def anniversary(start: date, years: int) -> date:
    """The day *years* full years after *start*; 29 February falls on 1 March in a year without it."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def full_years(start: date, on: date) -> int:
    """Whole years from *start* to *on* (a year is complete on its anniversary); never negative."""
    years = on.year - start.year
    if anniversary(start, years) > on:
        years -= 1
    return max(0, years)


def starts_reaching(years: int, first: date, last: date) -> tuple[date, date]:
    """The start dates whose *years*-th anniversary falls between *first* and *last* (inclusive), as a range.

    anniversary() does not decrease as the start grows, so the set is a range of days; its ends are found from
    the same calendar day *years* earlier, moved by at most a day or two around 29 February.
    """
    low = anniversary(first, -years)
    while anniversary(low - timedelta(days=1), years) >= first:
        low -= timedelta(days=1)
    while anniversary(low, years) < first:
        low += timedelta(days=1)
    high = anniversary(last, -years)
    while anniversary(high + timedelta(days=1), years) <= last:
        high += timedelta(days=1)
    while anniversary(high, years) > last:
        high -= timedelta(days=1)
    return low, high


def is_month_period(code: str) -> bool:
    """Whether *code* is a month "YYYY-MM" (the period of an employee of the month)."""
    return isinstance(code, str) and bool(_MONTH.fullmatch(code))
