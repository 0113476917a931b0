"""Development services: individual development plans (rencana pengembangan individu).

A plan per employee and year, drafted from the competency gaps of their position (one item per competency with a
gap, aiming at the required level, with an open catalogue activity that develops it when there is one) and, when
the employee's latest predikat is Butuh Perbaikan, Kurang or Sangat Kurang (performance follow-up, PermenPANRB
6/2022), marked as a follow-up plan with a target date. The employee submits it; their supervisor agrees or sends
it back through the approval engine (flow "development_plan", one binding step: the atasan langsung).
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.choices import ApproverRole, Outcome, ProcessStatus
from pamong.approvals.models import ApprovalProcess
from pamong.approvals.registry import StepSpec, register_flow
from pamong.approvals.services import notice_language, notify_user, person_name, process_cancel, process_start
from pamong.audit.services import audit_record
from pamong.core.dateranges import day_text
from pamong.people.models import Employee
from pamong.people.selectors import supervisor_of
from pamong.performance import rules as performance_rules
from pamong.performance.models import Evaluation

from .. import rules
from ..audit import DevelopmentAudit
from ..choices import ActivityForm, ActivityStatus, CompetencyKind, PlanOrigin, PlanStatus
from ..errors import INVALID_LEVEL, PLAN_EMPTY, PLAN_EXISTS, PLAN_LOCKED, DevelopmentError, field_error
from ..models import (
    ActivityCompetency,
    Competency,
    DevelopmentPlan,
    DevelopmentPlanItem,
    DevelopmentSettings,
    LearningActivity,
)
from ..permissions import can_manage, is_direct_supervisor, is_self
from ..selectors.competencies import employee_gaps

FLOW = "development_plan"
EDITABLE = (PlanStatus.DRAFT, PlanStatus.RETURNED)
OPEN_PLAN = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.AGREED)
# Predikat that call for a development plan (PermenPANRB 6/2022: tindak lanjut hasil evaluasi kinerja).
LOW_PREDIKAT = performance_rules.FOLLOW_UP_DEVELOPMENT
# The form suggested for a gap no open catalogue activity covers [agency practice, PerLAN 10/2018 forms].
SUGGESTED_FORM = {
    CompetencyKind.TECHNICAL: ActivityForm.BIMTEK,
    CompetencyKind.MANAGERIAL: ActivityForm.DIKLAT,
    CompetencyKind.SOCIO_CULTURAL: ActivityForm.MENTORING,
}
NOTICE_KIND = "development.plan"
SYSTEM_USERNAME = "pamong-system"
# Extra refusal codes of this module (errors.py is shared).
NOT_SUBMITTED = "development.plan_not_submitted"
INVALID_ITEM = "development.invalid_plan_item"
NOT_OWN_PLAN = "development.not_own_plan"


# --- Helpers -----------------------------------------------------------------------------------------------------


def system_actor():
    """The account plans drafted by the daily follow-up job are created by (inactive: it never signs in)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "display_name": "Pamong (otomatis)"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def plan_url(plan: DevelopmentPlan) -> str:
    try:
        return reverse("development:plan-detail", args=[plan.public_id])
    except NoReverseMatch:
        return ""


def settings_of(pemda_id: int) -> DevelopmentSettings:
    found = DevelopmentSettings.objects.filter(pemda_id=pemda_id).first()
    return found if found is not None else DevelopmentSettings(pemda_id=pemda_id)


def _low_predikat_expression(year: int):
    """SQL: the employee's latest predikat of *year*, else the annual predikat of the previous year."""
    latest = (Evaluation.objects.filter(employee=OuterRef("pk"), period__startswith=str(year))
              .order_by("-rated_on", "-pk").values("predikat")[:1])
    previous = Evaluation.objects.filter(employee=OuterRef("pk"), period=str(year - 1)).values("predikat")[:1]
    return Coalesce(Subquery(latest), Subquery(previous))


