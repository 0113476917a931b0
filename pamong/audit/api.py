"""The audit trail for auditors: GET /api/v1/audit/events (issue #8 §5).

Read-only, like the pages: the same permission (auditors of a Pemda and
superadmins, 403 for everyone else) and the same scoped selector (an auditor
reads their own Pemda's events). Every event carries its codes *and* their
labels (``action_label``, ``target_type_label``, labelled ``change_rows``),
so a client need not keep a translation table.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from pamong.core.errors import DomainError
from pamong.core.schemas import Day, Text, error_responses, limit_param, offset_param, page_of

from .permissions import can_view_audit_trail
from .presentation import change_rows
from .registry import action_label, target_type_label
from .selectors import AuditFilters, audit_event_list

router = Router(tags=["audit"])


class AuditEventFiltersIn(Schema):
    actor: Text = Field("", max_length=150, description="Username of the actor (or part of it).")
    action: Text = Field("", max_length=80, description="Action code or its prefix, e.g. `people.` or `auth.`.")
    target_type: Text = Field("", max_length=100, description="Target type, e.g. `people.employee`.")
    target: Text = Field("", max_length=64, description="Target id as stored (the public id of most rows).")
    date_from: Day | None = Field(None, alias="from", description="Events on or after this day (server time zone).")
    date_to: Day | None = Field(None, alias="to", description="Events on or before this day.")


class ChangeRowOut(Schema):
    field: str
    label: str
    old: str
    new: str


class AuditEventOut(Schema):
    id: int
    occurred_at: datetime
    actor: str
    pemda: str | None
    action: str
    action_label: str
    target_type: str
    target_type_label: str
    target_id: str
    target_label: str
    changes: dict
    change_rows: list[ChangeRowOut]
    ip_address: str | None
    request_id: str
    hash: str

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_label

    @staticmethod
    def resolve_pemda(obj) -> str | None:
        return obj.pemda.name if obj.pemda_id else None

    @staticmethod
    def resolve_action_label(obj) -> str:
        return action_label(obj.action)

    @staticmethod
    def resolve_target_type_label(obj) -> str:
        return target_type_label(obj.target_type)

    @staticmethod
    def resolve_change_rows(obj) -> list[dict]:
        return [{"field": row.field, "label": row.label, "old": row.old, "new": row.new} for row in change_rows(obj)]


class AuditEventPageOut(Schema):
    count: int
    items: list[AuditEventOut]


class AuditQueryError(DomainError):
    default_code = "audit.invalid_period"


@router.get(
    "/events",
    response={200: AuditEventPageOut, **error_responses(401, 403, 422)},
    summary="List the audit events the caller may read (auditors: their Pemda; superadmins: all), newest first",
    operation_id="audit_event_list",
)
def event_list(request, filters: Query[AuditEventFiltersIn], limit: int = limit_param(), offset: int = offset_param()):
    if not can_view_audit_trail(request.user):
        raise PermissionDenied
    _check_period(filters.date_from, filters.date_to)
    selection = AuditFilters(
        action=filters.action.strip(),
        actor=filters.actor.strip(),
        target_type=filters.target_type.strip().lower(),
        target_id=filters.target.strip(),
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    events = audit_event_list(actor=request.user, filters=selection).select_related("pemda")
    return page_of(events, limit, offset)


def _check_period(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        message = _("The start date must not be after the end date.")
        raise AuditQueryError(message, extra={"fields": {"from": [message]}})
