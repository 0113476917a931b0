"""The leave API: /api/v1/leave/ (STYLE.md §4.11, §5.8).

Reads go through leave_applications_visible_to() and the other *_visible_to()
selectors, so an application outside the actor's scope is a 404; writes go
through the leave, approval and calendar services, which answer 403
(PermissionDenied), 422 (a broken rule: ``extra.violations`` lists every
rule by code, with its citation) or 409 (a state conflict). ``id`` in every
payload is the public UUID. In-schemas forbid unknown fields, so a client
cannot send ``status`` or ``working_days`` (422): those are computed.
"""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from pydantic import AfterValidator

from pamong.approvals.choices import ApproverRole, Outcome, StepState
from pamong.approvals.errors import NOT_ACTIVE
from pamong.approvals.models import ApprovalStep
from pamong.approvals.permissions import acting_capacity
from pamong.approvals.services import step_act
from pamong.core.schemas import (
    MAX_YEAR,
    MIN_YEAR,
    Day,
    EmployeeRef,
    InSchema,
    PublicIdOut,
    Text,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.core.text import multi_line, single_line
from pamong.core.text import phone as phone_text
from pamong.people.models import Employee, Pemda
from pamong.people.privacy import sensitive_read_record
from pamong.people.selectors import actor_employee, employees_visible_to, pemdas_visible_to
from pamong.workcalendar.choices import DayKind, DaySource
from pamong.workcalendar.models import CalendarDay
from pamong.workcalendar.selectors import calendar_days_visible_to
from pamong.workcalendar.services import calendar_day_add, calendar_day_remove, calendar_year_prefill

from . import errors, rules
from .choices import OPEN_STATUSES, DocumentKind, Ground, LeaveStatus, LeaveType, LedgerKind
from .errors import LeaveError
from .models import LeaveApplication, LeaveAttachment
from .permissions import HEALTH_LEAVE_TYPES, can_view_attachments, can_view_leave_reason
from .selectors import (
    Balance,
    LeaveApplicationFilters,
    annual_balance,
    leave_application_detail_queryset,
    leave_application_list,
    ledger_lines,
    request_balance,
)
from .services import (
    MAX_ATTACHMENTS,
    LeaveInput,
    Quote,
    decode_base64_upload,
    leave_application_cancel,
    leave_application_revoke,
    leave_application_submit,
    leave_quote,
)

router = Router(tags=["leave"])

UNKNOWN_REFERENCE = "leave.unknown_reference"
# A step answered through the wrong transition (409): the code says which one to use.
USE_DECIDE = "leave.use_decide"
USE_CONSIDER = "leave.use_consider"
AWAITING_CONSIDERATION = "leave.awaiting_consideration"
EMPLOYEE_REQUIRED = "leave.employee_required"
# Base64 grows by 4/3; the whole request body is capped by DATA_UPLOAD_MAX_MEMORY_SIZE anyway.
MAX_BASE64_CHARS = 7 * 1024 * 1024

# --- Shared pieces -----------------------------------------------------------------------------








def _own_employee(request) -> Employee:
    """The caller's employee record: one applies (and quotes) only for oneself."""
    me = actor_employee(request.user)
    if me is None:
        raise PermissionDenied
    return me


def _pemda(request, public_id: UUID | None) -> Pemda:
    """The Pemda a calendar write is for: the caller's own unless named (a superadmin must name it)."""
    if public_id is None:
        if request.user.pemda_id is None:
            message = _("Name the regional government.")
            raise LeaveError(message, code=UNKNOWN_REFERENCE, extra={"fields": {"pemda": [message]}})
        return request.user.pemda
    pemda = pemdas_visible_to(request.user).filter(public_id=public_id).first()
    if pemda is None:
        message = _("Unknown or inaccessible object.")
        raise LeaveError(message, code=UNKNOWN_REFERENCE, extra={"fields": {"pemda": [message]}})
    return pemda


# --- Leave types ---------------------------------------------------------------------------------


class LimitOut(Schema):
    amount: int
    unit: str = Field(..., description="working_days, days, months or years.")


class LeaveTypeOut(Schema):
    code: LeaveType
    label: str
    allowed: bool = Field(..., description="Whether the caller's employment status may take this type.")
    min_service_years: int
    service_reached_on: date | None = Field(
        None, description="When the caller reaches the minimum service (null when none is needed or not known)."
    )
    limit: LimitOut | None = Field(None, description="Longest single application; null: limited by the balance.")
    citation: str
    min_service_citation: str
    grounds: list[Ground]
    deferrable: bool


@router.get(
    "/types",
    response={200: list[LeaveTypeOut], **error_responses(401)},
    summary="The leave types, their limits and citations, and which the caller may take",
    operation_id="leave_type_list",
)
def leave_type_list(request):
    me = actor_employee(request.user)
    items = []
    for code, rule in rules.TYPE_RULES.items():
        reached = None
        if me is not None and rule.min_service_years:
            reached = rules.eligible_from(me.first_appointment_date, rule.min_service_years)
        items.append({
            "code": code, "label": str(LeaveType(code).label), "allowed": me is not None and me.status in rule.statuses,
            "min_service_years": rule.min_service_years, "service_reached_on": reached,
            "limit": {"amount": rule.limit.amount, "unit": rule.limit.unit} if rule.limit else None,
            "citation": rule.citation, "min_service_citation": rule.min_service_citation,
            "grounds": sorted(rules.GROUNDS_FOR_TYPE.get(code, ())), "deferrable": rule.deferrable,
        })
    return items


# --- Balance -------------------------------------------------------------------------------------


class PotsOut(Schema):
    """Remaining cuti tahunan per pot, as on the official form (N-2, N-1, N)."""

    n_minus_2: int
    n_minus_1: int
    n: int


class PotOut(Schema):
    pot_year: int
    days: int


class LedgerLineOut(Schema):
    entry_date: date
    pot_year: int
    kind: LedgerKind
    days: int
    note: str
    application: UUID | None

    @staticmethod
    def resolve_application(obj) -> UUID | None:
        return obj.application.public_id if obj.application_id else None


class BalanceOut(Schema):
    employee: EmployeeRef
    year: int
    opened: bool = Field(..., description="False: the year's lines are not written yet; the pots are projected.")
    pots: PotsOut
    total: int
    pending_days: int = Field(..., description="Working days of undecided cuti tahunan starting this year.")
    available: int
    opening: list[PotOut] = Field(..., description="The pots on 1 January, before the year's own lines.")
    lines: list[LedgerLineOut]


class BalanceFilters(Schema):
    employee: UUID | None = Field(None, description="Whose balance; the caller's own when omitted.")
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="This year when omitted.")


