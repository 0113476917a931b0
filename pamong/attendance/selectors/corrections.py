"""Reads of attendance corrections. Every read starts from ``corrections_visible_to(actor)``."""

from django.db.models import Q, QuerySet

from pamong.approvals.selectors import steps_awaiting
from pamong.people.selectors import actor_employee, employees_visible_to

from ..capabilities import AttendancePerm
from ..choices import CorrectionStatus
from ..models import DayCorrection

FLOW = "attendance_correction"


def corrections_visible_to(actor) -> QuerySet[DayCorrection]:
    """The employee's own requests; a supervisor's line (direct and indirect reports); the whole agency for those
    who see every employee's attendance (HR, attendance officers, executive, Inspektorat); plus any request whose
    decision awaits the actor (e.g. as Plt/Plh of the supervisor's post). Never another agency's."""
    if not actor.is_authenticated:
        return DayCorrection.objects.none()
    if actor.is_superuser:
        return DayCorrection.objects.all()
    if not actor.pemda_id:
        return DayCorrection.objects.none()
    in_pemda = DayCorrection.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(AttendancePerm.VIEW_ANY):
        return in_pemda
    if actor_employee(actor) is None:
        return in_pemda.none()
    awaiting = steps_awaiting(actor).filter(process__flow=FLOW).values("process_id")
    return in_pemda.filter(Q(employee__in=employees_visible_to(actor).values("pk")) | Q(process_id__in=awaiting))


def correction_list(actor, *, scope: str = "", status: str = "") -> QuerySet[DayCorrection]:
    """*scope*: "mine" (own requests), "decide" (awaiting the actor's decision), else every visible one."""
    corrections = corrections_visible_to(actor).select_related("employee", "employee__current_unit")
    me = actor_employee(actor)
    if scope == "mine":
        corrections = corrections.filter(employee=me) if me is not None else corrections.none()
    elif scope == "decide":
        awaiting = steps_awaiting(actor).filter(process__flow=FLOW).values("process_id")
        corrections = corrections.filter(process_id__in=awaiting, status=CorrectionStatus.PENDING)
    if status in CorrectionStatus.values:
        corrections = corrections.filter(status=status)
    return corrections.order_by("-created_at", "-pk")


def correction_detail_queryset(actor) -> QuerySet[DayCorrection]:
    return corrections_visible_to(actor).select_related("employee", "employee__current_unit", "requested_by",
                                                        "process")
