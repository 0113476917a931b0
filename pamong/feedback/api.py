"""/api/v1/feedback/: the satisfaction survey (SKM, PermenPANRB 14/2017; rules.md §4) for integrators.

Two surfaces, as in the HTML:
- public operations (``auth=None``, each saying why): a service point's questionnaire with a proof-of-work
  challenge, and the submission of one questionnaire — the same rules and limits as the public page (one per
  device, point and local day; the per-address hourly limit, 429 ``feedback.throttled``; the one-time challenge,
  400 ``feedback.proof_of_work``). They return nothing of the agency but the point's name and unit.
- staff operations (token or session): the points the caller may see, creating one, periods, a batch of paper
  questionnaires, the results of a point or a unit tree for a period, the Krejcie–Morgan sample size. Reads start
  from the scoped selectors (404 outside), writes go through the services (403 when visible but not allowed).
"""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
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
from pamong.people.models import OrgUnit

from . import errors, proof_of_work, rules, selectors, services
from .errors import FeedbackError, field_error
from .models import ServicePoint
from .permissions import can_manage_service_points, can_view_results
from .public_views import over_limit, submissions_per_hour
from .questionnaire import QUESTIONS

router = Router(tags=["feedback"])


# --- Public --------------------------------------------------------------------------------------------------------

class SkmQuestionOut(Schema):
    code: str = Field(..., description="The unsur's code (U1…U9, PermenPANRB 14/2017 order).")
    unsur: str
    text: str
    options: list[str] = Field(..., description="The answers 1 to 4, least to most satisfied.")


class SkmChallengeOut(Schema):
    token: str
    bits: int = Field(..., description="Find a decimal counter such that SHA-256(token + ':' + counter) starts "
                                       "with this many zero bits; send both with the questionnaire.")


class SkmPublicPointOut(Schema):
    code: str
    name: str
    unit: str
    agency: str
    open: bool = Field(..., description="Whether a survey period is open today (else a submission is refused).")
    questions: list[SkmQuestionOut]
    challenge: SkmChallengeOut


class SkmProfileIn(InSchema):
    gender: str = ""
    age_band: str = ""
    education: str = ""
    occupation: str = ""
    service_type: Text = Field("", max_length=100)


class SkmPublicResponseIn(InSchema):
    answers: dict[str, int] = Field(..., description="Every unsur code U1…U9 → 1…4.", max_length=20)
    profile: SkmProfileIn = Field(default_factory=SkmProfileIn)
    comment: str = Field("", max_length=1000)
    device_key: str = Field(..., min_length=16, max_length=200,
                            description="The device's own random key, kept between visits: one questionnaire per "
                                        "device, point and day.")
    pow_token: str = Field(..., max_length=500)
    pow_counter: str = Field(..., max_length=20)


class SkmPublicResponseOut(Schema):
    id: UUID
    recorded_at: datetime


def _public_point(code: str) -> ServicePoint:
    point = selectors.public_service_point(code)
    if point is None:
        raise Http404
    return point


# Public (auth=None): the questionnaire a service point's QR code opens, for kiosk or app integrations — the
# point's name and unit and the nine questions, nothing else of the agency.
@router.get("/public/points/{code}", auth=None, response={200: SkmPublicPointOut, **error_responses(404, 422)},
            summary="Public: a service point's questionnaire and a proof-of-work challenge (no sign-in)",
            operation_id="feedback_public_point")
def public_point(request, code: str):
    point = _public_point(code)
    today = selectors.local_day(point.pemda, timezone.now())
    return {
        "code": point.code, "name": point.name, "unit": point.org_unit.name, "agency": point.pemda.name,
        "open": selectors.open_period_on(point.pemda_id, today) is not None,
        "questions": [{"code": q.code, "unsur": str(q.unsur.name), "text": str(q.text),
                       "options": [str(option) for option in q.options]} for q in QUESTIONS],
        "challenge": {"token": proof_of_work.challenge(f"survey:{point.code}"), "bits": proof_of_work.difficulty()},
    }


# Public (auth=None): a citizen's questionnaire sent by an integration; the same limits as the public page.
@router.post("/public/points/{code}/responses", auth=None,
             response={201: SkmPublicResponseOut, **error_responses(400, 404, 409, 422, 429)},
             summary="Public: send one questionnaire (no sign-in; proof of work, one per device and day)",
             operation_id="feedback_public_response")
