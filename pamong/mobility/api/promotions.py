"""/mobility/promotions/due and /mobility/promotions/eligibility (issue #13; rules.md §8.1).

The same scope as the lists (pamong.mobility.selectors.lists): HR, the executive and the auditor of the agency, or a
unit head for their unit tree; anyone else 403; an employee outside the scope 404. Each check is
{code, passed, rule, detail}: ``passed`` is null when Pamong lacks the data to decide ("to check", e.g. a JF's angka
kredit), never guessed.
"""

import re
from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema

from pamong.core.errors import DomainError
from pamong.core.schemas import EmployeeRef, error_responses

from ..selectors import lists

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
INVALID_PERIOD = "mobility.invalid_period"


class KpCheckOut(Schema):
    code: str
    passed: bool | None
    rule: str
    detail: str


class KpRestrictionOut(Schema):
    reason: str
    source: str
    rule: str
    start: date | None
    end: date | None


class KpPromotionOut(Schema):
    employee: EmployeeRef
    golongan: str | None
    next_golongan: str | None
    rank_tmt: date | None
    period: date
    eligible_on: date | None  # the date the time in rank is complete
    overdue: bool  # eligible before the period asked and not promoted since
    verdict: str  # eligible | blocked | to_check
    checks: list[KpCheckOut]
    restrictions: list[KpRestrictionOut]


class KpPromotionsDueOut(Schema):
    period: date
    count: int
    items: list[KpPromotionOut]


def _out(row: lists.DueRow) -> dict:
    employee = row.employee
    return {"employee": employee, "golongan": employee.current_golongan.code if employee.current_golongan else None,
            "next_golongan": row.next_golongan, "rank_tmt": row.rank_tmt, "period": row.due, "eligible_on": row.eligible,
            "overdue": row.overdue, "verdict": row.verdict,
            "checks": row.checks,
            "restrictions": [{"reason": str(item.reason), "source": item.source, "rule": item.rule,
                              "start": item.start, "end": item.end} for item in row.restrictions]}


def _require(request) -> None:
    if not lists.can_use_lists(request.user):
        raise PermissionDenied


def _period(value: str) -> date:
    found = PERIOD.match(value or "")
    if not found or not 1900 <= int(found.group(1)) <= 2200:
        message = _("Give the period as YYYY-MM.")
        raise DomainError(message, code=INVALID_PERIOD, http_status=422, extra={"fields": {"period": [message]}})
    return date(int(found.group(1)), int(found.group(2)), 1)


def build_router() -> Router:
    """A fresh router with the operations (the lead mounts ``router``; tests may mount their own)."""
    router = Router(tags=["mobility"])

    @router.get("/promotions/due", response={200: KpPromotionsDueOut, **error_responses(401, 403, 422)},
                summary="PNS whose KP period is the given month, with the eligibility checks (rules.md §8.1)",
                operation_id="mobility_promotions_due")
    def promotions_due(request, period: str):
        _require(request)
        first = _period(period)
        rows = lists.promotions_due(request.user, first)
        return {"period": first, "count": len(rows), "items": [_out(row) for row in rows]}

    @router.get("/promotions/eligibility", response={200: KpPromotionOut, **error_responses(401, 403, 404, 422)},
                summary="The KP checks of one employee for their next period (code, passed, rule)",
                operation_id="mobility_promotion_eligibility")
    def promotion_eligibility(request, employee: UUID):
        _require(request)
        target = (lists.list_scope(request.user).select_related("current_golongan", "current_position")
                  .filter(public_id=employee).first())
        if target is None:
            raise Http404
        return _out(lists.eligibility(request.user, target, today=timezone.localdate()))

    return router


router = build_router()
