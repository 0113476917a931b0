"""Reads of talent reviews (the 9-box, movement, the talent pool) and succession plans (issue #13, rules.md §6).

Who sees a review's entries: HR, the executive and the auditor of the agency (``MobilityPerm.VIEW_ANY``): every
entry; a unit head: the entries of their unit tree (the unit at the time of the review); anybody else of the agency:
their own entry only (the 9-box shows them their own box). Nobody sees another agency. Succession plans: the
agency's HR, executive and auditor. Every read is a fixed number of queries whatever the number of employees.

The facts the review is computed from are read in bulk here too: performance through its selector (the actor's
scope), the competency standards and the assessment history straight from development's tables (development has no
bulk reader of them; the same choice as placement_facts).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from pamong.development.models import CompetencyAssessment, CompetencyStandard
from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.selectors import actor_employee
from pamong.performance.selectors import evaluations_visible_to

from .. import talent
from ..capabilities import MobilityPerm
from ..models import SuccessionCandidate, SuccessionPlan, TalentReview, TalentReviewEntry, TalentSettings
from .lists import LIST_STATUSES, headed_unit, sees_agency

# --- Settings ----------------------------------------------------------------------------------------------------


def settings_for(pemda_id: int) -> TalentSettings:
    """The Pemda's talent settings, or unsaved defaults (rules.md §6)."""
    return TalentSettings.objects.filter(pemda_id=pemda_id).first() or TalentSettings(pemda_id=pemda_id)


def settings_values(record: TalentSettings) -> dict:
    return {"performance_years": record.performance_years, "predikat_scores": dict(record.predikat_scores),
            "performance_high": record.performance_high, "performance_medium": record.performance_medium,
            "potential_method": record.potential_method, "potential_high": record.potential_high,
            "potential_medium": record.potential_medium,
            "retirement_margin_months": record.retirement_margin_months}


# --- Scope -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TalentScope:
    """What of the agency's reviews *actor* reads: everything, a unit tree, or one employee."""

    pemda_id: int | None
    agency: bool = False
    unit: OrgUnit | None = None
    employee: Employee | None = None

    @property
    def any(self) -> bool:
        return self.pemda_id is not None and (self.agency or self.unit is not None or self.employee is not None)


def talent_scope(actor) -> TalentScope:
    if not actor.is_authenticated or not actor.pemda_id:
        return TalentScope(pemda_id=None)
    if sees_agency(actor):
        return TalentScope(pemda_id=actor.pemda_id, agency=True)
    unit = headed_unit(actor)
    if unit is not None:
        return TalentScope(pemda_id=actor.pemda_id, unit=unit)
    return TalentScope(pemda_id=actor.pemda_id, employee=actor_employee(actor))


def units_for_filter(scope: TalentScope) -> QuerySet[OrgUnit]:
    if scope.agency:
        return OrgUnit.objects.filter(pemda_id=scope.pemda_id, is_active=True).order_by("path")
    if scope.unit is not None:
        return OrgUnit.objects.filter(is_active=True).subtree_of(scope.unit).order_by("path")
    return OrgUnit.objects.none()


def review_years(pemda_id: int | None) -> list[int]:
    if pemda_id is None:
        return []
    return list(TalentReview.objects.filter(pemda_id=pemda_id).order_by("-year").values_list("year", flat=True))


def review_of(pemda_id: int | None, year: int | None) -> TalentReview | None:
    """The review of *year*, or the latest one (year None)."""
    if pemda_id is None:
        return None
    reviews = TalentReview.objects.filter(pemda_id=pemda_id).select_related("computed_by")
    if year is not None:
        return reviews.filter(year=year).first()
    return reviews.order_by("-year").first()


def entries_in_scope(scope: TalentScope, review: TalentReview, unit: OrgUnit | None = None
                     ) -> QuerySet[TalentReviewEntry]:
    """The review's entries *scope* reads, within *unit*'s tree if given (the caller checks the unit is in scope)."""
    entries = TalentReviewEntry.objects.filter(review=review)
    if not scope.any or review.pemda_id != scope.pemda_id:
        return entries.none()
    if not scope.agency:
        if scope.unit is not None:
            entries = entries.filter(path_within("unit_path", scope.unit.path))
        else:
            entries = entries.filter(employee=scope.employee)
    if unit is not None:
        entries = entries.filter(path_within("unit_path", unit.path))
    return entries


# --- The 9-box and movement --------------------------------------------------------------------------------------


@dataclass
class Box:
    number: int
    performance: str
    potential: str
    count: int = 0
    people: list = field(default_factory=list)  # TalentReviewEntry, employee selected, by name

    @property
    def in_pool(self) -> bool:
        return talent.in_pool(self.number)

    @property
    def follow_up(self) -> str:
        return str(talent.FOLLOW_UP[self.number])

    @property
    def performance_label(self) -> str:
        return str(talent.PERFORMANCE_LABELS[self.performance])

    @property
    def potential_label(self) -> str:
        return talent.Axis(self.potential).label