def latest_predikat(employee: Employee, year: int) -> str:
    """The predikat that decides whether *employee*'s plan of *year* is a follow-up one ("" when never rated)."""
    found = (Employee.objects.filter(pk=employee.pk).annotate(found=_low_predikat_expression(year))
             .values_list("found", flat=True).first())
    return found or ""


def _may_draft(actor, employee: Employee) -> bool:
    if actor.is_superuser:
        return True
    if actor.pemda_id != employee.pemda_id:
        return False
    return is_self(actor, employee) or is_direct_supervisor(actor, employee) or can_manage(actor, employee.pemda_id)


def can_edit_plan(actor, plan: DevelopmentPlan) -> bool:
    """Who: the employee, their direct supervisor, HR of the agency. When: services check (draft or returned)."""
    return _may_draft(actor, plan.employee)


def _locked(plan: DevelopmentPlan) -> None:
    if plan.status not in EDITABLE:
        raise DevelopmentError(_("This development plan can no longer be changed (status: %(status)s).")
                               % {"status": plan.get_status_display()}, code=PLAN_LOCKED, http_status=409)


def _suggestions(pemda_id: int, gaps, today: date) -> dict[int, LearningActivity]:
    """Per competency id: the open activity developing it up to at least the required level (lowest such level,
    then the earliest start). One query for every gap."""
    required = {g.competency.pk: g.required for g in gaps}
    rows = (ActivityCompetency.objects.filter(
        competency_id__in=list(required), activity__pemda_id=pemda_id, activity__status=ActivityStatus.OPEN)
        .filter(Q(activity__enrolment_deadline__isnull=True) | Q(activity__enrolment_deadline__gte=today))
        .select_related("activity").order_by("level", "activity__start_date", "activity_id"))
    found: dict[int, LearningActivity] = {}
    for row in rows:
        if row.level >= required[row.competency_id] and row.competency_id not in found:
            found[row.competency_id] = row.activity
    return found


def _notify(user, plan: DevelopmentPlan, text: str) -> None:
    notify_user(user=user, kind=NOTICE_KIND, text=text, url=plan_url(plan), pemda_id=plan.pemda_id)


def _user(employee: Employee | None):
    return getattr(employee, "user", None) if employee is not None else None


# --- Drafting ----------------------------------------------------------------------------------------------------


def _draft(*, actor, employee: Employee, year: int, predikat: str, audit_actor, today: date) -> DevelopmentPlan:
    """Create the plan and its items from the gaps (in the caller's transaction)."""
    gaps = [g for g in employee_gaps(employee, today=today) if g.gap > 0]
    follow_up = predikat in LOW_PREDIKAT
    due = today + timedelta(days=settings_of(employee.pemda_id).follow_up_plan_days) if follow_up else None
    origin = PlanOrigin.FOLLOW_UP if follow_up else (PlanOrigin.GAPS if gaps else PlanOrigin.MANUAL)
    exists = DevelopmentPlan.objects.filter(employee=employee, year=year).exclude(status=PlanStatus.CANCELLED)
    try:
        if exists.exists():
            raise IntegrityError
        with transaction.atomic():
            plan = DevelopmentPlan.objects.create(
                pemda_id=employee.pemda_id, employee=employee, year=year, origin=origin,
                predikat=predikat if follow_up else "", due_date=due, created_by=actor)
    except IntegrityError:
        raise DevelopmentError(_("%(name)s already has a development plan for %(year)d.")
                               % {"name": employee.full_name, "year": year}, code=PLAN_EXISTS,
                               http_status=409) from None
    suggested = _suggestions(employee.pemda_id, gaps, today)
    target_date = due or date(year, 12, 31)
    with notice_language():
        items = []
        for g in gaps:
            activity = suggested.get(g.competency.pk)
            items.append(DevelopmentPlanItem(
                plan=plan, competency=g.competency, current_level=g.current, target_level=g.required,
                activity=activity, form=activity.form if activity else SUGGESTED_FORM.get(g.competency.kind, ""),
                description=(_("Raise %(competency)s from level %(current)s to level %(target)d.")
                             % {"competency": g.competency.name, "current": g.current or 0,
                                "target": g.required})[:2000],
                target_date=target_date, planned_jp=activity.jp if activity else 0))
    DevelopmentPlanItem.objects.bulk_create(items)
    audit_record(actor=audit_actor, action=DevelopmentAudit.PLAN_CREATED, target=plan, pemda_id=plan.pemda_id,
                 changes={"employee": [None, employee.nip], "year": [None, year], "origin": [None, origin],
                          "predikat": [None, plan.predikat], "due_date": [None, due], "items": [None, len(items)]})
    return plan


