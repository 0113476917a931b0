"""Writes of the survey (SKM, PermenPANRB 14/2017; rules.md §4). Each in one transaction: permission → input →
state → write → audit.

- ``service_point_create`` / ``service_point_update``: HR admin of the agency, or the head of the point's unit
  (or of a unit above it); audited.
- ``period_create`` / ``period_close``: HR admin; periods of one agency never overlap, so a day belongs to at most
  one period; audited.
- ``response_submit``: the public, anonymous path (no actor). The online questionnaire must answer **all nine**
  unsur — the regulation's questionnaire asks each of them, and a phone form can insist — while a paper form may
  leave some blank (``paper_responses_enter``), whose NRR then divide by fewer questionnaires. One questionnaire per
  device, point and local day of the agency (``device_keys``). Not audited one by one: the row itself records what
  arrived and when, nothing in it is about an employee, and 100,000 anonymous rows would only flood the trail.
- ``paper_responses_enter``: a batch of paper questionnaires typed in by staff of the point's unit (or HR), all
  or nothing, one audit event per batch with the count.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.text import text_problem
from pamong.people.models import OrgUnit, Pemda

from . import errors, rules
from .audit import FeedbackAudit
from .choices import AgeBand, Channel, RespondentEducation, RespondentGender, RespondentOccupation
from .device_keys import device_day_key, normalised_device_key
from .errors import FeedbackError, field_error
from .models import (
    ANSWER_FIELDS,
    COMMENT_MAX_LENGTH,
    SERVICE_TYPE_MAX_LENGTH,
    ServicePoint,
    SurveyPeriod,
    SurveyResponse,
    SurveyTally,
)
from .permissions import can_enter_paper_responses, can_manage_feedback, can_manage_service_points
from .selectors import local_day, open_period_on, public_service_point

# A printed QR code is scanned, but a poster's URL is sometimes typed: no 0/o, 1/l/i to confuse.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 12  # 31¹² ≈ 7.9 × 10¹⁷ (59 bits): the points of an agency cannot be enumerated
MAX_PAPER_ROWS = 1000  # one batch is a stack of questionnaires, not a year's import
MAX_YEARLY_USERS = 100_000_000
NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000

_POINT_FIELDS = ("name", "description", "org_unit_id", "yearly_users", "is_active")


# --- Service points ------------------------------------------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))


def _clean_point_input(*, name: str, description: str, yearly_users: int | None, org_unit: OrgUnit) -> tuple[str, str]:
    name, description = (name or "").strip(), (description or "").strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise field_error("name", _("Enter the service point's name (at most 200 characters)."), errors.INVALID_NAME)
    if problem := text_problem(name):
        raise field_error("name", problem, errors.INVALID_NAME)
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise field_error("description", _("The description is at most 2,000 characters."), errors.INVALID_NAME)
    if problem := text_problem(description, multiline=True):
        raise field_error("description", problem, errors.INVALID_NAME)
    if yearly_users is not None and (
        not isinstance(yearly_users, int) or isinstance(yearly_users, bool)
        or not 0 <= yearly_users <= MAX_YEARLY_USERS
    ):
        raise field_error("yearly_users", _("Enter the number of service users per year as a whole number."),
                          errors.INVALID_POPULATION)
    if not org_unit.is_active:
        raise field_error("org_unit", _("The unit is no longer active."), errors.INVALID_UNIT)
    return name, description


@transaction.atomic
def service_point_create(*, actor, org_unit: OrgUnit, name: str, description: str = "",
                         yearly_users: int | None = None, is_active: bool = True) -> ServicePoint:
    """Create a service point of *org_unit* with a fresh public code.

    Raises PermissionDenied unless *actor* is HR admin of the unit's Pemda or heads the unit (or a unit above it);
    FeedbackError (``feedback.invalid_name``, ``feedback.invalid_population``, ``feedback.invalid_unit``) for bad
    input. Audited as ``feedback.point_created``.
    """
    if not can_manage_service_points(actor, org_unit):
        raise PermissionDenied
    name, description = _clean_point_input(name=name, description=description, yearly_users=yearly_users,
                                           org_unit=org_unit)
    point = ServicePoint(pemda_id=org_unit.pemda_id, org_unit=org_unit, name=name, description=description,
                         yearly_users=yearly_users, is_active=is_active, created_by=actor)
    for _attempt in range(5):
        point.code = _new_code()
        try:
            with transaction.atomic():
                point.save()
            break
        except IntegrityError:  # the code was taken (≈ never at 59 bits): draw another
            continue
    else:  # pragma: no cover - five collisions of 59-bit codes
        raise RuntimeError("could not draw a free service point code")
    audit_record(actor=actor, action=FeedbackAudit.POINT_CREATED, target=point, pemda_id=point.pemda_id,
                 changes={"code": [None, point.code],
                          **{field: [None, getattr(point, field)] for field in _POINT_FIELDS}})
    return point


@transaction.atomic
def service_point_update(*, actor, point: ServicePoint, name: str, description: str, yearly_users: int | None,
                         is_active: bool, org_unit: OrgUnit | None = None) -> ServicePoint:
    """Change a service point's name, description, population estimate, activity or unit (the code never changes:
    it is printed on the QR posters).

    Raises PermissionDenied unless *actor* may manage the point's unit — and the new unit, when it moves (within the
    same Pemda only); FeedbackError for bad input as service_point_create(). Audited as ``feedback.point_updated``
    with the changed fields; no change, no event.
    """
    target_unit = org_unit or point.org_unit
    if not can_manage_service_points(actor, point.org_unit) or not can_manage_service_points(actor, target_unit):
        raise PermissionDenied
    if target_unit.pemda_id != point.pemda_id:
        raise PermissionDenied
    name, description = _clean_point_input(name=name, description=description, yearly_users=yearly_users,
                                           org_unit=target_unit)
    old = {field: getattr(point, field) for field in _POINT_FIELDS}
    point.name, point.description, point.yearly_users, point.is_active = name, description, yearly_users, is_active
    point.org_unit = target_unit
    new = {field: getattr(point, field) for field in _POINT_FIELDS}
    changes = {field: [old[field], value] for field, value in new.items() if old[field] != value}
    if changes:
        point.save(update_fields=[*(f.removesuffix("_id") for f in changes), "updated_at"])
        audit_record(actor=actor, action=FeedbackAudit.POINT_UPDATED, target=point, changes=changes,
                     pemda_id=point.pemda_id)
    return point


# --- Periods -------------------------------------------------------------------------------------------------------


def _one_year_after(day: date) -> date:
    # At least one survey a year (PermenPANRB 14/2017; rules.md §4): a period ends before this day (29 February →
    # 1 March of the next year).
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


@transaction.atomic
def period_create(*, actor, pemda: Pemda, name: str, start_date: date, end_date: date) -> SurveyPeriod:
    """Create a survey period of *pemda* (e.g. "Semester I 2027"), open for questionnaires.

    Raises PermissionDenied unless *actor* is HR admin of *pemda*; FeedbackError ``feedback.invalid_name``,
    ``feedback.invalid_period`` (end before start, longer than a year) or ``feedback.period_overlap`` (it shares a
    day with another period of the agency, open or closed). Audited as ``feedback.period_created``.
    """
    if not can_manage_feedback(actor, pemda.pk):
        raise PermissionDenied
    name = (name or "").strip()
    if not name or len(name) > 100 or text_problem(name):
        raise field_error("name", _("Enter the period's name (at most 100 characters, one line)."),
                          errors.INVALID_NAME)
    if end_date < start_date:
        raise field_error("end_date", _("The last day cannot be before the first day."), errors.INVALID_PERIOD)
    if end_date >= _one_year_after(start_date):
        raise field_error("end_date", _("A survey period lasts at most one year."), errors.INVALID_PERIOD)
    # Serialise period creation per agency, so two overlapping periods cannot both pass the check (a no-op on
    # SQLite, whose IMMEDIATE transactions already write one at a time).
    Pemda.objects.select_for_update().filter(pk=pemda.pk).values_list("pk", flat=True).first()
    clash = SurveyPeriod.objects.filter(pemda=pemda, start_date__lte=end_date, end_date__gte=start_date).first()
    if clash is not None:
        raise field_error("start_date", _("The period overlaps the period “%(name)s”.") % {"name": clash.name},
                          errors.PERIOD_OVERLAP)
    period = SurveyPeriod.objects.create(pemda=pemda, name=name, start_date=start_date, end_date=end_date,
                                         created_by=actor)
    audit_record(actor=actor, action=FeedbackAudit.PERIOD_CREATED, target=period, pemda_id=pemda.pk,
                 changes={"name": [None, name], "start_date": [None, start_date], "end_date": [None, end_date]})
    return period


@transaction.atomic
def period_close(*, actor, period: SurveyPeriod) -> SurveyPeriod:
    """Close *period*: no more questionnaires, online or on paper, so its results stay as published.

    Raises PermissionDenied unless *actor* is HR admin of the period's Pemda; FeedbackError
    ``feedback.period_closed`` (409) if it is already closed. Audited as ``feedback.period_closed``.
    """
    if not can_manage_feedback(actor, period.pemda_id):
        raise PermissionDenied
    # Compare-and-set: of two concurrent closes exactly one moves the row.
    if SurveyPeriod.objects.filter(pk=period.pk, is_open=True).update(is_open=False, updated_at=timezone.now()) != 1:
        raise FeedbackError(_("This survey period is already closed."), code=errors.PERIOD_CLOSED, http_status=409)
    audit_record(actor=actor, action=FeedbackAudit.PERIOD_CLOSED, target=period, pemda_id=period.pemda_id,
                 changes={"is_open": [True, False]})
    period.refresh_from_db()
    return period


# --- Questionnaires ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RespondentProfile:
    """The optional respondent profile of the questionnaire (PermenPANRB 14/2017 Lampiran III); "" = not given."""

    gender: str = ""
    age_band: str = ""
    education: str = ""
    occupation: str = ""
    service_type: str = ""


@dataclass(frozen=True, slots=True)
class PaperRow:
    """One paper questionnaire as typed in: answers by unsur code (missing or None = left blank)."""

    answers: Mapping[str, int | None]
    profile: RespondentProfile | None = None
    comment: str = ""
    filled_on: date | None = None  # the date written on the form, if any; must lie in the period


_PROFILE_CHOICES = {
    "gender": RespondentGender,
    "age_band": AgeBand,
    "education": RespondentEducation,
    "occupation": RespondentOccupation,
}


def _clean_answers(answers: Mapping[str, object], *, require_all: bool) -> dict[str, int | None]:
    """The answers as columns ``{"u1": 4, …}``; FeedbackError for an unknown unsur, a value outside 1–4, a missing
    one when *require_all*, or none at all."""
    unknown = sorted(set(answers) - set(rules.UNSUR_CODES))
    if unknown:
        raise field_error(unknown[0], _("Unknown survey element."), errors.INVALID_ANSWER)
    cleaned: dict[str, int | None] = {}
    for code, field in ANSWER_FIELDS.items():
        value = answers.get(code)
        if value is not None and not rules.is_answer(value):
            raise field_error(code, _("Choose an answer from 1 to 4."), errors.INVALID_ANSWER)
        cleaned[field] = value  # type: ignore[assignment]
    answered = [value for value in cleaned.values() if value is not None]
    if not answered:
        raise FeedbackError(_("Answer at least one question."), code=errors.NO_ANSWER)
    if require_all and len(answered) < len(ANSWER_FIELDS):
        missing = [code for code, field in ANSWER_FIELDS.items() if cleaned[field] is None]
        message = _("Answer every question.")
        raise FeedbackError(message, code=errors.ANSWERS_INCOMPLETE,
                            extra={"fields": {code: [message] for code in missing}})
    return cleaned


def _clean_profile(profile: RespondentProfile | None) -> dict[str, str]:
    profile = profile or RespondentProfile()
    cleaned = {}
    for field, choices in _PROFILE_CHOICES.items():
        value = (getattr(profile, field) or "").strip()
        if value and value not in choices.values:
            raise field_error(field, _("Choose one of the options."), errors.INVALID_PROFILE)
        cleaned[field] = value
    service_type = (profile.service_type or "").strip()
    if len(service_type) > SERVICE_TYPE_MAX_LENGTH or text_problem(service_type):
        raise field_error("service_type", _("Name the service in one line of at most 100 characters."),
                          errors.INVALID_PROFILE)
    cleaned["service_type"] = service_type
    return cleaned


def _clean_comment(comment: str | None) -> str:
    # Plain text, shown escaped on the staff pages (G13); never rendered as HTML or markdown.
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise field_error("comment", _("The comment is at most 1,000 characters."), errors.INVALID_COMMENT)
    if problem := text_problem(comment, multiline=True):
        raise field_error("comment", problem, errors.INVALID_COMMENT)
    return comment


def _tally_add(*, point_id: int, period_id: int, rows: Sequence[Mapping[str, int | None]]) -> None:
    """Add questionnaires (their answer columns) to the point's running totals for the period (SurveyTally, what
    the results read), in the caller's transaction: an UPDATE of one row, created on the first questionnaire."""
    increments: dict = {"respondents": len(rows)}
    for field in ANSWER_FIELDS.values():
        answered = [row[field] for row in rows if row.get(field) is not None]
        increments[f"{field}_sum"], increments[f"{field}_count"] = sum(answered), len(answered)
    tallies = SurveyTally.objects.filter(service_point_id=point_id, period_id=period_id)
    if tallies.update(**{name: F(name) + value for name, value in increments.items()}):
        return
    try:
        with transaction.atomic():
            SurveyTally.objects.create(service_point_id=point_id, period_id=period_id, **increments)
    except IntegrityError:  # another questionnaire created the row meanwhile: add to it
        tallies.update(**{name: F(name) + value for name, value in increments.items()})


