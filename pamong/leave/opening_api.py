"""POST /api/v1/leave/balances/opening: HR records what the previous system held (pamong.leave.opening)."""

from datetime import date
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import AfterValidator

from pamong.core.schemas import EmployeeRef, InSchema, Text, error_responses
from pamong.core.text import single_line
from pamong.people.selectors import employees_visible_to

from .capabilities import LeavePerm
from .errors import LeaveError
from .opening import MAX_REASON, leave_opening_balance_record
from .rules import MAX_TOTAL_TWO_YEARS_UNUSED

router = Router(tags=["leave"])

UNKNOWN_REFERENCE = "leave.unknown_reference"
Line = Annotated[Text, AfterValidator(single_line)]


class OpeningBalanceIn(InSchema):
    employee: UUID
    pot_year: int = Field(..., ge=2000, le=2100,
                          description="The year whose entitlement the days belong to: this year, last year or "
                                      "the year before (N, N-1, N-2).")
    days: int = Field(..., ge=0, le=MAX_TOTAL_TWO_YEARS_UNUSED,
                      description="Remaining days of that year according to the previous system.")
    reason: Line = Field(..., min_length=1, max_length=MAX_REASON,
                         description="Where the figure comes from (e.g. the previous system's report).")


class OpeningBalanceOut(Schema):
    employee: EmployeeRef
    pot_year: int
    days: int = Field(..., description="The stated remaining days of the pot year.")
    before: int = Field(..., description="What Pamong held for the pot year from lines not booked by applications.")
    adjustment: int = Field(..., description="The ledger line written (kind 'opening'): days − before.")
    entry_date: date
    reason: str


@router.post(
    "/balances/opening",
    response={201: OpeningBalanceOut, **error_responses(401, 403, 409, 422)},
    summary="Record an employee's opening cuti tahunan from the previous system (HR of the agency, not oneself)",
    description="Appends a ledger line of kind 'opening'; a correction is another call with the new figure "
                "(409 `leave.opening_unchanged` when the balance already holds it).",
    operation_id="leave_opening_balance_record",
)
def opening_balance_record(request, payload: OpeningBalanceIn):
    user = request.user
    if user.pemda_id is None or not user.has_perm(LeavePerm.MANAGE_LEAVE):
        raise PermissionDenied  # not HR of an agency: refused before the body's ids are looked up (403, not 422)
    employee = employees_visible_to(request.user).filter(public_id=payload.employee).first()
    if employee is None:
        message = _("Unknown or inaccessible object.")
        raise LeaveError(message, code=UNKNOWN_REFERENCE, extra={"fields": {"employee": [message]}})
    result = leave_opening_balance_record(actor=request.user, employee=employee, pot_year=payload.pot_year,
                                          days=payload.days, reason=payload.reason)
    return Status(201, {"employee": employee, "pot_year": payload.pot_year, "days": result.after,
                        "before": result.before, "adjustment": result.line.days,
                        "entry_date": result.line.entry_date, "reason": result.line.note})