def _pots(balance_year: int, pots: dict[int, int]) -> dict[str, int]:
    return {"n_minus_2": pots.get(balance_year - 2, 0), "n_minus_1": pots.get(balance_year - 1, 0),
            "n": pots.get(balance_year, 0)}


@router.get(
    "/balance",
    response={200: BalanceOut, **error_responses(401, 404, 422)},
    summary="An employee's cuti tahunan for a year: ledger lines and remaining days",
    operation_id="leave_balance_detail",
)
def leave_balance_detail(request, filters: Query[BalanceFilters]):
    if filters.employee is None:
        employee = actor_employee(request.user)
        if employee is None:
            message = _("You have no employee record; name the employee.")
            raise LeaveError(message, code=EMPLOYEE_REQUIRED, extra={"fields": {"employee": [message]}})
    else:
        employee = get_object_or_404(employees_visible_to(request.user), public_id=filters.employee)
    year = filters.year or timezone.localdate().year
    balance: Balance = annual_balance(employee, year)
    opening, lines = ledger_lines(employee, year)
    return {
        "employee": employee, "year": year, "opened": balance.opened, "pots": _pots(year, balance.pots),
        "total": balance.total, "pending_days": balance.pending_days, "available": balance.available,
        "opening": [{"pot_year": pot, "days": days} for pot, days in sorted(opening.items())], "lines": lines,
    }


