"""Development reads: the JP ledger of one employee, the unit/agency JP recap, the verification queue, and the
learning part of the development home page.

Only verified entries count (rules.md §7), in the year of completion (LearningRecord.year). The recap is one
aggregate per page (Sum filtered over the ledger, grouped per employee) plus one grouped aggregate per unit, so its
query count does not grow with the number of employees or entries.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.people.choices import EmploymentStatus
from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.selectors import actor_employee, employees_visible_to

from ..capabilities import DevelopmentPerm
from ..choices import EnrolmentStatus
from ..models import DevelopmentSettings, Enrolment, LearningRecord, TrainingEvaluation
from ..permissions import can_manage, can_view_development

PNS_STATUSES = (EmploymentStatus.PNS, EmploymentStatus.CPNS)
PPPK_STATUSES = (EmploymentStatus.PPPK, EmploymentStatus.PPPK_PART_TIME)
STATUS_LABELS = {"met": _("Target met"), "behind": _("Behind"), "over_cap": _("Over the cap"),
                 "within_cap": _("Within the cap"), "none": _("No target")}


def settings_for(pemda_id: int) -> DevelopmentSettings:
    """The agency's development settings, or the defaults (unsaved) when HR never changed them."""
    found = DevelopmentSettings.objects.filter(pemda_id=pemda_id).first()
    return found if found is not None else DevelopmentSettings(pemda_id=pemda_id)


def add_months(day: date, months: int) -> date:
    """*day* moved by whole months, clamped to the month's last day (30 November + 3 months = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def target_and_cap(status: str, agency: DevelopmentSettings) -> tuple[int | None, int | None]:
    """PNS/CPNS: the yearly minimum (PP 11/2017 Pasal 203(4)); PPPK: the yearly cap (PP 49/2018 Pasal 40(1))."""
    if status in PNS_STATUSES:
        return agency.pns_target_jp, None
    if status in PPPK_STATUSES:
        return None, agency.pppk_cap_jp
    return None, None


def jp_status(jp: int, target: int | None, cap: int | None) -> str:
    if target is not None:
        return "met" if jp >= target else "behind"
    if cap is not None:
        return "over_cap" if jp > cap else "within_cap"
    return "none"


@dataclass(frozen=True)
class JpLedger:
    employee: Employee
    year: int
    jp: int  # verified entries only
    pending_jp: int  # recorded, awaiting HR's verification (never counted)
    target: int | None
    cap: int | None
    items: list[LearningRecord] = field(default_factory=list)

    @property
    def shortfall(self) -> int:
        return max(0, self.target - self.jp) if self.target is not None else 0

    @property
    def over_cap(self) -> int:
        return max(0, self.jp - self.cap) if self.cap is not None else 0

    @property
    def status(self) -> str:
        return jp_status(self.jp, self.target, self.cap)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def percent(self) -> int:
        limit = self.target or self.cap
        return min(100, round(100 * self.jp / limit)) if limit else 0


def jp_ledger(employee: Employee, year: int, *, agency: DevelopmentSettings | None = None) -> JpLedger:
    """The employee's ledger of *year*: every entry (verified or not) and the verified JP total. Two queries."""
    agency = agency or settings_for(employee.pemda_id)
    items = list(LearningRecord.objects.filter(employee=employee, year=year).select_related("verified_by")
                 .order_by("-completed_on", "-pk"))
    target, cap = target_and_cap(employee.status, agency)
    return JpLedger(employee=employee, year=year, jp=sum(i.jp for i in items if i.verified),
                    pending_jp=sum(i.jp for i in items if not i.verified), target=target, cap=cap, items=items)


def jp_of(employee: Employee, year: int) -> int:
    """The verified JP of *employee* in *year* (one query)."""
    return LearningRecord.objects.filter(employee=employee, year=year, verified=True).aggregate(
        total=Coalesce(Sum("jp"), 0))["total"]


