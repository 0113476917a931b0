"""The follow-up actions on the staff results page (rules.md §4, item 4): the card listing the actions of the shown
point, unit tree or agency for the period (templatetags/feedback_follow_ups.py builds it into results.html), and
the three writes behind its forms — add, move forward (in progress, done), delete while planned.

Thin views: parse → scoped selector (out of scope: 404) → predicate (visible but not allowed: 403) → one service →
back to the results page (POST/redirect/GET) with a notice. Who: permissions.can_manage_service_points of the
action's unit; the agency's readers and unit heads see the actions their results cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.people.models import OrgUnit
from pamong.people.selectors import units_visible_to

from .follow_up_forms import FollowUpForm, unsur_choices
from .follow_up_models import FollowUpAction, FollowUpStatus
from .follow_up_selectors import follow_ups_of_scope, follow_ups_visible_to, lowest_nrr_first
from .follow_up_services import TRANSITIONS, follow_up_create, follow_up_delete, follow_up_set_status
from .models import ServicePoint, SurveyPeriod
from .permissions import can_manage_service_points, can_view_results
from .selectors import results, service_points_visible_to, survey_periods_of

SCOPE_KEYS = ("period", "point", "unit")


# --- The card on the results page -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    action: FollowUpAction
    can_start: bool  # may be marked in progress
    can_finish: bool  # may be marked done
    can_delete: bool  # still planned


@dataclass(frozen=True, slots=True)
class FollowUpCard:
    rows: tuple[FollowUpRow, ...]
    form: FollowUpForm | None  # None: the actor may not add here, or the agency is shown (no single target)
    choose_target: bool  # the agency is shown: the actor adds after choosing a unit or a point
    public_url: str
    scope_query: dict[str, str]  # the results' scope, sent back with each form (to return to the same page)


def _uuid(value) -> UUID | None:
    try:
        return UUID(str(value))
    except (TypeError, ValueError):
        return None


def card(request: AuthedRequest, scope, found) -> FollowUpCard | None:
    """The follow-up card of the results page's *scope* (staff_views.Scope) and results *found*: the actions in
    follow-up order (lowest NRR first), what the actor may do with each, the add form (weakest unsur first) and the
    agency's public results page. None without a period. Two queries whatever the number of actions (the actions;
    the unit heads' tree, cached per request)."""
    if scope.period is None:
        return None
    actor = request.user
    nrr = found.nrr if found is not None else {}
    actions = follow_ups_of_scope(follow_ups_visible_to(actor), pemda=actor.pemda, period=scope.period,
                                  point=scope.point, unit=scope.unit)
    rows = []
    for action in lowest_nrr_first(actions, nrr):
        manages = can_manage_service_points(actor, action.org_unit)
        steps = TRANSITIONS[action.status] if manages else frozenset()
        rows.append(FollowUpRow(action=action, can_start=FollowUpStatus.IN_PROGRESS in steps,
                                can_finish=FollowUpStatus.DONE in steps,
                                can_delete=manages and action.status == FollowUpStatus.PLANNED))
    query = {"period": str(scope.period.public_id)}
    if scope.point is not None:
        query["point"] = str(scope.point.public_id)
    elif scope.unit is not None:
        query["unit"] = str(scope.unit.public_id)
    target = scope.point.org_unit if scope.point is not None else scope.unit
    form = None
    if target is not None and can_manage_service_points(actor, target):
        form = FollowUpForm(nrr=nrr, initial=query)
    public_url = reverse("feedback-public:published", args=[actor.pemda.public_id])
    if not scope.period.is_open:
        public_url += f"?period={scope.period.public_id}"
    return FollowUpCard(rows=tuple(rows), form=form, choose_target=target is None, public_url=public_url,
                        scope_query=query)


# --- Writes -----------------------------------------------------------------------------------------------------


def _in_agency(request: AuthedRequest) -> None:
    if not (request.user.is_authenticated and request.user.pemda_id):
        raise PermissionDenied


