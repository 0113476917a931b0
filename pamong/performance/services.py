"""Writes of performance management: plans (SKP), realisations, feedback, dialogues, ratings, objections,
organisation ratings and calibration. Each: permission → state → write → audit, in one transaction.

SKP approval goes through the shared approval engine (flow "skp": one binding step, the appraiser).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.choices import ApproverRole, Outcome
from pamong.approvals.registry import StepSpec, register_flow
from pamong.approvals.services import notify_user, process_start
from pamong.audit.services import audit_record
from pamong.people.models import Employee, OrgUnit
from pamong.people.selectors import actor_employee, supervisor_of

from . import errors, rules
from .audit import PerformanceAudit
from .choices import CoreValue, ObjectionStatus, OrganisationRating, PlanStatus, Rating
from .errors import PerformanceError
from .models import (
    BehaviourExpectation,
    Calibration,
    Dialogue,
    Evaluation,
    Feedback,
    Objection,
    OrganisationRatingRecord,
    Realisation,
    Skp,
    SkpIndicator,
    SkpResult,
)
from .permissions import (
    can_calibrate,
    can_comment_plan,
    can_decide_objection,
    can_edit_plan,
    can_rate,
    can_set_organisation_rating,
)
from .selectors import current_skp, organisation_rating, settings_for

FLOW = "skp"
EDITABLE = (PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED)


def _field_error(field: str, message: str, code: str, http_status: int | None = None) -> PerformanceError:
    return PerformanceError(message, code=code, http_status=http_status, extra={"fields": {field: [message]}})


def _editable(skp: Skp) -> None:
    if skp.status not in EDITABLE:
        raise PerformanceError(_("This SKP is locked; propose a new version with a reason to change it."),
                               code=errors.PLAN_LOCKED, http_status=409)


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise _field_error(field, _("Enter a number."), "performance.invalid_number") from None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise _field_error(field, _("Enter a number."), "performance.invalid_number")
    return number.quantize(Decimal("0.01"))


# --- Planning ---------------------------------------------------------------------------------------------


@transaction.atomic
def skp_create(*, actor, employee: Employee, year: int) -> Skp:
    """Start the employee's SKP for *year* (draft), with the seven BerAKHLAK values ready for expectations."""
    me = actor_employee(actor)
    if me is None or me.pk != employee.pk:
        raise PermissionDenied  # The employee drafts their own SKP.
    if current_skp(employee, year) is not None:
        raise _field_error("year", _("There is already an SKP for %(year)d.") % {"year": year}, errors.PLAN_EXISTS,
                           409)
    appraiser = supervisor_of(employee)
    skp = Skp.objects.create(pemda_id=employee.pemda_id, employee=employee, year=year,
                             position=employee.current_position, org_unit=employee.current_unit, appraiser=appraiser)
    BehaviourExpectation.objects.bulk_create([BehaviourExpectation(skp=skp, value=v) for v in CoreValue.values])
    audit_record(actor=actor, action=PerformanceAudit.PLAN_CREATED, target=skp, pemda_id=skp.pemda_id,
                 changes={"year": [None, year], "appraiser": [None, appraiser.full_name if appraiser else None]})
    return skp


@transaction.atomic
def skp_result_add(*, actor, skp: Skp, text: str, kind: str = "utama", parent: SkpResult | None = None,
                   perspective: str = "", organisation_target=None) -> SkpResult:
    """Add a work result (RHK). A JA/JF result supports one of the appraiser's results when they have any."""
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    _editable(skp)
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Describe the work result."), "performance.text_required")
    if parent is not None:
        if parent.skp.employee_id != skp.appraiser_id or parent.skp.year != skp.year:
            raise _field_error("parent", _("Choose one of your appraiser's work results for %(year)d.")
                               % {"year": skp.year}, errors.INVALID_PARENT)
    else:
        is_jpt = skp.position is not None and skp.position.kind == "jpt"
        appraiser_plan = current_skp(skp.appraiser, skp.year) if skp.appraiser_id else None
        if not is_jpt and appraiser_plan is not None and appraiser_plan.results.exists():
            raise _field_error("parent", _("Choose which of your appraiser's work results this one supports "
                                           "(RHK atasan yang diintervensi, PermenPANRB 6/2022)."),
                               errors.PARENT_REQUIRED)
    result = SkpResult.objects.create(skp=skp, text=text[:500], kind=kind, parent=parent, perspective=perspective[:40],
                                      organisation_target=organisation_target, order=skp.results.count())
    audit_record(actor=actor, action=PerformanceAudit.PLAN_CHANGED, target=skp, pemda_id=skp.pemda_id,
                 changes={"result_added": [None, result.text]})
    return result