def public_response(request, code: str, payload: SkmPublicResponseIn):
    point = _public_point(code)
    if over_limit(request, "skm", limit=submissions_per_hour()):
        raise FeedbackError(_("Too many questionnaires were sent from this network in the last hour. Please try "
                              "again later."), code=errors.THROTTLED, http_status=429)
    proof_of_work.verify(payload.pow_token, payload.pow_counter, purpose=f"survey:{point.code}")
    response = services.response_submit(
        point_code=point.code, answers=payload.answers, profile=services.RespondentProfile(**payload.profile.model_dump()),
        comment=payload.comment, device_key=payload.device_key)
    return Status(201, {"id": response.public_id, "recorded_at": response.submitted_at})


# --- Staff ---------------------------------------------------------------------------------------------------------

class SkmPointOut(PublicIdOut):
    code: str
    name: str
    description: str
    unit: UnitRef
    yearly_users: int | None
    is_active: bool

    @staticmethod
    def resolve_unit(obj):
        return obj.org_unit


class SkmPointPageOut(Schema):
    count: int
    items: list[SkmPointOut]


class SkmPointIn(InSchema):
    unit: UUID
    name: Text = Field(..., max_length=200)
    description: str = Field("", max_length=2000)
    yearly_users: int | None = Field(None, ge=0, le=100_000_000)


class SkmPeriodOut(PublicIdOut):
    name: str
    start_date: date
    end_date: date
    is_open: bool


class SkmPaperRowIn(InSchema):
    answers: dict[str, int | None] = Field(..., max_length=20, description="Unsur code → 1…4 or null (blank).")
    profile: SkmProfileIn = Field(default_factory=SkmProfileIn)
    comment: str = Field("", max_length=1000)
    filled_on: date | None = None


class SkmPaperBatchIn(InSchema):
    period: UUID
    rows: list[SkmPaperRowIn] = Field(..., max_length=5 * services.MAX_PAPER_ROWS,
                                   description="At most 1,000 questionnaires; all or none are recorded.")


class SkmPaperBatchOut(Schema):
    recorded: int


class SkmUnsurOut(Schema):
    code: str
    name: str
    answered: int
    nrr: Decimal | None = Field(..., description="Σ answers ÷ questionnaires that answered it (2 decimals).")


class SkmResultsOut(Schema):
    respondents: int
    nrr: dict[str, Decimal | None] = Field(..., description="NRR per unsur, U1…U9, 2 decimals half-up.")
    unsur: list[SkmUnsurOut]
    ikm: Decimal | None = Field(..., description="IKM unit pelayanan (NIK, 25–100): the mean of the nine exact NRR "
                                                 "× 25, rounded half-up to 2 decimals; null unless every unsur has "
                                                 "answers.")
    category: str | None = Field(..., description="Mutu pelayanan A–D (88.31 / 76.61 / 65.00 / 25.00).")
    performance: str | None = Field(..., description="Kinerja unit pelayanan (Sangat Baik … Tidak Baik).")
    weakest: str | None = Field(..., description="The unsur code with the lowest NRR.")
    population: int | None
    sample_required: int | None = Field(..., description="Krejcie–Morgan sample for the population.")
    sample_reached: bool | None


class SkmSampleSizeOut(Schema):
    population: int
    sample_required: int


def _results_out(found: selectors.SurveyResults) -> dict:
    return {
        "respondents": found.respondents,
        "nrr": {item.code: item.nrr_display for item in found.unsur},
        "unsur": [{"code": item.code, "name": item.name, "answered": item.answered, "nrr": item.nrr_display}
                  for item in found.unsur],
        "ikm": found.nik,
        "category": found.category.letter if found.category else None,
        "performance": str(found.category.label) if found.category else None,
        "weakest": found.weakest,
        "population": found.population,
        "sample_required": found.sample_required,
        "sample_reached": found.sample_reached,
    }


def _unknown(field: str) -> FeedbackError:
    return field_error(field, _("Unknown or inaccessible object."), errors.INVALID_UNIT if field == "unit"
                       else errors.INVALID_PERIOD)


def _period(request, period_id: UUID, field: str = "period"):
    if not request.user.pemda_id:
        raise Http404
    period = selectors.survey_periods_of(request.user.pemda).filter(public_id=period_id).first()
    if period is None:
        raise _unknown(field)
    return period


