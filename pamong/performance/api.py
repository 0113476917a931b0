"""The performance API: /api/v1/performance/ (STYLE.md §4.11, §5.8).

Reads start from skps_visible_to() / evaluations_visible_to(), so a plan or
rating outside the actor's scope is a 404; writes go through the performance
services and the approval engine, which answer 403 (PermissionDenied), 422 (a
broken rule, with a stable ``code``) or 409 (a state conflict). ``id`` in
every payload is the public UUID. In-schemas forbid unknown fields; a rating
input that carries ``predikat`` is refused with ``performance.predikat_is_derived``
(the predikat always comes from the official matrix, PermenPANRB 6/2022).
"""

import base64
import binascii
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, model_validator

from pamong.approvals.choices import Outcome, StepState
from pamong.approvals.models import ApprovalStep
from pamong.approvals.services import step_act
from pamong.core.schemas import (
    MAX_YEAR,
    MIN_YEAR,
    Amount,
    EmployeeRef,
    InSchema,
    NonNegativeAmount,
    PublicIdOut,
    Text,
    UnitRef,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.core.text import multi_line
from pamong.people.documents import check_document
from pamong.people.errors import PeopleError
from pamong.people.models import Employee, path_within
from pamong.people.selectors import actor_employee, units_visible_to

from . import errors, rules
from .choices import (
    Aspect,
    CoreValue,
    Direction,
    EvidenceKind,
    IndicatorSource,
    ObjectionStatus,
    OrganisationRating,
    PlanStatus,
    Predikat,
    Rating,
    ResultKind,
)
from .errors import PerformanceError
from .models import (
    Calibration,
    Evaluation,
    Feedback,
    Objection,
    OrganisationRatingRecord,
    Realisation,
    Skp,
    SkpIndicator,
    SkpResult,
)
from .selectors import (
    distribution,
    evaluations_visible_to,
    indicator_library,
    organisation_ratings_visible_to,
    settings_for,
    skps_visible_to,
)
from .services import (
    MAX_EVIDENCE_PER_REALISATION,
    YEARS,
    evaluation_calibrate,
    evaluation_record,
    evidence_add,
    feedback_give,
    objection_decide,
    objection_submit,
    organisation_rating_set,
    realisation_report,
    skp_create,
    skp_indicator_add,
    skp_result_add,
    skp_revise,
    skp_submit,
)

# Typed text refuses bidi/zero-width/control characters (pamong.core.text); newlines are allowed.
Lines = Annotated[Text, AfterValidator(multi_line)]

router = Router(tags=["performance"])

UNKNOWN_REFERENCE = "performance.unknown_reference"
# The SKP has no approval step waiting for an answer (a draft, or already decided): 409.
NOT_SUBMITTED = "performance.plan_not_submitted"
FEEDBACK_TARGET = "performance.feedback_target"
# Base64 grows by 4/3; the whole request body is capped by DATA_UPLOAD_MAX_MEMORY_SIZE anyway.
MAX_BASE64_CHARS = 7 * 1024 * 1024
PERIOD_HELP = 'A period code of the SKP\'s year: "2026" (annual), "2026-03" (month), "2026-Q1", "2026-S1".'
# The layout of a period code (rules.is_valid_period), stated in the schema; the service refuses the rest with
# performance.invalid_period, so the pattern documents the check rather than duplicating it.
PERIOD = {"pattern": r"^[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]|S[12]))?$"}

# --- Shared pieces -----------------------------------------------------------------------------



class RatingInSchema(InSchema):
    """An input carrying ratings: a ``predikat`` sent by the client is refused with its own code."""

    @model_validator(mode="before")
    @classmethod
    def _predikat_is_derived(cls, data: Any) -> Any:
        if isinstance(data, dict) and "predikat" in data:
            message = _("The predikat is not accepted: it is derived from the work-result and behaviour ratings "
                        "by the official matrix (PermenPANRB 6/2022). Send work_result and behaviour only.")
            raise PerformanceError(message, code=errors.PREDIKAT_NOT_ACCEPTED,
                                   extra={"fields": {"predikat": [message]}})
        return data








def _unknown(field: str) -> PerformanceError:
    message = _("Unknown or inaccessible object.")
    return PerformanceError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})


def _own_employee(request) -> Employee:
    """The caller's employee record: one drafts only one's own SKP."""
    me = actor_employee(request.user)
    if me is None:
        raise PermissionDenied
    return me


def _uuid(obj, attname: str) -> UUID | None:
    related = getattr(obj, attname.removesuffix("_id")) if getattr(obj, attname) else None
    return related.public_id if related is not None else None


# --- Out schemas ---------------------------------------------------------------------------------