def _results_url(query: dict[str, str]) -> str:
    url = reverse("feedback:results")
    return f"{url}?{urlencode(query)}#follow-ups" if query else f"{url}#follow-ups"


def _back(data, follow_up: FollowUpAction | None = None) -> str:
    """The results page the form was sent from: its scope's ids (well-formed UUIDs only; the path is fixed), else
    the action's own period and point or unit."""
    query = {key: str(value) for key in SCOPE_KEYS if (value := _uuid(data.get(key))) is not None}
    if not query.get("period") and follow_up is not None:
        query = {"period": str(follow_up.period.public_id)}
        if follow_up.service_point is not None:
            query["point"] = str(follow_up.service_point.public_id)
        else:
            query["unit"] = str(follow_up.org_unit.public_id)
    return _results_url(query)


def _target(request: AuthedRequest) -> tuple[SurveyPeriod, ServicePoint | None, OrgUnit | None]:
    """The period and the point or unit the add form names; out of the actor's scope (or malformed): 404."""
    actor = request.user
    period_id, point_id, unit_id = (_uuid(request.POST.get(key)) for key in SCOPE_KEYS)
    if period_id is None or (point_id is None) == (unit_id is None):
        raise Http404
    period = get_object_or_404(survey_periods_of(actor.pemda), public_id=period_id)
    if point_id is not None:
        point = get_object_or_404(service_points_visible_to(actor).filter(pemda_id=actor.pemda_id)
                                  .select_related("org_unit"), public_id=point_id)
        return period, point, None
    unit = get_object_or_404(units_visible_to(actor).filter(pemda_id=actor.pemda_id), public_id=unit_id)
    if not can_view_results(actor, unit):
        raise Http404
    return period, None, unit


@require_POST
def follow_up_add(request: AuthedRequest) -> HttpResponse:
    """Add a follow-up action to the shown point or unit; a refused form comes back on its own page (422)."""
    _in_agency(request)
    period, point, unit = _target(request)
    if not can_manage_service_points(request.user, point.org_unit if point is not None else unit):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            follow_up_create(actor=request.user, period=period, point=point, org_unit=unit,
                             unsur=data["unsur"], action=data["action"], target_date=data["target_date"])
        except DomainError as exc:
            form.apply_errors(exc)
        else:
            return notify(request, redirect(_back(request.POST)), level="success",
                          text=_("Follow-up action added."))
    found = results(pemda=request.user.pemda, period=period, point=point, unit=unit)
    form.fields["unsur"].choices = unsur_choices(found.nrr)
    context = {"form": form, "period": period, "target": point or unit, "back": _back(request.POST)}
    return TemplateResponse(request, "feedback/staff/follow_up_form.html", context, status=422)


def _managed(request: AuthedRequest, public_id: UUID) -> FollowUpAction:
    _in_agency(request)
    follow_up = get_object_or_404(
        follow_ups_visible_to(request.user).filter(pemda_id=request.user.pemda_id)
        .select_related("period", "service_point", "org_unit"), public_id=public_id)
    if not can_manage_service_points(request.user, follow_up.org_unit):
        raise PermissionDenied
    return follow_up


@require_POST
def follow_up_status(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Move an action forward: ``status`` = in_progress or done."""
    follow_up = _managed(request, public_id)
    back = redirect(_back(request.POST, follow_up))
    try:
        changed = follow_up_set_status(actor=request.user, follow_up=follow_up, status=request.POST.get("status", ""))
    except DomainError as exc:
        return notify(request, back, level="error", text=exc.message)
    text = _("Follow-up action marked “%(status)s”.") % {"status": changed.get_status_display()}
    return notify(request, back, level="success", text=text)


@require_POST
def follow_up_remove(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Delete an action that is still planned."""
    follow_up = _managed(request, public_id)
    back = redirect(_back(request.POST, follow_up))
    try:
        follow_up_delete(actor=request.user, follow_up=follow_up)
    except DomainError as exc:
        return notify(request, back, level="error", text=exc.message)
    return notify(request, back, level="success", text=_("Follow-up action deleted."))