# --- Quote and submit ----------------------------------------------------------------------------


class DocumentIn(InSchema):
    kind: DocumentKind
    filename: Text = Field(..., min_length=1, max_length=255, description="With its extension: .pdf, .jpg or .png.")
    content_base64: str = Field(..., min_length=1, max_length=MAX_BASE64_CHARS)


class LeaveApplicationIn(InSchema):
    """An application as on the official form (Perban 24/2017 Lampiran I.b). Days and status are computed."""

    leave_type: LeaveType
    start_date: Day
    end_date: Day
    # Typed text: no bidi/zero-width/control characters, a phone is a phone (pamong.core.text).
    address: Annotated[Text, AfterValidator(multi_line)] = Field(
        "", max_length=1000, description="Address during the leave (form section VI); required.")
    phone: Annotated[Text, AfterValidator(single_line), AfterValidator(phone_text)] = Field("", max_length=32)
    reason: Annotated[Text, AfterValidator(multi_line)] = Field("", max_length=2000)
    ground: Ground = Field(Ground.NONE, description="Required for CS, CAP and CB (a religious duty).")
    abroad: bool = False
    child_order: int | None = Field(None, ge=1, le=30, description="CM: which child this birth is.")
    documents: list[DocumentIn] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)


class ViolationOut(Schema):
    code: str
    message: str
    rule: str
    field: str


class QuoteOut(Schema):
    ok: bool = Field(..., description="True when no rule refuses the request.")
    working_days: int
    calendar_days: int
    balance_before: int | None
    balance_after: int | None
    pots: PotsOut | None
    approvers: list[str]
    warnings: list[str]
    violations: list[ViolationOut] = Field(..., description="Everything that keeps the request from being submitted.")
    missing: list[str] = Field(
        ..., description="Codes of the violations that only say something is still to be given (address, ground, "
        "child order, documents), as the form's preview lists them apart from the rules the request breaks.")


def _leave_input(payload: LeaveApplicationIn) -> LeaveInput:
    return LeaveInput(
        leave_type=payload.leave_type.value, start_date=payload.start_date, end_date=payload.end_date,
        address=payload.address, phone=payload.phone, reason=payload.reason, ground=payload.ground.value,
        abroad=payload.abroad, child_order=payload.child_order,
        document_kinds=frozenset(document.kind.value for document in payload.documents),
    )


def _uploads(payload: LeaveApplicationIn):
    return [decode_base64_upload(d.kind.value, d.filename, d.content_base64) for d in payload.documents]


@router.post(
    "/quote",
    response={200: QuoteOut, **error_responses(401, 403, 413, 422)},
    summary="What an application would cost and every rule it breaks; changes nothing",
    operation_id="leave_quote",
)
def leave_quote_(request, payload: LeaveApplicationIn):
    employee = _own_employee(request)
    _uploads(payload)  # the same base64 check as a submission; nothing is stored
    quote: Quote = leave_quote(employee=employee, data=_leave_input(payload))
    return {
        "ok": quote.ok, "working_days": quote.working_days, "calendar_days": quote.calendar_days,
        "balance_before": quote.balance_before, "balance_after": quote.balance_after,
        "pots": _pots(payload.start_date.year, quote.pots) if quote.pots else None,
        "approvers": quote.approvers, "warnings": quote.warnings,
        "violations": [{"code": v.code, "message": v.message, "rule": v.rule, "field": v.field}
                       for v in quote.violations],
        "missing": [v.code for v in quote.missing],
    }


# --- Applications: out schemas and list ----------------------------------------------------------


class LeaveApplicationOut(PublicIdOut):
    employee: EmployeeRef
    leave_type: LeaveType
    ground: Ground
    start_date: date
    end_date: date
    working_days: int
    calendar_days: int
    abroad: bool
    status: LeaveStatus
    submitted_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_submitted_at(obj):
        return obj.created_at


