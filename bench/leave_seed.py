"""Leave data for the bench: many applications, fast, written as the services would write them.

Run inside a process with Django set up (bench/run.py calls these from its
``--inner`` tasks). The rows come from pamong.leave.demo's bulk writers: an
application, its approval process and steps with the approvers the engine
plans, and the usage lines of approved cuti tahunan taken from the ledger's
pots (each year opened first, exactly as services.leave_year_open() does).

- ``history(target)``: years N-7 … N-2 before the demo (run before
  seed_leave_demo, whose N-1 opening then carries these years over);
- ``top_up(target)``: refused or withdrawn applications in those years until
  the total reaches *target* (they touch no ledger);
- ``small(count)``: a database with only *count* applications (N-1 and N opened).

Free window: nothing here or in the demo starts after 31 March of N+1, so the
burst and the submit timings use April–June of N+1.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from pamong.leave import demo
from pamong.leave.models import LeaveApplication
from pamong.people.demo import PEMDA_NAME
from pamong.people.models import Employee, Pemda

HISTORY_YEARS = 6  # N-7 … N-2


def _world():
    pemda = Pemda.objects.get(name=PEMDA_NAME)
    employees = list(Employee.objects.filter(pemda=pemda, is_active=True)
                     .select_related("current_position", "current_unit").order_by("pk"))
    return pemda, employees


@transaction.atomic
def history(target: int, seed: int = 7) -> dict:
    """About *target* decided applications over N-7 … N-2, each year opened before its leave is taken."""
    pemda, employees = _world()
    year = timezone.localdate().year
    years = list(range(year - 1 - HISTORY_YEARS, year - 1))
    rng = random.Random(seed)  # noqa: S311 - bench data
    demo.calendars_fill(pemda, years)
    off = demo.agency_days_off(pemda.pk)
    planner = demo.StepPlanner()
    taken: dict[int, set[date]] = defaultdict(set)
    written = {"applications": 0, "ledger_lines": 0}
    for index, history_year in enumerate(years):
        need = max(0, target - written["applications"])
        rate = need / max(1, len(employees) * (len(years) - index)) * 1.1  # some items are skipped
        share, per = (min(1.0, rate), (1, 1)) if rate <= 1 else (1.0, (max(1, int(rate) - 1), int(rate) + 1))
        written["ledger_lines"] += demo.years_open(employees, history_year)
        if share <= 0:
            continue
        items = demo.history_for_year(rng, employees, history_year, off, share=share, per_employee=per, taken=taken)
        pots = demo.ledger_totals(pemda.pk, up_to=date(history_year, 12, 31))
        counts = demo.bulk_applications_write(pemda, items, planner=planner, off=off, pots=pots)
        written["applications"] += counts["applications"]
        written["ledger_lines"] += counts["ledger_lines"]
    return written


@transaction.atomic
def top_up(target: int, seed: int = 8) -> dict:
    """Refused and withdrawn cuti tahunan in N-7 … N-2 until there are *target* applications."""
    pemda, employees = _world()
    missing = target - LeaveApplication.objects.filter(pemda=pemda).count()
    if missing <= 0:
        return {"applications": 0}
    year = timezone.localdate().year
    rng = random.Random(seed)  # noqa: S311 - bench data
    off = demo.agency_days_off(pemda.pk)
    taken: dict[int, set[date]] = defaultdict(set)
    for employee_id, start in LeaveApplication.objects.filter(pemda=pemda).values_list("employee_id", "start_date"):
        taken[employee_id].add(start - timedelta(days=start.weekday()))
    items = []
    for _ in range(50):
        if len(items) >= missing:
            break
        history_year = rng.randrange(year - 1 - HISTORY_YEARS, year - 1)
        batch = demo.history_for_year(rng, employees, history_year, off, share=min(1.0, missing / len(employees)),
                                      per_employee=(1, 1), taken=taken)
        for item in batch:
            item.outcome = "rejected" if rng.random() < 0.5 else "cancelled"
            item.decision_reason = "Kebutuhan dinas" if item.outcome == "rejected" else ""
        items.extend(batch)
    counts = demo.bulk_applications_write(pemda, items[:missing], planner=demo.StepPlanner(), off=off)
    return {"applications": counts["applications"]}


@transaction.atomic
def small(count: int = 50, seed: int = 9) -> dict:
    """The calendars, N-1 and N opened, and *count* applications of N-1: the "few applications" database."""
    pemda, employees = _world()
    year = timezone.localdate().year
    demo.calendars_fill(pemda, [year - 1, year, year + 1])
    off = demo.agency_days_off(pemda.pk)
    demo.years_open(employees, year - 1)
    rng = random.Random(seed)  # noqa: S311 - bench data
    items = demo.history_for_year(rng, employees, year - 1, off, share=1.0, per_employee=(1, 1))
    rng.shuffle(items)
    pots = demo.ledger_totals(pemda.pk, up_to=date(year - 1, 12, 31))
    counts = demo.bulk_applications_write(pemda, items[:count], planner=demo.StepPlanner(), off=off, pots=pots)
    demo.years_open(employees, year)
    return counts


def free_window() -> tuple[date, date]:
    """April–June of next year: no seeded application starts there."""
    year = timezone.localdate().year + 1
    return date(year, 4, 1), date(year, 6, 30)
