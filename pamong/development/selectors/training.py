"""Development reads: the training catalogue, enrolments and Pamong's certificates (each scoped to the actor)."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from pamong.people.selectors import actor_employee, employees_visible_to

from ..capabilities import DevelopmentPerm
from ..choices import ActivityStatus, EnrolmentStatus
from ..models import ActivityCompetency, Enrolment, LearningActivity
from ..permissions import can_manage

TAKEN = (EnrolmentStatus.REQUESTED, EnrolmentStatus.APPROVED, EnrolmentStatus.COMPLETED)
PUBLISHED = (ActivityStatus.OPEN, ActivityStatus.CLOSED, ActivityStatus.FINISHED, ActivityStatus.CANCELLED)


def activities_visible_to(actor) -> QuerySet[LearningActivity]:
    """The catalogue of the actor's agency: HR sees drafts too, everyone else what was published."""
    if not actor.is_authenticated:
        return LearningActivity.objects.none()
    if actor.is_superuser:
        return LearningActivity.objects.all()
    if not actor.pemda_id:
        return LearningActivity.objects.none()
    activities = LearningActivity.objects.filter(pemda_id=actor.pemda_id)
    if can_manage(actor, actor.pemda_id):
        return activities
    return activities.filter(status__in=PUBLISHED)


def catalogue(actor, *, form: str = "", mode: str = "", competency=None, search: str = "",
              status: str = "") -> QuerySet[LearningActivity]:
    """The catalogue list: open activities first (soonest first), then the rest; with the places taken and the
    competencies prefetched (a constant number of queries whatever the size)."""
    activities = activities_visible_to(actor)
    if form:
        activities = activities.filter(form=form)
    if mode:
        activities = activities.filter(mode=mode)
    if competency is not None:
        activities = activities.filter(competencies__competency=competency)
    if status:
        activities = activities.filter(status=status)
    if search:
        activities = activities.filter(Q(title__icontains=search) | Q(provider__icontains=search)
                                       | Q(description__icontains=search))
    return (activities
            .annotate(taken=Count("enrolments", filter=Q(enrolments__status__in=TAKEN), distinct=True),
                      open_first=Case(When(status=ActivityStatus.OPEN, then=Value(0)), default=Value(1),
                                      output_field=IntegerField()))
            .prefetch_related(Prefetch("competencies",
                                       queryset=ActivityCompetency.objects.select_related("competency")))
            .order_by("open_first", "start_date", "title", "pk"))


def enrolments_visible_to(actor) -> QuerySet[Enrolment]:
    """Own enrolments; subordinates' (supervisors up the line); the agency's for HR, executives and auditors."""
    if not actor.is_authenticated:
        return Enrolment.objects.none()
    if actor.is_superuser:
        return Enrolment.objects.all()
    if not actor.pemda_id:
        return Enrolment.objects.none()
    enrolments = Enrolment.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(DevelopmentPerm.VIEW_ANY) or can_manage(actor, actor.pemda_id):
        return enrolments
    if actor_employee(actor) is None:
        return enrolments.none()
    return enrolments.filter(employee__in=employees_visible_to(actor))


def my_enrolments(actor) -> QuerySet[Enrolment]:
    me = actor_employee(actor)
    if me is None:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(employee=me).select_related("activity").order_by("-created_at", "-pk")


def participants(activity: LearningActivity) -> QuerySet[Enrolment]:
    return (Enrolment.objects.filter(activity=activity)
            .select_related("employee", "employee__current_unit")
            .order_by(Case(When(status=EnrolmentStatus.APPROVED, then=Value(0)),
                           When(status=EnrolmentStatus.REQUESTED, then=Value(1)), default=Value(2),
                           output_field=IntegerField()), "employee__name", "pk"))


def certificate_by_code(code: str) -> Enrolment | None:
    """The completed enrolment whose Pamong certificate carries *code*, or None (the public verification)."""
    code = (code or "").strip()
    if not code or len(code) > 16:
        return None
    return (Enrolment.objects.filter(verification_code=code, status=EnrolmentStatus.COMPLETED)
            .select_related("activity", "employee").first())


def home_context(actor, employee) -> dict:
    """What this sub-domain shows on the development home page (template development/_home_training.html)."""
    mine = list(my_enrolments(actor)[:5]) if employee is not None else []
    return {
        "training_enrolments": mine,
        "training_open_count": activities_visible_to(actor).filter(status=ActivityStatus.OPEN).count(),
        "training_manage": can_manage(actor, actor.pemda_id),
    }
