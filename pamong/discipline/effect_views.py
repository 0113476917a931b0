"""HTML views of the sanctions' effects (issue #12): the monthly TPP-deduction list and its .xlsx, an employee's
restrictions, and the "apply the sanction" page where HR names the position of a position sanction.

Thin: parse → scoped selector → service → render. Objects outside the actor's scope are 404.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pamong.audit.services import audit_read
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.people.restrictions import restrictions_for

from . import effect_exports
from .choices import CaseStatus
from .effect_forms import MonthForm, OnDateForm, TargetPositionForm
from .errors import DisciplineError
from .selectors import effects as selectors
from .services import effects as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(request: AuthedRequest) -> None:
    if not selectors.can_view_agency_discipline(request.user):
        raise PermissionDenied


def _month_title(month) -> str:
    return _("TPP deductions for disciplinary sanctions, %(month)s") % {"month": date_format(month, "F Y")}


@require_GET
def tpp_deductions(request: AuthedRequest) -> HttpResponse:
    """The sedang TPP cuts running in a month (HR, executive, auditor of the agency)."""
    _require_reader(request)
    form = MonthForm(request.GET or None)
    template = partial_template(request, "discipline/effects/tpp_deductions.html", "results")
    context = {"form": form, "deductions": None}
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, template, context, status=422)
    month = form.to_month() if form.is_bound else timezone.localdate().replace(day=1)
    deductions = selectors.tpp_deductions(request.user.pemda_id, month)
    context.update(deductions=deductions, title=_month_title(deductions.month),
                   month_value=deductions.month.strftime("%Y-%m"))
    return TemplateResponse(request, template, context)


@require_GET
def tpp_deductions_export(request: AuthedRequest) -> HttpResponse:
    """The month's list as .xlsx (text that looks like a formula stays text); recorded in the audit trail."""
    _require_reader(request)
    form = MonthForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, "discipline/effects/tpp_deductions.html",
                                {"form": form, "deductions": None}, status=422)
    month = form.to_month() if form.is_bound else timezone.localdate().replace(day=1)
    deductions = selectors.tpp_deductions(request.user.pemda_id, month)
    content = effect_exports.tpp_xlsx(deductions, title=_month_title(deductions.month))
    effect_exports.tpp_export_record(actor=request.user, deductions=deductions)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tpp-deductions-{deductions.month:%Y-%m}.xlsx"'
    return response


@require_GET
def restrictions(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """What stops an employee's promotion, KGB, transfer or award on a date, with the rule and the reason."""
    employee = get_object_or_404(selectors.restriction_subjects_visible_to(request.user).select_related(
        "current_unit", "current_position"), public_id=public_id)
    form = OnDateForm(request.GET or None)
    template = partial_template(request, "discipline/effects/restrictions.html", "results")
    context = {"employee": employee, "form": form, "items": None}
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, template, context, status=422)
    on = form.to_date() if form.is_bound else timezone.localdate()
    items = restrictions_for(employee, on=on)
    if items and not selectors.is_self(request.user, employee):
        audit_read(actor=request.user, action=services.EFFECTS_VIEWED, target=employee, fields=["restrictions"])
    context.update(items=items, on=on)
    return TemplateResponse(request, template, context)


@require_GET
def sanctions_to_apply(request: AuthedRequest) -> HttpResponse:
    """Position sanctions waiting for HR to name the target position (HR admin of the agency)."""
    if not selectors.can_manage_agency_discipline(request.user):
        raise PermissionDenied
    cases = list(selectors.position_sanctions_waiting(request.user))
    return TemplateResponse(request, "discipline/effects/sanctions_to_apply.html", {"cases": cases})


@require_http_methods(["GET", "POST"])
def sanction_apply(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """HR names the position the employee is lowered or released to; a due sanction is applied at once."""
    if not selectors.can_manage_agency_discipline(request.user):
        raise PermissionDenied
    case = get_object_or_404(selectors.position_sanctions_waiting(request.user), public_id=public_id)
    form = TargetPositionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.sanction_target_set(actor=request.user, case=case, position=form.cleaned_data["position"])
        except DisciplineError as exc:
            for name, messages in (exc.extra.get("fields") or {}).items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
            if not exc.extra.get("fields"):
                form.add_error(None, exc.message)
        else:
            response = redirect("discipline:sanctions-to-apply")
            text = (_("The sanction was applied to the personnel record.")
                    if case.status in (CaseStatus.EFFECTIVE, CaseStatus.COMPLETED)
                    else _("Target position saved: the sanction is applied on its effective date."))
            return notify(request, response, level="success", text=text)
    status = 422 if form.is_bound else 200
    return TemplateResponse(request, "discipline/effects/sanction_apply.html",
                            {"case": case, "form": form, "current": (case.source or {}).get("target_position_name")},
                            status=status)
