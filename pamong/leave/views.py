"""HTML views of the employee's leave pages (thin: parse → selector → service → render).

Applications are fetched through leave_applications_visible_to(), so one
outside the actor's scope is 404 like one that does not exist. A refused
submission re-renders the form with every violated rule (code, message,
citation) and status 422; the quote preview (htmx) computes the same checks
without writing anything.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID, uuid4

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.approvals.choices import StepState
from pamong.approvals.permissions import can_act_on_step
from pamong.approvals.selectors import steps_awaiting
from pamong.core.errors import DomainError
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate
from pamong.people.models import Employee
from pamong.people.privacy import sensitive_read_record
from pamong.people.selectors import actor_employee, employees_visible_to
from pamong.workcalendar.rules import WORKING_WEEKDAYS
from pamong.workcalendar.selectors import calendar_year

from . import errors, register, rules, services
from .choices import OPEN_STATUSES, DocumentKind, LeaveStatus, LeaveType
from .errors import LeaveError
from .forms import BalanceFilterForm, LeaveApplyForm, LeaveCancelForm, MyApplicationFilterForm
from .models import LeaveApplication, LeaveAttachment
from .permissions import (
    HEALTH_LEAVE_TYPES,
    can_apply_for,
    can_cancel_leave_application,
    can_manage_leave,
    can_view_attachments,
    can_view_leave_reason,
    can_view_leave_register,
    can_view_leave_statistics,
    can_view_who_is_away,
)
from .selectors import (
    FLOW,
    LeaveApplicationFilters,
    annual_balance,
    leave_application_detail_queryset,
    leave_application_list,
    leave_applications_visible_to,
    ledger_lines,
    request_balance,
)

APPLY_TEMPLATE = "leave/apply.html"
DETAIL_TEMPLATE = "leave/application_detail.html"
CALENDAR_MAX_MONTHS = 3
HOME_OPEN_APPLICATIONS = 10
HOME_AWAY_NAMES = 8


# --- Home ---------------------------------------------------------------------------------


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    me = actor_employee(request.user)
    year = timezone.localdate().year
    context = {"year": year, "balance": None, "open_applications": [], "awaiting": 0,
               "manages_leave": can_manage_leave(request.user, request.user.pemda_id),
               "sees_statistics": can_view_leave_statistics(request.user, request.user.pemda_id)}
    if request.user.pemda_id and can_view_who_is_away(request.user):
        today = timezone.localdate()
        away = register.who_is_away(actor=request.user, start=today, end=today)
        context.update(away_today=away[:HOME_AWAY_NAMES], away_today_count=len(away), sees_away=True,
                       sees_register=can_view_leave_register(request.user, request.user.pemda_id))
    if me is not None:
        mine = leave_application_list(actor=request.user, filters=LeaveApplicationFilters(mine=True))
        context["balance"] = annual_balance(me, year)
        context["open_applications"] = list(mine.filter(status__in=OPEN_STATUSES)[:HOME_OPEN_APPLICATIONS])
        context["awaiting"] = steps_awaiting(request.user).filter(process__flow=FLOW).count()
    return TemplateResponse(request, "leave/home.html", context)


# --- Apply: the form, its live quote, the submission --------------------------------------------


def _applicant(request) -> Employee:
    """The actor's own employee record; only an active employee applies (for themself)."""
    me = actor_employee(request.user)
    if me is None or not can_apply_for(request.user, me):
        raise PermissionDenied
    return me


@dataclass(frozen=True, slots=True)
class DayCell:
    day: date | None  # None: a padding cell of another month
    weekend: bool = False
    off_kind: str = ""  # DayKind of a holiday or cuti bersama
    off_name: str = ""
    chosen: bool = False
    today: bool = False

    @property
    def is_working(self) -> bool:
        return self.day is not None and not self.weekend and not self.off_kind


