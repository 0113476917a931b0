"""Development API: mentoring and coaching — pairs, mentor suggestions, sessions and their confirmation.

Pairs are read through pairs_visible_to(), so one outside the actor's scope is a 404; writes go through the
mentoring services, which answer 403 (PermissionDenied), 422 (a broken rule, with a stable ``code``) or 409 (a state
conflict: the pair exists, has ended, the session is already confirmed).
"""

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator

from pamong.core.schemas import (
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
from pamong.people.models import Employee
from pamong.people.selectors import employees_visible_to

from ..choices import GuidanceKind, PairStatus
from ..errors import DevelopmentError
from ..models import Competency, MentoringPair, MentoringSession
from ..selectors.mentoring import mentor_suggestions, pair_list, pair_sessions, pairs_visible_to
from ..services import mentoring as services

router = Router()

# Typed text refuses bidi/zero-width/control characters (pamong.core.text); newlines only where a text has lines.
Lines = Annotated[Text, AfterValidator(multi_line)]
Line = Annotated[Text, AfterValidator(single_line)]

UNKNOWN_REFERENCE = "development.unknown_reference"


def _unknown(field: str) -> DevelopmentError:
    message = _("Unknown or inaccessible object.")
    return DevelopmentError(message, code=UNKNOWN_REFERENCE, extra={"fields": {field: [message]}})


class MentoringCompetencyRef(PublicIdOut):
    code: str
    name: str


class MentoringPairOut(PublicIdOut):
    kind: GuidanceKind
    mentor: EmployeeRef
    mentee: EmployeeRef
    competency: MentoringCompetencyRef | None
    goal: str
    status: PairStatus
    started_on: date
    ended_on: date | None


class MentoringPairPageOut(Schema):
    count: int
    items: list[MentoringPairOut]


class MentoringPairIn(InSchema):
    mentee_id: UUID
    mentor_id: UUID
    competency_id: UUID | None = Field(None, description="The competency the mentoring is about (optional).")
    kind: GuidanceKind = GuidanceKind.MENTORING
    goal: Lines = Field(..., min_length=1, max_length=2000)
    started_on: Day | None = Field(None, description="Today when omitted; never in the future.")


class MentoringPairFilters(Schema):
    role: str | None = Field(None, pattern="^(mentor|mentee)$",
                             description='"mentor" or "mentee": only the caller\'s own pairs in that role.')


class MentorSuggestionOut(Schema):
    employee: EmployeeRef
    position: str
    fit: int = Field(..., description="How many of the targeted competencies the candidate holds at the level needed.")
    surplus: int = Field(..., description="By how many levels, summed, the candidate is above the levels needed.")
    active_pairs: int = Field(..., description="The candidate's active pairs as mentor (workload).")
    level: int | None


class MentoringSessionOut(PublicIdOut):
    pair_id: UUID
    held_on: date
    minutes: int
    topic: str
    notes: str
    agreed_actions: str
    recorded_by: EmployeeRef
    mentor_confirmed_at: datetime | None
    mentee_confirmed_at: datetime | None
    jp: int | None = Field(None, description="The JP counted for the mentee once both have confirmed.")

    @staticmethod
    def resolve_pair_id(obj) -> UUID:
        return obj.pair.public_id


class MentoringSessionIn(InSchema):
    held_on: Day
    minutes: int = Field(..., ge=services.SESSION_MINUTES_MIN, le=services.SESSION_MINUTES_MAX)
    topic: Line = Field(..., min_length=1, max_length=200)
    notes: Lines = Field("", max_length=4000)
    agreed_actions: Lines = Field("", max_length=2000)


def _pair(request, pair_id: UUID) -> MentoringPair:
    return get_object_or_404(pairs_visible_to(request.user).select_related("mentor", "mentee", "competency"),
                             public_id=pair_id)


def _session_out(session: MentoringSession) -> MentoringSession:
    for row in pair_sessions(session.pair):
        if row.pk == session.pk:
            return row
    return session


@router.get("/mentoring/pairs", response={200: MentoringPairPageOut, **error_responses(401, 422)},
            summary="The mentoring and coaching pairs the caller may see", operation_id="development_pair_list")
def pair_list_endpoint(request, filters: Query[MentoringPairFilters], limit: int = limit_param(), offset: int = offset_param()):
    return page_of(pair_list(actor=request.user, role=filters.role or ""), limit, offset)


@router.post("/mentoring/pairs", response={201: MentoringPairOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Pair a senior mentor with a mentee (HR of the agency, or the head of the mentee's unit)",
             operation_id="development_pair_create")
def pair_create_endpoint(request, payload: MentoringPairIn):
    mentee = employees_visible_to(request.user).filter(public_id=payload.mentee_id).first()
    if mentee is None:
        raise _unknown("mentee_id")
    mentor = Employee.objects.filter(pemda_id=mentee.pemda_id, public_id=payload.mentor_id).first()
    if mentor is None:
        raise _unknown("mentor_id")
    competency = None
    if payload.competency_id is not None:
        competency = Competency.objects.filter(pemda_id=mentee.pemda_id, public_id=payload.competency_id).first()
        if competency is None:
            raise _unknown("competency_id")
    pair = services.pair_create(actor=request.user, mentor=mentor, mentee=mentee, competency=competency,
                                kind=payload.kind.value, goal=payload.goal, started_on=payload.started_on)
    return Status(201, pair)


@router.get("/mentoring/suggestions", response={200: list[MentorSuggestionOut], **error_responses(401, 403, 404, 422)},
            summary="Suggested mentors for a mentee: best gap fit first, then the lightest workload",
            operation_id="development_mentor_suggestions")
def suggestions_endpoint(request, mentee: UUID, competency: UUID | None = None):
    person = get_object_or_404(employees_visible_to(request.user).select_related(
        "current_position", "current_golongan"), public_id=mentee)
    if not services.can_pair(request.user, person):
        raise PermissionDenied
    chosen = None
    if competency is not None:
        chosen = Competency.objects.filter(pemda_id=person.pemda_id, public_id=competency).first()
        if chosen is None:
            raise _unknown("competency")
    return [{"employee": s.employee, "position": s.employee.current_position.name if s.employee.current_position
             else "", "fit": s.fit, "surplus": s.surplus, "active_pairs": s.active_pairs, "level": s.level}
            for s in mentor_suggestions(person, chosen)]


@router.post("/mentoring/pairs/{pair_id}/sessions", response={201: MentoringSessionOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Record a session (the mentor or the mentee); the other party is asked to confirm it",
             operation_id="development_session_record")
def session_record_endpoint(request, pair_id: UUID, payload: MentoringSessionIn):
    pair = _pair(request, pair_id)
    session = services.session_record(actor=request.user, pair=pair, held_on=payload.held_on,
                                       minutes=payload.minutes, topic=payload.topic, notes=payload.notes,
                                       agreed_actions=payload.agreed_actions)
    return Status(201, _session_out(session))


@router.post("/mentoring/sessions/{session_id}/confirm",
             response={200: MentoringSessionOut, **error_responses(401, 403, 404, 409, 422)},
             summary="Confirm a session recorded by the other party; when both confirmed, its JP count for the mentee",
             operation_id="development_session_confirm")
def session_confirm_endpoint(request, session_id: UUID):
    session = get_object_or_404(MentoringSession.objects.filter(pair__in=pairs_visible_to(request.user))
                                .select_related("pair"), public_id=session_id)
    session = services.session_confirm(actor=request.user, session=session)
    return _session_out(session)


@router.post("/mentoring/pairs/{pair_id}/end", response={200: MentoringPairOut, **error_responses(401, 403, 404, 409, 422)},
             summary="End an active pair", operation_id="development_pair_end")
def pair_end_endpoint(request, pair_id: UUID):
    return services.pair_end(actor=request.user, pair=_pair(request, pair_id))
