"""/development: the training catalogue (activities), enrolments, completion and the public certificate check."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import InSchema, PublicIdOut, error_responses, limit_param, offset_param, page_of
from pamong.people.selectors import actor_employee, employees_visible_to

from .. import rules
from ..choices import ActivityForm, ActivityMode, ActivityStatus, EnrolmentOrigin, EnrolmentStatus
from ..errors import field_error
from ..models import Competency, Enrolment, LearningActivity
from ..permissions import can_manage
from ..selectors.training import activities_visible_to, catalogue, certificate_by_code, enrolments_visible_to
from ..services.training import (
    activity_save,
    enrolment_complete,
    enrolment_request,
    enrolment_withdraw,
)

router = Router()


class CompetencyLevelOut(Schema):
    competency_id: UUID
    code: str
    name: str
    level: int

    @staticmethod
    def resolve_competency_id(obj) -> UUID:
        return obj.competency.public_id

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.competency.code

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.competency.name


class ActivityOut(PublicIdOut):
    title: str
    description: str
    form: ActivityForm
    mode: ActivityMode
    jp: int
    provider: str
    location: str
    start_date: date | None
    end_date: date | None
    enrolment_deadline: date | None
    quota: int | None
    cost: Decimal
    status: ActivityStatus
    taken: int = Field(..., description="Places taken (requested, approved or completed enrolments).")
    competencies: list[CompetencyLevelOut]

    @staticmethod
    def resolve_taken(obj) -> int:
        taken = getattr(obj, "taken", None)
        if taken is None:
            taken = obj.enrolments.filter(status__in=(EnrolmentStatus.REQUESTED, EnrolmentStatus.APPROVED,
                                                      EnrolmentStatus.COMPLETED)).count()
        return taken

    @staticmethod
    def resolve_competencies(obj) -> list:
        return list(obj.competencies.all())


class ActivityPageOut(Schema):
    count: int
    items: list[ActivityOut]


class ActivityFilters(Schema):
    form: ActivityForm | None = None
    mode: ActivityMode | None = None
    status: ActivityStatus | None = None
    competency: UUID | None = None
    q: str = Field("", max_length=100, description="Search in title, provider and description.")


class CompetencyLevelIn(InSchema):
    competency_id: UUID
    level: int = Field(..., ge=rules.LEVEL_MIN, le=rules.LEVEL_MAX)


class ActivityIn(InSchema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=4000)
    form: ActivityForm
    mode: ActivityMode | None = Field(None, description="Derived from the form when omitted (PerLAN 10/2018).")
    jp: int = Field(..., ge=0, le=1000)
    provider: str = Field("", max_length=200)
    location: str = Field("", max_length=300)
    start_date: date | None = None
    end_date: date | None = None
    enrolment_deadline: date | None = None
    quota: int | None = Field(None, ge=1, le=1_000_000)
    cost: Decimal = Field(Decimal(0), ge=0, le=Decimal("99999999999999"), decimal_places=0)
    status: ActivityStatus = ActivityStatus.DRAFT
    competencies: list[CompetencyLevelIn] = Field(default_factory=list, max_length=50)


def _activity_out(activity: LearningActivity) -> LearningActivity:
    return catalogue_one(activity.pk)


def catalogue_one(pk: int) -> LearningActivity:
    return LearningActivity.objects.prefetch_related("competencies__competency").get(pk=pk)


@router.get("/activities", response={200: ActivityPageOut, **error_responses(401, 422)},
            summary="The training catalogue of the caller's agency (open activities first)",
            operation_id="development_activity_list")
def activity_list(request, filters: Query[ActivityFilters], limit: int = limit_param(), offset: int = offset_param()):
    competency = None
    if filters.competency is not None:
        competency = Competency.objects.filter(pemda_id=request.user.pemda_id, public_id=filters.competency).first()
        if competency is None:
            return page_of(LearningActivity.objects.none(), limit, offset)
    activities = catalogue(request.user, form=filters.form.value if filters.form else "",
                           mode=filters.mode.value if filters.mode else "", competency=competency,
                           search=filters.q.strip(), status=filters.status.value if filters.status else "")
    return page_of(activities, limit, offset)


@router.post("/activities", response={201: ActivityOut, **error_responses(401, 403, 409, 422)},
             summary="HR: add an activity to the catalogue",
             description="422 `development.invalid_activity` / `development.invalid_level` with `fields`.",
             operation_id="development_activity_create")
def activity_create(request, payload: ActivityIn):
    pemda = request.user.pemda
    if pemda is None or not can_manage(request.user, pemda.pk):
        raise PermissionDenied
    data = payload.dict(exclude={"competencies"})
    for key in ("form", "mode", "status"):
        data[key] = data[key].value if data[key] is not None else None
    wanted = {row.competency_id: row.level for row in payload.competencies}
    found = {c.public_id: c for c in Competency.objects.filter(pemda=pemda, public_id__in=list(wanted))}
    if len(found) != len(wanted):
        raise field_error("competencies", _("Unknown or inaccessible competency."), "development.unknown_reference")
    activity = activity_save(actor=request.user, pemda=pemda, data=data,
                             competencies=[(found[key], level) for key, level in wanted.items()])
    return Status(201, _activity_out(activity))


@router.get("/activities/{activity_id}", response={200: ActivityOut, **error_responses(401, 404, 422)},
            summary="One catalogue activity", operation_id="development_activity_detail")
def activity_detail(request, activity_id: UUID):
    activity = get_object_or_404(activities_visible_to(request.user), public_id=activity_id)
    return _activity_out(activity)


class EnrolmentOut(PublicIdOut):
    activity_id: UUID
    activity_title: str
    employee_id: UUID
    employee_name: str
    status: EnrolmentStatus
    origin: EnrolmentOrigin
    reason: str
    completed_on: date | None
    minutes: int | None
    certificate_jp: int | None
    jp: int | None = Field(None, description="The JP counted once completed.")
    certificate_number: str
    verification_code: str | None = Field(None, description="The code of Pamong's own certificate, if issued.")
    warning: str = Field("", description="The PPPK cap would be passed (the agency only warns).")

    @staticmethod
    def resolve_activity_id(obj) -> UUID:
        return obj.activity.public_id

    @staticmethod
    def resolve_activity_title(obj) -> str:
        return obj.activity.title

    @staticmethod
    def resolve_employee_id(obj) -> UUID:
        return obj.employee.public_id

    @staticmethod
    def resolve_employee_name(obj) -> str:
        return obj.employee.full_name

    @staticmethod
    def resolve_jp(obj) -> int | None:
        if obj.status != EnrolmentStatus.COMPLETED:
            return None
        return rules.jp_for(minutes=obj.minutes, certificate_jp=obj.certificate_jp)

    @staticmethod
    def resolve_warning(obj) -> str:
        return getattr(obj, "warning", "")


class EnrolmentPageOut(Schema):
    count: int
    items: list[EnrolmentOut]


class EnrolmentIn(InSchema):
    reason: str = Field("", max_length=2000)
    employee_id: UUID | None = Field(None, description="HR: enrol this employee (origin `assigned`); default: "
                                                       "the caller.")


@router.post("/activities/{activity_id}/enrolments", response={201: EnrolmentOut, **error_responses(401, 403, 404,
                                                                                                    409, 422)},
             summary="Request a place in an open activity (the caller; HR may enrol someone else)",
             description="409 `development.activity_not_open`, `development.enrolment_deadline_passed`, "
                         "`development.activity_full`, `development.enrolment_exists`; 422 "
                         "`development.pppk_jp_cap`, `approvals.no_approver`.",
             operation_id="development_enrolment_create")
def enrolment_create(request, activity_id: UUID, payload: EnrolmentIn):
    activity = get_object_or_404(activities_visible_to(request.user), public_id=activity_id)
    if payload.employee_id is None:
        employee = actor_employee(request.user)
        if employee is None:
            raise PermissionDenied
    else:
        employee = get_object_or_404(employees_visible_to(request.user), public_id=payload.employee_id)
    result = enrolment_request(actor=request.user, activity=activity, employee=employee, reason=payload.reason)
    enrolment = result.enrolment
    enrolment.warning = result.warning
    return Status(201, enrolment)


class EnrolmentFilters(Schema):
    mine: bool = Field(False, description="Only the caller's own enrolments.")
    activity: UUID | None = None
    status: EnrolmentStatus | None = None


@router.get("/enrolments", response={200: EnrolmentPageOut, **error_responses(401, 422)},
            summary="Enrolments the caller may see (own; subordinates'; HR, executive, auditor: the agency)",
            operation_id="development_enrolment_list")
def enrolment_list(request, filters: Query[EnrolmentFilters], limit: int = limit_param(),
                   offset: int = offset_param()):
    enrolments = enrolments_visible_to(request.user).select_related("activity", "employee")
    if filters.mine:
        me = actor_employee(request.user)
        enrolments = enrolments.filter(employee=me) if me is not None else enrolments.none()
    if filters.activity is not None:
        enrolments = enrolments.filter(activity__public_id=filters.activity)
    if filters.status is not None:
        enrolments = enrolments.filter(status=filters.status.value)
    return page_of(enrolments.order_by("-created_at", "-pk"), limit, offset)


def _enrolment(request, enrolment_id: UUID) -> Enrolment:
    return get_object_or_404(enrolments_visible_to(request.user).select_related("activity", "employee"),
                             public_id=enrolment_id)


class TrainingWithdrawIn(InSchema):
    reason: str = Field("", max_length=2000)


@router.post("/enrolments/{enrolment_id}/withdraw", response={200: EnrolmentOut, **error_responses(401, 403, 404,
                                                                                                    409, 422)},
             summary="The employee withdraws their enrolment before completion",
             description="409 `development.not_enrolled` once completed, rejected or withdrawn.",
             operation_id="development_enrolment_withdraw")
def enrolment_withdraw_(request, enrolment_id: UUID, payload: TrainingWithdrawIn):
    enrolment = enrolment_withdraw(actor=request.user, enrolment=_enrolment(request, enrolment_id),
                                   reason=payload.reason)
    return _enrolment(request, enrolment.public_id)


class CompleteIn(InSchema):
    completed_on: date | None = Field(None, description="Default: today.")
    minutes: int = Field(..., ge=0, le=100_000, description="Verified minutes attended.")
    jp: int | None = Field(None, ge=0, le=1000, description="The JP on the certificate; wins over the minutes.")
    certificate_number: str = Field("", max_length=100)
    issue_certificate: bool = Field(False, description="Issue Pamong's own certificate (with a verification code).")


@router.post("/enrolments/{enrolment_id}/complete", response={200: EnrolmentOut, **error_responses(401, 403, 404,
                                                                                                    409, 422)},
             summary="HR records an approved participant's completion (writes the verified JP ledger entry)",
             description="403 `development.self_decision` for one's own; 409 `development.not_enrolled` unless "
                         "approved; 422 `development.invalid_completion`.",
             operation_id="development_enrolment_complete")
def enrolment_complete_(request, enrolment_id: UUID, payload: CompleteIn):
    enrolment = _enrolment(request, enrolment_id)
    enrolment_complete(actor=request.user, enrolment=enrolment,
                       completed_on=payload.completed_on or timezone.localdate(), minutes=payload.minutes,
                       certificate_jp=payload.jp, certificate_number=payload.certificate_number,
                       issue_certificate=payload.issue_certificate)
    return _enrolment(request, enrolment_id)


class CertificateOut(Schema):
    name: str
    activity: str
    jp: int
    completed_on: date


# Public (auth=None): what the QR code on Pamong's certificate checks — name, activity, JP and date, nothing else.
@router.get("/certificates/{code}", auth=None, response={200: CertificateOut, **error_responses(404, 422)},
            summary="Public: verify a certificate Pamong issued (no sign-in)",
            operation_id="development_certificate_verify")
def certificate_verify(request, code: str):
    enrolment = certificate_by_code(code)
    if enrolment is None:
        raise Http404
    return {"name": enrolment.employee.full_name, "activity": enrolment.activity.title,
            "jp": rules.jp_for(minutes=enrolment.minutes, certificate_jp=enrolment.certificate_jp),
            "completed_on": enrolment.completed_on}