@dataclass(frozen=True, slots=True)
class Month:
    first: date
    weeks: list[list[DayCell]]


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _calendar_months(pemda_id: int, start: date | None, end: date | None, today: date) -> list[Month]:
    """Month grids around the chosen dates, the agency's days off marked (one query per year shown)."""
    first = (start or today).replace(day=1)
    last = max((end or first).replace(day=1), _next_month(first))  # at least two months to pick from
    months = [first]
    while months[-1] < last and len(months) < CALENDAR_MAX_MONTHS:
        months.append(_next_month(months[-1]))
    off = {entry.date: entry for year in sorted({m.year for m in months}) for entry in calendar_year(pemda_id, year)}
    grid = calendar.Calendar(firstweekday=0)
    result = []
    for month in months:
        weeks = []
        for week in grid.monthdatescalendar(month.year, month.month):
            cells = []
            for day in week:
                if day.month != month.month:
                    cells.append(DayCell(None))
                    continue
                entry = off.get(day)
                cells.append(DayCell(
                    day, weekend=day.weekday() not in WORKING_WEEKDAYS, off_kind=entry.kind if entry else "",
                    off_name=entry.name if entry else "", chosen=bool(start and end and start <= day <= end),
                    today=day == today,
                ))
            weeks.append(cells)
        result.append(Month(month, weeks))
    return result


def _required_documents(me, *, leave_type: str, ground: str, start: date | None, end: date | None,
                        kinds: frozenset[str]) -> list[dict]:
    """The documents the rules ask for this request, each with its citation and whether one is chosen."""
    start = start or timezone.localdate()
    end = end if end and end >= start else start
    facts = rules.Facts(
        status=me.status, gender=me.gender, first_appointment_date=me.first_appointment_date,
        today=timezone.localdate(), leave_type=leave_type, start_date=start, end_date=end, working_days=0,
        calendar_days=(end - start).days + 1, ground=ground,
    )
    return [{"kind": kind, "label": DocumentKind(kind).label, "rule": cited, "attached": kind in kinds}
            for kind, cited in rules.required_documents(facts)]


def _quote_context(me, form: LeaveApplyForm, data: services.LeaveInput | None = None) -> dict:
    """What the quote panel shows: working days, balance, pots, approvers, violations, documents, calendar.

    Reads only (services.leave_quote writes nothing). *data* is the parsed
    request when the caller has it already (a refused submission).
    """
    today = timezone.localdate()
    if data is None and form.is_bound and form.is_valid():
        data = form.to_input()
    cleaned = getattr(form, "cleaned_data", {}) if form.is_bound else {}
    start = data.start_date if data else cleaned.get("start_date")
    end = data.end_date if data else cleaned.get("end_date")
    context = {"quote": None, "violations": [], "rule_violations": [], "missing": [], "required_documents": [],
               "input_errors": [], "months": _calendar_months(me.pemda_id, start, end, today),
               "dates_missing": not (start and end)}
    if data is not None:
        quote = services.leave_quote(employee=me, data=data)
        context.update(quote=quote, violations=quote.violations, rule_violations=quote.rule_violations,
                       missing=quote.missing)
    elif form.is_bound:
        context["input_errors"] = [
            (form.fields[name].label if name in form.fields else "", message)
            for name, messages in form.errors.items() for message in messages
            if not (name in ("start_date", "end_date") and not form.data.get(name))
        ]
    leave_type = data.leave_type if data else (cleaned.get("leave_type") or form.selected_type)
    if leave_type:
        context["required_documents"] = _required_documents(
            me, leave_type=leave_type, ground=data.ground if data else (cleaned.get("ground") or ""),
            start=start, end=end, kinds=data.document_kinds if data else frozenset(),
        )
    return context


def _apply_context(me, form: LeaveApplyForm, quote_context: dict | None = None) -> dict:
    context = {"form": form, "applicant": me}
    context.update(quote_context if quote_context is not None else _quote_context(me, form))
    return context


def _violations_of(exc: DomainError) -> list[dict]:
    """Every refusal of a submission as {code, message, rule}: rule violations, or the document checks."""
    if exc.extra.get("violations"):
        return exc.extra["violations"]
    messages = [message for messages in (exc.extra.get("fields") or {}).values() for message in messages]
    return [{"code": exc.code, "message": message, "rule": ""} for message in messages or [exc.message]]


def _show_refusal(form: LeaveApplyForm, exc: DomainError) -> None:
    """Put each refusal next to its field where the form has one (the panel lists them all)."""
    for name, messages in (exc.extra.get("fields") or {}).items():
        if name in form.fields:
            for message in messages:
                form.add_error(name, message)