class ApprovalStepOut(Schema):
    order: int
    label: str
    role: ApproverRole
    is_binding: bool = Field(..., description="True: the official's decision; false: the supervisor's consideration.")
    state: StepState
    approver: EmployeeRef
    activated_at: datetime | None
    outcome: Outcome | None
    reason: str
    acted_by: EmployeeRef | None
    acting_as: str | None = Field(None, description="Plt or Plh when an acting official answered.")
    acted_at: datetime | None

    @staticmethod
    def resolve_outcome(obj) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_acting_as(obj) -> str | None:
        return obj.acting_as.get_kind_display() if obj.acting_as_id else None


class AttachmentOut(PublicIdOut):
    kind: DocumentKind
    filename: str
    content_type: str
    size: int

    @staticmethod
    def resolve_filename(obj) -> str:
        return obj.original_name


class RequestBalanceOut(Schema):
    """The cuti tahunan an undecided request is judged by: its year's pots, what is pending (itself included)."""

    year: int = Field(..., description="The year of the request's start date.")
    opened: bool
    pots: PotsOut
    pending_days: int
    available: int


class LeaveApplicationDetailOut(LeaveApplicationOut):
    reason: str | None = Field(
        ..., description="Null when the actor may not read it: a sick or maternity leave reason is health data, "
        "shown only to the applicant, the approvers at their step and HR.",
    )
    address: str
    phone: str
    child_order: int | None
    original_start_date: date | None = Field(None, description="The dates asked for, when an approver changed them.")
    original_end_date: date | None
    decision_reason: str
    steps: list[ApprovalStepOut]
    attachments: list[AttachmentOut]
    balance: RequestBalanceOut | None = Field(
        None, description="Undecided cuti tahunan: the balance of the request's year, as the approvers see it "
        "(queue and decision page); null otherwise.")

    @staticmethod
    def resolve_balance(obj) -> dict | None:
        if obj.leave_type != LeaveType.ANNUAL or obj.status not in OPEN_STATUSES:
            return None
        # A submission just answered carries the balance it was judged by (services: quoted_balance).
        balance = getattr(obj, "quoted_balance", None) or request_balance(obj)
        return {"year": balance.year, "opened": balance.opened, "pots": _pots(balance.year, balance.pots),
                "pending_days": balance.pending_days, "available": balance.available}

    @staticmethod
    def resolve_steps(obj) -> list[ApprovalStep]:
        return list(obj.process.steps.all()) if obj.process_id else []

    @staticmethod
    def resolve_reason(obj, context) -> str | None:
        actor = context["request"].user
        if not can_view_leave_reason(actor, obj):
            return None
        if obj.reason and obj.leave_type in HEALTH_LEAVE_TYPES:
            sensitive_read_record(actor=actor, target=obj, what=["leave_reason"], employee=obj.employee,
                                  pemda_id=obj.pemda_id)
        return obj.reason

    @staticmethod
    def resolve_attachments(obj, context) -> list[LeaveAttachment]:
        # Health documents: listed only to those who may download them (the privacy policy's HEALTH group).
        if not can_view_attachments(context["request"].user, obj):
            return []
        return list(obj.attachments.all())


class LeaveApplicationPageOut(Schema):
    count: int
    items: list[LeaveApplicationOut]


class LeaveApplicationFiltersIn(Schema):
    status: LeaveStatus | None = None
    leave_type: LeaveType | None = None
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="Applications starting in this year.")
    employee: UUID | None = Field(None, description="Only this employee's applications.")


def _detail_queryset(actor) -> QuerySet[LeaveApplication]:
    steps = ApprovalStep.objects.select_related("approver", "acted_by", "acting_as").order_by("order")
    return leave_application_detail_queryset(actor).prefetch_related(
        Prefetch("process__steps", queryset=steps), "attachments"
    )


def _application(request, application_id: UUID) -> LeaveApplication:
    return get_object_or_404(_detail_queryset(request.user), public_id=application_id)


