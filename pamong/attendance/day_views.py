"""HTML views of attendance days (issue #12): my month, an employee's month, the unit month grid, and a day
recorded by hand. Thin: parse → scoped selector → service → render; outside the actor's scope is 404."""

import contextlib
from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.people.models import OrgUnit
from pamong.people.selectors import actor_employee, units_visible_to
from pamong.people.unit_options import unit_options_selected

from .day_access import can_manage_attendance, can_record_for
from .day_forms import ManualDayForm
from .selectors import days as selectors
from .services.days import record_manual_day


def _month(request: AuthedRequest) -> date:
    return selectors.parse_month(request.GET.get("month"), timezone.localdate())


def _neighbours(month: date) -> tuple[str, str]:
    previous = (month - timedelta(days=1)).strftime("%Y-%m")
    following = (month + timedelta(days=32)).replace(day=1).strftime("%Y-%m")
    return previous, following


def _month_page(request: AuthedRequest, employee, *, own: bool) -> HttpResponse:
    month = _month(request)
    days = selectors.employee_month(employee, month)
    previous, following = _neighbours(month)
    totals: dict[str, int] = {}
    for day in days:
        if day.status:
            totals[day.status] = totals.get(day.status, 0) + 1
    context = {
        "employee": employee, "own": own, "month": month, "days": days, "previous": previous,
        "following": following, "legend": selectors.status_legend(), "totals": totals,
        "late_minutes": sum(day.late_minutes for day in days), "early_minutes": sum(day.early_minutes for day in days),
        "can_record": can_record_for(request.user, employee), "today": timezone.localdate(),
    }
    template = partial_template(request, "attendance/days/month.html", "days")
    return TemplateResponse(request, template, context)


@require_GET
def my_month(request: AuthedRequest) -> HttpResponse:
    """The actor's own month (?month=YYYY-MM), day by day."""
    me = actor_employee(request.user)
    if me is None:
        raise Http404
    return _month_page(request, me, own=True)


@require_GET
def employee_month(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """An employee's month, for their supervisors up the line and those who see the agency's attendance."""
    employee = get_object_or_404(
        selectors.attendance_employees_visible_to(request.user).select_related("current_unit", "pemda"),
        public_id=public_id,
    )
    me = actor_employee(request.user)
    return _month_page(request, employee, own=me is not None and me.pk == employee.pk)


@require_GET
def unit_month(request: AuthedRequest) -> HttpResponse:
    """Employees of a unit tree × the days of a month, with one-letter codes and totals."""
    if not request.user.pemda_id and not request.user.is_superuser:
        raise PermissionDenied
    units = units_visible_to(request.user)
    unit = None
    if chosen := request.GET.get("unit"):
        try:
            unit = units.get(public_id=UUID(chosen))
        except (ValueError, OrgUnit.DoesNotExist):
            unit = None
    if unit is None:
        me = actor_employee(request.user)
        unit = me.current_unit if me is not None and me.current_unit_id else None
    if unit is None:
        unit = units.filter(parent__isnull=True, is_active=True).order_by("path").first()
    if unit is None:
        raise Http404
    month = _month(request)
    try:
        page = int(request.GET.get("page") or 1)
    except ValueError:
        page = 1
    grid = selectors.unit_month_grid(request.user, unit, month, page=page)
    previous, following = _neighbours(month)
    context = {"grid": grid, "unit": unit, "month": month, "previous": previous, "following": following,
               "unit_options": unit_options_selected(request.user, str(unit.public_id)),
               "can_record": can_manage_attendance(request.user, unit.pemda_id)}
    template = partial_template(request, "attendance/days/unit_month.html", "grid")
    return TemplateResponse(request, template, context)


def _recordable(request: AuthedRequest):
    return selectors.attendance_employees_visible_to(request.user).filter(pemda_id=request.user.pemda_id)


@require_http_methods(["GET", "POST"])
def day_record(request: AuthedRequest) -> HttpResponse:
    """Record a day by hand for a unit without a machine (the agency's attendance officer or HR)."""
    if not can_manage_attendance(request.user, request.user.pemda_id) or not request.user.pemda_id:
        raise PermissionDenied
    employees = _recordable(request)
    status = 200
    if request.method == "POST":
        form = ManualDayForm(request.POST, employees=employees)
        if form.is_valid():
            data = form.cleaned_data
            try:
                record = record_manual_day(request.user, data["nip"], data["day"], data["first_in"],
                                           data.get("last_out"), data.get("note") or "")
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                url = reverse("attendance:employee-month", args=[data["nip"].public_id])
                response = redirect(f"{url}?month={record.date:%Y-%m}")
                return notify(request, response, level="success", text=_("Attendance of %(name)s on %(day)s recorded.")
                              % {"name": data["nip"].full_name, "day": record.date.strftime("%d-%m-%Y")})
        status = 422
    else:
        initial: dict = {"day": timezone.localdate()}
        try:
            chosen = employees.filter(public_id=UUID(request.GET.get("employee", ""))).first()
        except ValueError:
            chosen = None
        if chosen is not None:
            initial["nip"] = chosen.nip
        if day := request.GET.get("day"):
            with contextlib.suppress(ValueError):
                initial["day"] = date.fromisoformat(day)
        form = ManualDayForm(initial=initial, employees=employees)
    return TemplateResponse(request, "attendance/days/record.html", {"form": form}, status=status)