@require_http_methods(["GET", "POST"])
def apply(request: AuthedRequest) -> HttpResponse:
    me = _applicant(request)
    if request.method == "GET":
        form = LeaveApplyForm(employee=me, initial={"leave_type": request.GET.get("leave_type", "")})
        template_name = partial_template(request, APPLY_TEMPLATE, "type-fields")
        return TemplateResponse(request, template_name, _apply_context(me, form))
    form = LeaveApplyForm(request.POST, request.FILES, employee=me)
    if not form.is_valid():
        return TemplateResponse(request, APPLY_TEMPLATE, _apply_context(me, form), status=422)
    data = form.to_input()
    try:
        application, created = services.leave_application_submit(
            actor=request.user, employee=me, data=data, uploads=form.to_uploads(),
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except DomainError as exc:  # a rule of leave, or nobody to approve it (approvals)
        if exc.code == errors.IDEMPOTENCY_KEY_REUSED:
            # The form of an application already sent, changed and sent again (the Back button): say so, and give
            # the form a fresh key so that sending it once more is a new application.
            exc = LeaveError(_("This form was already used to submit an application. Check the details and send "
                               "it again to submit a new application."), code=exc.code)
            form.data = form.data.copy()
            form.data["idempotency_key"] = uuid4().hex
        quote_context = _quote_context(me, form, data=data)
        refusals = _violations_of(exc)
        quote_context["violations"] = refusals
        quote_context["missing"] = [v for v in refusals if v.get("code") in services.MISSING_CODES]
        quote_context["rule_violations"] = [v for v in refusals if v.get("code") not in services.MISSING_CODES]
        _show_refusal(form, exc)
        context = _apply_context(me, form, quote_context) | {"refused": True, "had_files": bool(request.FILES)}
        return TemplateResponse(request, APPLY_TEMPLATE, context, status=422)
    response = redirect("leave:application-detail", public_id=application.public_id)
    if created:
        return notify(request, response, level="success", text=_("Your leave application was submitted."))
    return notify(request, response, level="info", text=_("This application had already been submitted."))


@require_POST
def apply_quote(request: AuthedRequest) -> HttpResponse:
    """The live preview of the form: rendered into the quote panel on every change. Writes nothing.

    It follows type and dates alone (the contact fields are not validated here) and lists what is still
    missing for submission apart from the rules the request breaks."""
    me = _applicant(request)
    form = LeaveApplyForm(request.POST, employee=me, quote=True)
    return TemplateResponse(request, "leave/_quote.html", _quote_context(me, form))


# --- My applications, one application -------------------------------------------------------


@require_GET
def application_list(request: AuthedRequest) -> HttpResponse:
    form = MyApplicationFilterForm(request.GET or None)
    filters = form.to_filters() if form.is_bound else LeaveApplicationFilters(mine=True)
    page = paginate(request, leave_application_list(actor=request.user, filters=filters))
    template_name = partial_template(request, "leave/application_list.html", "results")
    return TemplateResponse(request, template_name, {"form": form, "page": page})


def _application_or_404(request, public_id: UUID) -> LeaveApplication:
    return get_object_or_404(leave_application_detail_queryset(request.user), public_id=public_id)


def _detail_context(request, application: LeaveApplication, cancel_form: LeaveCancelForm | None = None) -> dict:
    steps = []
    if application.process_id:
        steps = list(application.process.steps.select_related(
            "approver", "approver_position", "acted_by", "acting_as").order_by("order"))
    may_act = any(step.state == StepState.ACTIVE and can_act_on_step(request.user, step) for step in steps)
    attachments = None
    if can_view_attachments(request.user, application):
        attachments = list(application.attachments.all())
    show_reason = can_view_leave_reason(request.user, application)
    if show_reason and application.reason and application.leave_type in HEALTH_LEAVE_TYPES:
        sensitive_read_record(actor=request.user, target=application, what=["leave_reason"],
                              employee=application.employee, pemda_id=application.pemda_id)
    balance = None
    if application.leave_type == LeaveType.ANNUAL and application.status in OPEN_STATUSES:
        balance = request_balance(application)  # the one balance of the request's year, as on the decision page
    return {"application": application, "steps": steps, "attachments": attachments, "may_act": may_act,
            "show_reason": show_reason, "balance": balance,
            "cancel_form": cancel_form or LeaveCancelForm(auto_id="cancel_%s")}


@require_GET
def application_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    application = _application_or_404(request, public_id)
    return TemplateResponse(request, DETAIL_TEMPLATE, _detail_context(request, application))


@require_POST
def application_cancel(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    application = _application_or_404(request, public_id)
    if not can_cancel_leave_application(request.user, application):
        raise PermissionDenied
    form = LeaveCancelForm(request.POST, auto_id="cancel_%s")
    if not form.is_valid():
        return TemplateResponse(request, DETAIL_TEMPLATE, _detail_context(request, application, form), status=422)
    try:
        services.leave_application_cancel(actor=request.user, application=application,
                                          reason=form.cleaned_data["reason"])
    except DomainError as exc:
        level, text = "error", exc.message
    else:
        level, text = "success", _("The application was cancelled.")
    response = redirect("leave:application-detail", public_id=application.public_id)
    return notify(request, response, level=level, text=text)


@require_GET
def attachment_download(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    attachments = LeaveAttachment.objects.select_related("application").filter(
        application__in=leave_applications_visible_to(request.user)
    )
    attachment = get_object_or_404(attachments, public_id=public_id)
    if not can_view_attachments(request.user, attachment.application):
        raise Http404  # a visible application, private documents: do not confirm they exist
    if attachment.purged_at is not None:
        raise Http404  # retention ended: the file is gone, the row and the audit trail stay
    services.leave_attachment_record_download(actor=request.user, attachment=attachment)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Balance ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LedgerRow:
    line: object
    running: int


def _ledger_rows(opening: dict[int, int], lines) -> list[LedgerRow]:
    running = sum(opening.values())
    rows = []
    for line in lines:
        running += line.days
        rows.append(LedgerRow(line, running))
    return rows


def _other_leave_taken(actor, employee, year: int) -> list[dict]:
    """Approved leave other than cuti tahunan starting in *year*, per type (form section V counters). One query."""
    approved = (
        leave_application_list(actor=actor, filters=LeaveApplicationFilters(employee=employee, year=year))
        .filter(status=LeaveStatus.APPROVED).exclude(leave_type=LeaveType.ANNUAL).order_by()
        .values("leave_type").annotate(count=Count("pk"), working=Sum("working_days"), calendar=Sum("calendar_days"))
    )
    by_type = {row["leave_type"]: row for row in approved}
    return [
        {"code": code, "label": label, "count": by_type.get(code, {}).get("count", 0),
         "working": by_type.get(code, {}).get("working") or 0, "calendar": by_type.get(code, {}).get("calendar") or 0}
        for code, label in LeaveType.choices if code != LeaveType.ANNUAL
    ]


@require_GET
def balance(request: AuthedRequest) -> HttpResponse:
    form = BalanceFilterForm(request.GET or None)
    cleaned: dict = {}
    if form.is_bound:
        form.is_valid()  # an unknown year falls back to this year; the valid fields are kept
        cleaned = form.cleaned_data
    if "employee" in form.errors:
        raise Http404  # not a public id: nobody to show
    me = actor_employee(request.user)
    employee = me
    if cleaned.get("employee"):
        employee = get_object_or_404(
            employees_visible_to(request.user).select_related("current_unit", "current_position"),
            public_id=cleaned["employee"],
        )
    year = cleaned.get("year") or timezone.localdate().year
    context = {"form": form, "employee": employee, "year": year, "is_me": employee is not None and employee == me}
    if employee is not None:
        opening, lines = ledger_lines(employee, year)
        pending = (leave_application_list(actor=request.user, filters=LeaveApplicationFilters(
            employee=employee, year=year, leave_type=LeaveType.ANNUAL)).filter(status__in=OPEN_STATUSES))
        context.update(
            balance=annual_balance(employee, year),
            opening={pot: days for pot, days in sorted(opening.items()) if days},
            opening_total=sum(opening.values()),
            ledger=_ledger_rows(opening, lines),
            pending=list(pending),
            other_taken=_other_leave_taken(request.user, employee, year),
        )
    return TemplateResponse(request, "leave/balance.html", context)

