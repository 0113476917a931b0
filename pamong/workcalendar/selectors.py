"""Reads of the work calendar."""

from datetime import date

from django.db.models import QuerySet

from .models import CalendarDay
from .rules import add_working_days, working_days_between


def calendar_days_visible_to(actor) -> QuerySet[CalendarDay]:
    """Every member of a Pemda sees its calendar; nobody sees another Pemda's."""
    if actor.is_superuser:
        return CalendarDay.objects.all()
    if not actor.pemda_id:
        return CalendarDay.objects.none()
    return CalendarDay.objects.filter(pemda_id=actor.pemda_id)


def calendar_year(pemda_id: int, year: int) -> QuerySet[CalendarDay]:
    return CalendarDay.objects.filter(pemda_id=pemda_id, date__year=year).order_by("date")


def non_working_days(pemda_id: int, start: date, end: date) -> frozenset[date]:
    """Return the agency's days off (holidays, cuti bersama) between *start* and *end*. One query."""
    return frozenset(
        CalendarDay.objects.filter(pemda_id=pemda_id, date__gte=start, date__lte=end).values_list("date", flat=True)
    )


def working_days(pemda_id: int, start: date, end: date) -> int:
    """Count the agency's working days from *start* to *end* inclusive."""
    return working_days_between(start, end, non_working_days(pemda_id, start, end))


def working_day_after(pemda_id: int, start: date, count: int) -> date:
    """Return the date *count* working days after *start* in the agency's calendar."""
    # A generous window: even a month of holidays leaves room for the count.
    window_end = date.fromordinal(start.toordinal() + count * 2 + 40)
    return add_working_days(start, count, non_working_days(pemda_id, start, window_end))