@transaction.atomic
def plan_draft(*, actor, employee: Employee, year: int, today: date | None = None) -> DevelopmentPlan:
    """Draft *employee*'s plan of *year* from their gaps (and their latest predikat); by the employee, their
    supervisor or HR. Raises PermissionDenied, DevelopmentError PLAN_EXISTS (409)."""
    if not _may_draft(actor, employee):
        raise PermissionDenied
    today = today or timezone.localdate()
    if not today.year - 1 <= year <= today.year + 1:
        raise field_error("year", _("Draft a plan for last year, this year or next year."), "development.invalid_year")
    plan = _draft(actor=actor, employee=employee, year=year, predikat=latest_predikat(employee, year),
                  audit_actor=actor, today=today)
    if plan.origin == PlanOrigin.FOLLOW_UP:
        _follow_up_notices(plan, actor=actor)
    return plan


def _follow_up_notices(plan: DevelopmentPlan, *, actor=None) -> None:
    """Tell the employee and their supervisor (not whoever drafted it themselves)."""
    employee = plan.employee
    supervisor = supervisor_of(employee)
    with notice_language():
        values = {"name": employee.full_name, "year": plan.year, "date": day_text(plan.due_date)}
        if _user(employee) != actor:
            _notify(_user(employee), plan, _("A follow-up development plan %(year)d was drafted for you after your "
                                         "performance rating: complete and submit it; carry it out by %(date)s.")
                    % values)
        if _user(supervisor) != actor:
            _notify(_user(supervisor), plan, _("A follow-up development plan %(year)d was drafted for %(name)s after their performance rating "
                  "(target date %(date)s).") % values)


def follow_up_candidates(*, year: int, pemda_id: int | None = None):
    """Active employees whose latest predikat of *year* (else last year's annual) is low and who have no plan."""
    employees = Employee.objects.filter(is_active=True)
    if pemda_id is not None:
        employees = employees.filter(pemda_id=pemda_id)
    has_plan = DevelopmentPlan.objects.filter(employee=OuterRef("pk"), year=year).exclude(
        status=PlanStatus.CANCELLED)
    return (employees.annotate(low_predikat=_low_predikat_expression(year))
            .filter(low_predikat__in=sorted(LOW_PREDIKAT)).exclude(Exists(has_plan))
            .select_related("current_position", "user").order_by("pk"))


def follow_up_plans_draft(*, actor=None, year: int, pemda_id: int | None = None,
                          today: date | None = None) -> int:
    """Draft a follow-up plan for every candidate (the daily job, or HR's "run now" for its agency). Idempotent:
    an employee with a plan of the year is skipped. One short transaction per employee. Returns plans drafted."""
    if actor is not None and (not can_manage(actor, pemda_id) or pemda_id is None):
        raise PermissionDenied
    today = today or timezone.localdate()
    creator = actor if actor is not None else system_actor()
    drafted = 0
    for employee in follow_up_candidates(year=year, pemda_id=pemda_id).iterator(chunk_size=500):
        try:
            with transaction.atomic():
                plan = _draft(actor=creator, employee=employee, year=year, predikat=employee.low_predikat,
                              audit_actor=actor, today=today)
                _follow_up_notices(plan)
        except DevelopmentError:
            continue  # drafted meanwhile (a concurrent run, or the employee themselves)
        drafted += 1
    return drafted


