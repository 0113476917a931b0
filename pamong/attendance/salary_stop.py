"""The salary stop as a people restriction (rules.md §3.2): a PNS or CPNS absent without a valid reason for 10
working days in a row has the salary stopped from the first day of the following month, without waiting for the
disciplinary decision (PP 94/2021 Pasal 11 ayat (2) huruf d angka 4; PerBKN 6/2022 Pasal 12 ayat (1)–(2)).

Read from verified days only; it holds until the run is undone (a correction excuses a day and the month is verified
again) or the employee leaves service. Two queries for any number of employees."""

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext as _

from pamong.people.restrictions import Blocks, Restriction, register_restriction_source

from . import absence_rules as rules
from .choices import DayStatus
from .models import AttendanceDay

SOURCE = "attendance.salary_stop"
PNS_STATUSES = ("pns", "cpns")


def salary_stops(employee_ids: list[int], day: date) -> dict[int, date]:
    """{employee_id: first day the salary is stopped} for the employees whose stop is in force on *day* (a run of
    the year of *day* or of the year before)."""
    start = date(day.year - 1, 1, 1)
    candidates = list(
        AttendanceDay.objects.filter(employee_id__in=employee_ids, date__gte=start, date__lte=day,
                                     status=DayStatus.UNEXCUSED, verified=True,
                                     employee__status__in=PNS_STATUSES)
        .values("employee_id").annotate(n=Count("id")).filter(n__gte=rules.CONSECUTIVE_DAYS)
        .values_list("employee_id", flat=True))
    if not candidates:
        return {}
    sequences: dict[tuple[int, int], list[tuple[date, str]]] = {}
    for employee_id, when, status, verified in (
            AttendanceDay.objects.filter(employee_id__in=candidates, date__gte=start, date__lte=day)
            .order_by("employee_id", "date").values_list("employee_id", "date", "status", "verified")):
        counted = status if verified or status != DayStatus.UNEXCUSED else DayStatus.PENDING
        sequences.setdefault((employee_id, when.year), []).append((when, counted))
    found: dict[int, date] = {}
    for (employee_id, _year), sequence in sorted(sequences.items()):
        stop = rules.salary_stop_from(rules.tenth_day(sequence))
        if stop is not None and stop <= day and employee_id not in found:
            found[employee_id] = stop
    return found


def salary_stop_source(employee_ids: list[int], day: date) -> dict[int, list[Restriction]]:
    stops = salary_stops(employee_ids, day)
    return {
        employee_id: [Restriction(
            blocks=frozenset({Blocks.SALARY}),
            reason=_("Salary stopped: absent without a valid reason for %(n)d working days in a row.")
            % {"n": rules.CONSECUTIVE_DAYS},
            source=SOURCE, rule=rules.RULE_CONSECUTIVE, start=stop, end=None,
        )]
        for employee_id, stop in stops.items()
    }


def register() -> None:
    register_restriction_source(SOURCE, salary_stop_source)