@transaction.atomic
def skp_indicator_add(*, actor, result: SkpResult, name: str, aspect: str, target_value, unit: str,
                      direction: str = "higher", source: str = "manual", template=None) -> SkpIndicator:
    skp = result.skp
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    _editable(skp)
    if template is not None:
        name = name or template.name
        unit = unit or template.unit
        aspect = aspect or template.aspect
        direction, source = template.direction, template.source
    if not (name or "").strip():
        raise _field_error("name", _("Name the indicator."), "performance.name_required")
    if aspect not in ("quantity", "quality", "time", "cost"):
        raise _field_error("aspect", _("Choose quantity, quality, time or cost."), "performance.invalid_aspect")
    indicator = SkpIndicator.objects.create(
        result=result, template=template, name=name.strip()[:300], aspect=aspect,
        target_value=_decimal(target_value, "target_value"), unit=(unit or "").strip()[:40], direction=direction,
        source=source)
    audit_record(actor=actor, action=PerformanceAudit.PLAN_CHANGED, target=skp, pemda_id=skp.pemda_id,
                 changes={"indicator_added": [None, str(indicator)]})
    return indicator


@transaction.atomic
def skp_expectation_set(*, actor, skp: Skp, value: str, expectation: str) -> BehaviourExpectation:
    """The appraiser's specific expectation (ekspektasi khusus pimpinan) for a BerAKHLAK value."""
    if not can_comment_plan(actor, skp):
        raise PermissionDenied
    _editable(skp)
    row = BehaviourExpectation.objects.get(skp=skp, value=CoreValue(value))
    before = row.expectation
    row.expectation = (expectation or "").strip()
    row.save(update_fields=["expectation"])
    audit_record(actor=actor, action=PerformanceAudit.PLAN_CHANGED, target=skp, pemda_id=skp.pemda_id,
                 changes={f"expectation.{value}": [before, row.expectation]})
    return row


@transaction.atomic
def skp_submit(*, actor, skp: Skp) -> Skp:
    """Send the draft to the appraiser for agreement (through the approval engine)."""
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    _editable(skp)
    if not SkpIndicator.objects.filter(result__skp=skp).exists():
        raise PerformanceError(_("Add at least one work result with a measurable indicator before submitting."),
                               code=errors.PLAN_INCOMPLETE)
    if Skp.objects.filter(pk=skp.pk, status__in=EDITABLE).update(status=PlanStatus.SUBMITTED,
                                                                  submitted_at=timezone.now()) != 1:
        raise PerformanceError(_("This SKP was already submitted."), code=errors.PLAN_LOCKED, http_status=409)
    process = process_start(actor=actor, flow=FLOW, target=skp, requester=skp.employee, request_kind="skp")
    Skp.objects.filter(pk=skp.pk).update(process=process)
    audit_record(actor=actor, action=PerformanceAudit.PLAN_SUBMITTED, target=skp, pemda_id=skp.pemda_id,
                 changes={"status": [skp.status, PlanStatus.SUBMITTED]})
    skp.refresh_from_db()
    return skp