class IndicatorOut(PublicIdOut):
    result_id: UUID
    name: str
    aspect: Aspect
    target_value: Decimal
    unit: str
    direction: Direction
    source: IndicatorSource
    template_id: UUID | None

    @staticmethod
    def resolve_result_id(obj) -> UUID:
        return obj.result.public_id

    @staticmethod
    def resolve_template_id(obj) -> UUID | None:
        return _uuid(obj, "template_id")


class ResultOut(PublicIdOut):
    text: str
    kind: ResultKind
    perspective: str
    parent_result_id: UUID | None = Field(
        None, description="The appraiser's work result this one supports (RHK atasan yang diintervensi).")
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_parent_result_id(obj) -> UUID | None:
        return _uuid(obj, "parent_id")

    @staticmethod
    def resolve_indicators(obj) -> list[SkpIndicator]:
        return list(obj.indicators.all())


class ResultRef(PublicIdOut):
    text: str
    kind: ResultKind


class BehaviourOut(Schema):
    value: CoreValue
    label: str
    guides: list[str] = Field(..., description="The three panduan perilaku of the value.")
    expectation: str = Field(..., description="The appraiser's specific expectation (ekspektasi khusus pimpinan).")

    @staticmethod
    def resolve_label(obj) -> str:
        return str(CoreValue(obj.value).label)

    @staticmethod
    def resolve_guides(obj) -> list[str]:
        return list(rules.CORE_VALUE_GUIDES.get(obj.value, ()))


class ObjectionOut(PublicIdOut):
    evaluation_id: UUID
    text: str
    status: ObjectionStatus
    decision: str
    decided_by: EmployeeRef | None
    decided_at: datetime | None
    submitted_at: datetime

    @staticmethod
    def resolve_evaluation_id(obj) -> UUID:
        return obj.evaluation.public_id

    @staticmethod
    def resolve_submitted_at(obj) -> datetime:
        return obj.created_at


class EvaluationOut(PublicIdOut):
    plan_id: UUID
    employee: EmployeeRef
    period: str
    work_result: Rating
    behaviour: Rating
    predikat: Predikat = Field(..., description="Derived from the two ratings by the official matrix; never sent.")
    work_result_from_organisation: bool = Field(
        ..., description="True for a unit head: the work result is the unit's organisation rating (SE 3/2023).")
    evaluator: EmployeeRef
    rated_on: date
    objection_deadline: date
    note: str
    objection: ObjectionOut | None

    @staticmethod
    def resolve_plan_id(obj) -> UUID:
        return obj.skp.public_id

    @staticmethod
    def resolve_objection_deadline(obj) -> date:
        days = getattr(obj, "_objection_window_days", None)
        if days is None:
            days = settings_for(obj.pemda_id).objection_window_days
        return rules.objection_deadline(obj.rated_on, days)

    @staticmethod
    def resolve_objection(obj) -> Objection | None:
        objections = list(obj.objections.all())
        return objections[0] if objections else None


class PlanOut(PublicIdOut):
    employee: EmployeeRef
    year: int
    version: int
    status: PlanStatus
    appraiser: EmployeeRef | None
    submitted_at: datetime | None
    approved_at: datetime | None


class PlanDetailOut(PlanOut):
    unit: UnitRef | None
    position: str | None
    supersedes: UUID | None = Field(None, description="The version this one replaces.")
    revision_reason: str
    supervisor_comment: str = Field(..., description="The appraiser's last comment (e.g. the changes asked for).")
    results: list[ResultOut]
    behaviours: list[BehaviourOut]
    evaluations: list[EvaluationOut]
    cascade_options: list[ResultRef] = Field(
        ..., description="The appraiser's work results of the year that a result may support (parent_result_id).")

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit

    @staticmethod
    def resolve_position(obj) -> str | None:
        return obj.position.name if obj.position_id else None

    @staticmethod
    def resolve_supersedes(obj) -> UUID | None:
        return _uuid(obj, "supersedes_id")

    @staticmethod
    def resolve_results(obj) -> list[SkpResult]:
        return list(obj.results.all())

    @staticmethod
    def resolve_behaviours(obj) -> list:
        return list(obj.behaviours.all())

    @staticmethod
    def resolve_evaluations(obj) -> list[Evaluation]:
        return list(obj.evaluations.all())

    @staticmethod
    def resolve_cascade_options(obj) -> list[SkpResult]:
        return getattr(obj, "_cascade_options", [])


class PlanPageOut(Schema):
    count: int
    items: list[PlanOut]


def _evaluation_queryset() -> QuerySet[Evaluation]:
    objections = Objection.objects.select_related("decided_by")
    return (Evaluation.objects.select_related("skp", "employee", "evaluator")
            .prefetch_related(Prefetch("objections", queryset=objections)))