@transaction.atomic
def tallies_rebuild(*, period_ids: Sequence[int]) -> int:
    """Recompute the running totals of the periods *period_ids* from their questionnaires (after a bulk load that
    bypassed the services, or to check them); returns the number of tallies written."""
    SurveyTally.objects.filter(period_id__in=period_ids).delete()
    aggregates: dict = {"respondents": Count("pk")}
    for field in ANSWER_FIELDS.values():
        aggregates[f"{field}_sum"] = Coalesce(Sum(field), 0)
        aggregates[f"{field}_count"] = Count(field)
    rows = (SurveyResponse.objects.filter(period_id__in=period_ids).order_by()
            .values("period_id", "service_point_id").annotate(**aggregates))
    return len(SurveyTally.objects.bulk_create(SurveyTally(**row) for row in rows))


def _already_answered() -> FeedbackError:
    return FeedbackError(_("This device has already filled in the survey for this service today. Thank you!"),
                         code=errors.ALREADY_ANSWERED_TODAY, http_status=409)


@transaction.atomic
def response_submit(*, point_code: str, answers: Mapping[str, int], profile: RespondentProfile | None = None,
                    comment: str = "", device_key: str | None, now: datetime | None = None) -> SurveyResponse:
    """Record one anonymous online questionnaire for the service point of *point_code*.

    *answers* maps every unsur code (U1…U9) to an int 1–4: the online questionnaire answers all nine.
    *device_key* is the phone's random key (the public page's cookie); the day is the agency's local day of
    *now* (default: the current time). Raises FeedbackError, with nothing written:

    - ``feedback.point_not_found`` (404): no active point has this code (unknown and inactive look the same);
    - ``feedback.no_open_period``: no open survey period of the agency contains today;
    - ``feedback.invalid_answer`` / ``feedback.answers_incomplete`` / ``feedback.no_answer``: answers outside 1–4,
      an unknown unsur, a missing one;
    - ``feedback.invalid_profile`` / ``feedback.invalid_comment``: a profile value outside its options, a comment
      over 1,000 characters or with control characters;
    - ``feedback.device_key_missing``: no usable device key (the page needs its cookie);
    - ``feedback.already_answered_today`` (409): this device answered at this point today (the next local day it
      may answer again).
    """
    now = now or timezone.now()
    point = public_service_point(point_code)
    if point is None:
        raise FeedbackError(_("This service point was not found or no longer takes part in the survey."),
                            code=errors.POINT_NOT_FOUND, http_status=404)
    day = local_day(point.pemda, now)
    period = open_period_on(point.pemda_id, day)
    if period is None:
        raise FeedbackError(_("The satisfaction survey is not open today."), code=errors.NO_OPEN_PERIOD)
    columns = _clean_answers(answers, require_all=True)
    respondent = _clean_profile(profile)
    comment = _clean_comment(comment)
    key = normalised_device_key(device_key)
    if key is None:
        raise FeedbackError(_("Your browser did not send the survey's cookie. Allow cookies and try again."),
                            code=errors.DEVICE_KEY_MISSING)
    stored_key = device_day_key(point_id=point.pk, day=day, device_key=key)
    if SurveyResponse.objects.filter(service_point=point, response_date=day, device_day_key=stored_key).exists():
        raise _already_answered()
    response = SurveyResponse(service_point=point, period=period, submitted_at=now, response_date=day,
                              channel=Channel.ONLINE, device_day_key=stored_key, comment=comment,
                              **respondent, **columns)
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:  # the same device's other submission won the race between the check and the write
        raise _already_answered() from None
    _tally_add(point_id=point.pk, period_id=period.pk, rows=[columns])
    return response


