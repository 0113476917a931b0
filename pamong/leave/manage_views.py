"""HTML views of the approvers' and HR's leave pages (thin: parse → scope → one service → render).

The approver's queue and the consideration/decision form, revocation, the
unit's month calendar, the holiday calendar, acting officials (Plt/Plh)
and the actor's notices. Out-of-scope objects are 404 (fetched through the
*_visible_to scopes); a visible object the actor may not act on is 403;
service refusals come back on the form (422) or as a conflict (409).

The calendar and acting-official pages act on the actor's own agency: the
platform superadmin belongs to none and maintains those through the
Django admin.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.approvals.choices import Outcome, StepState
from pamong.approvals.errors import NOT_ACTIVE
from pamong.approvals.models import ActingAssignment, ApprovalStep
from pamong.approvals.permissions import acting_capacity, can_manage_acting
from pamong.approvals.selectors import acting_assignments_visible_to, notifications_for
from pamong.approvals.services import (
    acting_assignment_create,
    acting_assignment_revoke,
    notifications_mark_read,
    step_act,
)
from pamong.audit.context import current_request_meta
from pamong.audit.models import AuditEvent
from pamong.core.errors import DomainError
from pamong.core.forms import apply_service_errors
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.selectors import actor_employee, employees_visible_to, positions_visible_to, units_visible_to
from pamong.workcalendar.permissions import can_manage_calendar
from pamong.workcalendar.rules import WORKING_WEEKDAYS
from pamong.workcalendar.selectors import calendar_days_visible_to, calendar_year
from pamong.workcalendar.services import calendar_day_add, calendar_day_remove, calendar_year_prefill

from .audit import LeaveAudit
from .bulk_approval import BULK_APPROVE_LIMIT
from .capabilities import LeavePerm
from .choices import OPEN_STATUSES, LeaveStatus, LeaveType
from .manage_forms import (
    ActingForm,
    CalendarDayForm,
    CollectiveCreditForm,
    RevokeForm,
    StepActForm,
    parse_month,
    parse_year,
)
from .models import LeaveApplication
from .permissions import can_manage_leave, can_revoke_leave_application, can_view_attachments
from .selectors import (
    away_in_units,
    leave_application_detail_queryset,
    leave_queue,
    request_balance,
    request_balances,
    unit_calendar,
)
from .services import collective_leave_credit_add, leave_application_revoke

GET_POST = require_http_methods(["GET", "POST"])
# The month view shows at most this many employees (a whole OPD can have thousands).
CALENDAR_MAX_ROWS = 300


# --- The approver's queue ------------------------------------------------------------------------


@dataclass
class QueueRow:
    """One application waiting for the actor's step, with what the approver needs to judge it."""

    application: LeaveApplication
    step: ApprovalStep
    balance: int | None = None
    away: list[LeaveApplication] = field(default_factory=list)
    acting: ActingAssignment | None = None
    answered: str = ""

    @property
    def row_id(self) -> str:
        return f"leave-application-{self.application.public_id}"


def _queue_rows(actor) -> list[QueueRow]:
    """The actor's queue with balances, colleagues away and the Plt/Plh post: a fixed number of queries."""
    pairs = leave_queue(actor)
    if not pairs:
        return []
    me = actor_employee(actor)
    # The balance of each request's own year, as on its decision page (queries per calendar year in the queue:
    # in practice one year, two around the new year).
    balances = request_balances([application for application, _step in pairs])
    away = away_in_units(
        {a.employee.current_unit_id for a, _s in pairs if a.employee.current_unit_id},
        min(a.start_date for a, _s in pairs), max(a.end_date for a, _s in pairs),
    )
    # A step addressed to a post the actor does not hold is answered as its Plt/Plh: as the approver's
    # stand-in, or as the approver of record when the post was vacant at submission.
    covered = {step.approver_position_id for _a, step in pairs
               if step.approver_position_id and step.approver_position_id != me.current_position_id}
    covering: dict[int, ActingAssignment] = {}
    if covered:
        covering = {
            assignment.position_id: assignment
            for assignment in acting_assignments_visible_to(actor).on(timezone.localdate())
            .filter(acting=me, position_id__in=covered).select_related("position")
        }
    rows = []
    for application, step in pairs:
        others = [
            other for other in away.get(application.employee.current_unit_id, [])
            if other.employee_id != application.employee_id
            and other.start_date <= application.end_date and other.end_date >= application.start_date
        ]
        rows.append(QueueRow(
            application=application, step=step, away=others,
            balance=balances[application.pk].available,
            acting=covering.get(step.approver_position_id),
        ))
    return rows


