"""HTML views of the awards register (issue #11): the register with its .xlsx export, recording and removing an
award (HR), the top performers of a period, the service milestones ahead, and one employee's awards.

Thin: parse → scoped selector → service → render. The register pages are for those who see the whole agency (HR,
executive, auditor); only HR writes. Objects outside the actor's scope are 404.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.selectors import employees_visible_to

from . import award_exports
from .award_forms import (
    AwardFilterForm,
    AwardRecordForm,
    AwardRemoveForm,
    MilestoneForm,
    TopPerformersForm,
    employee_matches,
)
from .choices import AwardKind
from .selectors import awards as selectors
from .services import awards as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(request: AuthedRequest) -> None:
    if not selectors.can_view_award_register(request.user):
        raise PermissionDenied


def _require_recorder(request: AuthedRequest) -> None:
    if not selectors.can_record_award(request.user):
        raise PermissionDenied


def _filter_form(request: AuthedRequest) -> AwardFilterForm:
    return AwardFilterForm(request.GET or {}, actor=request.user)


@require_GET
def register(request: AuthedRequest) -> HttpResponse:
    """The agency's awards, filtered by kind, year and unit, newest first."""
    _require_reader(request)
    form = _filter_form(request)
    template = partial_template(request, "development/awards/register.html", "results")
    context = {"form": form, "page": None, "can_record": selectors.can_record_award(request.user)}
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=422)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(page=paginate(request, selectors.award_register(request.user, form.to_filters())),
                   query=query.urlencode(), remove_form=AwardRemoveForm())
    return TemplateResponse(request, template, context)


@require_GET
def register_export(request: AuthedRequest) -> HttpResponse:
    """The filtered register as .xlsx (text that looks like a formula stays text); recorded in the audit trail."""
    _require_reader(request)
    form = _filter_form(request)
    context = {"form": form, "page": None, "can_record": selectors.can_record_award(request.user)}
    if not form.is_valid():
        return TemplateResponse(request, "development/awards/register.html", context, status=422)
    filters = form.to_filters()
    awards = selectors.award_register(request.user, filters)
    rows = list(awards[: award_exports.EXPORT_MAX_ROWS + 1])
    if len(rows) > award_exports.EXPORT_MAX_ROWS:
        form.add_error(None, _("The export holds at most %(n)d awards: narrow the filters.")
                       % {"n": award_exports.EXPORT_MAX_ROWS})
        return TemplateResponse(request, "development/awards/register.html", context, status=422)
    award_exports.register_export_record(actor=request.user, filters=filters, rows=len(rows))
    title = _("Awards register — %(agency)s") % {"agency": request.user.pemda.name}
    response = HttpResponse(award_exports.register_xlsx(rows, title=title), content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="register-penghargaan-{stamp}.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _recordable(request: AuthedRequest):
    return employees_visible_to(request.user).filter(pemda_id=request.user.pemda_id, is_active=True)


def _initial(request: AuthedRequest, employees) -> dict:
    """Prefill from a shortcut (?employee=<id>&kind=&period=) of the top performers or the milestones."""
    initial: dict = {"awarded_on": timezone.localdate()}
    chosen = None
    try:
        chosen = employees.filter(public_id=UUID(request.GET.get("employee", ""))).first()
    except ValueError:
        chosen = None
    if chosen is not None:
        initial["nip"] = chosen.nip
    if request.GET.get("kind") in AwardKind.values:
        initial["kind"] = request.GET["kind"]
    period = request.GET.get("period", "")
    if len(period) == 7:
        initial["period"] = period
    return initial | {"_chosen": chosen}


@require_http_methods(["GET", "POST"])
def record(request: AuthedRequest) -> HttpResponse:
    """Record an award (HR of the agency). GET ?q= lists matching employees to choose from."""
    _require_recorder(request)
    employees = _recordable(request)
    term = request.GET.get("q", "")
    if request.method == "POST":
        form = AwardRecordForm(request.POST, employees=employees)
        chosen = None
        if form.is_valid():
            try:
                award = services.award_record(actor=request.user, employee=form.cleaned_data["nip"],
                                              data=form.to_input())
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                response = redirect(reverse("development:award-register") + f"?kind={award.kind}")
                return notify(request, response, level="success",
                              text=_("%(award)s recorded for %(name)s.") % {
                                  "award": award.title, "name": award.employee.full_name})
        status = 422
    else:
        initial = _initial(request, employees)
        chosen = initial.pop("_chosen")
        form = AwardRecordForm(initial=initial, employees=employees)
        status = 200
    context = {"form": form, "term": term, "matches": employee_matches(employees, term), "chosen": chosen}
    template = partial_template(request, "development/awards/record.html", "matches")
    return TemplateResponse(request, template, context, status=status)


@require_POST
def remove(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Remove a wrong entry of the register, with a reason (HR of the agency)."""
    award = get_object_or_404(selectors.awards_visible_to(request.user).select_related("employee"),
                              public_id=public_id)
    _require_recorder(request)
    form = AwardRemoveForm(request.POST)
    back = reverse("development:award-register")
    if not form.is_valid():
        return notify(request, redirect(back), level="error",
                      text=_("Say why the award is removed."))
    try:
        services.award_remove(actor=request.user, award=award, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return notify(request, redirect(back), level="error", text=exc.message)
    return notify(request, redirect(back), level="success", text=_("The award was removed from the register."))


@require_GET
def top_performers(request: AuthedRequest) -> HttpResponse:
    """Employees rated Sangat Baik in a period, the most evidence first, each with a "Record award" shortcut."""
    _require_reader(request)
    form = TopPerformersForm(request.GET or {}, actor=request.user)
    periods = selectors.rated_periods(request.user)
    template = partial_template(request, "development/awards/top_performers.html", "results")
    context = {"form": form, "periods": periods, "page": None, "period": "",
               "can_record": selectors.can_record_award(request.user)}
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=422)
    period = form.cleaned_data["period"] or (periods[0] if periods else "")
    found = selectors.top_performers(request.user, period, form.cleaned_data.get("unit")) if period else None
    context.update(period=period, page=paginate(request, found) if found is not None else None,
                   month=period if len(period) == 7 else "")
    return TemplateResponse(request, template, context)


@require_GET
def milestones(request: AuthedRequest) -> HttpResponse:
    """Employees reaching 10, 20 or 30 years of service soon who do not hold that Satyalancana class yet."""
    _require_reader(request)
    form = MilestoneForm(request.GET or {}, actor=request.user)
    template = partial_template(request, "development/awards/milestones.html", "results")
    context = {"form": form, "milestones": None, "can_record": selectors.can_record_award(request.user)}
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=422)
    within = form.cleaned_data.get("within") or selectors.award_rules.MILESTONE_WINDOW_DAYS
    context.update(within=within, milestones=selectors.service_milestones(
        request.user, within_days=within, unit=form.cleaned_data.get("unit")))
    return TemplateResponse(request, template, context)


@require_GET
def employee_awards(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The awards of one employee (Penghargaan): the person, their line and the agency's readers."""
    employee = selectors.award_employee_get(request.user, public_id)
    if employee is None:
        raise Http404
    context = {"employee": employee, "awards": list(selectors.awards_of(employee)),
               "can_record": selectors.can_record_award(request.user) and employee.pemda_id == request.user.pemda_id}
    return TemplateResponse(request, "development/awards/employee.html", context)