@transaction.atomic
def skp_revise(*, actor, skp: Skp, reason: str) -> Skp:
    """Open a new version of an agreed SKP (changes during the year), copying its content; the old one is kept."""
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Give the reason for the new version."), errors.REASON_REQUIRED)
    if Skp.objects.filter(pk=skp.pk, status=PlanStatus.APPROVED).update(status=PlanStatus.SUPERSEDED) != 1:
        raise PerformanceError(_("Only an agreed SKP gets a new version."), code=errors.NOT_APPROVED, http_status=409)
    new = Skp.objects.create(pemda_id=skp.pemda_id, employee=skp.employee, year=skp.year, version=skp.version + 1,
                             position=skp.employee.current_position, org_unit=skp.employee.current_unit,
                             appraiser=supervisor_of(skp.employee) or skp.appraiser, supersedes=skp,
                             revision_reason=reason)
    for behaviour in skp.behaviours.all():
        BehaviourExpectation.objects.create(skp=new, value=behaviour.value, expectation=behaviour.expectation)
    for result in skp.results.prefetch_related("indicators__realisations"):
        copy = SkpResult.objects.create(skp=new, text=result.text, kind=result.kind, parent=result.parent,
                                        perspective=result.perspective, organisation_target=result.organisation_target,
                                        order=result.order)
        for indicator in result.indicators.all():
            new_indicator = SkpIndicator.objects.create(
                result=copy, template=indicator.template, name=indicator.name, aspect=indicator.aspect,
                target_value=indicator.target_value, unit=indicator.unit, direction=indicator.direction,
                source=indicator.source)
            Realisation.objects.bulk_create([
                Realisation(indicator=new_indicator, period=r.period, value=r.value, note=r.note,
                            reported_by_id=r.reported_by_id, source=r.source) for r in indicator.realisations.all()])
    audit_record(actor=actor, action=PerformanceAudit.PLAN_REVISED, target=new, pemda_id=new.pemda_id,
                 changes={"version": [skp.version, new.version], "reason": [None, reason]})
    return new


class SkpFlow:
    """SKP agreement through the approval engine: the appraiser agrees, or asks for changes."""

    flow = FLOW

    def default_route(self, *, request_kind: str, context: dict):
        return [StepSpec(role=ApproverRole.SUPERVISOR, label="pejabat penilai kinerja", is_binding=True)]

    def on_step_done(self, *, process, step, actor) -> None:
        if step.reason:
            Skp.objects.filter(pk=process.target_id).update(supervisor_comment=step.reason)

    def on_finished(self, *, process, step, outcome: str, actor) -> None:
        skp = Skp.objects.select_related("employee__user").get(pk=process.target_id)
        approved = outcome in (Outcome.APPROVE,)
        status = PlanStatus.APPROVED if approved else PlanStatus.CHANGES_REQUESTED
        Skp.objects.filter(pk=skp.pk).update(status=status, approved_at=timezone.now() if approved else None)
        audit_record(actor=actor, action=PerformanceAudit.PLAN_DECIDED, target=skp, pemda_id=skp.pemda_id,
                     changes={"status": [PlanStatus.SUBMITTED, status], "comment": [None, step.reason]})
        notify_user(user=skp.employee.user, kind="performance.plan", pemda_id=skp.pemda_id, url=self.url(process),
                    text=_("Your SKP %(year)d: %(status)s") % {"year": skp.year, "status": PlanStatus(status).label})

    def describe(self, process) -> str:
        skp = Skp.objects.select_related("employee").get(pk=process.target_id)
        return f"SKP {skp.year} — {skp.employee.full_name}"

    def url(self, process) -> str:
        public_id = Skp.objects.filter(pk=process.target_id).values_list("public_id", flat=True).first()
        try:
            return reverse("performance:plan-detail", args=[public_id]) if public_id else ""
        except NoReverseMatch:
            return ""


# --- Realisation, feedback, dialogue ------------------------------------------------------------------------------


def _period_in_year(period: str, year: int) -> None:
    if not rules.is_valid_period(period) or int(period[:4]) != year:
        raise _field_error("period", _("Choose a period of %(year)d.") % {"year": year}, errors.INVALID_PERIOD)


@transaction.atomic
def realisation_report(*, actor, indicator: SkpIndicator, period: str, value, note: str = "",
                       source: str = "manual") -> Realisation:
    """Report (or correct) the realisation of an indicator for a period; the correction is audited before → after.

    Refused once the period has been rated.
    """
    skp = indicator.result.skp
    if not can_edit_plan(actor, skp):
        raise PermissionDenied
    if skp.status != PlanStatus.APPROVED:
        raise PerformanceError(_("Report realisations against an agreed SKP."), code=errors.NOT_APPROVED,
                               http_status=409)
    _period_in_year(period, skp.year)
    if Evaluation.objects.filter(employee_id=skp.employee_id, period=period).exists():
        raise PerformanceError(_("This period has been rated; its realisations can no longer change."),
                               code=errors.ALREADY_RATED, http_status=409)
    number = _decimal(value, "value")
    existing = Realisation.objects.filter(indicator=indicator, period=period).first()
    if existing is None:
        realisation = Realisation.objects.create(indicator=indicator, period=period, value=number, note=note.strip(),
                                                 reported_by=actor, source=source)
        before = None
    else:
        before = str(existing.value)
        existing.value, existing.note, existing.reported_by, existing.source = number, note.strip(), actor, source
        existing.save(update_fields=["value", "note", "reported_by", "source", "updated_at"])
        realisation = existing
    audit_record(actor=actor, action=PerformanceAudit.REALISATION_REPORTED, target=realisation,
                 pemda_id=skp.pemda_id,
                 changes={"indicator": [None, indicator.name], "period": [None, period], "value": [before, str(number)]})
    return realisation