@dataclass
class NineBox:
    review: TalentReview | None
    boxes: dict[int, Box]
    unplaced: dict[str, int]
    total: int

    @property
    def grid(self) -> list[list[Box]]:
        return [[self.boxes[number] for number in row] for row in talent.GRID_ROWS]

    @property
    def placed(self) -> int:
        return sum(box.count for box in self.boxes.values())

    @property
    def unplaced_rows(self) -> list[tuple[str, str, int]]:
        """(reason, label, count) of the employees without a box."""
        return [(reason, talent.Unplaced(reason).label, count) for reason, count in sorted(self.unplaced.items())]


def _empty_boxes() -> dict[int, Box]:
    return {number: Box(number=number, performance=axes[0], potential=axes[1])
            for number, axes in sorted(talent.AXES_OF_BOX.items())}


def nine_box(scope: TalentScope, review: TalentReview | None, unit: OrgUnit | None = None) -> NineBox:
    """Counts and people per box, and the unplaced by reason (rules.md §6 dashboard denominators). One query."""
    boxes = _empty_boxes()
    unplaced: Counter = Counter()
    total = 0
    if review is not None:
        for entry in (entries_in_scope(scope, review, unit).select_related("employee", "position")
                      .order_by("employee__name", "employee_id")):
            total += 1
            if entry.box is None:
                unplaced[entry.reason] += 1
                continue
            boxes[entry.box].count += 1
            boxes[entry.box].people.append(entry)
    return NineBox(review=review, boxes=boxes, unplaced=dict(unplaced), total=total)


@dataclass
class Movement:
    from_year: int
    to_year: int
    matrix: list[list[int]]  # rows: from box 1–9 then "none"; columns likewise (index 9: no box)
    moves: list[dict]  # {entry, from, to} for the employees whose box changed, by name

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        labels = [str(n) for n in range(1, 10)] + ["—"]
        return list(zip(labels, self.matrix, strict=True))

    @property
    def labels(self) -> list[str]:
        return [str(n) for n in range(1, 10)] + ["—"]


def _slot(box: int | None) -> int:
    return 9 if box is None else box - 1


def movement(scope: TalentScope, review: TalentReview | None, chart: NineBox, unit: OrgUnit | None = None
             ) -> Movement | None:
    """From the previous stored year's box to this one's, for the employees in both (the same scope and unit as
    *chart*, whose entries it reuses). One query."""
    if review is None:
        return None
    previous = TalentReview.objects.filter(pemda_id=review.pemda_id, year__lt=review.year).order_by("-year").first()
    if previous is None:
        return None
    current = {entry.employee_id: entry for box in chart.boxes.values() for entry in box.people}
    if chart.unplaced:  # the unplaced entries were not kept by nine_box: read their ids too
        for entry in entries_in_scope(scope, review, unit).filter(box__isnull=True).select_related("employee"):
            current[entry.employee_id] = entry
    before = dict(TalentReviewEntry.objects.filter(review=previous, employee_id__in=list(current))
                  .values_list("employee_id", "box"))
    matrix = [[0] * 10 for _ in range(10)]
    moves = []
    for employee_id, entry in current.items():
        if employee_id not in before:
            continue
        matrix[_slot(before[employee_id])][_slot(entry.box)] += 1
        if before[employee_id] != entry.box:
            moves.append({"entry": entry, "from": before[employee_id], "to": entry.box})
    moves.sort(key=lambda move: (move["entry"].employee.name, move["entry"].employee_id))
    return Movement(from_year=previous.year, to_year=review.year, matrix=matrix, moves=moves)


# --- The talent pool ---------------------------------------------------------------------------------------------


def talent_pool(scope: TalentScope, review: TalentReview | None, *, unit: OrgUnit | None = None,
                box: int | None = None, kind: str = "") -> QuerySet[TalentReviewEntry]:
    """The review's KRS instansi (boxes 7–9, rules.md §6) in scope: best box first, then performance, then name."""
    if review is None:
        return TalentReviewEntry.objects.none()
    entries = entries_in_scope(scope, review, unit).filter(box__in=talent.POOL_BOXES)
    if box is not None:
        entries = entries.filter(box=box)
    if kind:
        entries = entries.filter(position__kind=kind)
    return (entries.select_related("employee", "position", "org_unit")
            .order_by("-box", "-performance_score", "-potential_score", "employee__name", "employee_id"))


def pool_employee_ids(pemda_id: int) -> list[int]:
    """The employees of the agency's latest review's pool (the placement runs' "talent pool" source)."""
    review = review_of(pemda_id, None)
    if review is None:
        return []
    return list(TalentReviewEntry.objects.filter(review=review, box__in=talent.POOL_BOXES)
                .values_list("employee_id", flat=True))


# --- Facts of a review (bulk) ------------------------------------------------------------------------------------