def _jp_subquery(year: int):
    rows = (LearningRecord.objects.filter(employee=OuterRef("pk"), year=year, verified=True)
            .order_by().values("employee").annotate(total=Sum("jp")).values("total"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


RECAP_CHUNK = 2000
GROUP_ROWS = 40


def jp_totals(employee_ids: list[int], year: int) -> dict[int, int]:
    """Verified JP of *year* per employee id (one query); employees without entries are absent (0)."""
    rows = (LearningRecord.objects.filter(employee_id__in=employee_ids, year=year, verified=True)
            .order_by().values("employee_id").annotate(total=Sum("jp")))
    return {row["employee_id"]: row["total"] or 0 for row in rows}


def employees_with_jp(employees: QuerySet[Employee], year: int) -> QuerySet[Employee]:
    """*employees* annotated with ``jp_total``: their verified JP of *year* (one query for all of them)."""
    return employees.annotate(jp_total=_jp_subquery(year))


# --- The recap ------------------------------------------------------------------------------------------------


def recap_scope(actor) -> QuerySet[Employee]:
    """Whom *actor* may recap: HR, executives and auditors (VIEW_ANY) the agency; a unit head their unit tree.
    Anyone else (and the tenant-less superadmin) is refused."""
    if not actor.pemda_id:
        raise PermissionDenied
    employees = Employee.objects.filter(pemda_id=actor.pemda_id, is_active=True)
    if actor.has_perm(DevelopmentPerm.VIEW_ANY):
        return employees
    root = recap_root(actor)
    if root is None:
        raise PermissionDenied
    # A unit head sees everyone in their unit's tree (people.selectors.employees_visible_to includes it), so the
    # tree alone is the scope: no subquery over the agency's employees.
    return employees.filter(path_within("current_unit__path", root.path))


def recap_root(actor) -> OrgUnit | None:
    """The unit a unit head's recap is limited to (None for agency-wide readers and for those who may not recap)."""
    if actor.has_perm(DevelopmentPerm.VIEW_ANY):
        return None
    me = actor_employee(actor)
    if me is None or me.current_position is None or not me.current_position.is_unit_head or me.current_unit is None:
        return None
    return me.current_unit


def can_recap(actor) -> bool:
    try:
        recap_scope(actor)
    except PermissionDenied:
        return False
    return True


@dataclass(frozen=True)
class RecapRow:
    employee: Employee
    jp: int
    target: int | None
    cap: int | None

    @property
    def shortfall(self) -> int:
        return max(0, self.target - self.jp) if self.target is not None else 0

    @property
    def status(self) -> str:
        return jp_status(self.jp, self.target, self.cap)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass(frozen=True)
class UnitAggregate:
    unit_id: int | None
    unit_name: str
    employees: int
    jp: int
    pns: int
    behind: int
    over_cap: int
    unit_path: str = ""
    unit_public_id: str = ""  # for the drill-down link of a rolled-up row
    direct: bool = False  # the row of employees placed directly in the chosen unit (not in a unit below it)

    @property
    def average(self) -> float:
        return round(self.jp / self.employees, 1) if self.employees else 0.0


@dataclass(frozen=True)
class JpRecap:
    year: int
    unit: OrgUnit | None
    employees: QuerySet  # ordered by name (annotated with jp_total under a status filter): paginate, then rows_of
    agency: DevelopmentSettings
    units: list[UnitAggregate]
    as_of: datetime | None = None  # when the unit totals were computed (kept a few minutes, development.figures)
    groups: list[UnitAggregate] = field(default_factory=list)  # the units folded one level below the scope

    @property
    def groups_shown(self) -> list[UnitAggregate]:
        """The page's per-unit table: the units with the most employees behind first, at most GROUP_ROWS (a Dinas
        Pendidikan has hundreds of schools; the .xlsx holds them all)."""
        return self.groups[:GROUP_ROWS]

    @property
    def groups_hidden(self) -> int:
        return max(0, len(self.groups) - GROUP_ROWS)

    def rows_of(self, employees) -> list[RecapRow]:
        """Rows for *employees* (a page, or an iterator for the export): their JP is read for each chunk of
        employees in one query, unless the list was already annotated (a status filter needs every total)."""
        rows: list[RecapRow] = []
        chunk: list[Employee] = []
        for employee in employees:
            chunk.append(employee)
            if len(chunk) >= RECAP_CHUNK:
                rows += self._rows(chunk)
                chunk = []
        return rows + self._rows(chunk)

    def _rows(self, employees: list[Employee]) -> list[RecapRow]:
        missing = [employee.pk for employee in employees if not hasattr(employee, "jp_total")]
        totals = jp_totals(missing, self.year) if missing else {}
        rows = []
        for employee in employees:
            target, cap = target_and_cap(employee.status, self.agency)
            jp = employee.jp_total if hasattr(employee, "jp_total") else totals.get(employee.pk, 0)
            rows.append(RecapRow(employee=employee, jp=jp, target=target, cap=cap))
        return rows

    @property
    def totals(self) -> UnitAggregate:
        return UnitAggregate(unit_id=None, unit_name=str(_("Total")),
                             employees=sum(u.employees for u in self.units), jp=sum(u.jp for u in self.units),
                             pns=sum(u.pns for u in self.units), behind=sum(u.behind for u in self.units),
                             over_cap=sum(u.over_cap for u in self.units))


def jp_recap(actor, unit: OrgUnit | None, year: int, *, status: str = "") -> JpRecap:
    """Per employee of the actor's recap scope (within *unit*'s tree when given): verified JP of *year*, target,
    shortfall, status; and per unit the aggregates. Refuses (PermissionDenied) whoever may not recap."""
    employees = recap_scope(actor)
    if unit is not None:
        employees = employees.filter(path_within("current_unit__path", unit.path))
    agency = settings_for(actor.pemda_id)
    annotated = employees_with_jp(employees, year)
    pns, pppk = Q(status__in=PNS_STATUSES), Q(status__in=PPPK_STATUSES)
    behind = pns & Q(jp_total__lt=agency.pns_target_jp)
    over = pppk & Q(jp_total__gt=agency.pppk_cap_jp)
    if status == "behind":
        annotated = annotated.filter(behind)
    elif status == "met":
        annotated = annotated.filter(pns & Q(jp_total__gte=agency.pns_target_jp))
    elif status == "over_cap":
        annotated = annotated.filter(over)

    root = unit or recap_root(actor)

    def unit_totals() -> dict:
        grouped = (annotated.order_by().values("current_unit_id", "current_unit__name", "current_unit__path")
                   .annotate(n=Count("pk"), jp=Sum("jp_total"), pns=Count("pk", filter=pns),
                             behind=Count("pk", filter=behind), over=Count("pk", filter=over))
                   .order_by("current_unit__name", "current_unit_id"))
        units = [
            UnitAggregate(unit_id=g["current_unit_id"], unit_name=g["current_unit__name"] or str(_("No unit")),
                          employees=g["n"], jp=g["jp"] or 0, pns=g["pns"], behind=g["behind"], over_cap=g["over"],
                          unit_path=g["current_unit__path"] or "")
            for g in grouped]
        return {"units": units, "groups": rolled_up(units, root, pemda_id=actor.pemda_id)}

    from ..figures import remembered_figures

    totals = remembered_figures(actor, "jp-recap-units-2", (unit.pk if unit else 0, year, status), unit_totals)
    # Without a status filter the list is not annotated: a page's JP is read for its 25 rows only (rows_of), not
    # computed for the whole scope before sorting (50,000 correlated sums made the page 300 ms, issue #11's bench).
    # Agency-wide the list is alphabetical (the name index gives a page without sorting 50,000 rows); within a unit's
    # tree it is grouped by unit in tree order, then by name (the unit-path index walks the units in order).
    order = ("current_unit__path", "name", "pk") if root is not None else ("name", "pk")
    listed = (annotated if status else employees).select_related("current_unit").order_by(*order)
    return JpRecap(year=year, unit=unit, employees=listed, agency=agency, units=totals["units"],
                   as_of=totals["as_of"], groups=totals["groups"])


def rolled_up(units: list[UnitAggregate], root: OrgUnit | None, *, pemda_id: int | None) -> list[UnitAggregate]:
    """*units* folded to one row per unit just below *root* (per OPD for the whole agency): the table an HR officer
    reads is 20–40 rows, not the 1,800 schools and sections of a kabupaten (each row drills down). Employees placed
    directly in *root* get their own row. One query for the names of the rows."""
    depth = len(root.path.rstrip("/").split("/")) if root is not None else 0
    folded: dict[str, list[UnitAggregate]] = {}
    for item in units:
        if not item.unit_path:
            key = ""
        elif root is not None and item.unit_path == root.path:
            key = root.path
        else:
            key = "/".join(item.unit_path.rstrip("/").split("/")[:depth + 1]) + "/"
        folded.setdefault(key, []).append(item)
    named = {row["path"]: row for row in OrgUnit.objects.filter(pemda_id=pemda_id, path__in=[k for k in folded if k])
             .values("pk", "path", "name", "public_id")}
    groups = []
    for key, items in folded.items():
        unit_row = named.get(key)
        groups.append(UnitAggregate(
            unit_id=unit_row["pk"] if unit_row else None,
            unit_name=unit_row["name"] if unit_row else str(_("No unit")),
            employees=sum(i.employees for i in items), jp=sum(i.jp for i in items), pns=sum(i.pns for i in items),
            behind=sum(i.behind for i in items), over_cap=sum(i.over_cap for i in items), unit_path=key,
            unit_public_id=str(unit_row["public_id"]) if unit_row else "",
            direct=root is not None and key == root.path))
    groups.sort(key=lambda g: (not g.direct, -g.behind, g.unit_name, g.unit_path))
    return groups


# --- Visibility of ledger entries and enrolments ----------------------------------------------------------------


def learning_records_visible_to(actor) -> QuerySet[LearningRecord]:
    """Entries of the employees whose development the actor may see (agency-wide for VIEW_ANY)."""
    if actor.is_superuser:
        return LearningRecord.objects.all()
    if not actor.pemda_id:
        return LearningRecord.objects.none()
    records = LearningRecord.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(DevelopmentPerm.VIEW_ANY):
        return records
    return records.filter(employee__in=employees_visible_to(actor).values("pk"))


def verification_queue(actor) -> QuerySet[LearningRecord]:
    """Unverified entries HR of the agency may verify (their own excluded: they cannot decide it)."""
    if not actor.pemda_id or not can_manage(actor, actor.pemda_id):
        raise PermissionDenied
    queue = LearningRecord.objects.filter(pemda_id=actor.pemda_id, verified=False)
    me = actor_employee(actor)
    if me is not None:
        queue = queue.exclude(employee=me)
    return queue.select_related("employee", "employee__current_unit").order_by("completed_on", "pk")


def enrolments_visible_to(actor) -> QuerySet[Enrolment]:
    if actor.is_superuser:
        return Enrolment.objects.all()
    if not actor.pemda_id:
        return Enrolment.objects.none()
    enrolments = Enrolment.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(DevelopmentPerm.VIEW_ANY):
        return enrolments
    return enrolments.filter(employee__in=employees_visible_to(actor).values("pk"))


def evaluation_of(enrolment: Enrolment) -> TrainingEvaluation | None:
    return TrainingEvaluation.objects.filter(enrolment=enrolment).select_related("followed_up_by").first()


def follow_ups_due(me: Employee, today: date):
    """Completed enrolments of the actor's direct reports (their position supervised by the actor's) whose level-3
    follow-up is due (3 months after completion) and not given, whether or not the evaluation row exists yet."""
    if me.current_position_id is None:
        return Enrolment.objects.none()
    cutoff = add_months(today, -3)
    return (Enrolment.objects.filter(pemda_id=me.pemda_id, status=EnrolmentStatus.COMPLETED,
                                     completed_on__lte=cutoff,
                                     employee__current_position__supervisor_position_id=me.current_position_id,
                                     employee__is_active=True)
            .exclude(employee=me).exclude(evaluation__applied_rating__isnull=False))


# --- Home ----------------------------------------------------------------------------------------------------


def learning_home_context(actor, employee: Employee | None) -> dict:
    """The learning card of the development home page: this year's JP, target/cap and shortfall; the links."""
    year = timezone.localdate().year
    context = {"learning_ledger": None, "learning_can_recap": can_recap(actor),
               "learning_can_verify": bool(actor.pemda_id) and can_manage(actor, actor.pemda_id)}
    if employee is not None and can_view_development(actor, employee):
        agency = settings_for(employee.pemda_id)
        target, cap = target_and_cap(employee.status, agency)
        context["learning_ledger"] = JpLedger(employee=employee, year=year, jp=jp_of(employee, year), pending_jp=0,
                                              target=target, cap=cap)
    return context


def home_context(actor, employee: Employee | None) -> dict:
    return learning_home_context(actor, employee)