@transaction.atomic
def feedback_give(*, actor, skp: Skp, period: str, text: str, result: SkpResult | None = None,
                  value: str = "") -> Feedback:
    """Written feedback on a work result or a behaviour value (umpan balik berkelanjutan)."""
    if not can_comment_plan(actor, skp):
        raise PermissionDenied
    _period_in_year(period, skp.year)
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Write the feedback."), "performance.text_required")
    if result is not None and result.skp_id != skp.pk:
        raise _field_error("result", _("Choose a result of this SKP."), "performance.invalid_result")
    if value and value not in CoreValue.values:
        raise _field_error("value", _("Choose a BerAKHLAK value."), "performance.invalid_value")
    feedback = Feedback.objects.create(skp=skp, result=result, value=value, period=period, text=text,
                                       author=actor_employee(actor))
    audit_record(actor=actor, action=PerformanceAudit.FEEDBACK_GIVEN, target=skp, pemda_id=skp.pemda_id,
                 changes={"feedback": [None, text[:200]], "period": [None, period]})
    notify_user(user=skp.employee.user, kind="performance.feedback", pemda_id=skp.pemda_id,
                text=_("New feedback on your SKP %(year)d") % {"year": skp.year})
    return feedback


@transaction.atomic
def dialogue_record(*, actor, skp: Skp, held_on: date, notes: str, agreed_actions: str = "") -> Dialogue:
    if not (can_comment_plan(actor, skp) or can_edit_plan(actor, skp)):
        raise PermissionDenied
    if not (notes or "").strip():
        raise _field_error("notes", _("Write what was discussed."), "performance.text_required")
    dialogue = Dialogue.objects.create(skp=skp, held_on=held_on, notes=notes.strip(),
                                       agreed_actions=(agreed_actions or "").strip(), recorded_by=actor_employee(actor))
    audit_record(actor=actor, action=PerformanceAudit.DIALOGUE_RECORDED, target=skp, pemda_id=skp.pemda_id,
                 changes={"held_on": [None, held_on], "agreed_actions": [None, dialogue.agreed_actions[:200]]})
    return dialogue


# --- Rating --------------------------------------------------------------------------------------------------------


