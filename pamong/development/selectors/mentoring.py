"""Development reads: mentoring and coaching pairs, their sessions, and mentor suggestions."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from pamong.people.models import Employee
from pamong.people.selectors import actor_employee, employees_visible_to

from ..capabilities import DevelopmentPerm
from ..choices import LearningSource, PairStatus
from ..models import Competency, CurrentCompetency, LearningRecord, MentoringPair, MentoringSession
from ..services.mentoring import DEFAULT_MENTOR_LEVEL, seniority_q
from .competencies import employee_gaps


def pairs_visible_to(actor) -> QuerySet[MentoringPair]:
    """The pairs *actor* may read: the whole agency for HR, executives and auditors; otherwise their own pairs (as
    mentor or mentee) and those of the employees below them (a unit head: the unit subtree)."""
    if not actor.is_authenticated:
        return MentoringPair.objects.none()
    if actor.is_superuser:
        return MentoringPair.objects.all()
    if not actor.pemda_id:
        return MentoringPair.objects.none()
    in_pemda = MentoringPair.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(DevelopmentPerm.VIEW_ANY):
        return in_pemda
    me = actor_employee(actor)
    if me is None:
        return in_pemda.none()
    below = employees_visible_to(actor).exclude(pk=me.pk).values("pk")
    return in_pemda.filter(Q(mentor=me) | Q(mentee=me) | Q(mentee__in=below))


def pair_list(*, actor, role: str = "") -> QuerySet[MentoringPair]:
    """The visible pairs for the list page: ``role`` "mentor"/"mentee" keeps the actor's own pairs in that role."""
    pairs = pairs_visible_to(actor).select_related("mentor", "mentee", "competency", "mentee__current_unit")
    me = actor_employee(actor)
    if role == "mentor":
        pairs = pairs.filter(mentor=me) if me else pairs.none()
    elif role == "mentee":
        pairs = pairs.filter(mentee=me) if me else pairs.none()
    sessions = MentoringSession.objects.filter(pair=OuterRef("pk")).values("pair").annotate(n=Count("pk")).values("n")
    return pairs.annotate(session_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0)) \
        .order_by("status", "-started_on", "-pk")


def pair_sessions(pair: MentoringPair) -> list[MentoringSession]:
    """The pair's sessions, newest first, each with ``jp`` when both have confirmed it (two queries)."""
    sessions = list(pair.sessions.select_related("recorded_by").order_by("-held_on", "-pk"))
    records = dict(LearningRecord.objects.filter(source=LearningSource.MENTORING,
                                                 source_id__in=[s.pk for s in sessions])
                   .values_list("source_id", "jp"))
    for session in sessions:
        session.jp = records.get(session.pk)
        session.is_confirmed = session.mentor_confirmed_at is not None and session.mentee_confirmed_at is not None
    return sessions


# --- Mentor suggestions ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MentorSuggestion:
    employee: Employee
    fit: int  # how many of the targeted competencies the candidate holds at (at least) the level needed
    surplus: int  # by how many levels, summed, the candidate is above the levels needed
    active_pairs: int  # the candidate's workload: active pairs as mentor
    level: int | None  # the candidate's level of the chosen competency (None when none was chosen)


def _targets(mentee: Employee, competency: Competency | None, today: date) -> dict[int, int]:
    """{competency id: level needed}: the chosen competency (the mentee's requirement, else the default level), or
    every competency of the mentee's position with a gap."""
    gaps = employee_gaps(mentee, today=today)
    if competency is not None:
        required = next((g.required for g in gaps if g.competency.pk == competency.pk), None)
        return {competency.pk: required or DEFAULT_MENTOR_LEVEL}
    return {g.competency.pk: g.required for g in gaps if g.gap > 0}


