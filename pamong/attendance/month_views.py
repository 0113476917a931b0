"""HTML pages of the monthly verification and closing: a unit's months of a year with their status and summary,
and the verify (attendance officer, HR) and close (unit head) buttons, each a POST with a confirmation."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.core.errors import DomainError
from pamong.core.http import AuthedRequest
from pamong.people.models import OrgUnit

from .choices import DayStatus
from .month_forms import MonthActionForm, MonthFilterForm
from .selectors.months import head_unit_ids, month_units_visible_to, unit_year
from .services import months as services

LIST = "attendance/months/list.html"


def _units(request: AuthedRequest):
    units = month_units_visible_to(request.user)
    if not units.exists():
        raise PermissionDenied  # employees and supervisors see their days on the month pages, not unit months
    return units


def _default_unit(request: AuthedRequest, units) -> OrgUnit | None:
    heads = head_unit_ids(request.user)
    return (units.filter(pk__in=heads).first() if heads else None) or units.filter(parent__isnull=True).first() \
        or units.first()


def _context(request: AuthedRequest, units, unit: OrgUnit | None, year: int, form: MonthFilterForm) -> dict:
    rows = unit_year(unit, year) if unit is not None else []
    actor = request.user
    may_verify = unit is not None and services.can_verify(actor, unit)
    may_close = unit is not None and services.can_close(actor, unit)
    return {"filter_form": form, "unit": unit, "year": year, "rows": rows, "may_verify": may_verify,
            "may_close": may_close, "statuses": DayStatus.choices, "years": range(year - 1, year + 2)}


@require_GET
def month_list(request: AuthedRequest) -> HttpResponse:
    units = _units(request).order_by("path")
    today = timezone.localdate()
    form = MonthFilterForm(request.GET or None, units=units)
    unit, year = None, today.year
    if form.is_bound and form.is_valid():
        unit = form.cleaned_data.get("unit")
        year = form.cleaned_data.get("year") or today.year
    if unit is None:
        unit = _default_unit(request, units)
    if not form.is_bound or not form.is_valid():
        form = MonthFilterForm(initial={"unit": unit.public_id if unit else None, "year": year}, units=units)
    template = f"{LIST}#results" if request.htmx else LIST
    return TemplateResponse(request, template, _context(request, units, unit, year, form))


def _act(request: AuthedRequest, unit_id: UUID, action) -> HttpResponse:
    units = _units(request)
    unit = get_object_or_404(units, public_id=unit_id)
    form = MonthActionForm(request.POST)
    year = timezone.localdate().year
    if form.is_valid():
        month = services.parse_month(form.cleaned_data["month"])
        year = month.year
        try:
            action(actor=request.user, unit=unit, month=month)
        except DomainError as exc:
            messages.error(request, exc.message)
            filter_form = MonthFilterForm(initial={"unit": unit.public_id, "year": year}, units=units)
            return TemplateResponse(request, LIST, _context(request, units, unit, year, filter_form),
                                    status=exc.http_status)
        text = (_("%(unit)s, %(month)s: verified.") if action is services.verify_month
                else _("%(unit)s, %(month)s: closed."))
        messages.success(request, text % {"unit": unit.name, "month": date_format(month, "F Y")})
    else:
        messages.error(request, _("Tick the confirmation before you verify or close a month."))
        if form.cleaned_data.get("month"):
            year = services.parse_month(form.cleaned_data["month"]).year
    return redirect(reverse("attendance:month-list") + f"?unit={unit.public_id}&year={year}")


@require_POST
def month_verify(request: AuthedRequest, unit_id: UUID) -> HttpResponse:
    return _act(request, unit_id, services.verify_month)


@require_POST
def month_close(request: AuthedRequest, unit_id: UUID) -> HttpResponse:
    return _act(request, unit_id, services.close_month)