def review_population(pemda_id: int) -> list[Employee]:
    """The active PNS, CPNS and PPPK of the agency, with their position and unit."""
    return list(Employee.objects.filter(pemda_id=pemda_id, is_active=True, status__in=LIST_STATUSES)
                .select_related("current_position", "current_unit").order_by("pk"))


def yearly_predikats(actor, employee_ids: list[int], years: list[int]) -> dict[int, list[tuple[int, str]]]:
    """{employee id: [(year, predikat)], newest year first}: a year's annual evaluation, else its latest periodic one
    (the rule development uses for follow-up plans). One query, in the actor's performance scope."""
    found: dict[int, dict[int, tuple[bool, date, int, str]]] = defaultdict(dict)
    if not employee_ids or not years:
        return {}
    rows = (evaluations_visible_to(actor).filter(employee_id__in=employee_ids)
            .filter(period__gte=str(min(years)), period__lt=str(max(years) + 1))
            .values_list("employee_id", "period", "rated_on", "pk", "predikat"))
    for employee_id, period, rated_on, pk, predikat in rows:
        year = int(period[:4])
        if year not in years:
            continue
        key = (len(period) == 4, rated_on, pk, predikat)  # the annual one wins, then the latest rated
        if year not in found[employee_id] or key[:3] > found[employee_id][year][:3]:
            found[employee_id][year] = key
    return {employee_id: [(year, value[3]) for year, value in sorted(per_year.items(), reverse=True)]
            for employee_id, per_year in found.items()}


def standards_of(position_ids: list[int]) -> dict[int, dict[int, int]]:
    """{position id: {competency id: required level}} of the active competencies. One query."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    for position_id, competency_id, level in (
            CompetencyStandard.objects.filter(position_id__in=position_ids, competency__is_active=True)
            .values_list("position_id", "competency_id", "required_level")):
        found[position_id][competency_id] = level
    return dict(found)


def levels_on(employee_ids: list[int], competency_ids: set[int], on: date
              ) -> tuple[dict[int, dict[int, int]], set[int]]:
    """({employee id: {competency id: level}} of the latest assessment made by *on* and still valid on it, the
    employees assessed by then whose every such assessment has expired). One query over the assessment history."""
    latest: dict[tuple[int, int], tuple] = {}
    if employee_ids and competency_ids:
        rows = (CompetencyAssessment.objects.filter(employee_id__in=employee_ids, competency_id__in=competency_ids,
                                                    assessed_on__lte=on)
                .values_list("employee_id", "competency_id", "assessed_on", "pk", "level", "valid_until"))
        for employee_id, competency_id, assessed_on, pk, level, valid_until in rows:
            key = (employee_id, competency_id)
            if key not in latest or (assessed_on, pk) > latest[key][:2]:
                latest[key] = (assessed_on, pk, level, valid_until)
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    assessed: set[int] = set()
    for (employee_id, competency_id), (_on, _pk, level, valid_until) in latest.items():
        assessed.add(employee_id)
        if valid_until is None or valid_until >= on:
            levels[employee_id][competency_id] = level
    return dict(levels), assessed - set(levels)


# --- Succession --------------------------------------------------------------------------------------------------


def plans_visible_to(actor) -> QuerySet[SuccessionPlan]:
    """The agency's plans for HR, the executive and the auditor (VIEW_ANY); nobody else."""
    if not actor.is_authenticated or not actor.pemda_id or not actor.has_perm(MobilityPerm.VIEW_ANY):
        return SuccessionPlan.objects.none()
    return SuccessionPlan.objects.filter(pemda_id=actor.pemda_id)


def plan_list(actor) -> QuerySet[SuccessionPlan]:
    return (plans_visible_to(actor).select_related("position", "position__org_unit")
            .annotate(candidate_count=Count("candidates"))
            .order_by("position__org_unit__path", "position__name", "pk"))


def candidates_of(plan: SuccessionPlan) -> list[SuccessionCandidate]:
    return list(plan.candidates.select_related("employee", "employee__current_position", "employee__current_unit",
                                               "development_item", "development_item__plan")
                .order_by("-score", "employee__name", "pk"))


def holders_of(position_ids: list[int]) -> dict[int, list[Employee]]:
    found: dict[int, list[Employee]] = defaultdict(list)
    for employee in Employee.objects.filter(current_position_id__in=position_ids, is_active=True).order_by("name"):
        found[employee.current_position_id].append(employee)
    return dict(found)


def today_or(value: date | None) -> date:
    return value or timezone.localdate()


def near_retirement_q(margin_months: int, today: date) -> Q:
    """Employees whose retirement date falls within *margin_months* of *today* (rules.md §6: succession plans
    leave out those near BUP)."""
    year, month = divmod(today.month - 1 + margin_months, 12)
    day = min(today.day, 28)
    limit = date(today.year + year, month + 1, day)
    return Q(retirement_date__isnull=False, retirement_date__lte=limit)
