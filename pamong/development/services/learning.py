"""Development services: the JP ledger (external learning records and their verification), the agency's
development settings, training evaluation (Kirkpatrick levels 1–3) with the competency gain it can prove, and the
mid-year alerts for those behind the 20 JP target.

rules.md §7: JP = certificate JP, else whole 45-minute units of verified minutes (rules.jp_for), counted in the
year of completion and only once verified. Proof files: LearningRecord has no file field (the models are fixed for
this release), so an external record carries no upload; HR verifies it against the certificate shown to them.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pamong.approvals.models import Notification
from pamong.approvals.services import notice_language, notify_user
from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.people.models import Employee, Pemda
from pamong.people.selectors import actor_employee, supervisors_of_many

from .. import rules
from ..audit import DevelopmentAudit
from ..choices import ActivityForm, AssessmentSource, EnrolmentStatus, JpCapMode, LearningSource
from ..errors import EVALUATION_NOT_OPEN, SELF_DECISION, DevelopmentError, field_error
from ..models import (
    CompetencyAssessment,
    DevelopmentSettings,
    Enrolment,
    LearningRecord,
    TrainingEvaluation,
)
from ..permissions import can_manage, is_direct_supervisor, is_self
from ..selectors.learning import PNS_STATUSES, add_months, employees_with_jp, settings_for
from .competencies import assessment_record

# Codes and audit actions of this slice (errors.py / audit.py hold the shared ones).
INVALID_LEARNING = "development.invalid_learning"
LEARNING_DECIDED = "development.learning_decided"
INVALID_SETTINGS = "development.invalid_settings"
INVALID_EVALUATION = "development.invalid_evaluation"
EVALUATION_RECORDED = "development.evaluation_already_recorded"
FOLLOW_UP_NOT_DUE = "development.follow_up_not_due"
EVALUATION_NOT_PASSED = "development.evaluation_not_passed"
LEARNING_REJECTED = "development.learning_rejected"
COMPETENCY_GAIN_APPLIED = "development.competency_gain_applied"

register_action_labels({
    LEARNING_REJECTED: gettext_lazy("Learning hours rejected"),
    COMPETENCY_GAIN_APPLIED: gettext_lazy("Competency gain of a training applied"),
})

# Level 1 (reaction): fixed Likert questions (1–5) asked after every activity [agency practice, LAPAN Perka 13/2019].
REACTION_QUESTIONS = {
    "relevance": gettext_lazy("The material is relevant to my work."),
    "facilitator": gettext_lazy("The facilitators explained the material clearly."),
    "organisation": gettext_lazy("The activity was well organised."),
    "usefulness": gettext_lazy("I will be able to apply what I learned."),
}
# Level 3 passes when the supervisor rates the applied learning at least "sufficient" (3 of 5) [agency practice].
APPLIED_PASSING_RATING = 3
MAX_MINUTES = 60 * 24 * 366  # a year of uninterrupted learning: anything above is a typing error
MAX_JP = 999
EARLIEST_YEAR = 2000


# --- External learning records and their verification ------------------------------------------------------


def _clean_record(*, title: str, form: str, completed_on, minutes, certificate_jp, today: date) -> tuple:
    title = (title or "").strip()
    if not title:
        raise field_error("title", _("Name the activity."), INVALID_LEARNING)
    if len(title) > 200:
        raise field_error("title", _("At most 200 characters."), INVALID_LEARNING)
    if form not in ActivityForm.values:
        raise field_error("form", _("Choose the form of the activity."), INVALID_LEARNING)
    if not isinstance(completed_on, date):
        raise field_error("completed_on", _("Give the completion date."), INVALID_LEARNING)
    if completed_on > today:
        raise field_error("completed_on", _("The completion date is in the future."), INVALID_LEARNING)
    if completed_on.year < EARLIEST_YEAR:
        raise field_error("completed_on", _("The completion date is too far in the past."), INVALID_LEARNING)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_MINUTES:
        raise field_error("minutes", _("Give the minutes attended as a whole number."), INVALID_LEARNING)
    if certificate_jp is not None and (isinstance(certificate_jp, bool) or not isinstance(certificate_jp, int)
                                       or not 1 <= certificate_jp <= MAX_JP):
        raise field_error("certificate_jp", _("The JP on the certificate is a whole number from 1 to 999."),
                          INVALID_LEARNING)
    jp = rules.jp_for(minutes=minutes, certificate_jp=certificate_jp)
    if jp < 1:
        raise field_error("minutes", _("The activity is worth less than 1 JP (45 minutes)."), INVALID_LEARNING)
    return title, min(jp, MAX_JP)


@transaction.atomic
def learning_record_add(*, actor, employee: Employee, title: str, form: str, completed_on: date, minutes: int,
                        certificate_jp: int | None = None, today: date | None = None) -> LearningRecord:
    """An external activity the employee did (recorded by themselves, or by HR for them): unverified, so it counts
    in the ledger only once HR verifies it. JP always from rules.jp_for; year = the completion year."""
    if not (is_self(actor, employee) or can_manage(actor, employee.pemda_id)):
        raise PermissionDenied
    title, jp = _clean_record(title=title, form=form, completed_on=completed_on, minutes=minutes,
                              certificate_jp=certificate_jp, today=today or timezone.localdate())
    record = LearningRecord(pemda_id=employee.pemda_id, employee=employee, source=LearningSource.EXTERNAL,
                            title=title, form=form, completed_on=completed_on, year=completed_on.year,
                            minutes=minutes, certificate_jp=certificate_jp, jp=jp, verified=False)
    record.full_clean()
    record.save()
    audit_record(actor=actor, action=DevelopmentAudit.LEARNING_RECORDED, target=record, pemda_id=record.pemda_id,
                 changes={"title": [None, title], "form": [None, form], "completed_on": [None, completed_on],
                          "minutes": [None, minutes], "certificate_jp": [None, certificate_jp], "jp": [None, jp]})
    return record


def _check_decider(actor, record: LearningRecord) -> None:
    if not can_manage(actor, record.pemda_id):
        raise PermissionDenied
    if is_self(actor, record.employee):
        raise DevelopmentError(_("Nobody verifies their own learning hours."), code=SELF_DECISION)


@transaction.atomic
def learning_record_verify(*, actor, record: LearningRecord) -> LearningRecord:
    """HR of the agency verifies an entry (never their own): from now on its JP counts in the ledger."""
    _check_decider(actor, record)
    now = timezone.now()
    done = LearningRecord.objects.filter(pk=record.pk, verified=False).update(
        verified=True, verified_by=actor, verified_at=now, updated_at=now)
    if not done:
        raise DevelopmentError(_("This entry has already been verified."), code=LEARNING_DECIDED, http_status=409)
    audit_record(actor=actor, action=DevelopmentAudit.LEARNING_VERIFIED, target=record, pemda_id=record.pemda_id,
                 changes={"verified": [False, True], "jp": [None, record.jp], "year": [None, record.year]})
    record.refresh_from_db()
    return record


@transaction.atomic
def learning_record_reject(*, actor, record: LearningRecord, reason: str) -> None:
    """HR refuses an unverified entry (never their own): it is removed (it never counted) and the employee told why.

    The ledger has no "rejected" state (models are fixed): the audit row keeps what was refused and why."""
    _check_decider(actor, record)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Say why the entry is refused."), INVALID_LEARNING)
    locked = LearningRecord.objects.select_for_update().filter(pk=record.pk, verified=False).first()
    if locked is None or locked.source != LearningSource.EXTERNAL:
        raise DevelopmentError(_("Only an unverified external entry can be refused."), code=LEARNING_DECIDED,
                               http_status=409)
    audit_record(actor=actor, action=LEARNING_REJECTED, target=locked, pemda_id=locked.pemda_id,
                 changes={"title": [locked.title, None], "jp": [locked.jp, None], "reason": [None, reason[:500]]})
    employee = locked.employee
    locked.delete()
    with notice_language():
        text = _("Your learning record \"%(title)s\" was not verified: %(reason)s") % {
            "title": locked.title[:80], "reason": reason[:150]}
    notify_user(user=employee.user, kind="development.learning_rejected", text=text,
                url=reverse("development:jp-mine"), pemda_id=employee.pemda_id)


# --- Settings ------------------------------------------------------------------------------------------------------


@transaction.atomic
def development_settings_set(*, actor, pemda: Pemda, pns_target_jp: int, pppk_cap_jp: int, pppk_cap_mode: str,
                             alert_from_month: int) -> DevelopmentSettings:
    """HR sets the agency's JP target, PPPK cap and its mode, and the month the alerts start."""
    if not can_manage(actor, pemda.pk):
        raise PermissionDenied
    checks = (("pns_target_jp", pns_target_jp, 0, 200), ("pppk_cap_jp", pppk_cap_jp, 0, 200),
              ("alert_from_month", alert_from_month, 1, 12))
    for name, value, low, high in checks:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise field_error(name, _("A whole number from %(low)d to %(high)d.") % {"low": low, "high": high},
                              INVALID_SETTINGS)
    if pppk_cap_mode not in JpCapMode.values:
        raise field_error("pppk_cap_mode", _("Choose what happens at the cap."), INVALID_SETTINGS)
    current, _created = DevelopmentSettings.objects.select_for_update().get_or_create(pemda=pemda)
    new = {"pns_target_jp": pns_target_jp, "pppk_cap_jp": pppk_cap_jp, "pppk_cap_mode": pppk_cap_mode,
           "alert_from_month": alert_from_month}
    changes = {name: [getattr(current, name), value] for name, value in new.items() if getattr(current, name) != value}
    for name, value in new.items():
        setattr(current, name, value)
    current.save()
    audit_record(actor=actor, action=DevelopmentAudit.SETTINGS_CHANGED, target=current, pemda_id=pemda.pk,
                 changes=changes)
    return current


