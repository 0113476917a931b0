"""Discipline reads for the sanctions' effects (issue #12; rules.md §3.4, §3.5 item 5): who may see an employee's
sanctions and restrictions, the cases whose sanction is in force, and the monthly TPP-deduction list.

Every read starts from what the actor may see: the agency's discipline for those holding DisciplinePerm.VIEW_ANY in
it (HR admin, executive, auditor/Inspektorat), one's own record, and — for the restrictions only, which a supervisor
needs to plan promotions and transfers — the employees of one's line (people.selectors.employees_visible_to).
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from pamong.people.models import Employee
from pamong.people.selectors import actor_employee, employees_visible_to

from .. import rules
from ..capabilities import DisciplinePerm
from ..choices import CaseStatus, ObjectionStatus, Sanction
from ..models import Case, DisciplineSettings, Objection

# A case still under examination, decision or objection (rules.md §3.4: no transfer meanwhile).
OPEN_STATUSES = (CaseStatus.REPORTED, CaseStatus.SUMMONED, CaseStatus.EXAMINED, CaseStatus.DECIDED,
                 CaseStatus.OBJECTED)
# A decision that was delivered: its sanction runs on its dates unless an objection suspends or annuls it.
SANCTIONED_STATUSES = (CaseStatus.DELIVERED, CaseStatus.EFFECTIVE, CaseStatus.COMPLETED)
TPP_CUTS = tuple(code for code, spec in rules.CATALOGUE.items() if spec.tpp_cut_percent)


# --- Who may see -------------------------------------------------------------------------------------------------


def can_view_agency_discipline(actor, pemda_id: int | None = None) -> bool:
    """HR admin, executive and auditor of the agency (DisciplinePerm.VIEW_ANY); the platform superadmin reads
    through the admin."""
    target = pemda_id if pemda_id is not None else getattr(actor, "pemda_id", None)
    return bool(actor.is_authenticated and actor.pemda_id and actor.pemda_id == target
                and actor.has_perm(DisciplinePerm.VIEW_ANY))


def can_manage_agency_discipline(actor, pemda_id: int | None = None) -> bool:
    """HR admin of the agency (DisciplinePerm.MANAGE)."""
    target = pemda_id if pemda_id is not None else getattr(actor, "pemda_id", None)
    return bool(actor.is_authenticated and actor.pemda_id and actor.pemda_id == target
                and actor.has_perm(DisciplinePerm.MANAGE))


def is_self(actor, employee: Employee) -> bool:
    return bool(actor.is_authenticated and employee.user_id is not None and employee.user_id == actor.pk)


def can_view_discipline_of(actor, employee: Employee) -> bool:
    """The employee's sanctions (profile section): the agency's discipline readers and the employee themself."""
    return can_view_agency_discipline(actor, employee.pemda_id) or is_self(actor, employee)


def restriction_subjects_visible_to(actor) -> QuerySet[Employee]:
    """Employees whose restrictions *actor* may read: the agency for its discipline readers; else oneself and one's
    line (supervisors up the line plan their subordinates' promotions and transfers)."""
    if not actor.is_authenticated or not actor.pemda_id:
        return Employee.objects.none()
    if actor.has_perm(DisciplinePerm.VIEW_ANY):
        return Employee.objects.filter(pemda_id=actor.pemda_id)
    return employees_visible_to(actor).filter(pemda_id=actor.pemda_id)


def can_view_restrictions_of(actor, employee: Employee) -> bool:
    """Mirror of restriction_subjects_visible_to for one loaded row."""
    if can_view_agency_discipline(actor, employee.pemda_id) or is_self(actor, employee):
        return True
    if not actor.is_authenticated or actor.pemda_id != employee.pemda_id:
        return False
    me = actor_employee(actor)
    return me is not None and employees_visible_to(actor).filter(pk=employee.pk).exists()


# --- Cases and their sanctions ----------------------------------------------------------------------------------


def _decided_objections(case_ref="pk"):
    return Objection.objects.filter(case_id=OuterRef(case_ref)).exclude(status=ObjectionStatus.PENDING).order_by(
        "-decided_on", "-pk")


def with_objection_state(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Annotate each case with ``objection_pending`` and the last decided objection's ``objection_outcome`` and
    ``objection_sanction`` (subqueries: still one query for a list)."""
    return cases.annotate(
        objection_pending=Exists(Objection.objects.filter(case_id=OuterRef("pk"), status=ObjectionStatus.PENDING)),
        objection_outcome=Subquery(_decided_objections().values("status")[:1]),
        objection_sanction=Subquery(_decided_objections().values("new_sanction")[:1]),
    )


def sanction_in_force(case: Case) -> str:
    """The sanction that stands after any objection: an annulment leaves none; a change its new sanction."""
    outcome = getattr(case, "objection_outcome", None)
    if outcome == ObjectionStatus.ANNULLED:
        return ""
    if outcome == ObjectionStatus.CHANGED and getattr(case, "objection_sanction", ""):
        return case.objection_sanction
    return case.sanction or ""


def is_suspended(case: Case) -> bool:
    """A pending upaya administratif suspends the sanction until it is decided (rules.md §3.4)."""
    return bool(getattr(case, "objection_pending", False))


def is_running(case: Case, on: date) -> bool:
    """Whether the case's sanction runs on *on*: delivered, in its period, neither annulled nor suspended."""
    if case.status not in SANCTIONED_STATUSES or not sanction_in_force(case) or is_suspended(case):
        return False
    if case.effective_on is None or case.effective_on > on:
        return False
    return case.ends_on is None or on <= case.ends_on


def sanctioned_cases(pemda_id: int | None = None) -> QuerySet[Case]:
    """Delivered cases with a sanction, annotated with their objection state (the caller scopes and filters)."""
    cases = Case.objects.filter(status__in=SANCTIONED_STATUSES).exclude(sanction="")
    if pemda_id is not None:
        cases = cases.filter(pemda_id=pemda_id)
    return with_objection_state(cases)


def cases_of_employee(employee: Employee) -> QuerySet[Case]:
    """The employee's cases (decided or not) for the profile section: one query."""
    return with_objection_state(Case.objects.filter(employee=employee).exclude(status=CaseStatus.DROPPED)).order_by(
        "-effective_on", "-reported_on", "-pk")


def restriction_cases(employee_ids: list[int], on: date) -> list[Case]:
    """Every case that may restrict one of *employee_ids* on *on* (one query)."""
    relevant = (
        Q(status__in=OPEN_STATUSES, reported_on__lte=on)
        | Q(status__in=SANCTIONED_STATUSES, effective_on__lte=on)
        | Q(status__in=SANCTIONED_STATUSES, objection_pending=True)  # under upaya administratif
    )
    cases = with_objection_state(Case.objects.filter(employee_id__in=employee_ids)).filter(relevant).only(
        "id", "public_id", "employee_id", "status", "sanction", "level", "reported_on", "decision_number",
        "effective_on", "ends_on")
    return list(cases.order_by("employee_id", "effective_on", "pk"))


def position_sanctions_waiting(actor) -> QuerySet[Case]:
    """Delivered position sanctions (rules.md §3.1: lowered one step / released to pelaksana) of the actor's agency
    not yet written to the personnel record: HR chooses the target position before the effective date."""
    if not can_manage_agency_discipline(actor):
        return Case.objects.none()
    lowering = [code for code, spec in rules.CATALOGUE.items() if spec.lowers_position]
    return with_objection_state(
        Case.objects.filter(pemda_id=actor.pemda_id, status__in=(CaseStatus.DECIDED, CaseStatus.DELIVERED,
                                                                 CaseStatus.OBJECTED),
                            sanction__in=lowering)
    ).select_related("employee", "employee__current_position", "employee__current_unit").order_by(
        "effective_on", "pk")


# --- The monthly TPP-deduction list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TppRow:
    case: Case
    nip: str
    name: str
    unit: str
    sanction: str
    decision_number: str
    cut_percent: int
    start: date
    end: date
    months_remaining: int
    sanction_code: str = ""


@dataclass(frozen=True)
class TppList:
    month: date  # first day of the month
    in_force: bool
    rows: list[TppRow] = field(default_factory=list)
    explanation: str = ""


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def months_between(first: date, last: date) -> int:
    """Calendar months from *first*'s month to *last*'s month, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def salary_pp_in_force(pemda_id: int) -> bool:
    return bool(DisciplineSettings.objects.filter(pemda_id=pemda_id).values_list(
        "salary_pp_in_force", flat=True).first())


def tpp_deductions(pemda_id: int, month: date) -> TppList:
    """The sedang TPP cuts (25 %) running in *month* in the agency (rules.md §3.1, §3.2: "in a Pemda the sedang
    sanction cuts TPP"), one row per case, by unit and name: three queries at any size.

    Only once the PP on PNS salary and allowances is in force (PP 94/2021 Pasal 42; PerBKN 6/2022 Pasal 62); until
    then no TPP is cut — the sedang sanctions are replaced by their transitional substitutes — and the list is empty
    with that explanation.
    """
    first, last = month_bounds(month)
    if not salary_pp_in_force(pemda_id):
        return TppList(month=first, in_force=False, explanation=_(
            "The PP on PNS salary and allowances is not in force in this agency: until it is, no TPP is cut. The "
            "moderate (sedang) sanctions are replaced by the transitional ones — periodic raise postponed 1 year, "
            "promotion postponed 1 year, rank lowered one step for 1 year (PP 94/2021 Pasal 42; PerBKN 6/2022 "
            "Pasal 62)."))
    cases = (
        sanctioned_cases(pemda_id)
        .filter(effective_on__lte=last, ends_on__gte=first)
        .select_related("employee", "employee__current_unit")
        .order_by("employee__current_unit__name", "employee__name", "effective_on", "pk")
    )
    rows = []
    for case in cases:
        sanction = sanction_in_force(case)
        if sanction not in TPP_CUTS or is_suspended(case):
            continue
        employee = case.employee
        rows.append(TppRow(
            case=case, nip=employee.nip, name=employee.full_name,
            unit=employee.current_unit.name if employee.current_unit_id else "",
            sanction=str(Sanction(sanction).label), decision_number=case.decision_number,
            cut_percent=rules.CATALOGUE[sanction].tpp_cut_percent, start=case.effective_on, end=case.ends_on,
            months_remaining=months_between(max(first, case.effective_on), case.ends_on), sanction_code=sanction,
        ))
    return TppList(month=first, in_force=True, rows=rows)
