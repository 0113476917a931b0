"""Reads of the monthly verification and closing: a unit's months of a year, and the months waiting for the actor."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from pamong.approvals.selectors import acting_position_ids
from pamong.people.models import OrgUnit, path_within
from pamong.people.selectors import actor_employee

from ..capabilities import AttendancePerm
from ..choices import MonthStatus
from ..models import MonthClosure


def head_unit_ids(actor) -> list[int]:
    """The units whose head post the actor holds or covers as Plt/Plh today."""
    from pamong.people.models import Position

    me = actor_employee(actor)
    if me is None:
        return []
    ids = []
    if me.current_position is not None and me.current_position.is_unit_head:
        ids.append(me.current_position.org_unit_id)
    covered = acting_position_ids(me)
    if covered:
        ids.extend(Position.objects.filter(pk__in=covered, is_unit_head=True).values_list("org_unit_id", flat=True))
    return ids


def month_units_visible_to(actor) -> QuerySet[OrgUnit]:
    """Units whose months the actor may see: every unit of the agency for those who see all attendance (HR,
    officers, executive, Inspektorat); a unit head the tree of the unit(s) they head; nobody else."""
    if not actor.is_authenticated:
        return OrgUnit.objects.none()
    if actor.is_superuser:
        return OrgUnit.objects.all()
    if not actor.pemda_id:
        return OrgUnit.objects.none()
    units = OrgUnit.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(AttendancePerm.VIEW_ANY):
        return units
    heads = list(OrgUnit.objects.filter(pk__in=head_unit_ids(actor)).values_list("path", flat=True))
    if not heads:
        return units.none()
    scope = Q(pk__in=[])
    for path in heads:
        scope |= path_within("path", path)
    return units.filter(scope)


def closures_visible_to(actor) -> QuerySet[MonthClosure]:
    return MonthClosure.objects.filter(org_unit__in=month_units_visible_to(actor))


@dataclass(frozen=True, slots=True)
class MonthRow:
    month: date
    closure: MonthClosure | None
    over: bool

    @property
    def status(self) -> str:
        return self.closure.status if self.closure is not None else MonthStatus.OPEN

    @property
    def status_label(self) -> str:
        return MonthStatus(self.status).label

    @property
    def counts(self) -> dict:
        return (self.closure.summary or {}).get("counts", {}) if self.closure is not None else {}


def unit_year(unit: OrgUnit, year: int, *, today: date | None = None) -> list[MonthRow]:
    """The twelve months of *unit* in *year* with their closure (one query)."""
    today = today or timezone.localdate()
    closures = {c.month: c for c in MonthClosure.objects.filter(org_unit=unit, month__year=year)
                .select_related("verified_by", "closed_by")}
    rows = []
    for number in range(1, 13):
        month = date(year, number, 1)
        next_month = date(year + number // 12, number % 12 + 1, 1)
        rows.append(MonthRow(month=month, closure=closures.get(month), over=next_month <= today))
    return rows


def previous_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    first = today.replace(day=1)
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def months_to_close(actor) -> QuerySet[MonthClosure]:
    """Verified months of the units the actor heads, waiting for them to close."""
    ids = head_unit_ids(actor)
    if not ids:
        return MonthClosure.objects.none()
    return MonthClosure.objects.filter(org_unit_id__in=ids, status=MonthStatus.VERIFIED).select_related(
        "org_unit").order_by("month", "org_unit__name")


def units_to_verify(actor, *, today: date | None = None) -> tuple[date, list[OrgUnit]]:
    """Last month and the agency's OPDs (top units) not yet verified for it, for an attendance officer or HR admin;
    the actor's own OPD left out (someone else verifies it). Nothing while the agency has no attendance that month.
    Three queries at most."""
    from ..models import AttendanceDay
    from ..services.months import month_bounds

    month = previous_month(today)
    if actor.is_superuser or not actor.pemda_id or not actor.has_perm(AttendancePerm.MANAGE):
        return month, []
    start, end = month_bounds(month)
    if not AttendanceDay.objects.filter(pemda_id=actor.pemda_id, date__range=(start, end)).exists():
        return month, []
    done = MonthClosure.objects.filter(pemda_id=actor.pemda_id, month=month).exclude(
        status=MonthStatus.OPEN).values("org_unit_id")
    units = OrgUnit.objects.filter(pemda_id=actor.pemda_id, parent__isnull=True, is_active=True).exclude(pk__in=done)
    me = actor_employee(actor)
    if me is not None and me.current_unit is not None:
        own_top = int(me.current_unit.path.strip("/").split("/")[0])
        units = units.exclude(pk=own_top)
    return month, list(units.order_by("name"))