@require_GET
def queue(request: AuthedRequest) -> HttpResponse:
    return TemplateResponse(request, "leave/manage_queue.html",
                            {"rows": _queue_rows(request.user), "bulk_limit": BULK_APPROVE_LIMIT})


# --- Consideration and decision --------------------------------------------------------------------


def _step_for(request: AuthedRequest, application: LeaveApplication) -> ApprovalStep:
    """The step the actor answers: the one named by the form, else the active step they may act on.

    The application is already visible to the actor (they may open its
    page), so "not your turn" is 403, not 404: there is nothing left to hide.
    A step named by the form that has moved on still comes back here, so the
    service can answer a second submission with its 409 conflict.
    """
    steps = ApprovalStep.objects.filter(process_id=application.process_id).select_related("approver")
    named = _uuid_or_none(request.POST.get("step")) if request.method == "POST" else None
    candidates = list(steps.filter(public_id=named)) if named else list(steps.filter(state=StepState.ACTIVE))
    for step in candidates:
        if acting_capacity(request.user, step)[0]:
            return step
    raise PermissionDenied


def _uuid_or_none(value) -> UUID | None:
    try:
        return UUID(str(value))
    except (TypeError, ValueError):
        return None


def _act_context(request: AuthedRequest, application: LeaveApplication, step: ApprovalStep, form) -> dict:
    earlier = (
        ApprovalStep.objects.filter(process_id=application.process_id, order__lt=step.order, state=StepState.DONE)
        .select_related("approver", "acted_by").order_by("order")
    )
    _allowed, acting = acting_capacity(request.user, step)
    balance = request_balance(application)
    return {
        "application": application, "step": step, "form": form, "acting": acting,
        "balance": balance,
        "balance_after": balance.available - application.working_days
        if application.leave_type == LeaveType.ANNUAL else None,
        "balance_pots": [(f"N-{offset} ({balance.year - offset})" if offset else f"N ({balance.year})",
                          balance.pot(offset)) for offset in (2, 1, 0)],
        "earlier_steps": earlier,
        "attachments": application.attachments.all() if can_view_attachments(request.user, application) else None,
    }


