"""Opening balances: what the previous system held for an employee's cuti tahunan (issue #9).

When an agency moves to Pamong, HR records per pot year (N-2, N-1, N) the
remaining days the old system showed. The ledger stays append-only: the
service writes one line of kind "opening" with the difference between the
stated figure and what Pamong holds for that pot from its own system lines
(entitlement, lapses, earlier opening lines); days booked by leave
applications in Pamong are not part of the statement and stay in effect.
A later correction is another opening line with the new difference.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.text import text_problem
from pamong.people.models import Employee
from pamong.people.selectors import actor_employee

from .audit import LeaveAudit
from .capabilities import LeavePerm
from .choices import LedgerKind
from .errors import LeaveError
from .models import LeaveLedgerEntry
from .rules import MAX_TOTAL_TWO_YEARS_UNUSED

OPENING_UNCHANGED = "leave.opening_unchanged"
OPENING_INVALID = "leave.opening_invalid"
MAX_REASON = 300


def can_record_opening_balance(actor, employee: Employee) -> bool:
    """HR of the employee's agency, never about themselves (a platform superadmin holds no agency's records)."""
    if not actor.is_authenticated or actor.pemda_id is None or actor.pemda_id != employee.pemda_id:
        return False
    if not actor.has_perm(LeavePerm.MANAGE_LEAVE):
        return False
    me = actor_employee(actor)
    return me is None or me.pk != employee.pk


def opening_pot_years(today: date | None = None) -> list[int]:
    """The pot years an opening can state: those the current balance counts (N-2, N-1, N)."""
    year = (today or timezone.localdate()).year
    return [year - 2, year - 1, year]


def _field_error(field: str, message: str, code: str = OPENING_INVALID, status: int = 422) -> LeaveError:
    return LeaveError(message, code=code, http_status=status, extra={"fields": {field: [message]}})


def held_by_system_lines(employee: Employee, pot_year: int) -> int:
    """What Pamong holds for *pot_year* from lines not booked by a leave application (one query)."""
    total = (LeaveLedgerEntry.objects.filter(employee_id=employee.pk, pot_year=pot_year, application__isnull=True)
             .aggregate(total=Sum("days"))["total"])
    return total or 0


@dataclass(frozen=True, slots=True)
class OpeningResult:
    line: LeaveLedgerEntry
    before: int
    after: int


@transaction.atomic
def leave_opening_balance_record(*, actor, employee: Employee, pot_year: int, days: int, reason: str,
                                 today: date | None = None) -> OpeningResult:
    """Record that the previous system held *days* remaining of *pot_year*'s cuti tahunan for *employee*."""
    from .services import leave_year_open  # services imports the approval machinery; keep this module light

    if not can_record_opening_balance(actor, employee):
        raise PermissionDenied
    today = today or timezone.localdate()
    if pot_year not in opening_pot_years(today):
        years = ", ".join(str(y) for y in opening_pot_years(today))
        raise _field_error("pot_year", _("Choose one of the years the current balance counts: %(years)s.")
                           % {"years": years})
    if not 0 <= days <= MAX_TOTAL_TWO_YEARS_UNUSED:
        raise _field_error("days", _("Enter between 0 and %(max)s days.") % {"max": MAX_TOTAL_TWO_YEARS_UNUSED})
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Say where the figure comes from (e.g. the previous system's report)."))
    if len(reason) > MAX_REASON or text_problem(reason):
        raise _field_error("reason", text_problem(reason) or _("At most %(max)s characters.") % {"max": MAX_REASON})
    locked = Employee.objects.select_for_update(no_key=True).get(pk=employee.pk)  # one opening at a time per employee
    # The current year is opened first, so the stated figures are after this year's carry-over lapses.
    leave_year_open(locked, today.year, actor=actor)
    before = held_by_system_lines(locked, pot_year)
    difference = days - before
    if difference == 0:
        raise _field_error("days", _("The balance of %(year)s already holds %(days)s days.")
                           % {"year": pot_year, "days": days}, code=OPENING_UNCHANGED, status=409)
    line = LeaveLedgerEntry.objects.create(
        employee=locked, pot_year=pot_year, entry_date=today, kind=LedgerKind.OPENING, days=difference,
        note=reason, created_by=actor)
    audit_record(actor=actor, action=LeaveAudit.OPENING_BALANCE_RECORDED, target=locked,
                 changes={"pot_year": [None, pot_year], "days": [before, days], "reason": [None, reason]})
    return OpeningResult(line=line, before=before, after=days)
