"""HR pages of issue #9: opening cuti tahunan balances and the approval routes of the agency.

Thin views: the form checks the input's shape, the services (leave.opening,
approvals.routes) decide and audit; their refusals are shown on the form.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.approvals.models import ApprovalRouteStep
from pamong.approvals.routes import (
    can_manage_routes,
    route_step_create,
    route_step_deactivate,
    route_step_update,
    route_steps_visible_to,
)
from pamong.core.errors import DomainError
from pamong.core.forms import apply_service_errors
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.selectors import employees_visible_to, positions_visible_to, units_visible_to

from .admin_forms import OpeningBalanceForm, RouteStepForm
from .capabilities import LeavePerm
from .choices import LedgerKind
from .models import LeaveLedgerEntry
from .opening import leave_opening_balance_record

GET_POST = require_http_methods(["GET", "POST"])


# --- Opening balances ------------------------------------------------------------------------------


def _leave_hr_pemda_id(request: AuthedRequest) -> int:
    pemda_id = request.user.pemda_id
    if not pemda_id or not request.user.has_perm(LeavePerm.MANAGE_LEAVE):
        raise PermissionDenied
    return pemda_id


def _opening_page(request, form, *, status: int = 200) -> TemplateResponse:
    lines = (LeaveLedgerEntry.objects.filter(kind=LedgerKind.OPENING, employee__pemda_id=request.user.pemda_id)
             .select_related("employee", "created_by").order_by("-created_at", "-pk"))
    template = partial_template(request, "leave/manage_opening.html", "opening-form") if request.method == "POST" \
        else "leave/manage_opening.html"
    return TemplateResponse(request, template, {"form": form, "page": paginate(request, lines)}, status=status)


@GET_POST
def opening_balances(request: AuthedRequest) -> HttpResponse:
    """HR records the cuti tahunan the previous system held for an employee (a ledger line of kind 'opening')."""
    pemda_id = _leave_hr_pemda_id(request)
    employees = employees_visible_to(request.user).filter(pemda_id=pemda_id)
    if request.method == "GET":
        return _opening_page(request, OpeningBalanceForm(employees=employees))
    form = OpeningBalanceForm(request.POST, employees=employees)
    if not form.is_valid():
        return _opening_page(request, form, status=422)
    employee = form.cleaned_data["nip"]
    try:
        result = leave_opening_balance_record(actor=request.user, employee=employee,
                                              pot_year=form.cleaned_data["pot_year"], days=form.cleaned_data["days"],
                                              reason=form.cleaned_data["reason"])
    except PermissionDenied:
        form.add_error("nip", _("You cannot record your own balance: another HR admin must do it."))
        return _opening_page(request, form, status=403)
    except DomainError as exc:
        apply_service_errors(form, exc)
        return _opening_page(request, form, status=exc.http_status)
    text = _("%(name)s: %(days)s days of %(year)s recorded (change %(change)+d).") % {
        "name": employee.full_name, "days": result.after, "year": result.line.pot_year, "change": result.line.days}
    return notify(request, redirect("leave:opening-balances"), level="success", text=text)


# --- Approval routes ------------------------------------------------------------------------------


def _route_manager_pemda_id(request: AuthedRequest) -> int:
    pemda_id = request.user.pemda_id
    if not pemda_id or not can_manage_routes(request.user, pemda_id):
        raise PermissionDenied
    return pemda_id


def _route_scopes(request, pemda_id: int) -> dict:
    return {"units": units_visible_to(request.user).filter(pemda_id=pemda_id, is_active=True),
            "positions": positions_visible_to(request.user).filter(pemda_id=pemda_id, is_active=True)}


def _routes(request, pemda_id: int):
    return (route_steps_visible_to(request.user).filter(pemda_id=pemda_id)
            .select_related("org_unit", "position__org_unit"))


@require_GET
def route_list(request: AuthedRequest) -> HttpResponse:
    pemda_id = _route_manager_pemda_id(request)
    show = request.GET.get("show", "active")
    steps = _routes(request, pemda_id)
    if show != "all":
        steps = steps.filter(is_active=True)
    steps = steps.order_by("flow", "request_kind", "org_unit__path", "order", "pk")
    context = {"page": paginate(request, steps), "show": show}
    return TemplateResponse(request, partial_template(request, "leave/manage_routes.html", "route-results"), context)


def _route_form_page(request, form, *, action: str, step=None, status: int = 200) -> TemplateResponse:
    template = partial_template(request, "leave/manage_route_form.html", "route-form") if request.method == "POST" \
        else "leave/manage_route_form.html"
    return TemplateResponse(request, template, {"form": form, "action": action, "step": step}, status=status)


@GET_POST
def route_create(request: AuthedRequest) -> HttpResponse:
    pemda_id = _route_manager_pemda_id(request)
    action = request.path
    if request.method == "GET":
        return _route_form_page(request, RouteStepForm(**_route_scopes(request, pemda_id)), action=action)
    form = RouteStepForm(request.POST, **_route_scopes(request, pemda_id))
    if not form.is_valid():
        return _route_form_page(request, form, action=action, status=422)
    try:
        step = route_step_create(actor=request.user, pemda=request.user.pemda, data=form.to_data())
    except DomainError as exc:
        apply_service_errors(form, exc)
        return _route_form_page(request, form, action=action, status=exc.http_status)
    text = _("Step %(order)s “%(label)s” added to the %(flow)s route.") % {
        "order": step.order, "label": step.label, "flow": step.flow}
    return notify(request, redirect("leave:routes"), level="success", text=text)


@GET_POST
def route_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pemda_id = _route_manager_pemda_id(request)
    step = get_object_or_404(_routes(request, pemda_id).filter(is_active=True), public_id=public_id)
    action = request.path
    if request.method == "GET":
        form = RouteStepForm(initial=RouteStepForm.initial_for(step), **_route_scopes(request, pemda_id))
        return _route_form_page(request, form, action=action, step=step)
    form = RouteStepForm(request.POST, **_route_scopes(request, pemda_id))
    if not form.is_valid():
        return _route_form_page(request, form, action=action, step=step, status=422)
    data = form.to_data()
    changes = {name: getattr(data, name) for name in ("flow", "request_kind", "org_unit", "condition", "order", "role",
                                                      "position", "label", "is_binding", "remind_after_days",
                                                      "escalate")}
    try:
        route_step_update(actor=request.user, step=step, changes=changes)
    except DomainError as exc:
        apply_service_errors(form, exc)
        return _route_form_page(request, form, action=action, step=step, status=exc.http_status)
    return notify(request, redirect("leave:routes"), level="success", text=_("The route step was saved."))


@require_POST
def route_deactivate(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pemda_id = _route_manager_pemda_id(request)
    step: ApprovalRouteStep = get_object_or_404(_routes(request, pemda_id), public_id=public_id)
    try:
        route_step_deactivate(actor=request.user, step=step)
    except DomainError as exc:  # already deactivated (409): say so on the list
        return notify(request, redirect("leave:routes"), level="error", text=exc.message)
    return notify(request, redirect("leave:routes"), level="success", text=_("The route step was deactivated."))