# --- Items -------------------------------------------------------------------------------------------------------


def _clean_item(plan: DevelopmentPlan, *, competency, target_level, activity, form, description, target_date,
                planned_jp, linked_id: int | None = None) -> dict:
    """The item's values checked; *linked_id*: the activity already linked (kept even if closed since)."""
    if competency is not None and competency.pemda_id != plan.pemda_id:
        raise field_error("competency", _("Choose a competency of your agency."), INVALID_ITEM)
    if activity is not None and activity.pk != linked_id and (activity.pemda_id != plan.pemda_id
                                                              or activity.status != ActivityStatus.OPEN):
        raise field_error("activity", _("Choose an activity of the catalogue that is open for enrolment."),
                          INVALID_ITEM)
    if target_level is not None and (not isinstance(target_level, int)
                                     or not rules.LEVEL_MIN <= target_level <= rules.LEVEL_MAX):
        raise field_error("target_level", _("A level is a whole number from 1 to 5."), INVALID_LEVEL)
    form = form or (activity.form if activity is not None else "")
    if form and form not in ActivityForm.values:
        raise field_error("form", _("Choose a form of development."), INVALID_ITEM)
    description = (description or "").strip()
    if not description:
        raise field_error("description", _("Say what will be done."), INVALID_ITEM)
    if target_date is not None and target_date.year not in (plan.year, plan.year + 1):
        raise field_error("target_date", _("The target date must fall in the plan's year (or the next)."),
                          INVALID_ITEM)
    if planned_jp is None:
        planned_jp = activity.jp if activity is not None else 0
    if not isinstance(planned_jp, int) or not 0 <= planned_jp <= 1000:
        raise field_error("planned_jp", _("Planned JP is a whole number from 0 to 1000."), INVALID_ITEM)
    return {"competency": competency, "target_level": target_level, "activity": activity, "form": form,
            "description": description[:2000], "target_date": target_date, "planned_jp": planned_jp}


def _item_audit(item: DevelopmentPlanItem) -> dict:
    return {"competency": item.competency.code if item.competency_id else None, "target_level": item.target_level,
            "activity": item.activity.title if item.activity_id else None, "form": item.form,
            "description": item.description, "target_date": item.target_date, "planned_jp": item.planned_jp}


def _lock_plan(plan: DevelopmentPlan, actor) -> DevelopmentPlan:
    """Re-read the plan under a row lock (two edits or an edit and a submit never interleave)."""
    locked = DevelopmentPlan.objects.select_for_update().select_related("employee").get(pk=plan.pk)
    if not can_edit_plan(actor, locked):
        raise PermissionDenied
    _locked(locked)
    return locked


@transaction.atomic
def plan_item_add(*, actor, plan: DevelopmentPlan, description: str, competency: Competency | None = None,
                  target_level: int | None = None, activity: LearningActivity | None = None, form: str = "",
                  target_date: date | None = None, planned_jp: int | None = None) -> DevelopmentPlanItem:
    plan = _lock_plan(plan, actor)
    data = _clean_item(plan, competency=competency, target_level=target_level, activity=activity, form=form,
                       description=description, target_date=target_date, planned_jp=planned_jp)
    item = DevelopmentPlanItem.objects.create(plan=plan, **data)
    audit_record(actor=actor, action=DevelopmentAudit.PLAN_CHANGED, target=plan, pemda_id=plan.pemda_id,
                 changes={"item_added": [None, _item_audit(item)]})
    return item


_UNSET = object()