def _detail(request, application: LeaveApplication) -> LeaveApplication:
    return _detail_queryset(request.user).get(pk=application.pk)


def _own_detail(application: LeaveApplication) -> LeaveApplication:
    """The caller's own application, just submitted: loaded without re-checking the visibility scope."""
    steps = ApprovalStep.objects.select_related("approver", "acted_by", "acting_as").order_by("order")
    return (
        LeaveApplication.objects.select_related(
            "pemda", "employee", "employee__current_unit", "employee__current_position", "employee__current_golongan",
            "process",
        )
        .prefetch_related(Prefetch("process__steps", queryset=steps), "attachments")
        .get(pk=application.pk)
    )


@router.get(
    "/applications",
    response={200: LeaveApplicationPageOut, **error_responses(401, 422)},
    summary="List the leave applications the actor may see",
    operation_id="leave_application_list",
)
def application_list(
    request, filters: Query[LeaveApplicationFiltersIn], limit: int = limit_param(), offset: int = offset_param()
):
    employee = None
    if filters.employee is not None:
        employee = Employee.objects.filter(public_id=filters.employee).first()
        if employee is None:  # an unknown employee matches nothing (it is not ignored)
            return {"count": 0, "items": []}
    selection = LeaveApplicationFilters(
        status=filters.status.value if filters.status else "",
        leave_type=filters.leave_type.value if filters.leave_type else "",
        year=filters.year, employee=employee,
    )
    return page_of(leave_application_list(actor=request.user, filters=selection), limit, offset)


@router.post(
    "/applications",
    response={
        200: LeaveApplicationDetailOut, 201: LeaveApplicationDetailOut, **error_responses(401, 403, 413, 422)
    },
    summary="Submit a leave application (201; 200 with the first one when the Idempotency-Key was used)",
    description=(
        "Send an `Idempotency-Key` header (at most 64 characters, e.g. a UUID) to make retries safe: the same key "
        "again returns the application it created (200) instead of a second one; the same key with a different "
        "body is refused (422 `leave.idempotency_key_reused`). A refused request is a 422 with "
        "`code` `leave.rules_violated` and every broken rule in `extra.violations` as `{code, message, rule, field}`. "
        "Documents travel base64-encoded in `documents`; the whole body is at most 5 MB (413 `too_large`)."
    ),
    operation_id="leave_application_create",
)
def application_create(
    request,
    payload: LeaveApplicationIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=64, description="Makes retries safe."),
):
    employee = _own_employee(request)
    application, created = leave_application_submit(
        actor=request.user, employee=employee, data=_leave_input(payload), uploads=_uploads(payload),
        idempotency_key=idempotency_key.strip(),
    )
    # The service admitted only the applicant (can_apply_for), so the scope need not be re-read.
    detail = _own_detail(application)
    detail.quoted_balance = getattr(application, "quoted_balance", None)
    return Status(201 if created else 200, detail)


@router.get(
    "/applications/{application_id}",
    response={200: LeaveApplicationDetailOut, **error_responses(401, 404, 422)},
    summary="One leave application with its approval steps",
    operation_id="leave_application_detail",
)
def application_detail(request, application_id: UUID):
    return _application(request, application_id)


# --- Applications: the approval steps ------------------------------------------------------------


class LeaveStepActIn(InSchema):
    outcome: Outcome
    reason: Text = Field("", max_length=2000, description="Required for change, defer and reject.")
    start_date: Day | None = Field(None, description="Only with outcome change: the dates granted.")
    end_date: Day | None = None


def _change_data(payload: LeaveStepActIn) -> dict[str, str]:
    dates = (payload.start_date, payload.end_date)
    if payload.outcome != Outcome.CHANGE:
        if any(dates):
            message = _("Dates are given only with the outcome “change”.")
            raise LeaveError(message, code=errors.INVALID_CHANGE, extra={"fields": {"start_date": [message]}})
        return {}
    if not all(dates):
        message = _("Give the changed dates.")
        fields = {name: [message] for name, value in zip(("start_date", "end_date"), dates, strict=True) if not value}
        raise LeaveError(message, code=errors.INVALID_CHANGE, extra={"fields": fields})
    return {"start_date": payload.start_date.isoformat(), "end_date": payload.end_date.isoformat()}