@transaction.atomic
def paper_responses_enter(*, actor, point: ServicePoint, period: SurveyPeriod,
                          rows: Sequence[PaperRow]) -> list[SurveyResponse]:
    """Record a batch of paper questionnaires of *point* in *period*: all of them, or none.

    Paper forms may leave unsur blank (at least one answered each); the point may since have been deactivated
    (forms collected while it served still count). Raises PermissionDenied unless *actor* may manage the point's
    unit (HR admin of the agency, or the head of the unit or of a unit above it); FeedbackError:

    - ``feedback.invalid_period``: the period is another agency's;
    - ``feedback.period_closed`` (409): the period is closed;
    - ``feedback.no_rows`` / ``feedback.too_many_rows``: an empty batch, or more than 1,000 forms;
    - ``feedback.invalid_rows``: some rows are invalid; ``extra["rows"]`` lists each as
      ``{"line": n (1-based), "field": …, "problem": code}`` and nothing is written.

    Audited once per batch (``feedback.paper_entered``: the count and the period; the actor is who typed them in).
    """
    if not can_enter_paper_responses(actor, point):
        raise PermissionDenied
    if period.pemda_id != point.pemda_id:
        raise field_error("period", _("Unknown or inaccessible object."), errors.INVALID_PERIOD)
    if not rows:
        raise FeedbackError(_("Enter at least one questionnaire."), code=errors.NO_ROWS)
    if len(rows) > MAX_PAPER_ROWS:
        raise FeedbackError(_("Enter at most %(max)d questionnaires at once.") % {"max": MAX_PAPER_ROWS},
                            code=errors.TOO_MANY_ROWS)
    # Re-read under lock: a close committed since the caller loaded the period wins.
    locked = SurveyPeriod.objects.select_for_update().get(pk=period.pk)
    if not locked.is_open:
        raise FeedbackError(_("This survey period is closed."), code=errors.PERIOD_CLOSED, http_status=409)

    now = timezone.now()
    problems, responses = [], []
    for line, row in enumerate(rows, start=1):
        try:
            columns = _clean_answers(row.answers, require_all=False)
            respondent = _clean_profile(row.profile)
            comment = _clean_comment(row.comment)
            if row.filled_on is not None and not locked.start_date <= row.filled_on <= locked.end_date:
                raise field_error("filled_on", _("The date is outside the survey period."), errors.INVALID_DATE)
        except FeedbackError as problem:
            problems.append({"line": line, "field": next(iter(problem.field_errors), "answers"),
                             "problem": problem.code})
            continue
        responses.append(SurveyResponse(service_point=point, period=locked, submitted_at=now,
                                        response_date=row.filled_on, channel=Channel.PAPER, entered_by=actor,
                                        comment=comment, **respondent, **columns))
    if problems:
        raise FeedbackError(
            _("%(count)d of the questionnaires cannot be recorded; nothing was saved.") % {"count": len(problems)},
            code=errors.INVALID_ROWS, extra={"rows": problems})
    created = SurveyResponse.objects.bulk_create(responses)
    _tally_add(point_id=point.pk, period_id=locked.pk,
               rows=[{field: getattr(response, field) for field in ANSWER_FIELDS.values()} for response in created])
    audit_record(actor=actor, action=FeedbackAudit.PAPER_ENTERED, target=point, pemda_id=point.pemda_id,
                 changes={"paper_responses": [None, len(created)], "period_id": [None, locked.pk]})
    return created