@GET_POST
def application_act(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """Consider or decide an application (form sections VII–VIII). htmx posts come from a queue row."""
    application = get_object_or_404(leave_application_detail_queryset(request.user), public_id=public_id)
    step = _step_for(request, application)
    form = StepActForm(request.POST or None, initial={"step": step.public_id, "outcome": Outcome.APPROVE})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            outcome = form.cleaned_data["outcome"]
            try:
                step_act(actor=request.user, step=step, outcome=outcome, reason=form.cleaned_data["reason"],
                         data=form.change_data())
            except DomainError as exc:
                status = exc.http_status
                if exc.code == NOT_ACTIVE:
                    form.add_error(None, _("Already answered: this step no longer awaits an answer (it was answered, or the request was "
                                         "withdrawn)."))
                else:
                    apply_service_errors(form, exc)
            else:
                return _acted(request, application, step, outcome)
    if request.htmx and request.method == "POST":
        row = next((r for r in _queue_rows(request.user) if r.application.pk == application.pk), None)
        row = row or QueueRow(application=application, step=step)
        response = TemplateResponse(request, "leave/manage_queue.html#queue-row",
                                    {"row": row, "row_errors": form.errors}, status=status)
        if status != 200:
            return notify(request, response, level="error", text=_form_error_text(form))
        return response
    context = _act_context(request, application, step, form)
    return TemplateResponse(request, "leave/manage_act.html", context, status=status)


def _form_error_text(form) -> str:
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def _acted(request: AuthedRequest, application: LeaveApplication, step: ApprovalStep, outcome: str) -> HttpResponse:
    text = _("Your answer was recorded: %(outcome)s.") % {"outcome": Outcome(outcome).label}
    if request.htmx:
        application.refresh_from_db(fields=["status", "start_date", "end_date", "working_days"])
        row = QueueRow(application=application, step=step, answered=Outcome(outcome).label)
        response = TemplateResponse(request, "leave/manage_queue.html#queue-row", {"row": row})
    else:
        response = redirect("leave:queue")
    return notify(request, response, level="success", text=text)


# --- Revocation ------------------------------------------------------------------------------


@GET_POST
def application_revoke(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """HR or the official who decided revokes approved leave through a recorded decision."""
    application = get_object_or_404(leave_application_detail_queryset(request.user), public_id=public_id)
    if not can_revoke_leave_application(request.user, application):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            leave_application_revoke(actor=request.user, application=application, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            status = exc.http_status
            apply_service_errors(form, exc)
        else:
            response = redirect("leave:application-detail", public_id=application.public_id)
            return notify(request, response, level="success", text=_("The leave was revoked."))
    elif request.method == "POST":
        status = 422
    context = {"application": application, "form": form,
               "revocable": application.status == LeaveStatus.APPROVED}
    return TemplateResponse(request, "leave/manage_revoke.html", context, status=status)


# --- The unit's month calendar ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayColumn:
    day: date
    weekend: bool
    holiday: object | None

    @property
    def css(self) -> str:
        if self.holiday is not None:
            return "bg-danger-subtle"
        return "bg-body-secondary" if self.weekend else ""


@dataclass(frozen=True, slots=True)
class Cell:
    column: DayColumn
    application: LeaveApplication | None

    @property
    def pending(self) -> bool:
        return self.application is not None and self.application.status in OPEN_STATUSES

    @property
    def css(self) -> str:
        if self.application is None:
            return self.column.css
        if self.pending:
            return "bg-primary-subtle text-primary-emphasis fst-italic border border-primary border-opacity-50"
        return "text-bg-primary"


@dataclass(frozen=True, slots=True)
class CalendarRow:
    employee: Employee
    cells: list[Cell]


def _month_bounds(first: date) -> tuple[date, date]:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def _calendar_unit(request: AuthedRequest) -> OrgUnit | None:
    """The unit asked for (404 outside the actor's Pemda), else the actor's own unit."""
    value = request.GET.get("unit")
    if value:
        unit_id = _uuid_or_none(value)
        if unit_id is None:
            raise Http404
        return get_object_or_404(units_visible_to(request.user), public_id=unit_id)
    me = actor_employee(request.user)
    return me.current_unit if me is not None else None


def _unit_choices(actor):
    units = units_visible_to(actor).filter(is_active=True)
    me = actor_employee(actor)
    if not (actor.is_superuser or actor.has_perm(LeavePerm.VIEW_ANY_LEAVE)):
        if me is None or me.current_unit is None:
            return []
        units = units.filter(path_within("path", me.current_unit.path))
    return list(units.order_by("path").values_list("public_id", "name", "depth")[:2000])


def _calendar_rows(actor, unit: OrgUnit, first: date, last: date) -> tuple[list[DayColumn], list[CalendarRow], bool]:
    off = {d.date: d for d in calendar_year(unit.pemda_id, first.year).filter(date__gte=first, date__lte=last)}
    columns = [
        DayColumn(day=day, weekend=day.weekday() not in WORKING_WEEKDAYS, holiday=off.get(day))
        for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
    ]
    employees = list(
        employees_visible_to(actor).filter(is_active=True).filter(path_within("current_unit__path", unit.path))
        .order_by("name", "pk")[: CALENDAR_MAX_ROWS + 1]
    )
    truncated = len(employees) > CALENDAR_MAX_ROWS
    by_employee: dict[int, list[LeaveApplication]] = defaultdict(list)
    for application in unit_calendar(actor, unit=unit, first=first, last=last):
        by_employee[application.employee_id].append(application)
    rows = []
    for employee in employees[:CALENDAR_MAX_ROWS]:
        marks: list[LeaveApplication | None] = [None] * len(columns)
        for application in by_employee.get(employee.pk, ()):
            start, end = max(application.start_date, first), min(application.end_date, last)
            for offset in range((start - first).days, (end - first).days + 1):
                marks[offset] = application
        rows.append(CalendarRow(employee, [Cell(column, mark) for column, mark in zip(columns, marks, strict=True)]))
    return columns, rows, truncated


@require_GET
def unit_calendar_month(request: AuthedRequest) -> HttpResponse:
    """Who is away when: the employees of a unit tree × the days of a month (``?month=2026-07&unit=…``)."""
    first = parse_month(request.GET.get("month"), timezone.localdate())
    unit = _calendar_unit(request)
    context = {"unit": unit, "unit_choices": _unit_choices(request.user), "columns": [], "rows": [],
               "month_error": first is None}
    first = first or timezone.localdate().replace(day=1)
    first, last = _month_bounds(first)
    if unit is not None:
        context["columns"], context["rows"], context["truncated"] = _calendar_rows(request.user, unit, first, last)

    def link(month: date) -> str:
        query = {"month": f"{month:%Y-%m}"}
        if unit is not None:
            query["unit"] = str(unit.public_id)
        return f"{reverse('leave:unit-calendar')}?{urlencode(query)}"

    context.update(first=first, last=last, month_value=f"{first:%Y-%m}",
                   previous_url=link((first - timedelta(days=1)).replace(day=1)),
                   next_url=link(last + timedelta(days=1)))
    template = partial_template(request, "leave/manage_calendar.html", "unit-calendar")
    return TemplateResponse(request, template, context, status=400 if context["month_error"] else 200)


# --- The holiday calendar ------------------------------------------------------------------


def _calendar_manager_pemda(request: AuthedRequest):
    """The actor's agency, when the actor maintains its calendar; 403 otherwise."""
    pemda_id = request.user.pemda_id
    if not pemda_id or not can_manage_calendar(request.user, pemda_id):
        raise PermissionDenied
    return request.user.pemda


def _holidays_context(request: AuthedRequest, year: int, *, day_form=None, credit_form=None) -> dict:
    actor = request.user
    pemda_id = actor.pemda_id
    manages = bool(pemda_id) and can_manage_calendar(actor, pemda_id)
    credits = bool(pemda_id) and can_manage_leave(actor, pemda_id)
    return {
        "year": year, "has_agency": bool(pemda_id), "can_manage": manages, "can_credit": credits,
        "days": list(calendar_year(pemda_id, year)) if pemda_id else [],
        "day_form": day_form or (CalendarDayForm(initial={"kind": "collective_leave"}) if manages else None),
        "credit_form": credit_form or (CollectiveCreditForm(employees=Employee.objects.none()) if credits else None),
        "previous_year": year - 1, "next_year": year + 1,
    }


def _holidays_url(year: int) -> str:
    return f"{reverse('leave:holidays')}?{urlencode({'year': year})}"


def _holidays_response(request: AuthedRequest, year: int, *, status: int = 200, level: str = "", text: str = "",
                       partial: str = "holidays-panel", **forms) -> HttpResponse:
    """After a change: back to the page (full request) or the refreshed fragment (htmx), with the notice."""
    if request.htmx:
        response = TemplateResponse(request, f"leave/manage_holidays.html#{partial}",
                                    _holidays_context(request, year, **forms), status=status)
    elif status >= 400:
        response = TemplateResponse(request, "leave/manage_holidays.html", _holidays_context(request, year, **forms),
                                    status=status)
    else:
        response = redirect(_holidays_url(year))
    return notify(request, response, level=level, text=text) if text else response


def _recomputed_in_this_request() -> int:
    """How many undecided applications the calendar listener recomputed during this request (from their audit)."""
    meta = current_request_meta()
    if meta is None:
        return 0
    return AuditEvent.objects.filter(request_id=meta.request_id, action=LeaveAudit.APPLICATION_RECOMPUTED).count()


def _changed_text(text: str) -> str:
    recomputed = _recomputed_in_this_request()
    if recomputed:
        text += " " + _("Working days of %(n)d undecided application(s) were recomputed.") % {"n": recomputed}
    return text


@require_GET
def holidays(request: AuthedRequest) -> HttpResponse:
    """The agency's days off for a year; everyone in the Pemda may look, HR maintains it."""
    year = parse_year(request.GET.get("year"), timezone.localdate().year)
    status = 200
    if year is None:
        year, status = timezone.localdate().year, 400
    context = _holidays_context(request, year)
    context["year_error"] = status == 400
    return TemplateResponse(request, partial_template(request, "leave/manage_holidays.html", "holidays-panel"),
                            context, status=status)


@require_POST
def holidays_prefill(request: AuthedRequest) -> HttpResponse:
    pemda = _calendar_manager_pemda(request)
    year = parse_year(request.POST.get("year"), timezone.localdate().year)
    if year is None:
        return _holidays_response(request, timezone.localdate().year, status=422, level="error",
                                  text=_("Choose a year between 2000 and 2100."))
    added = calendar_year_prefill(actor=request.user, pemda=pemda, year=year)
    text = _changed_text(_("%(n)d national holidays and cuti bersama days added from the library.") % {"n": len(added)})
    return _holidays_response(request, year, level="success", text=text)


@require_POST
def holiday_add(request: AuthedRequest) -> HttpResponse:
    pemda = _calendar_manager_pemda(request)
    form = CalendarDayForm(request.POST)
    year = parse_year(request.POST.get("year"), timezone.localdate().year) or timezone.localdate().year
    if not form.is_valid():
        return _holidays_response(request, year, status=422, day_form=form)
    day = form.cleaned_data["date"]
    try:
        calendar_day_add(actor=request.user, pemda=pemda, day=day, kind=form.cleaned_data["kind"],
                         name=form.cleaned_data["name"])
    except DomainError as exc:
        apply_service_errors(form, exc)
        return _holidays_response(request, year, status=exc.http_status, day_form=form)
    text = _changed_text(_("%(date)s added to the calendar.") % {"date": day.isoformat()})
    return _holidays_response(request, day.year, level="success", text=text)


@require_POST
def holiday_remove(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    _calendar_manager_pemda(request)
    entry = get_object_or_404(calendar_days_visible_to(request.user).filter(pemda_id=request.user.pemda_id),
                              public_id=public_id)
    calendar_day_remove(actor=request.user, entry=entry)
    text = _changed_text(_("%(date)s removed from the calendar.") % {"date": entry.date.isoformat()})
    return _holidays_response(request, entry.date.year, level="success", text=text)


@require_POST
def collective_credit(request: AuthedRequest) -> HttpResponse:
    """PP 11/2017 Pasal 333(4): HR records that an employee worked on a cuti bersama day."""
    pemda_id = request.user.pemda_id
    if not pemda_id or not can_manage_leave(request.user, pemda_id):
        raise PermissionDenied
    employees = employees_visible_to(request.user).filter(pemda_id=pemda_id)
    form = CollectiveCreditForm(request.POST, employees=employees)
    year = timezone.localdate().year
    if not form.is_valid():
        return _holidays_response(request, year, status=422, partial="credit-form", credit_form=form)
    day = form.cleaned_data["day"]
    employee = form.cleaned_data["nip"]
    try:
        collective_leave_credit_add(actor=request.user, employee=employee, day=day, note=form.cleaned_data["note"])
    except DomainError as exc:
        apply_service_errors(form, exc)
        return _holidays_response(request, day.year, status=exc.http_status, partial="credit-form", credit_form=form)
    text = _("%(day)s credited to %(name)s's cuti tahunan.") % {"day": day.isoformat(), "name": employee.full_name}
    return _holidays_response(request, day.year, level="success", text=text, partial="credit-form")


# --- Acting officials (Plt/Plh) --------------------------------------------------------------------


def _acting_manager_pemda_id(request: AuthedRequest) -> int:
    pemda_id = request.user.pemda_id
    if not pemda_id or not can_manage_acting(request.user, pemda_id):
        raise PermissionDenied
    return pemda_id


@require_GET
def acting_list(request: AuthedRequest) -> HttpResponse:
    pemda_id = _acting_manager_pemda_id(request)
    assignments = (
        acting_assignments_visible_to(request.user).filter(pemda_id=pemda_id)
        .select_related("position__org_unit", "acting").order_by("is_revoked", "-end_date", "-pk")
    )
    show = request.GET.get("show", "current")
    today = timezone.localdate()
    if show != "all":
        assignments = assignments.filter(end_date__gte=today, is_revoked=False)
    page = paginate(request, assignments)
    context = {"page": page, "show": show, "today": today}
    return TemplateResponse(request, partial_template(request, "leave/manage_acting_list.html", "acting-results"),
                            context)


@GET_POST
def acting_create(request: AuthedRequest) -> HttpResponse:
    """Appoint a Plt/Plh. GET with a search term (htmx) refreshes the form's search-selects."""
    pemda_id = _acting_manager_pemda_id(request)
    action = reverse("leave:acting-create")
    scopes = {
        "positions": positions_visible_to(request.user).filter(pemda_id=pemda_id, is_active=True),
        "employees": employees_visible_to(request.user).filter(pemda_id=pemda_id, is_active=True),
    }
    if request.method == "GET":
        form = ActingForm(initial=request.GET.dict(), action=action, **scopes)
        template = partial_template(request, "leave/manage_acting_form.html", "acting-form")
        return TemplateResponse(request, template, {"form": form, "action": action})
    form = ActingForm(request.POST, action=action, **scopes)
    status = 422
    if form.is_valid():
        try:
            assignment = acting_assignment_create(actor=request.user, **form.to_kwargs())
        except DomainError as exc:
            status = exc.http_status
            apply_service_errors(form, exc)
        else:
            text = _("%(name)s appointed %(kind)s %(position)s.") % {
                "name": assignment.acting.full_name, "kind": assignment.get_kind_display(),
                "position": assignment.position.name}
            return notify(request, redirect("leave:acting-list"), level="success", text=text)
    template = partial_template(request, "leave/manage_acting_form.html", "acting-form")
    return TemplateResponse(request, template, {"form": form, "action": action}, status=status)


@require_POST
def acting_revoke(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    pemda_id = _acting_manager_pemda_id(request)
    assignment = get_object_or_404(acting_assignments_visible_to(request.user).filter(pemda_id=pemda_id)
                                   .select_related("position"), public_id=public_id)
    try:
        acting_assignment_revoke(actor=request.user, assignment=assignment)
    except DomainError as exc:  # already revoked (409): say so on the list
        return notify(request, redirect("leave:acting-list"), level="error", text=exc.message)
    return notify(request, redirect("leave:acting-list"), level="success", text=_("The appointment was revoked."))


# --- Notices -------------------------------------------------------------------------------


@GET_POST
def notifications(request: AuthedRequest) -> HttpResponse:
    """The actor's in-app notices, newest first; POST marks them all read."""
    if request.method == "POST":
        marked = notifications_mark_read(actor=request.user)
        text = _("%(n)d notice(s) marked read.") % {"n": marked}
        if not request.htmx:
            return notify(request, redirect("leave:notifications"), level="success", text=text)
    page = paginate(request, notifications_for(request.user))
    response = TemplateResponse(
        request, partial_template(request, "leave/manage_notifications.html", "notification-results"), {"page": page}
    )
    return notify(request, response, level="success", text=text) if request.method == "POST" else response