def _may_act(actor, step: ApprovalStep) -> bool:
    return acting_capacity(actor, step)[0]


def _step_to_answer(actor, application: LeaveApplication, *, binding: bool) -> ApprovalStep:
    """The active step *actor* answers through consider (binding=False) or decide (binding=True).

    403 when the actor has no part in the process; 409 when they have one but
    not now or not through this transition (each with its own code).
    """
    steps = list(application.process.steps.all()) if application.process_id else []
    active = next((step for step in steps if step.state == StepState.ACTIVE), None)
    if active is not None and active.is_binding == binding:
        if not _may_act(actor, active):
            raise PermissionDenied
        return active
    if active is not None and _may_act(actor, active):
        if binding:
            raise LeaveError(_("The supervisor's consideration comes first: answer it through “consider”."),
                             code=USE_CONSIDER, http_status=409)
        raise LeaveError(_("You also decide this request (one step): answer it through “decide”."),
                         code=USE_DECIDE, http_status=409)
    mine = [step for step in steps if step.is_binding == binding and _may_act(actor, step)]
    if not mine:
        raise PermissionDenied
    if active is not None and binding:
        raise LeaveError(_("The request is still with the supervisor for consideration."),
                         code=AWAITING_CONSIDERATION, http_status=409)
    raise LeaveError(_("This request has already been answered at this step."), code=NOT_ACTIVE, http_status=409)


def _answer(request, application_id: UUID, payload: LeaveStepActIn, *, binding: bool) -> LeaveApplication:
    application = _application(request, application_id)
    step = _step_to_answer(request.user, application, binding=binding)
    data = _change_data(payload)
    step_act(actor=request.user, step=step, outcome=payload.outcome.value, reason=payload.reason, data=data)
    return _detail(request, application)