def _plan_detail_queryset(actor) -> QuerySet[Skp]:
    indicators = SkpIndicator.objects.select_related("template").order_by("pk")
    results = SkpResult.objects.select_related("parent").prefetch_related(Prefetch("indicators", queryset=indicators))
    return skps_visible_to(actor).select_related(
        "employee", "appraiser", "org_unit", "position", "supersedes"
    ).prefetch_related(
        Prefetch("results", queryset=results.order_by("order", "pk")),
        "behaviours",
        Prefetch("evaluations", queryset=_evaluation_queryset().order_by("period", "pk")),
    )


def _with_extras(skp: Skp) -> Skp:
    """Add what the detail shows beyond the plan's own rows: the cascade options, the objection window."""
    skp._cascade_options = []
    if skp.appraiser_id:
        skp._cascade_options = list(
            SkpResult.objects.filter(skp__employee_id=skp.appraiser_id, skp__year=skp.year)
            .exclude(skp__status=PlanStatus.SUPERSEDED).order_by("order", "pk"))
    window = settings_for(skp.pemda_id).objection_window_days
    for evaluation in skp.evaluations.all():
        evaluation._objection_window_days = window
    return skp


def _plan(request, plan_id: UUID) -> Skp:
    return get_object_or_404(skps_visible_to(request.user).select_related("employee", "appraiser"), public_id=plan_id)


def _detail(request, skp: Skp) -> Skp:
    """The plan re-read through the actor's scope with everything the detail shows."""
    return _with_extras(_plan_detail_queryset(request.user).get(pk=skp.pk))


# --- Plans -----------------------------------------------------------------------------------------


class PlanFilters(Schema):
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    employee: UUID | None = Field(None, description="Only this employee's plans.")
    status: PlanStatus | None = None


class PlanCreateIn(InSchema):
    year: int = Field(..., ge=YEARS[0], le=YEARS[-1], description="The performance year of the caller's new SKP.")


@router.get(
    "/plans",
    response={200: PlanPageOut, **error_responses(401, 422)},
    summary="List the SKPs the actor may see (own, subordinates'; HR, executive and auditor: the agency)",
    operation_id="performance_plan_list",
)
def plan_list(request, filters: Query[PlanFilters], limit: int = limit_param(), offset: int = offset_param()):
    plans = skps_visible_to(request.user).select_related("employee", "appraiser")
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    if filters.employee is not None:
        plans = plans.filter(employee__public_id=filters.employee)
    if filters.status is not None:
        plans = plans.filter(status=filters.status.value)
    return page_of(plans.order_by("-year", "employee__name", "employee_id", "-version"), limit, offset)


@router.post(
    "/plans",
    response={201: PlanDetailOut, **error_responses(401, 403, 409, 422)},
    summary="Start the caller's own SKP for a year (a draft with the seven BerAKHLAK values)",
    description="409 `performance.plan_exists` when the caller already has an SKP for the year.",
    operation_id="performance_plan_create",
)
def plan_create(request, payload: PlanCreateIn):
    skp = skp_create(actor=request.user, employee=_own_employee(request), year=payload.year)
    return Status(201, _detail(request, skp))


@router.get(
    "/plans/{plan_id}",
    response={200: PlanDetailOut, **error_responses(401, 404, 422)},
    summary="One SKP: results with indicators, behaviour expectations, status, version, appraiser, ratings",
    operation_id="performance_plan_detail",
)
def plan_detail(request, plan_id: UUID):
    return _with_extras(get_object_or_404(_plan_detail_queryset(request.user), public_id=plan_id))


class ResultCreateIn(InSchema):
    text: Lines = Field(..., min_length=1, max_length=500, description="The work result (RHK), not an activity.")
    kind: ResultKind = ResultKind.MAIN
    parent_result_id: UUID | None = Field(
        None, description="The appraiser's result it supports (one of cascade_options); required for JA/JF when the "
                          "appraiser has results.")
    perspective: Lines = Field("", max_length=40, description="JPT only: the perspective (e.g. Penerima Layanan).")