@router.get("/points", response={200: SkmPointPageOut, **error_responses(401, 422)},
            summary="The service points whose results the caller may see (HR, executive, auditor: the agency; a "
                    "unit head: the unit's tree)", operation_id="feedback_point_list")
def point_list(request, limit: int = limit_param(), offset: int = offset_param()):
    points = selectors.service_points_visible_to(request.user).select_related("org_unit").order_by("name", "pk")
    return page_of(points, limit, offset)


@router.post("/points", response={201: SkmPointOut, **error_responses(401, 403, 422)},
             summary="Create a service point of a unit (HR admin, or the unit's head); its code is drawn at random",
             operation_id="feedback_point_create")
def point_create(request, payload: SkmPointIn):
    unit = OrgUnit.objects.filter(pemda_id=request.user.pemda_id, public_id=payload.unit).first()
    if unit is None or not request.user.pemda_id:
        raise _unknown("unit")
    if not can_manage_service_points(request.user, unit):
        raise PermissionDenied(_("Only the agency's HR administrator or the unit's head may add its service "
                                 "points."))
    point = services.service_point_create(actor=request.user, org_unit=unit, name=payload.name,
                                          description=payload.description, yearly_users=payload.yearly_users)
    return Status(201, point)


@router.get("/periods", response={200: list[SkmPeriodOut], **error_responses(401)},
            summary="The agency's survey periods, latest first", operation_id="feedback_period_list")
def period_list(request):
    if not request.user.pemda_id:
        return []
    return list(selectors.survey_periods_of(request.user.pemda)[:100])


@router.post("/points/{point_id}/paper-responses", response={201: SkmPaperBatchOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Record a batch of paper questionnaires of a point (all or none; audited)",
             description="Rows with problems: 422 `feedback.invalid_rows` with `rows: [{line, field, problem}]`, "
                         "nothing recorded. A closed period: 409 `feedback.period_closed`.",
             operation_id="feedback_paper_responses")
def paper_responses(request, point_id: UUID, payload: SkmPaperBatchIn):
    point = get_object_or_404(selectors.service_points_visible_to(request.user).select_related("org_unit"),
                              public_id=point_id)
    period = _period(request, payload.period)
    rows = [services.PaperRow(answers=row.answers, profile=services.RespondentProfile(**row.profile.model_dump()),
                              comment=row.comment, filled_on=row.filled_on) for row in payload.rows]
    created = services.paper_responses_enter(actor=request.user, point=point, period=period, rows=rows)
    return Status(201, {"recorded": len(created)})


@router.get("/results", response={200: SkmResultsOut, **error_responses(401, 404, 422)},
            summary="The SKM of a service point or a unit's tree over a period: NRR per unsur, IKM, category, "
                    "weakest unsur, sample", operation_id="feedback_results")
def results(request, period: UUID, point: UUID | None = None, unit: UUID | None = None):
    if (point is None) == (unit is None):
        message = _("Give either a service point or a unit.")
        raise FeedbackError(message, code=errors.RESULTS_TARGET,
                            extra={"fields": {"point": [message], "unit": [message]}})
    if point is not None:
        found_point = get_object_or_404(selectors.service_points_visible_to(request.user), public_id=point)
        found_period = _period(request, period)
        return _results_out(selectors.results(pemda=request.user.pemda, period=found_period, point=found_point))
    found_unit = OrgUnit.objects.filter(pemda_id=request.user.pemda_id, public_id=unit).first()
    if found_unit is None or not can_view_results(request.user, found_unit):
        raise Http404
    found_period = _period(request, period)
    return _results_out(selectors.results(pemda=request.user.pemda, period=found_period, unit=found_unit))


@router.get("/sample-size", response={200: SkmSampleSizeOut, **error_responses(401, 422)},
            summary="The minimum sample for a population (Krejcie & Morgan 1970; PermenPANRB 14/2017)",
            operation_id="feedback_sample_size")
def sample_size(request, population: int = Query(..., ge=0, le=1_000_000_000)):
    return {"population": population, "sample_required": rules.sample_required(population)}


from . import complaint_api  # noqa: E402 (complaints: its own module, under the same /api/v1/feedback/ prefix)

router.add_router("", complaint_api.router)
