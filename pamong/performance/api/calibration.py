"""The distribution (SE MenPANRB 3/2023): calibration, organisation ratings and a unit's predikat distribution."""

from datetime import datetime
from uuid import UUID

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from pamong.core.schemas import (
    InSchema,
    PublicIdOut,
    Text,
    UnitRef,
    error_responses,
    limit_param,
    offset_param,
    page_of,
)
from pamong.people.selectors import units_visible_to

from .. import errors, rules
from ..choices import OrganisationRating, Predikat, Rating
from ..errors import PerformanceError
from ..models import Calibration, OrganisationRatingRecord
from ..selectors import distribution, evaluations_visible_to, organisation_ratings_visible_to
from ..services import evaluation_calibrate, organisation_rating_set
from ._common import _evaluation, _period_filter, _unknown
from .schemas import PERIOD, PERIOD_HELP, EvaluationOut, Lines, RatingInSchema

router = Router()


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
