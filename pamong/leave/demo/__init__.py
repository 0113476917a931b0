"""Leave demo data for the demo kabupaten of pamong.people.demo (``manage.py seed_leave_demo``).

What it writes, relative to ``timezone.localdate()`` (year N):

- the N-1, N and N+1 calendars from the holidays library (one audit event)
  and one regional holiday through the calendar service;
- cuti tahunan N-1 opened for every eligible employee, some N-1 usage (so
  carry-over shows), then N opened, by services.leave_years_open() (the
  lines leave_year_open() writes, planned in bulk);
- the N-1 history as bulk rows (applications, their approval processes and
  steps, usage lines), consistent with what the services create;
- a configured route for leave abroad (PPK's delegate: the Sekretaris
  Daerah), one Plt (the head of Dinas Sosial moved to the province; the
  Sekretaris Dinas Sosial acts), and a few hundred applications through the
  real services: approved, pending at the supervisor or the official,
  deferred, rejected, cancelled.

Deterministic for a seed and idempotent: when the ``leave.demo_seeded`` event
of the demo Pemda exists, nothing is written and the summary is only read.

Layout: ``bulk`` writes rows in bulk (also used by the benchmarks), ``seeding``
drives the seed and its summary, ``accounts`` lists the demo accounts.
"""

from .accounts import LEAVE_DEMO_ACTION, demo_account_rows
from .bulk import (
    BulkApplication,
    StepPlanner,
    agency_days_off,
    bulk_applications_write,
    calendars_fill,
    history_for_year,
    ledger_totals,
    next_with,
    next_working_day,
    span_end,
    years_open,
)
from .seeding import DemoMissing, LeaveSeedResult, seed_leave_demo

__all__ = [
    "LEAVE_DEMO_ACTION",
    "BulkApplication",
    "DemoMissing",
    "LeaveSeedResult",
    "StepPlanner",
    "agency_days_off",
    "bulk_applications_write",
    "calendars_fill",
    "demo_account_rows",
    "history_for_year",
    "ledger_totals",
    "next_with",
    "next_working_day",
    "seed_leave_demo",
    "span_end",
    "years_open",
]