@router.post(
    "/plans/{plan_id}/results",
    response={201: ResultOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Add a work result (RHK) to the caller's draft SKP",
    operation_id="performance_result_create",
)
def result_create(request, plan_id: UUID, payload: ResultCreateIn):
    skp = _plan(request, plan_id)
    parent = None
    if payload.parent_result_id is not None:
        # Only the appraiser's results are candidates; anything else is reported like an unknown id.
        parent = (SkpResult.objects.select_related("skp")
                  .filter(public_id=payload.parent_result_id, skp__employee_id=skp.appraiser_id).first())
        if parent is None:
            raise _unknown("parent_result_id")
    result = skp_result_add(actor=request.user, skp=skp, text=payload.text, kind=payload.kind.value, parent=parent,
                            perspective=payload.perspective)
    return Status(201, result)


class IndicatorCreateIn(InSchema):
    name: Lines = Field("", max_length=300, description="Taken from the template when omitted.")
    aspect: Aspect | None = Field(None, description="Required unless a template gives it.")
    target_value: NonNegativeAmount
    unit: Lines = Field("", max_length=40)
    direction: Direction = Direction.HIGHER_IS_BETTER
    template_id: UUID | None = Field(None, description="An entry of the indicator library.")


@router.post(
    "/results/{result_id}/indicators",
    response={201: IndicatorOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Add a measurable indicator (IKI) with its target to a work result of the caller's draft SKP",
    operation_id="performance_indicator_create",
)
def indicator_create(request, result_id: UUID, payload: IndicatorCreateIn):
    result = get_object_or_404(
        SkpResult.objects.select_related("skp").filter(skp__in=skps_visible_to(request.user)), public_id=result_id)
    template = None
    if payload.template_id is not None:
        template = indicator_library(request.user).filter(public_id=payload.template_id).first()
        if template is None:
            raise _unknown("template_id")
    indicator = skp_indicator_add(
        actor=request.user, result=result, name=payload.name, aspect=payload.aspect.value if payload.aspect else "",
        target_value=payload.target_value, unit=payload.unit, direction=payload.direction.value, template=template)
    return Status(201, indicator)


@router.post(
    "/plans/{plan_id}/submit",
    response={200: PlanDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Send the caller's draft SKP to the appraiser for agreement",
    operation_id="performance_plan_submit",
)
def plan_submit(request, plan_id: UUID):
    skp = _plan(request, plan_id)
    return _detail(request, skp_submit(actor=request.user, skp=skp))


class PlanDecision(StrEnum):
    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"


class PlanApproveIn(InSchema):
    outcome: PlanDecision
    comment: Lines = Field("", max_length=4000, description="Required with request_changes: the changes asked for.")


@router.post(
    "/plans/{plan_id}/approve",
    response={200: PlanDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The appraiser agrees to a submitted SKP (locks it) or asks for changes",
    description="409 `performance.plan_not_submitted` when no agreement is awaited; 409 `approvals.step_not_active` "
                "when it was answered a moment ago.",
    operation_id="performance_plan_approve",
)
def plan_approve(request, plan_id: UUID, payload: PlanApproveIn):
    skp = _plan(request, plan_id)
    comment = payload.comment.strip()
    step = None
    if skp.process_id:
        step = ApprovalStep.objects.filter(process_id=skp.process_id, state=StepState.ACTIVE).first()
    if step is None:
        me = actor_employee(request.user)
        if me is None or me.pk != skp.appraiser_id:
            raise PermissionDenied
        raise PerformanceError(_("This SKP is not awaiting agreement."), code=NOT_SUBMITTED, http_status=409)
    if payload.outcome == PlanDecision.REQUEST_CHANGES and not comment:
        message = _("Say which changes are needed.")
        raise PerformanceError(message, code=errors.REASON_REQUIRED, extra={"fields": {"comment": [message]}})
    outcome = Outcome.APPROVE if payload.outcome == PlanDecision.APPROVE else Outcome.CHANGE
    step_act(actor=request.user, step=step, outcome=outcome.value, reason=comment)
    return _detail(request, skp)


class PlanReviseIn(InSchema):
    reason: Lines = Field(..., max_length=2000, description="Why the agreed SKP changes (recorded with the version).")


@router.post(
    "/plans/{plan_id}/revise",
    response={201: PlanDetailOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Open a new version of an agreed SKP, with a reason; returns the new version (a draft)",
    operation_id="performance_plan_revise",
)
def plan_revise(request, plan_id: UUID, payload: PlanReviseIn):
    skp = _plan(request, plan_id)
    return Status(201, _detail(request, skp_revise(actor=request.user, skp=skp, reason=payload.reason)))


# --- Realisations with evidence ------------------------------------------------------------------


class EvidenceOut(PublicIdOut):
    kind: EvidenceKind
    description: str
    url: str
    number: Decimal | None
    filename: str
    content_type: str
    sha256: str

    @staticmethod
    def resolve_filename(obj) -> str:
        return obj.original_name


class RealisationOut(PublicIdOut):
    indicator_id: UUID
    indicator: str
    period: str
    value: Decimal
    target_value: Decimal
    achievement: Decimal | None = Field(None, description="Percentage of the target achieved (capped at 200).")
    note: str
    source: IndicatorSource
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_indicator_id(obj) -> UUID:
        return obj.indicator.public_id

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.name

    @staticmethod
    def resolve_target_value(obj) -> Decimal:
        return obj.indicator.target_value

    @staticmethod
    def resolve_achievement(obj) -> Decimal | None:
        indicator = obj.indicator
        return rules.achievement(indicator.target_value, obj.value,
                                 lower_is_better=indicator.direction == Direction.LOWER_IS_BETTER)

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())


class RealisationPageOut(Schema):
    count: int
    items: list[RealisationOut]


class PeriodFilter(Schema):
    period: str | None = Field(None, max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)


class EvidenceIn(InSchema):
    kind: EvidenceKind
    description: Lines = Field("", max_length=300)
    url: Lines = Field("", max_length=500, description="kind link: an http(s) address.")
    number: Amount | None = Field(None, description="kind number: the figure.")
    filename: Lines = Field("", max_length=255, description="kind file: with its extension (.pdf, .jpg or .png).")
    content_base64: str = Field("", max_length=MAX_BASE64_CHARS, description="kind file: the content, base64.")


class RealisationIn(InSchema):
    indicator_id: UUID
    period: Text = Field(..., max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
    value: Amount
    note: Lines = Field("", max_length=2000)
    evidence: list[EvidenceIn] = Field(default_factory=list, max_length=MAX_EVIDENCE_PER_REALISATION,
                                       description="Bukti dukung added with the report (appended on a correction).")


def _realisation_queryset() -> QuerySet[Realisation]:
    return Realisation.objects.select_related("indicator").prefetch_related("evidence")


def _evidence_uploads(evidence: list[EvidenceIn]) -> list[tuple[str, bytes] | None]:
    """Decode and check every file before anything is written, so a bad file never leaves a half report."""
    uploads: list[tuple[str, bytes] | None] = []
    for index, item in enumerate(evidence):
        if item.kind != EvidenceKind.FILE:
            uploads.append(None)
            continue
        field = f"evidence.{index}.content_base64"
        try:
            content = base64.b64decode(item.content_base64, validate=True)
            check_document(item.filename, content)
        except (binascii.Error, ValueError):
            message = _("The file is not valid base64.")
            raise PerformanceError(message, code=errors.INVALID_DOCUMENT, extra={"fields": {field: [message]}}) from None
        except PeopleError as exc:
            raise PerformanceError(exc.message, code=errors.INVALID_DOCUMENT,
                                   extra={"fields": {field: [exc.message]}}) from None
        uploads.append((item.filename, content))
    return uploads


def _evidence_error(exc: PerformanceError, index: int) -> PerformanceError:
    """The service's field names, placed on the evidence item the client sent."""
    renamed = {"upload": "content_base64", "realisation": "period"}
    fields = {f"evidence.{index}.{renamed.get(name, name)}": messages
              for name, messages in (exc.extra.get("fields") or {}).items()}
    return PerformanceError(exc.message, code=exc.code, http_status=exc.http_status,
                            extra={**exc.extra, "fields": fields})


@router.get(
    "/plans/{plan_id}/realisations",
    response={200: RealisationPageOut, **error_responses(401, 404, 422)},
    summary="The realisations of an SKP's indicators with their evidence and achievement",
    operation_id="performance_realisation_list",
)
def realisation_list(request, plan_id: UUID, filters: Query[PeriodFilter], limit: int = limit_param(),
                     offset: int = offset_param()):
    skp = _plan(request, plan_id)
    realisations = _realisation_queryset().filter(indicator__result__skp=skp)
    if filters.period:
        realisations = realisations.filter(period=filters.period)
    ordered = realisations.order_by("period", "indicator__result__order", "indicator__result_id", "indicator_id")
    return page_of(ordered, limit, offset)


@router.post(
    "/plans/{plan_id}/realisations",
    response={200: RealisationOut, 201: RealisationOut, **error_responses(401, 403, 404, 409, 413, 422)},
    summary="Report (201) or correct (200) an indicator's realisation for a period, with evidence",
    description="Evidence is a list of `{kind: file|link|number, description, url, number, filename, "
                "content_base64}`. The report and its evidence are written together or not at all. 409 "
                "`performance.already_rated` once a rating covers the period.",
    operation_id="performance_realisation_report",
)
def realisation_create(request, plan_id: UUID, payload: RealisationIn):
    skp = _plan(request, plan_id)
    indicator = SkpIndicator.objects.select_related("result__skp").filter(
        result__skp=skp, public_id=payload.indicator_id).first()
    if indicator is None:
        raise _unknown("indicator_id")
    uploads = _evidence_uploads(payload.evidence)
    existing = Realisation.objects.filter(indicator=indicator, period=payload.period).first()
    if existing is not None and existing.evidence.count() + len(payload.evidence) > MAX_EVIDENCE_PER_REALISATION:
        message = _("A realisation has at most %(n)d pieces of evidence.") % {"n": MAX_EVIDENCE_PER_REALISATION}
        raise PerformanceError(message, code=errors.TOO_MANY_EVIDENCE, extra={"fields": {"evidence": [message]}})
    # Files last: a link or figure refused by the service then stops the request before any file is stored.
    order = sorted(range(len(payload.evidence)), key=lambda i: payload.evidence[i].kind == EvidenceKind.FILE)
    # One transaction around the two services: the report and its evidence are written together or not at all.
    with transaction.atomic():
        realisation = realisation_report(actor=request.user, indicator=indicator, period=payload.period,
                                         value=payload.value, note=payload.note)
        for index in order:
            item = payload.evidence[index]
            try:
                evidence_add(actor=request.user, realisation=realisation, kind=item.kind.value,
                             description=item.description, url=item.url, number=item.number, upload=uploads[index])
            except PerformanceError as exc:
                raise _evidence_error(exc, index) from None
    return Status(200 if existing else 201, _realisation_queryset().get(pk=realisation.pk))


# --- Feedback ------------------------------------------------------------------------------------


class FeedbackOut(PublicIdOut):
    period: str
    text: str
    result_id: UUID | None
    value: CoreValue | None
    author: EmployeeRef | None
    given_at: datetime

    @staticmethod
    def resolve_result_id(obj) -> UUID | None:
        return _uuid(obj, "result_id")

    @staticmethod
    def resolve_value(obj) -> str | None:
        return obj.value or None

    @staticmethod
    def resolve_given_at(obj) -> datetime:
        return obj.created_at


class FeedbackPageOut(Schema):
    count: int
    items: list[FeedbackOut]


class FeedbackIn(InSchema):
    period: Text = Field(..., max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
    text: Lines = Field(..., min_length=1, max_length=4000)
    result_id: UUID | None = Field(None, description="Feedback on this work result of the SKP …")
    value: CoreValue | None = Field(None, description="… or on this BerAKHLAK value (exactly one of the two).")


@router.get(
    "/plans/{plan_id}/feedback",
    response={200: FeedbackPageOut, **error_responses(401, 404, 422)},
    summary="The continuous feedback (umpan balik berkelanjutan) on an SKP, newest first",
    operation_id="performance_feedback_list",
)
def feedback_list(request, plan_id: UUID, filters: Query[PeriodFilter], limit: int = limit_param(),
                  offset: int = offset_param()):
    skp = _plan(request, plan_id)
    feedback = Feedback.objects.filter(skp=skp).select_related("result", "author")
    if filters.period:
        feedback = feedback.filter(period=filters.period)
    return page_of(feedback.order_by("-created_at", "-pk"), limit, offset)


@router.post(
    "/plans/{plan_id}/feedback",
    response={201: FeedbackOut, **error_responses(401, 403, 404, 422)},
    summary="Give feedback on a work result or a BerAKHLAK value (the appraiser or someone above the employee)",
    operation_id="performance_feedback_create",
)
def feedback_create(request, plan_id: UUID, payload: FeedbackIn):
    skp = _plan(request, plan_id)
    if (payload.result_id is None) == (payload.value is None):
        message = _("Give the feedback on one work result or on one BerAKHLAK value.")
        raise PerformanceError(message, code=FEEDBACK_TARGET,
                               extra={"fields": {"result_id": [message], "value": [message]}})
    result = None
    if payload.result_id is not None:
        result = SkpResult.objects.filter(skp=skp, public_id=payload.result_id).first()
        if result is None:
            raise _unknown("result_id")
    feedback = feedback_give(actor=request.user, skp=skp, period=payload.period, text=payload.text, result=result,
                             value=payload.value.value if payload.value else "")
    return Status(201, feedback)


# --- Evaluations, objections, calibration ----------------------------------------------------------


class EvaluationIn(RatingInSchema):
    period: Text = Field(..., max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
    work_result: Rating = Field(..., description="Rating hasil kerja (for a unit head: replaced by the unit's "
                                                 "organisation rating).")
    behaviour: Rating = Field(..., description="Rating perilaku kerja.")
    note: Lines = Field("", max_length=2000)


def _evaluation(evaluation: Evaluation) -> Evaluation:
    return _evaluation_queryset().get(pk=evaluation.pk)


@router.post(
    "/plans/{plan_id}/evaluations",
    response={201: EvaluationOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Rate a period of an agreed SKP on the two official scales; the predikat is derived",
    description="A `predikat` in the body is refused (422 `performance.predikat_is_derived`). Outside the "
                "evaluation window: 422 `performance.evaluation_window_closed`. Nobody rates themselves (403).",
    operation_id="performance_evaluation_create",
)
def evaluation_create(request, plan_id: UUID, payload: EvaluationIn):
    skp = _plan(request, plan_id)
    evaluation = evaluation_record(actor=request.user, skp=skp, period=payload.period,
                                   work_result=payload.work_result.value, behaviour=payload.behaviour.value,
                                   note=payload.note)
    return Status(201, _evaluation(evaluation))


class EvaluationPageOut(Schema):
    count: int
    items: list[EvaluationOut]


class EvaluationFilters(Schema):
    employee: UUID | None = Field(None, description="Only this employee's ratings.")
    period: str | None = Field(None, max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
    unit: UUID | None = Field(None, description="Ratings given in this unit and its sub-units (an unknown or "
                                                 "foreign unit matches nothing).")


def _period_filter(period: str) -> str:
    if not rules.is_valid_period(period):
        message = _("Unknown period.")
        raise PerformanceError(message, code=errors.INVALID_PERIOD, extra={"fields": {"period": [message]}})
    return period


@router.get(
    "/evaluations",
    response={200: EvaluationPageOut, **error_responses(401, 422)},
    summary="List the ratings the caller may see (own, subordinates'; HR, executive and auditor: the agency)",
    operation_id="performance_evaluation_list",
)
def evaluation_list(request, filters: Query[EvaluationFilters], limit: int = limit_param(),
                    offset: int = offset_param()):
    evaluations = _evaluation_queryset().filter(pk__in=evaluations_visible_to(request.user).values("pk"))
    if filters.employee is not None:
        evaluations = evaluations.filter(employee__public_id=filters.employee)
    if filters.period:
        evaluations = evaluations.filter(period=_period_filter(filters.period))
    if filters.unit is not None:
        unit = units_visible_to(request.user).filter(public_id=filters.unit).first()
        if unit is None:
            return {"count": 0, "items": []}
        evaluations = evaluations.filter(path_within("org_unit__path", unit.path))
    page = page_of(evaluations.order_by("-period", "employee__name", "employee_id", "pk"), limit, offset)
    windows: dict[int, int] = {}
    for evaluation in page["items"]:  # one settings read per agency, not per row
        if evaluation.pemda_id not in windows:
            windows[evaluation.pemda_id] = settings_for(evaluation.pemda_id).objection_window_days
        evaluation._objection_window_days = windows[evaluation.pemda_id]
    return page


class ObjectionCreateIn(InSchema):
    text: Lines = Field(..., max_length=4000, description="The reasons for the objection (keberatan).")


class ObjectionDecideIn(RatingInSchema):
    upheld: bool = Field(..., description="True: the rating changes to the ratings given here.")
    decision: Lines = Field(..., max_length=4000, description="The reasons for the decision.")
    work_result: Rating | None = Field(None, description="Required when upheld.")
    behaviour: Rating | None = Field(None, description="Required when upheld.")


class ObjectionDecidedOut(ObjectionOut):
    evaluation: EvaluationOut


def _objection(objection: Objection) -> Objection:
    objection = Objection.objects.select_related("evaluation", "decided_by").get(pk=objection.pk)
    objection.evaluation = _evaluation(objection.evaluation)
    return objection


@router.post(
    "/evaluations/{evaluation_id}/objections",
    response={201: ObjectionOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The rated employee objects to the rating, within the window (PP 30/2019 Pasal 59)",
    description="422 `performance.objection_window_closed` after the window; 409 `performance.objection_exists`.",
    operation_id="performance_objection_create",
)
def objection_create(request, evaluation_id: UUID, payload: ObjectionCreateIn):
    evaluation = get_object_or_404(evaluations_visible_to(request.user), public_id=evaluation_id)
    objection = objection_submit(actor=request.user, evaluation=evaluation, text=payload.text)
    return Status(201, _objection(objection))


@router.post(
    "/objections/{objection_id}/decide",
    response={200: ObjectionDecidedOut, **error_responses(401, 403, 404, 409, 422)},
    summary="The appraiser's supervisor decides an objection; upheld re-rates and re-derives the predikat",
    operation_id="performance_objection_decide",
)
def objection_decide_(request, objection_id: UUID, payload: ObjectionDecideIn):
    objection = get_object_or_404(
        Objection.objects.select_related("evaluation__employee", "evaluation__evaluator__current_position")
        .filter(evaluation__in=evaluations_visible_to(request.user)), public_id=objection_id)
    decided = objection_decide(
        actor=request.user, objection=objection, upheld=payload.upheld, decision=payload.decision,
        work_result=payload.work_result.value if payload.work_result else "",
        behaviour=payload.behaviour.value if payload.behaviour else "")
    return _objection(decided)


class CalibrateIn(RatingInSchema):
    work_result: Rating
    behaviour: Rating
    reason: Lines = Field(..., max_length=2000, description="Recorded with the calibration; required.")


class CalibrationOut(PublicIdOut):
    evaluation: EvaluationOut
    old_work_result: Rating
    old_behaviour: Rating
    old_predikat: Predikat
    new_work_result: Rating
    new_behaviour: Rating
    new_predikat: Predikat
    reason: str
    calibrated_at: datetime

    @staticmethod
    def resolve_calibrated_at(obj) -> datetime:
        return obj.created_at


@router.post(
    "/evaluations/{evaluation_id}/calibrate",
    response={200: CalibrationOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Calibrate a rating against the distribution, with a recorded reason (authorised official)",
    operation_id="performance_evaluation_calibrate",
)
def evaluation_calibrate_(request, evaluation_id: UUID, payload: CalibrateIn):
    evaluation = get_object_or_404(evaluations_visible_to(request.user).select_related("org_unit"),
                                   public_id=evaluation_id)
    calibration: Calibration = evaluation_calibrate(
        actor=request.user, evaluation=evaluation, work_result=payload.work_result.value,
        behaviour=payload.behaviour.value, reason=payload.reason)
    calibration.evaluation = _evaluation(evaluation)
    return calibration


# --- Organisation ratings and the distribution ----------------------------------------------------


class OrganisationRatingIn(InSchema):
    unit: UUID
    period: Text = Field(..., max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)
    rating: OrganisationRating
    reason: Lines = Field("", max_length=2000)


class OrganisationRatingOut(PublicIdOut):
    unit: UnitRef
    period: str
    rating: OrganisationRating
    reason: str

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit


class OrganisationRatingPageOut(Schema):
    count: int
    items: list[OrganisationRatingOut]


class OrganisationRatingFilters(Schema):
    unit: UUID | None = Field(None, description="Only this unit's own ratings (not its sub-units').")
    period: str | None = Field(None, max_length=8, description=PERIOD_HELP, json_schema_extra=PERIOD)


@router.get(
    "/organisation-ratings",
    response={200: OrganisationRatingPageOut, **error_responses(401, 422)},
    summary="List the organisation ratings of the units the caller may see",
    description="An unknown or foreign unit matches nothing. Newest period first.",
    operation_id="performance_organisation_rating_list",
)
def organisation_rating_list(request, filters: Query[OrganisationRatingFilters], limit: int = limit_param(),
                             offset: int = offset_param()):
    records = organisation_ratings_visible_to(request.user).select_related("org_unit")
    if filters.unit is not None:
        records = records.filter(org_unit__public_id=filters.unit)
    if filters.period:
        records = records.filter(period=_period_filter(filters.period))
    return page_of(records.order_by("-period", "org_unit__path", "pk"), limit, offset)


@router.post(
    "/organisation-ratings",
    response={201: OrganisationRatingOut, 200: OrganisationRatingOut, **error_responses(401, 403, 409, 422)},
    summary="Set (or correct) a unit's organisation rating for a period (SE MenPANRB 3/2023, step 1)",
    description="201 when the unit's rating for the period is created, 200 when an existing one is corrected.",
    operation_id="performance_organisation_rating_set",
)
def organisation_rating_set_(request, payload: OrganisationRatingIn):
    unit = units_visible_to(request.user).filter(public_id=payload.unit).first()
    if unit is None:
        raise _unknown("unit")
    existed = OrganisationRatingRecord.objects.filter(org_unit=unit, period=payload.period).exists()
    record: OrganisationRatingRecord = organisation_rating_set(
        actor=request.user, unit=unit, period=payload.period, rating=payload.rating.value, reason=payload.reason)
    return Status(200 if existed else 201, record)


class DistributionFilters(Schema):
    unit: UUID = Field(..., description="The unit; its whole tree is counted.")
    period: str | None = Field(None, max_length=8, description=PERIOD_HELP + " This year's annual when omitted.",
                               json_schema_extra=PERIOD)


class BoundOut(Schema):
    code: str
    predikat: list[Predikat]
    low: int = Field(..., description="Fewest people allowed with these predikat.")
    high: int = Field(..., description="Most people allowed.")
    count: int
    violated: bool
    text: str


class DistributionOut(Schema):
    unit: UnitRef
    period: str
    headcount: int
    counts: dict[str, int] = Field(..., description="Rated employees per predikat (every predikat is a key).")
    organisation_rating: OrganisationRating | None = Field(
        None, description="The unit's (or its nearest rated ancestor's) organisation rating; null: no bounds yet.")
    bounds: list[BoundOut]
    violations: list[str] = Field(..., description="The codes of the bounds the current ratings break.")


@router.get(
    "/distribution",
    response={200: DistributionOut, **error_responses(401, 404, 422)},
    summary="A unit's predikat distribution for a period against the curve allowed by its organisation rating",
    description="Counts only the ratings the caller may see.",
    operation_id="performance_distribution",
)
def distribution_detail(request, filters: Query[DistributionFilters]):
    unit = get_object_or_404(units_visible_to(request.user), public_id=filters.unit)
    period = filters.period or str(timezone.localdate().year)
    if not rules.is_valid_period(period):
        message = _("Unknown period.")
        raise PerformanceError(message, code=errors.INVALID_PERIOD, extra={"fields": {"period": [message]}})
    found = distribution(request.user, unit=unit, period=period)
    return {
        "unit": unit, "period": period, "headcount": found.headcount, "counts": found.counts,
        "organisation_rating": found.organisation_rating,
        "bounds": [{"code": r.code, "predikat": sorted(r.predikat), "low": r.low, "high": r.high, "count": r.count,
                    "violated": r.violated, "text": r.text} for r in found.ranges],
        "violations": [r.code for r in found.violations],
    }
