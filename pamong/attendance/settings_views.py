"""HTML views of attendance settings, working hours, units' schedules and Ramadan periods (the agency's HR admin
or attendance officer)."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.people.selectors import units_visible_to
from pamong.people.unit_options import unit_options_selected

from .day_access import can_manage_attendance
from .day_forms import RamadanForm, ScheduleForm, SettingsForm, UnitScheduleForm
from .models import RamadanPeriod, UnitSchedule, WorkSchedule
from .services import schedules as services

SETTINGS_FIELDS = services.SETTINGS_FIELDS


def _require_manager(request: AuthedRequest) -> None:
    if not request.user.pemda_id or not can_manage_attendance(request.user, request.user.pemda_id):
        raise PermissionDenied


def _schedules(request: AuthedRequest):
    return WorkSchedule.objects.filter(pemda_id=request.user.pemda_id)


@require_http_methods(["GET", "POST"])
def settings_page(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    pemda = request.user.pemda
    current = services.settings_for(pemda)
    status = 200
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_update(actor=request.user, pemda=pemda, **form.cleaned_data)
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("attendance:settings"), level="success",
                              text=_("Attendance settings saved."))
        status = 422
    else:
        form = SettingsForm(initial={name: getattr(current, name) for name in SETTINGS_FIELDS})
    return TemplateResponse(request, "attendance/settings/settings.html", {"form": form}, status=status)


def _list_context(request: AuthedRequest, assign_form=None) -> dict:
    schedules = list(_schedules(request).order_by("-is_default", "name"))
    links = list(UnitSchedule.objects.filter(schedule__pemda_id=request.user.pemda_id)
                 .select_related("org_unit", "schedule").order_by("org_unit__path"))
    return {"schedules": schedules, "links": links, "assign_form": assign_form or UnitScheduleForm(),
            "unit_options": unit_options_selected(request.user, None)}


@require_http_methods(["GET"])
def schedule_list(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    return TemplateResponse(request, "attendance/settings/schedule_list.html", _list_context(request))


@require_POST
def schedule_assign(request: AuthedRequest) -> HttpResponse:
    """Give a unit (and its sub-units) working hours, or return it to the default (empty schedule)."""
    _require_manager(request)
    form = UnitScheduleForm(request.POST)
    if form.is_valid():
        unit = get_object_or_404(units_visible_to(request.user), public_id=form.cleaned_data["unit"])
        schedule = None
        if chosen := form.cleaned_data.get("schedule"):
            try:
                schedule = get_object_or_404(_schedules(request), public_id=UUID(chosen))
            except ValueError:
                form.add_error("schedule", _("Choose working hours."))
        if not form.errors:
            try:
                services.unit_schedule_assign(actor=request.user, unit=unit, schedule=schedule)
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("attendance:schedule-list"), level="success",
                              text=_("Working hours of %(unit)s saved.") % {"unit": unit.name})
    return TemplateResponse(request, "attendance/settings/schedule_list.html", _list_context(request, form),
                            status=422)


def _schedule_form_page(request: AuthedRequest, schedule: WorkSchedule | None) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                services.schedule_save(actor=request.user, pemda=request.user.pemda, schedule=schedule,
                                       **form.cleaned_data)
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("attendance:schedule-list"), level="success",
                              text=_("Working hours saved."))
        status = 422
    elif schedule is not None:
        form = ScheduleForm(initial={name: getattr(schedule, name) for name in services.SCHEDULE_FIELDS})
    else:
        form = ScheduleForm(initial={"mon_thu_start": "07:30", "mon_thu_end": "16:00", "fri_start": "07:30",
                                     "fri_end": "16:30"})
    return TemplateResponse(request, "attendance/settings/schedule_form.html", {"form": form, "schedule": schedule},
                            status=status)


@require_http_methods(["GET", "POST"])
def schedule_create(request: AuthedRequest) -> HttpResponse:
    _require_manager(request)
    return _schedule_form_page(request, None)


@require_http_methods(["GET", "POST"])
def schedule_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _require_manager(request)
    return _schedule_form_page(request, get_object_or_404(_schedules(request), public_id=public_id))


@require_http_methods(["GET", "POST"])
def ramadan_list(request: AuthedRequest) -> HttpResponse:
    """The Ramadan periods, and a form to add one."""
    _require_manager(request)
    status = 200
    form = RamadanForm()
    if request.method == "POST":
        form = RamadanForm(request.POST)
        if form.is_valid():
            try:
                services.ramadan_save(actor=request.user, pemda=request.user.pemda, **form.cleaned_data)
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                return notify(request, redirect("attendance:ramadan-list"), level="success",
                              text=_("Ramadan period saved."))
        status = 422
    periods = RamadanPeriod.objects.filter(pemda_id=request.user.pemda_id).order_by("-start")
    return TemplateResponse(request, "attendance/settings/ramadan_list.html", {"form": form, "periods": periods},
                            status=status)


@require_POST
def ramadan_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    period = get_object_or_404(RamadanPeriod.objects.filter(pemda_id=request.user.pemda_id), pk=pk)
    services.ramadan_delete(actor=request.user, period=period)
    return notify(request, redirect("attendance:ramadan-list"), level="success", text=_("Ramadan period removed."))