@router.post(
    "/applications/{application_id}/consider",
    response={200: LeaveApplicationDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The direct supervisor's consideration (non-binding step)",
    description="A supervisor who is also the deciding official has one binding step: 409 `leave.use_decide`.",
    operation_id="leave_application_consider",
)
def application_consider(request, application_id: UUID, payload: LeaveStepActIn):
    return _answer(request, application_id, payload, binding=False)


@router.post(
    "/applications/{application_id}/decide",
    response={200: LeaveApplicationDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The granting official's decision (binding step): approve, change, defer or reject",
    operation_id="leave_application_decide",
)
def application_decide(request, application_id: UUID, payload: LeaveStepActIn):
    return _answer(request, application_id, payload, binding=True)


class LeaveApplicationCancelIn(InSchema):
    reason: Text = Field("", max_length=2000)


class LeaveApplicationRevokeIn(InSchema):
    reason: Text = Field(..., max_length=2000, description="Required: the revocation is a recorded decision.")


@router.post(
    "/applications/{application_id}/cancel",
    response={200: LeaveApplicationDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The applicant withdraws an application not yet decided",
    operation_id="leave_application_cancel",
)
def application_cancel(request, application_id: UUID, payload: LeaveApplicationCancelIn):
    application = _application(request, application_id)
    leave_application_cancel(actor=request.user, application=application, reason=payload.reason.strip())
    return _detail(request, application)


@router.post(
    "/applications/{application_id}/revoke",
    response={200: LeaveApplicationDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Revoke approved leave (HR or the deciding official); untaken days go back to the balance",
    operation_id="leave_application_revoke",
)
def application_revoke(request, application_id: UUID, payload: LeaveApplicationRevokeIn):
    application = _application(request, application_id)
    leave_application_revoke(actor=request.user, application=application, reason=payload.reason)
    return _detail(request, application)


_PDF_RESPONSE = {
    "responses": {
        200: {
            "description": "The leave letter (surat izin cuti) as a PDF attachment.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/applications/{application_id}/letter.pdf",
    response=error_responses(401, 404, 409, 422),
    summary="The official leave letter (surat izin cuti) of an approved application",
    operation_id="leave_application_letter",
    openapi_extra=_PDF_RESPONSE,
)
def application_letter(request, application_id: UUID):
    application = _application(request, application_id)
    # The PDF toolkit loads only when a letter is asked for.
    from pamong.letters.selectors import verification_url

    from .documents import document_filename, leave_document_record_download, leave_letter_issue, leave_letter_pdf

    letter = leave_letter_issue(actor=request.user, application=application)  # 409 leave.not_approved
    content = leave_letter_pdf(application, letter=letter, verify_url=verification_url(letter, request=request))
    leave_document_record_download(actor=request.user, application=application, kind="letter")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document_filename(application, "letter")}"'
    return response


# --- Holidays (the work calendar) ----------------------------------------------------------------


class HolidayOut(PublicIdOut):
    date: date
    kind: DayKind
    name: str
    source: DaySource


class HolidayListOut(Schema):
    year: int
    count: int
    items: list[HolidayOut]


class HolidayFilters(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="This year when omitted.")
    pemda: UUID | None = Field(None, description="For a platform superadmin: one regional government.")


class HolidayCreateIn(InSchema):
    date: Day
    kind: DayKind
    name: Text = Field(..., min_length=1, max_length=200)
    pemda: UUID | None = Field(None, description="The caller's own regional government when omitted.")


class HolidayPrefillIn(InSchema):
    year: int = Field(..., ge=2000, le=2100)
    pemda: UUID | None = Field(None, description="The caller's own regional government when omitted.")


class HolidayPrefillOut(Schema):
    year: int
    added: int
    items: list[HolidayOut] = Field(..., description="The days added (dates already present are kept).")


@router.get(
    "/holidays",
    response={200: HolidayListOut, **error_responses(401, 422)},
    summary="The days off of a year: national holidays, cuti bersama, regional holidays",
    operation_id="leave_holiday_list",
)
def holiday_list(request, filters: Query[HolidayFilters]):
    year = filters.year or timezone.localdate().year
    days = calendar_days_visible_to(request.user).filter(date__year=year)
    if filters.pemda is not None:
        days = days.filter(pemda__public_id=filters.pemda)
    items = list(days.order_by("date", "pk"))
    return {"year": year, "count": len(items), "items": items}


@router.post(
    "/holidays",
    response={201: HolidayOut, **error_responses(401, 403, 422)},
    summary="Add a day off to the calendar (HR)",
    operation_id="leave_holiday_create",
)
def holiday_create(request, payload: HolidayCreateIn):
    pemda = _pemda(request, payload.pemda)
    day = calendar_day_add(actor=request.user, pemda=pemda, day=payload.date, kind=payload.kind.value,
                           name=payload.name)
    return Status(201, day)


@router.post(
    "/holidays/prefill",
    response={200: HolidayPrefillOut, **error_responses(401, 403, 422)},
    summary="Fill a year with the national holidays and cuti bersama of the holiday library (HR; idempotent)",
    operation_id="leave_holiday_prefill",
)
def holiday_prefill(request, payload: HolidayPrefillIn):
    pemda = _pemda(request, payload.pemda)
    added = calendar_year_prefill(actor=request.user, pemda=pemda, year=payload.year)
    return {"year": payload.year, "added": len(added), "items": sorted(added, key=lambda day: day.date)}


@router.delete(
    "/holidays/{holiday_id}",
    response={204: None, **error_responses(401, 403, 404, 422)},
    summary="Remove a day off from the calendar (HR); undecided leave is recomputed",
    operation_id="leave_holiday_delete",
)
def holiday_delete(request, holiday_id: UUID):
    entry: CalendarDay = get_object_or_404(calendar_days_visible_to(request.user), public_id=holiday_id)
    calendar_day_remove(actor=request.user, entry=entry)
    return Status(204, None)
