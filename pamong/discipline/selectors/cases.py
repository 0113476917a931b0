"""Reads of discipline cases. Every read starts from ``cases_visible_to(actor)``.

Who sees a case (issue #12; rules.md §3.3):

- HR, the executive and the Inspektorat of the agency (``DisciplinePerm.VIEW_ANY``): every case of the agency;
- the employee: their own cases (read-only, with their documents);
- the officials in the examinee's line while the case is open (before a decision every official up the position
  chain may turn out to be the authorised one, depending on the level decided: rules.md §3.3 names only officials
  of that chain, besides the PPK whose decisions HR records), and the official who decided it;
- nobody else, and nobody of another agency (404).
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from pamong.people.models import path_within
from pamong.people.selectors import actor_employee

from ..capabilities import DisciplinePerm
from ..choices import CaseStatus, SummonsOutcome
from ..models import Case

OPEN_STATUSES = (CaseStatus.REPORTED, CaseStatus.SUMMONED, CaseStatus.EXAMINED)
# A case "open for the same violation" (discipline.case_open): anything not yet closed or served.
ACTIVE_STATUSES = (CaseStatus.REPORTED, CaseStatus.SUMMONED, CaseStatus.EXAMINED, CaseStatus.DECIDED,
                   CaseStatus.DELIVERED, CaseStatus.OBJECTED)


def sees_agency(actor, pemda_id: int | None) -> bool:
    if actor.is_superuser:
        return True
    return actor.pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(DisciplinePerm.VIEW_ANY)


def is_hr(actor, pemda_id: int | None) -> bool:
    if actor.is_superuser:
        return True
    return actor.pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(DisciplinePerm.MANAGE)


def cases_visible_to(actor) -> QuerySet[Case]:
    if not actor.is_authenticated:
        return Case.objects.none()
    if actor.is_superuser:
        return Case.objects.all()
    if not actor.pemda_id:
        return Case.objects.none()
    scoped = Case.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(DisciplinePerm.VIEW_ANY):
        return scoped
    me = actor_employee(actor)
    if me is None:
        return Case.objects.none()
    condition = Q(employee=me) | Q(decided_by=me)
    position = me.current_position
    if position is not None:
        line = path_within("position__path", position.path) & ~Q(position=position)
        condition |= line & Q(status__in=(*OPEN_STATUSES, CaseStatus.DECIDED))
    return scoped.filter(condition)


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    kind: str = ""
    q: str = ""
    year: int | None = None


def case_list(actor, filters: CaseFilters | None = None) -> QuerySet[Case]:
    filters = filters or CaseFilters()
    cases = cases_visible_to(actor).select_related("employee", "org_unit", "position")
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.year:
        cases = cases.filter(reported_on__year=filters.year)
    if filters.q:
        cases = cases.filter(Q(employee__name__icontains=filters.q) | Q(employee__nip__startswith=filters.q))
    return cases.order_by("-reported_on", "-id")


@dataclass(frozen=True)
class Deadline:
    label: str
    due: date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def next_deadline(case: Case, *, today: date | None = None, summonses=None) -> Deadline | None:
    """The case's next statutory date (no query when *summonses* are passed in): the examination of a pending
    summons, the delivery, the end of the objection window."""
    from django.utils.translation import gettext as _

    today = today or timezone.localdate()
    if case.status == CaseStatus.SUMMONED:
        pending = [s for s in (summonses if summonses is not None else case.summonses.all())
                   if s.outcome == SummonsOutcome.PENDING]
        if pending:
            due = pending[-1].examination_on
            return Deadline(_("Examination"), due, (due - today).days)
    if case.status == CaseStatus.DECIDED and case.delivery_due:
        return Deadline(_("Delivery of the decision"), case.delivery_due, (case.delivery_due - today).days)
    if case.status == CaseStatus.DELIVERED and case.effective_on and case.effective_on > today:
        return Deadline(_("Takes effect"), case.effective_on, (case.effective_on - today).days)
    return None


def cases_awaiting_hr(pemda_id: int) -> QuerySet[Case]:
    """Cases waiting for HR's step: a summons, an examination or outcome, a delivery, an objection decision."""
    return Case.objects.filter(pemda_id=pemda_id, status__in=(CaseStatus.REPORTED, CaseStatus.SUMMONED,
                                                               CaseStatus.DECIDED, CaseStatus.OBJECTED))


def cases_awaiting_decision_in_line(me) -> QuerySet[Case]:
    """Examined cases (or decided on the evidence after two missed summonses) in the line below *me*."""
    if me is None or me.current_position is None:
        return Case.objects.none()
    position = me.current_position
    return (Case.objects.filter(pemda_id=me.pemda_id)
            .filter(path_within("position__path", position.path)).exclude(position=position).exclude(employee=me)
            .filter(Q(status=CaseStatus.EXAMINED)
                    | Q(status=CaseStatus.SUMMONED, summonses__sequence=2, summonses__outcome=SummonsOutcome.ABSENT)))
