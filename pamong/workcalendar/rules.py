"""Working-day arithmetic (pure; no ORM).

Perpres 21/2023: the ASN working week is Monday–Friday [V-SEC]. Leave
"hari kerja" counting skips weekends, national holidays and cuti bersama
(rules.md §2.5).
"""

from collections.abc import Collection, Iterator
from datetime import date, timedelta

# Monday=0 … Sunday=6. Perpres 21/2023 — five-day working week [V-SEC].
WORKING_WEEKDAYS = frozenset({0, 1, 2, 3, 4})


def days_between(start: date, end: date) -> Iterator[date]:
    """Yield every calendar day from *start* to *end*, both included."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def is_working_day(day: date, non_working: Collection[date]) -> bool:
    return day.weekday() in WORKING_WEEKDAYS and day not in non_working


def working_days_between(start: date, end: date, non_working: Collection[date]) -> int:
    """Count the working days from *start* to *end* inclusive; 0 when end < start."""
    if end < start:
        return 0
    return sum(1 for day in days_between(start, end) if is_working_day(day, non_working))


def add_working_days(start: date, count: int, non_working: Collection[date]) -> date:
    """Return the day *count* working days after *start* (start itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, non_working):
            remaining -= 1
    return day
