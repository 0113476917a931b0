"""Development reads: individual development plans (see the package docstring).

An item linked to a catalogue activity reads as done once the employee's enrolment in that activity is completed
(read-time: the completion is recorded by the training services, which know nothing of plans).
"""

from datetime import date

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from pamong.approvals.models import ApprovalProcess, ApprovalStep
from pamong.approvals.selectors import steps_awaiting
from pamong.people.models import OrgUnit, path_within
from pamong.people.selectors import actor_employee, employees_visible_to

from ..capabilities import DevelopmentPerm
from ..choices import ActivityStatus, EnrolmentStatus, PlanItemStatus, PlanOrigin, PlanStatus
from ..models import DevelopmentPlan, DevelopmentPlanItem, Enrolment, LearningActivity

FLOW = "development_plan"  # services.plans.FLOW (selectors do not import services)
ACTIVITIES_LISTED = 20
TEAM_LISTED = 20
AWAITING = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED)


def plans_visible_to(actor) -> QuerySet[DevelopmentPlan]:
    """Plans of the employees *actor* may see: own; a supervisor's line; HR, executive, auditor: the agency."""
    if not actor.is_authenticated:
        return DevelopmentPlan.objects.none()
    if actor.is_superuser:
        return DevelopmentPlan.objects.all()
    if not actor.pemda_id:
        return DevelopmentPlan.objects.none()
    in_pemda = DevelopmentPlan.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(DevelopmentPerm.VIEW_ANY):
        return in_pemda
    return in_pemda.filter(employee_id__in=employees_visible_to(actor).values("pk"))


def items_with_progress() -> QuerySet[DevelopmentPlanItem]:
    """Items with ``activity_completed``: the plan's employee completed the linked activity."""
    completed = Enrolment.objects.filter(activity_id=OuterRef("activity_id"), employee_id=OuterRef("plan__employee_id"),
                                         status=EnrolmentStatus.COMPLETED)
    return (DevelopmentPlanItem.objects.select_related("competency", "activity")
            .annotate(activity_completed=Exists(completed)).order_by("pk"))


def item_status(item: DevelopmentPlanItem) -> str:
    """The stored status, or DONE when the linked activity's enrolment was completed."""
    if item.status != PlanItemStatus.DROPPED and getattr(item, "activity_completed", False):
        return PlanItemStatus.DONE
    return item.status


def with_detail(plans: QuerySet[DevelopmentPlan]) -> QuerySet[DevelopmentPlan]:
    """*plans* with what a detail shows: the employee's post and unit, the items with their progress."""
    return plans.select_related("employee__current_position", "employee__current_unit", "employee__user",
                                "created_by").prefetch_related(Prefetch("items", queryset=items_with_progress()))


def plan_detail_queryset(actor) -> QuerySet[DevelopmentPlan]:
    return with_detail(plans_visible_to(actor))


def decorate_items(plan: DevelopmentPlan) -> list[DevelopmentPlanItem]:
    """The plan's (prefetched) items with ``effective_status`` set; counts on the plan (done, total)."""
    items = list(plan.items.all())
    for item in items:
        item.effective_status = item_status(item)
        item.effective_status_label = PlanItemStatus(item.effective_status).label
    plan.items_done = sum(1 for i in items if i.effective_status == PlanItemStatus.DONE)
    plan.items_total = len(items)
    return items


def approval_steps_of(plan: DevelopmentPlan) -> QuerySet[ApprovalStep]:
    """Every step of every agreement round of the plan."""
    return ApprovalStep.objects.filter(process__in=ApprovalProcess.objects.filter(flow=FLOW, target_id=plan.pk))


def approval_history(plan: DevelopmentPlan) -> list[ApprovalStep]:
    """Every step of every agreement round of the plan, oldest first (one query)."""
    return list(approval_steps_of(plan).select_related("approver", "acted_by", "process")
                .order_by("process_id", "order"))