@transaction.atomic
def evaluation_record(*, actor, skp: Skp, period: str, work_result: str, behaviour: str, note: str = "",
                      today: date | None = None) -> Evaluation:
    """Rate a period on the two official scales; the predikat is derived from the matrix.

    A unit head's work-result rating is their unit's organisation rating
    (SE 3/2023). Raises PermissionDenied outside the line or for oneself;
    PerformanceError when the window is closed, the period is already rated,
    or a unit head's unit has no organisation rating yet.
    """
    if not can_rate(actor, skp):
        raise PermissionDenied
    today = today or timezone.localdate()
    if skp.status not in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED):
        raise PerformanceError(_("Only an agreed SKP can be rated."), code=errors.NOT_APPROVED, http_status=409)
    _period_in_year(period, skp.year)
    for name, rating in (("work_result", work_result), ("behaviour", behaviour)):
        if rating not in Rating.values:
            raise _field_error(name, _("Choose above, meets or below expectations."), "performance.invalid_rating")
    opens, closes = rules.evaluation_window(period, settings_for(skp.pemda_id).evaluation_window_days)
    if today < opens:
        raise _field_error("period", _("%(period)s can be rated from %(date)s.")
                           % {"period": period, "date": opens.isoformat()}, errors.WINDOW_CLOSED)
    if today > closes:
        raise _field_error("period", str(rules.WINDOW_CLOSED_MESSAGE) % {"period": period, "date": closes.isoformat()},
                           errors.WINDOW_CLOSED)
    employee = skp.employee
    from_organisation = False
    position = employee.current_position
    if position is not None and position.is_unit_head and employee.current_unit is not None:
        record = organisation_rating(employee.current_unit, period)
        if record is None or record.org_unit_id != employee.current_unit_id:
            raise PerformanceError(
                _("%(unit)s has no organisation rating for %(period)s yet: a unit head's work result follows it "
                  "(SE MenPANRB 3/2023).") % {"unit": employee.current_unit.name, "period": period},
                code=errors.ORGANISATION_RATING_MISSING)
        work_result = rules.UNIT_HEAD_WORK_RESULT[OrganisationRating(record.rating)]
        from_organisation = True
    predikat = rules.predikat_for(work_result, behaviour)
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                pemda_id=skp.pemda_id, skp=skp, employee=employee, org_unit=employee.current_unit, period=period,
                work_result=work_result, behaviour=behaviour, predikat=predikat,
                work_result_from_organisation=from_organisation, evaluator=actor_employee(actor), rated_on=today,
                note=(note or "").strip())
    except IntegrityError:
        raise PerformanceError(_("%(period)s is already rated.") % {"period": period}, code=errors.ALREADY_RATED,
                               http_status=409) from None
    audit_record(actor=actor, action=PerformanceAudit.EVALUATION_RECORDED, target=evaluation, pemda_id=skp.pemda_id,
                 changes={"period": [None, period], "work_result": [None, work_result], "behaviour": [None, behaviour],
                          "predikat": [None, predikat], "work_result_from_organisation": [None, from_organisation]})
    notify_user(user=employee.user, kind="performance.rated", pemda_id=skp.pemda_id,
                text=_("Your performance for %(period)s was rated: %(predikat)s. You may object within %(days)d days.")
                % {"period": period, "predikat": evaluation.get_predikat_display(),
                   "days": settings_for(skp.pemda_id).objection_window_days})
    return evaluation


def _rerate(evaluation: Evaluation, work_result: str, behaviour: str) -> tuple[str, str, str]:
    before = (evaluation.work_result, evaluation.behaviour, evaluation.predikat)
    evaluation.work_result, evaluation.behaviour = work_result, behaviour
    evaluation.predikat = rules.predikat_for(work_result, behaviour)
    evaluation.save(update_fields=["work_result", "behaviour", "predikat", "updated_at"])
    return before


@transaction.atomic
def objection_submit(*, actor, evaluation: Evaluation, text: str, today: date | None = None) -> Objection:
    """The employee objects within the window (PP 30/2019 Pasal 59: 14 days)."""
    me = actor_employee(actor)
    if me is None or me.pk != evaluation.employee_id:
        raise PermissionDenied
    today = today or timezone.localdate()
    deadline = rules.objection_deadline(evaluation.rated_on, settings_for(evaluation.pemda_id).objection_window_days)
    if today > deadline:
        raise _field_error("text", _("The objection window closed on %(date)s (PP 30/2019 Pasal 59).")
                           % {"date": deadline.isoformat()}, errors.OBJECTION_WINDOW_CLOSED)
    text = (text or "").strip()
    if not text:
        raise _field_error("text", _("Give the reasons for the objection."), errors.REASON_REQUIRED)
    try:
        with transaction.atomic():
            objection = Objection.objects.create(evaluation=evaluation, text=text)
    except IntegrityError:
        raise PerformanceError(_("An objection to this rating was already made."), code=errors.OBJECTION_EXISTS,
                               http_status=409) from None
    audit_record(actor=actor, action=PerformanceAudit.OBJECTION_SUBMITTED, target=evaluation,
                 pemda_id=evaluation.pemda_id, changes={"objection": [None, text[:300]]})
    boss = supervisor_of(evaluation.evaluator)
    if boss is not None:
        notify_user(user=boss.user, kind="performance.objection", pemda_id=evaluation.pemda_id,
                    text=_("An objection to a rating awaits your decision: %(name)s, %(period)s")
                    % {"name": evaluation.employee.full_name, "period": evaluation.period})
    return objection