def mentor_suggestions(mentee: Employee, competency: Competency | None = None, limit: int = 10, *,
                       today: date | None = None) -> list[MentorSuggestion]:
    """Senior, active colleagues of the same Pemda who could mentor *mentee*, best first.

    Ranked by gap fit (how many of the targeted competencies — the chosen one, else the mentee's gaps — the
    candidate holds at the level needed, then by how much above), then by workload (fewest active pairs as
    mentor), then by name. With a chosen competency only those who hold it at the level needed are suggested.
    Excludes the mentee and whoever is already in an active pair with them for that competency. A constant number
    of queries (the mentee's gaps, then one aggregated query), whatever the size of the agency.
    """
    today = today or timezone.localdate()
    senior = seniority_q(mentee)
    if senior is None:
        return []
    targets = _targets(mentee, competency, today)
    valid = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    held = CurrentCompetency.objects.filter(valid, employee=OuterRef("pk"))
    match = Q(pk__in=[])
    surplus_cases = []
    for competency_id, level in targets.items():
        match |= Q(competency_id=competency_id, level__gte=level)
        surplus_cases.append(When(competency_id=competency_id, then=Value(-level)))
    fit = held.filter(match).values("employee").annotate(n=Count("pk")).values("n")
    surplus = (held.filter(match).values("employee")
               .annotate(n=Sum(Case(*surplus_cases, default=Value(0), output_field=IntegerField()) + Coalesce(
                   "level", 0))).values("n")) if targets else None
    load = (MentoringPair.objects.filter(mentor=OuterRef("pk"), status=PairStatus.ACTIVE).values("mentor")
            .annotate(n=Count("pk")).values("n"))
    already = MentoringPair.objects.filter(mentor=OuterRef("pk"), mentee=mentee, status=PairStatus.ACTIVE)
    already = already.filter(competency=competency) if competency is not None else already.filter(
        competency__isnull=True)
    candidates = (Employee.objects.filter(senior, pemda_id=mentee.pemda_id, is_active=True)
                  .exclude(pk=mentee.pk).exclude(Exists(already))
                  .annotate(fit=Coalesce(Subquery(fit, output_field=IntegerField()), 0),
                            active_pairs=Coalesce(Subquery(load, output_field=IntegerField()), 0))
                  .select_related("current_position", "current_unit", "current_golongan"))
    if surplus is not None:
        candidates = candidates.annotate(surplus=Coalesce(Subquery(surplus, output_field=IntegerField()), 0))
    else:
        candidates = candidates.annotate(surplus=Value(0, output_field=IntegerField()))
    if competency is not None:
        level = held.filter(competency=competency).values("level")[:1]
        candidates = candidates.annotate(level=Subquery(level, output_field=IntegerField())).filter(fit__gte=1)
    candidates = candidates.order_by("-fit", "-surplus", "active_pairs", "name", "pk")[:limit]
    return [MentorSuggestion(employee=row, fit=row.fit, surplus=row.surplus, active_pairs=row.active_pairs,
                             level=getattr(row, "level", None)) for row in candidates]


# --- The development home ----------------------------------------------------------------------------------------


def home_context(actor, employee) -> dict:
    """What this sub-domain shows on the development home page (template development/_home_mentoring.html): the
    actor's active pairs as mentor and as mentee, the sessions waiting for their confirmation, and the JP their
    mentoring earned this year."""
    if employee is None:
        return {"mentoring": None}
    from ..mentoring_inbox import sessions_to_confirm

    year = timezone.localdate().year
    pairs = list(MentoringPair.objects.filter(Q(mentor=employee) | Q(mentee=employee), status=PairStatus.ACTIVE)
                 .select_related("mentor", "mentee", "competency").order_by("-started_on", "-pk")[:20])
    jp = (LearningRecord.objects.filter(employee=employee, source=LearningSource.MENTORING, year=year, verified=True)
          .aggregate(total=Coalesce(Sum("jp"), 0))["total"])
    return {"mentoring": {
        "as_mentor": [p for p in pairs if p.mentor_id == employee.pk],
        "as_mentee": [p for p in pairs if p.mentee_id == employee.pk],
        "to_confirm": list(sessions_to_confirm(employee).select_related("pair", "recorded_by")
                           .order_by("-held_on", "-pk")[:10]),
        "jp": jp,
        "year": year,
    }}
