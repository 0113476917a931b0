"""Approval routes managed by HR of the agency (issue #9): create, change and deactivate route steps.

A route step says who approves a flow's requests in an agency (optionally for
a request kind, a unit subtree, a condition on the request). HR maintains
them like the Plt/Plh appointments (the same right, approvals.manage_acting);
a platform superadmin may too, and the Django admin remains. Steps are never
deleted: past processes name the route they followed, so a step is
deactivated instead. Every write is audited before → after.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.text import text_problem
from pamong.people.models import OrgUnit, Pemda, Position

from . import errors
from .audit import ApprovalAudit
from .choices import ApproverRole
from .errors import ApprovalError
from .models import ApprovalRouteStep
from .permissions import can_manage_acting
from .registry import registered_flows

ROUTE_FIELDS = ("flow", "request_kind", "org_unit_id", "condition", "order", "role", "position_id", "label",
                "is_binding", "remind_after_days", "escalate", "is_active")
ROUTE_ROLES = (ApproverRole.SUPERVISOR, ApproverRole.OPD_HEAD, ApproverRole.POSITION)  # never a pooled step
MAX_ORDER, MAX_REMIND_DAYS, MAX_CONDITION_KEYS = 20, 60, 5


def can_manage_routes(actor, pemda_id: int | None) -> bool:
    """HR of the agency (the right that appoints Plt/Plh); a platform superadmin."""
    return can_manage_acting(actor, pemda_id)


def route_steps_visible_to(actor) -> QuerySet[ApprovalRouteStep]:
    """The route steps *actor* may read: those of an agency they manage."""
    if not actor.is_authenticated:
        return ApprovalRouteStep.objects.none()
    if actor.is_superuser:
        return ApprovalRouteStep.objects.all()
    if actor.pemda_id is None or not can_manage_routes(actor, actor.pemda_id):
        return ApprovalRouteStep.objects.none()
    return ApprovalRouteStep.objects.filter(pemda_id=actor.pemda_id)


@dataclass
class RouteStepInput:
    """The fields of a route step; on an update only those named in *given* change."""

    flow: str = ""
    request_kind: str = ""
    org_unit: OrgUnit | None = None
    condition: dict = field(default_factory=dict)
    order: int = 1
    role: str = ApproverRole.SUPERVISOR
    position: Position | None = None
    label: str = ""
    is_binding: bool = True
    remind_after_days: int = 3
    escalate: bool = True


def _problems(pemda_id: int, data: RouteStepInput, *, exclude_pk: int | None) -> tuple[dict[str, list[str]], str]:
    problems: dict[str, list[str]] = {}
    code = errors.INVALID_ROUTE
    flows = registered_flows(configurable=True)
    if data.flow not in flows:
        problems["flow"] = [_("Choose one of the flows: %(flows)s.") % {"flows": ", ".join(flows)}]
    if len(data.request_kind) > 32 or text_problem(data.request_kind) or data.request_kind != data.request_kind.strip():
        problems["request_kind"] = [_("Enter a request kind code of at most 32 characters, or leave it empty.")]
    if data.role not in ROUTE_ROLES:
        problems["role"] = [_("Choose the direct supervisor, the head of the agency unit or a position.")]
    if data.role == ApproverRole.POSITION and data.position is None:
        problems["position"] = [_("Choose the position whose holder approves.")]
    if data.role != ApproverRole.POSITION and data.position is not None:
        problems["position"] = [_("A position is named only when the approver is the holder of a position.")]
    if data.position is not None and (data.position.pemda_id != pemda_id or not data.position.is_active):
        problems["position"] = [_("Choose an active position of the same agency.")]
    if data.org_unit is not None and data.org_unit.pemda_id != pemda_id:
        problems["org_unit"] = [_("Choose a unit of the same agency.")]
    label = data.label.strip()
    if not label or len(label) > 120 or text_problem(label):
        problems["label"] = [text_problem(label) or _("Enter a label of at most 120 characters (e.g. atasan langsung).")]
    if not 1 <= data.order <= MAX_ORDER:
        problems["order"] = [_("Enter a step number from 1 to %(max)s.") % {"max": MAX_ORDER}]
    if not 1 <= data.remind_after_days <= MAX_REMIND_DAYS:
        problems["remind_after_days"] = [_("Enter from 1 to %(max)s working days.") % {"max": MAX_REMIND_DAYS}]
    condition = data.condition
    if not isinstance(condition, dict) or len(condition) > MAX_CONDITION_KEYS or not all(
            isinstance(k, str) and 0 < len(k) <= 40 and not text_problem(k)
            and (isinstance(v, bool | int | str) and (not isinstance(v, str) or len(v) <= 100)) for k, v in
            (condition.items() if isinstance(condition, dict) else [])):
        problems["condition"] = [_("Give at most %(max)s conditions, each a name with a yes/no, number or short text "
                                   "value.") % {"max": MAX_CONDITION_KEYS}]
    if not problems:
        same = ApprovalRouteStep.objects.filter(
            pemda_id=pemda_id, flow=data.flow, request_kind=data.request_kind, order=data.order, is_active=True,
            org_unit=data.org_unit)
        if exclude_pk is not None:
            same = same.exclude(pk=exclude_pk)
        if any((row.condition or {}) == condition for row in same):
            problems["order"] = [_("This route already has an active step %(order)s.") % {"order": data.order}]
            code = errors.ROUTE_ORDER_TAKEN
    return problems, code


def _check(pemda_id: int, data: RouteStepInput, *, exclude_pk: int | None = None) -> None:
    problems, code = _problems(pemda_id, data, exclude_pk=exclude_pk)
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApprovalError(first, code=code, extra={"fields": problems})


def _snapshot(step: ApprovalRouteStep) -> dict:
    return {name: getattr(step, name) for name in ROUTE_FIELDS}


def _audit(actor, step: ApprovalRouteStep, before: dict, action: str = ApprovalAudit.ROUTE_SAVED) -> None:
    after = _snapshot(step)
    audit_record(actor=actor, action=action, target=step, pemda_id=step.pemda_id,
                 changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v})


@transaction.atomic
def route_step_create(*, actor, pemda: Pemda, data: RouteStepInput) -> ApprovalRouteStep:
    if not can_manage_routes(actor, pemda.pk):
        raise PermissionDenied
    data.label = data.label.strip()
    _check(pemda.pk, data)
    step = ApprovalRouteStep.objects.create(
        pemda=pemda, flow=data.flow, request_kind=data.request_kind, org_unit=data.org_unit, condition=data.condition,
        order=data.order, role=data.role, position=data.position, label=data.label, is_binding=data.is_binding,
        remind_after_days=data.remind_after_days, escalate=data.escalate)
    _audit(actor, step, {})
    return step


@transaction.atomic
def route_step_update(*, actor, step: ApprovalRouteStep, changes: dict) -> ApprovalRouteStep:
    """Change the named fields of an active step (RouteStepInput names)."""
    if not can_manage_routes(actor, step.pemda_id):
        raise PermissionDenied
    step = ApprovalRouteStep.objects.select_for_update().get(pk=step.pk)
    if not step.is_active:
        raise ApprovalError(_("This route step is deactivated; add a new step instead."), code=errors.INVALID_ROUTE,
                            http_status=409)
    data = RouteStepInput(flow=step.flow, request_kind=step.request_kind, org_unit=step.org_unit,
                          condition=step.condition or {}, order=step.order, role=step.role, position=step.position,
                          label=step.label, is_binding=step.is_binding, remind_after_days=step.remind_after_days,
                          escalate=step.escalate)
    for name, value in changes.items():
        if not hasattr(data, name):
            raise ValueError(name)
        setattr(data, name, value)
    if "role" in changes and changes["role"] != ApproverRole.POSITION and "position" not in changes:
        data.position = None  # switching away from a position approver drops the position
    data.label = data.label.strip()
    _check(step.pemda_id, data, exclude_pk=step.pk)
    before = _snapshot(step)
    for name in ("flow", "request_kind", "org_unit", "condition", "order", "role", "position", "label", "is_binding",
                 "remind_after_days", "escalate"):
        setattr(step, name, getattr(data, name))
    step.save()
    _audit(actor, step, before)
    return step


@transaction.atomic
def route_step_deactivate(*, actor, step: ApprovalRouteStep) -> ApprovalRouteStep:
    if not can_manage_routes(actor, step.pemda_id):
        raise PermissionDenied
    if ApprovalRouteStep.objects.filter(pk=step.pk, is_active=True).update(is_active=False) != 1:
        raise ApprovalError(_("This route step is already deactivated."), code=errors.INVALID_ROUTE, http_status=409)
    before = _snapshot(step)
    step.is_active = False
    _audit(actor, step, before, ApprovalAudit.ROUTE_DEACTIVATED)
    return step


def route_steps_q(*, flow: str = "", active: bool | None = True) -> Q:
    q = Q()
    if flow:
        q &= Q(flow=flow)
    if active is not None:
        q &= Q(is_active=active)
    return q