@transaction.atomic
def objection_decide(*, actor, objection: Objection, upheld: bool, decision: str, work_result: str = "",
                     behaviour: str = "") -> Objection:
    """The appraiser's supervisor decides; an upheld objection re-rates (the predikat re-derived); final."""
    if not can_decide_objection(actor, objection):
        raise PermissionDenied
    decision = (decision or "").strip()
    if not decision:
        raise _field_error("decision", _("Give the reasons for the decision."), errors.REASON_REQUIRED)
    evaluation = objection.evaluation
    status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
    if Objection.objects.filter(pk=objection.pk, status=ObjectionStatus.PENDING).update(
        status=status, decided_by=actor_employee(actor), decision=decision, decided_at=timezone.now()
    ) != 1:
        raise PerformanceError(_("This objection was already decided."), code=errors.OBJECTION_DECIDED,
                               http_status=409)
    changes = {"objection": [ObjectionStatus.PENDING, status], "decision": [None, decision]}
    if upheld:
        for name, rating in (("work_result", work_result), ("behaviour", behaviour)):
            if rating not in Rating.values:
                raise _field_error(name, _("Choose above, meets or below expectations."), "performance.invalid_rating")
        before = _rerate(evaluation, work_result, behaviour)
        changes["predikat"] = [before[2], evaluation.predikat]
        changes["ratings"] = [list(before[:2]), [work_result, behaviour]]
    audit_record(actor=actor, action=PerformanceAudit.OBJECTION_DECIDED, target=evaluation,
                 pemda_id=evaluation.pemda_id, changes=changes)
    objection.refresh_from_db()
    return objection


@transaction.atomic
def organisation_rating_set(*, actor, unit: OrgUnit, period: str, rating: str, reason: str = "") -> OrganisationRatingRecord:
    """Set (or correct, audited) a unit's capaian kinerja organisasi for a period."""
    if not can_set_organisation_rating(actor, unit):
        raise PermissionDenied
    if not rules.is_valid_period(period):
        raise _field_error("period", _("Unknown period."), errors.INVALID_PERIOD)
    if rating not in OrganisationRating.values:
        raise _field_error("rating", _("Choose istimewa, baik, butuh perbaikan, kurang or sangat kurang."),
                           "performance.invalid_rating")
    record = OrganisationRatingRecord.objects.filter(org_unit=unit, period=period).first()
    before = record.rating if record else None
    if record is None:
        record = OrganisationRatingRecord.objects.create(pemda_id=unit.pemda_id, org_unit=unit, period=period,
                                                         rating=rating, reason=reason.strip(), set_by=actor)
    else:
        record.rating, record.reason, record.set_by = rating, reason.strip(), actor
        record.save(update_fields=["rating", "reason", "set_by", "updated_at"])
    audit_record(actor=actor, action=PerformanceAudit.ORGANISATION_RATED, target=record, pemda_id=unit.pemda_id,
                 changes={"unit": [None, unit.name], "period": [None, period], "rating": [before, rating]})
    return record


@transaction.atomic
def evaluation_calibrate(*, actor, evaluation: Evaluation, work_result: str, behaviour: str,
                         reason: str) -> Calibration:
    """Calibrate a rating against the distribution, with a recorded reason; never silent."""
    if not can_calibrate(actor, evaluation):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Give the reason for the calibration."), errors.REASON_REQUIRED)
    for name, rating in (("work_result", work_result), ("behaviour", behaviour)):
        if rating not in Rating.values:
            raise _field_error(name, _("Choose above, meets or below expectations."), "performance.invalid_rating")
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    old = _rerate(evaluation, work_result, behaviour)
    calibration = Calibration.objects.create(
        evaluation=evaluation, old_work_result=old[0], old_behaviour=old[1], old_predikat=old[2],
        new_work_result=work_result, new_behaviour=behaviour, new_predikat=evaluation.predikat, reason=reason,
        calibrated_by=actor)
    audit_record(actor=actor, action=PerformanceAudit.CALIBRATED, target=evaluation, pemda_id=evaluation.pemda_id,
                 changes={"predikat": [old[2], evaluation.predikat], "ratings": [list(old[:2]), [work_result, behaviour]],
                          "reason": [None, reason]})
    notify_user(user=evaluation.employee.user, kind="performance.calibrated", pemda_id=evaluation.pemda_id,
                text=_("Your rating for %(period)s was calibrated: %(old)s → %(new)s (%(reason)s)")
                % {"period": evaluation.period, "old": old[2], "new": evaluation.predikat, "reason": reason})
    return calibration


def register() -> None:
    register_flow(SkpFlow())