def awaiting_step(actor, plan: DevelopmentPlan) -> ApprovalStep | None:
    """The active agreement step of *plan* that *actor* may answer, if any."""
    if plan.status != PlanStatus.SUBMITTED:
        return None
    return steps_awaiting(actor).filter(process__flow=FLOW, process__target_id=plan.pk).first()


def open_activities(actor, term: str = "", *, today: date | None = None) -> QuerySet[LearningActivity]:
    """Open catalogue activities of the actor's agency whose title (or provider) matches *term*."""
    today = today or timezone.localdate()
    if not actor.is_authenticated or not (actor.pemda_id or actor.is_superuser):
        return LearningActivity.objects.none()
    found = LearningActivity.objects.filter(status=ActivityStatus.OPEN).filter(
        Q(enrolment_deadline__isnull=True) | Q(enrolment_deadline__gte=today))
    if not actor.is_superuser:
        found = found.filter(pemda_id=actor.pemda_id)
    term = (term or "").strip()[:100]
    if term:
        found = found.filter(Q(title__icontains=term) | Q(provider__icontains=term))
    return found.order_by("start_date", "title", "pk")


def plan_of(employee, year: int) -> DevelopmentPlan | None:
    return (DevelopmentPlan.objects.filter(employee=employee, year=year).exclude(status=PlanStatus.CANCELLED)
            .prefetch_related(Prefetch("items", queryset=items_with_progress())).first())


# --- The HR overview ------------------------------------------------------------------------------------------


def overview(actor, *, year: int, unit: OrgUnit | None = None, status: str = "", origin: str = "",
             today: date | None = None) -> dict:
    """The plans of a year the actor sees (agency, or a supervisor's line), by status and origin, with the list.

    A constant number of queries whatever the number of plans: one grouped count and the listed page."""
    today = today or timezone.localdate()
    plans = plans_visible_to(actor).filter(year=year)
    if unit is not None:
        plans = plans.filter(path_within("employee__current_unit__path", unit.path))
    counts = {(row["status"], row["origin"]): row["n"]
              for row in plans.order_by().values("status", "origin").annotate(n=Count("pk"))}
    by_status = {s: sum(n for (st, _o), n in counts.items() if st == s) for s in PlanStatus.values}
    by_origin = {o: sum(n for (_s, og), n in counts.items() if og == o) for o in PlanOrigin.values}
    listed = plans
    if status in PlanStatus.values:
        listed = listed.filter(status=status)
    if origin in PlanOrigin.values:
        listed = listed.filter(origin=origin)
    listed = (listed.select_related("employee__current_unit")
              .annotate(items_total=Count("items", distinct=True))
              .annotate(overdue=ExpressionWrapper(Q(due_date__lt=today, status__in=AWAITING),
                                                 output_field=BooleanField()))
              .order_by("-overdue", "due_date", "employee__name", "pk"))
    return {"by_status": [(PlanStatus(s), by_status[s]) for s in PlanStatus.values],
            "by_origin": [(PlanOrigin(o), by_origin[o]) for o in PlanOrigin.values],
            "total": sum(counts.values()), "plans": listed}


# --- Home ------------------------------------------------------------------------------------------------------


def team_awaiting(actor) -> list[DevelopmentPlan]:
    """Plans waiting for the actor's agreement (the steps of flow development_plan they may answer)."""
    ids = list(steps_awaiting(actor).filter(process__flow=FLOW).values_list("process__target_id", flat=True)
               [:TEAM_LISTED])
    if not ids:
        return []
    return list(DevelopmentPlan.objects.filter(pk__in=ids, status=PlanStatus.SUBMITTED).select_related("employee")
                .order_by("employee__name", "pk"))


def home_context(actor, employee) -> dict:
    """What this sub-domain shows on the development home page (template development/_home_plans.html)."""
    year = timezone.localdate().year
    plan = plan_of(employee, year) if employee is not None else None
    if plan is not None:
        decorate_items(plan)
    return {"my_plan": plan, "plan_year": year, "team_plans": team_awaiting(actor) if employee is not None else [],
            "plans_overview": actor.has_perm(DevelopmentPerm.VIEW_ANY) or actor.is_superuser,
            "my_employee": actor_employee(actor)}