@transaction.atomic
def plan_item_update(*, actor, item: DevelopmentPlanItem, description=_UNSET, competency=_UNSET,
                     target_level=_UNSET, activity=_UNSET, form=_UNSET, target_date=_UNSET,
                     planned_jp=_UNSET) -> DevelopmentPlanItem:
    """Change an item of a draft or returned plan; arguments left out keep their value."""
    plan = _lock_plan(item.plan, actor)
    item = DevelopmentPlanItem.objects.select_related("competency", "activity").get(pk=item.pk, plan=plan)
    before = _item_audit(item)
    given = {"description": description, "competency": competency, "target_level": target_level,
             "activity": activity, "form": form, "target_date": target_date, "planned_jp": planned_jp}
    current = {name: getattr(item, name) for name in given}
    if activity is not _UNSET and activity is not None and form is _UNSET:
        given["form"] = activity.form  # a newly linked activity brings its form
    new_activity = activity is not _UNSET and getattr(activity, "pk", None) != item.activity_id
    if new_activity and (planned_jp is _UNSET or planned_jp == item.planned_jp):
        given["planned_jp"] = None  # a newly linked activity brings its JP unless another figure was typed
    merged = {name: current[name] if value is _UNSET else value for name, value in given.items()}
    data = _clean_item(plan, **merged, linked_id=item.activity_id)
    for name, value in data.items():
        setattr(item, name, value)
    item.save()
    audit_record(actor=actor, action=DevelopmentAudit.PLAN_CHANGED, target=plan, pemda_id=plan.pemda_id,
                 changes={"item": [before, _item_audit(item)]})
    return item


@transaction.atomic
def plan_item_remove(*, actor, item: DevelopmentPlanItem) -> None:
    plan = _lock_plan(item.plan, actor)
    if item.enrolments.exists():
        raise DevelopmentError(_("This item has an enrolment: drop the enrolment first."), code=PLAN_LOCKED,
                               http_status=409)
    before = _item_audit(item)
    item.delete()
    audit_record(actor=actor, action=DevelopmentAudit.PLAN_CHANGED, target=plan, pemda_id=plan.pemda_id,
                 changes={"item_removed": [before, None]})


@transaction.atomic
def plan_goal_set(*, actor, plan: DevelopmentPlan, goal: str) -> DevelopmentPlan:
    plan = _lock_plan(plan, actor)
    goal = (goal or "").strip()[:4000]
    before = plan.goal
    DevelopmentPlan.objects.filter(pk=plan.pk).update(goal=goal, updated_at=timezone.now())
    audit_record(actor=actor, action=DevelopmentAudit.PLAN_CHANGED, target=plan, pemda_id=plan.pemda_id,
                 changes={"goal": [before, goal]})
    plan.refresh_from_db()
    return plan


# --- Agreement ---------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_submit(*, actor, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The employee sends their draft (or returned) plan to their supervisor for agreement."""
    if not is_self(actor, plan.employee):
        if can_edit_plan(actor, plan):
            raise DevelopmentError(_("Only the employee submits their own development plan."), code=NOT_OWN_PLAN,
                                   http_status=403)
        raise PermissionDenied
    plan = DevelopmentPlan.objects.select_for_update().select_related("employee").get(pk=plan.pk)
    _locked(plan)
    if not plan.items.exists():
        raise DevelopmentError(_("Add at least one item before submitting the plan."), code=PLAN_EMPTY)
    before = plan.status
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED, updated_at=timezone.now())
    plan.status = PlanStatus.SUBMITTED
    process_start(actor=actor, flow=FLOW, target=plan, requester=plan.employee, request_kind="plan")
    audit_record(actor=actor, action=DevelopmentAudit.PLAN_SUBMITTED, target=plan, pemda_id=plan.pemda_id,
                 changes={"status": [before, PlanStatus.SUBMITTED]})
    plan.refresh_from_db()
    return plan


def pending_process(plan: DevelopmentPlan) -> ApprovalProcess | None:
    return ApprovalProcess.objects.filter(flow=FLOW, target_id=plan.pk, status=ProcessStatus.PENDING).first()