# --- Training evaluation (Kirkpatrick 1–3) -------------------------------------------------------------------------


def follow_up_due(completed_on: date) -> date:
    return add_months(completed_on, rules.FOLLOW_UP_MONTHS)


def _completed(enrolment: Enrolment) -> None:
    if enrolment.status != EnrolmentStatus.COMPLETED or enrolment.completed_on is None:
        raise DevelopmentError(_("The activity is evaluated once its completion is recorded."),
                               code=EVALUATION_NOT_OPEN, http_status=409)


def _evaluation(enrolment: Enrolment) -> TrainingEvaluation:
    """The enrolment's evaluation, locked; created on first use with its follow-up due date."""
    evaluation, _created = TrainingEvaluation.objects.select_for_update().get_or_create(
        enrolment=enrolment, defaults={"follow_up_due": follow_up_due(enrolment.completed_on)})
    return evaluation


def _likert(field: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise field_error(field, _("Choose a rating from 1 to 5."), INVALID_EVALUATION)
    return value


@transaction.atomic
def evaluation_record_reaction(*, actor, enrolment: Enrolment, reaction: int, answers: dict,
                               comment: str = "") -> TrainingEvaluation:
    """Level 1: the participant (only they) rates the completed activity, once: overall 1–5 and every question."""
    if not is_self(actor, enrolment.employee):
        raise PermissionDenied
    _completed(enrolment)
    reaction = _likert("reaction", reaction)
    answers = answers if isinstance(answers, dict) else {}
    unknown = set(answers) - set(REACTION_QUESTIONS)
    if unknown:
        raise field_error("answers", _("Unknown question."), INVALID_EVALUATION)
    cleaned = {key: _likert(f"answer_{key}", answers.get(key)) for key in REACTION_QUESTIONS}
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise field_error("comment", _("At most 2000 characters."), INVALID_EVALUATION)
    evaluation = _evaluation(enrolment)
    if evaluation.reaction is not None:
        raise DevelopmentError(_("You have already given your reaction to this activity."),
                               code=EVALUATION_RECORDED, http_status=409)
    evaluation.reaction, evaluation.reaction_answers, evaluation.reaction_comment = reaction, cleaned, comment
    evaluation.save(update_fields=["reaction", "reaction_answers", "reaction_comment", "updated_at"])
    audit_record(actor=actor, action=DevelopmentAudit.EVALUATION_RECORDED, target=enrolment,
                 pemda_id=enrolment.pemda_id, changes={"reaction": [None, reaction], "answers": [None, cleaned]})
    return evaluation


def _score(field: str, value) -> Decimal:
    try:
        score = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise field_error(field, _("A score from 0 to 100."), INVALID_EVALUATION) from None
    if isinstance(value, bool) or not score.is_finite() or not 0 <= score <= 100:
        raise field_error(field, _("A score from 0 to 100."), INVALID_EVALUATION)
    return score


@transaction.atomic
def evaluation_record_tests(*, actor, enrolment: Enrolment, pre_test, post_test) -> TrainingEvaluation:
    """Level 2: HR records (or corrects) the pre- and post-test scores (0–100) of an activity that has tests;
    never their own."""
    if not can_manage(actor, enrolment.pemda_id):
        raise PermissionDenied
    if is_self(actor, enrolment.employee):
        raise DevelopmentError(_("Nobody records their own test scores."), code=SELF_DECISION)
    _completed(enrolment)
    if not enrolment.activity.has_tests:
        raise field_error("post_test", _("This activity has no pre- and post-test."), INVALID_EVALUATION)
    pre, post = _score("pre_test", pre_test), _score("post_test", post_test)
    evaluation = _evaluation(enrolment)
    before = [evaluation.pre_test, evaluation.post_test]
    evaluation.pre_test, evaluation.post_test = pre, post
    evaluation.save(update_fields=["pre_test", "post_test", "updated_at"])
    audit_record(actor=actor, action=DevelopmentAudit.EVALUATION_RECORDED, target=enrolment,
                 pemda_id=enrolment.pemda_id, changes={"pre_test": [before[0], pre], "post_test": [before[1], post]})
    return evaluation


@transaction.atomic
def evaluation_follow_up(*, actor, enrolment: Enrolment, applied_rating: int, note: str = "",
                         today: date | None = None) -> TrainingEvaluation:
    """Level 3: the participant's direct supervisor rates the learning applied at work (1–5), once, from 3 months
    after completion (rules.FOLLOW_UP_MONTHS). Never the participant."""
    if is_self(actor, enrolment.employee):
        raise DevelopmentError(_("The follow-up is given by your supervisor, not by you."), code=SELF_DECISION)
    if not is_direct_supervisor(actor, enrolment.employee):
        raise PermissionDenied
    _completed(enrolment)
    rating = _likert("applied_rating", applied_rating)
    note = (note or "").strip()
    if len(note) > 2000:
        raise field_error("note", _("At most 2000 characters."), INVALID_EVALUATION)
    evaluation = _evaluation(enrolment)
    today = today or timezone.localdate()
    if today < evaluation.follow_up_due:
        raise DevelopmentError(_("The follow-up opens on %(date)s, three months after completion.")
                               % {"date": evaluation.follow_up_due.strftime("%d-%m-%Y")},
                               code=FOLLOW_UP_NOT_DUE, http_status=409)
    if evaluation.applied_rating is not None:
        raise DevelopmentError(_("The follow-up has already been given."), code=EVALUATION_RECORDED, http_status=409)
    evaluation.applied_rating, evaluation.applied_note = rating, note
    evaluation.followed_up_by, evaluation.followed_up_at = actor_employee(actor), timezone.now()
    evaluation.save(update_fields=["applied_rating", "applied_note", "followed_up_by", "followed_up_at",
                                   "updated_at"])
    audit_record(actor=actor, action=DevelopmentAudit.EVALUATION_RECORDED, target=enrolment,
                 pemda_id=enrolment.pemda_id, changes={"applied_rating": [None, rating]})
    return evaluation


def evaluation_passes(evaluation: TrainingEvaluation | None, activity) -> bool:
    """Level 2 when the activity has tests with a passing score (post-test ≥ it); otherwise level 3 (the
    supervisor's applied rating ≥ 3)."""
    if evaluation is None:
        return False
    if activity.has_tests and activity.passing_score is not None:
        return evaluation.post_test is not None and evaluation.post_test >= activity.passing_score
    return evaluation.applied_rating is not None and evaluation.applied_rating >= APPLIED_PASSING_RATING


@transaction.atomic
def evaluation_apply_competency(*, actor, enrolment: Enrolment) -> list[CompetencyAssessment]:
    """HR raises each competency the activity develops to the activity's level — only where that is higher than
    the employee's valid current level — as an assessment with source "training" and this enrolment. Idempotent:
    a competency already proved by this enrolment is not recorded again. Returns the new assessments."""
    from ..selectors.competencies import current_levels

    if not can_manage(actor, enrolment.pemda_id):
        raise PermissionDenied
    if is_self(actor, enrolment.employee):
        raise DevelopmentError(_("Nobody records a level of their own competency."), code=SELF_DECISION)
    _completed(enrolment)
    evaluation = TrainingEvaluation.objects.select_for_update().filter(enrolment=enrolment).first()
    activity = enrolment.activity
    if not evaluation_passes(evaluation, activity):
        raise DevelopmentError(_("The evaluation does not show a pass yet."), code=EVALUATION_NOT_PASSED)
    done = set(CompetencyAssessment.objects.filter(enrolment=enrolment, source=AssessmentSource.TRAINING)
               .values_list("competency_id", flat=True))
    levels = current_levels(enrolment.employee)
    created = []
    for target in activity.competencies.select_related("competency"):
        current = levels.get(target.competency_id)
        if target.competency_id in done or (current is not None and current.level >= target.level):
            continue
        created.append(assessment_record(
            actor=actor, employee=enrolment.employee, competency=target.competency, level=target.level,
            source=AssessmentSource.TRAINING, assessed_on=enrolment.completed_on, reference=activity.title[:200],
            enrolment=enrolment))
    if created:
        audit_record(actor=actor, action=COMPETENCY_GAIN_APPLIED, target=enrolment, pemda_id=enrolment.pemda_id,
                     changes={"competencies": [None, sorted(a.competency.code for a in created)]})
    return created


# --- Alerts for those behind ---------------------------------------------------------------------------------------


def prorated_behind(jp: int, target: int, today: date) -> bool:
    """Behind the share of the yearly target due by the end of the previous month: jp < target × (month − 1) / 12,
    compared in whole numbers (no rounding)."""
    return jp * 12 < target * (today.month - 1)


@dataclass(frozen=True, slots=True)
class AlertResult:
    employees: int
    supervisors: int


@transaction.atomic
def jp_alerts_send(*, today: date | None = None) -> AlertResult:
    """Tell each active PNS/CPNS behind the pro-rated JP target, and their supervisor (one digest each), once a
    month from the agency's alert month. Idempotent within a month (the notice kind carries the month).
    PPPK have no minimum (their 24 JP is a cap, PP 49/2018 Pasal 40(1)) and are never alerted."""
    today = today or timezone.localdate()
    month_key = f"{today.year}-{today.month:02d}"
    own_kind, team_kind = f"development.jp_behind:{month_key}", f"development.jp_team:{month_key}"
    told_employees = told_supervisors = 0
    for pemda in Pemda.objects.filter(is_active=True).order_by("pk"):
        agency = settings_for(pemda.pk)
        if today.month < agency.alert_from_month or agency.pns_target_jp == 0:
            continue
        employees = (employees_with_jp(Employee.objects.filter(pemda=pemda, is_active=True,
                                                               status__in=PNS_STATUSES), today.year)
                     .select_related("user", "current_position"))
        behind = [e for e in employees if prorated_behind(e.jp_total, agency.pns_target_jp, today)]
        if not behind:
            continue
        already = set(Notification.objects.filter(kind__in=[own_kind, team_kind], pemda=pemda)
                      .values_list("recipient_id", "kind"))
        url = reverse("development:jp-mine")
        with notice_language():
            for employee in behind:
                if employee.user_id is None or (employee.user_id, own_kind) in already:
                    continue
                text = _("You have %(jp)d of the %(target)d JP target for %(year)d: plan your learning to close the "
                         "gap of %(gap)d JP.") % {"jp": employee.jp_total, "target": agency.pns_target_jp,
                                                  "year": today.year,
                                                  "gap": agency.pns_target_jp - employee.jp_total}
                if notify_user(user=employee.user, kind=own_kind, text=text, url=f"{url}?year={today.year}",
                               pemda_id=pemda.pk):
                    told_employees += 1
            teams: dict[int, list[Employee]] = {}
            bosses = supervisors_of_many(behind)
            for employee in behind:
                boss = bosses.get(employee.pk)
                if boss is not None:
                    teams.setdefault(boss.pk, [boss]).append(employee)
            for boss, *team in teams.values():
                if boss.user_id is None or (boss.user_id, team_kind) in already:
                    continue
                names = ", ".join(member.full_name for member in team[:5]) + ("…" if len(team) > 5 else "")
                text = _("%(n)d of your team are behind the JP target for %(year)d: %(names)s.") % {
                    "n": len(team), "year": today.year, "names": names}
                recap = f"{reverse('development:jp-recap')}?year={today.year}"
                if notify_user(user=boss.user, kind=team_kind, text=text, url=recap, pemda_id=pemda.pk):
                    told_supervisors += 1
    return AlertResult(employees=told_employees, supervisors=told_supervisors)


def register() -> None:
    """Register the learning task source on the home inbox."""
    from .. import learning_inbox

    learning_inbox.register()