@transaction.atomic
def plan_cancel(*, actor, plan: DevelopmentPlan, reason: str = "") -> DevelopmentPlan:
    """HR cancels a plan (e.g. drafted in error); a pending agreement is stopped. Frees the year for a new plan."""
    if not can_manage(actor, plan.pemda_id):
        raise PermissionDenied
    plan = DevelopmentPlan.objects.select_for_update().select_related("employee").get(pk=plan.pk)
    if plan.status == PlanStatus.CANCELLED:
        raise DevelopmentError(_("This plan is already cancelled."), code=PLAN_LOCKED, http_status=409)
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Give the reason for cancelling."), "development.reason_required")
    process = pending_process(plan)
    if process is not None:
        process_cancel(actor=actor, process=process, reason=reason)
    before = plan.status
    DevelopmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.CANCELLED, updated_at=timezone.now())
    plan.status = PlanStatus.CANCELLED
    audit_record(actor=actor, action=DevelopmentAudit.PLAN_DECIDED, target=plan, pemda_id=plan.pemda_id,
                 changes={"status": [before, PlanStatus.CANCELLED], "reason": [None, reason]})
    with notice_language():
        _notify(_user(plan.employee), plan, _("Your development plan %(year)d was cancelled by %(name)s: "
                                              "%(reason)s.") % {"year": plan.year, "name": person_name(actor),
                                                                "reason": reason.rstrip(". ")})
    return plan


class DevelopmentPlanFlow:
    """Agreement of a development plan: the employee's supervisor agrees, or sends it back with a reason."""

    flow = FLOW

    def default_route(self, *, request_kind: str, context: dict):
        return [StepSpec(role=ApproverRole.SUPERVISOR, label="atasan langsung", is_binding=True)]

    def on_step_done(self, *, process, step, actor) -> None:
        """Nothing to keep per step: the reason stays on the step (the plan's approval history)."""

    def on_finished(self, *, process, step, outcome: str, actor) -> None:
        plan = DevelopmentPlan.objects.select_related("employee__user").get(pk=process.target_id)
        agreed = outcome == Outcome.APPROVE
        status = PlanStatus.AGREED if agreed else PlanStatus.RETURNED
        now = timezone.now()
        DevelopmentPlan.objects.filter(pk=plan.pk).update(status=status, agreed_at=now if agreed else None,
                                                          updated_at=now)
        audit_record(actor=actor, action=DevelopmentAudit.PLAN_DECIDED, target=plan, pemda_id=plan.pemda_id,
                     changes={"status": [PlanStatus.SUBMITTED, status], "reason": [None, step.reason]})
        with notice_language():
            values = {"year": plan.year, "name": person_name(actor), "reason": (step.reason or "").rstrip(". ")}
            text = (_("Your development plan %(year)d was agreed by %(name)s.") % values if agreed
                    else _("%(name)s sent your development plan %(year)d back: %(reason)s.") % values)
        _notify(_user(plan.employee), plan, text)

    def describe(self, process) -> str:
        plan = getattr(process, "target", None)
        if not isinstance(plan, DevelopmentPlan):
            plan = DevelopmentPlan.objects.select_related("employee").get(pk=process.target_id)
        return _("Development plan %(year)d of %(name)s") % {"year": plan.year, "name": plan.employee.full_name}

    def url(self, process) -> str:
        public_id = DevelopmentPlan.objects.filter(pk=process.target_id).values_list("public_id", flat=True).first()
        try:
            return reverse("development:plan-review", args=[public_id]) if public_id else ""
        except NoReverseMatch:
            return ""


def register() -> None:
    """Fill the lower contexts' registries (approval flows, task sources…) for this sub-domain."""
    from .. import plan_inbox

    register_flow(DevelopmentPlanFlow())
    plan_inbox.register()
