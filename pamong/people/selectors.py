"""Reads of the personnel context. Every read starts from a *_visible_to(actor) scope."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .capabilities import PeoplePerm
from .models import Employee, Golongan, OrgUnit, Pemda, Position, path_within

_UNSET = object()


def actor_employee(actor) -> Employee | None:
    """Return the employee record behind a login (cached on the user), or None."""
    cached = getattr(actor, "_pamong_employee", _UNSET)
    if cached is _UNSET:
        cached = None
        if actor.is_authenticated:
            cached = (
                Employee.objects.select_related("current_position", "current_unit")
                .filter(user_id=actor.pk, is_active=True)
                .first()
            )
        actor._pamong_employee = cached
    return cached


def _subordinate_scope(me: Employee) -> Q | None:
    """Q for the employees below *me* in the hierarchy: direct and indirect reports.

    Holders of the same position (e.g. fellow teachers on one formasi) are
    peers, not subordinates. A unit head also sees everyone in the unit tree.
    """
    position = me.current_position
    if position is None:
        return None
    scope = path_within("current_position__path", position.path) & ~Q(current_position_id=position.pk)
    if position.is_unit_head and me.current_unit is not None:
        scope |= path_within("current_unit__path", me.current_unit.path)
    return scope


def employees_visible_to(actor) -> QuerySet[Employee]:
    """Return the employees whose personnel records *actor* may read.

    Always limited to the actor's Pemda (superadmins excepted). Within it,
    holders of VIEW_ANY_EMPLOYEE (HR admin, executive, auditor) see
    everyone; everyone else sees themselves and their direct and indirect
    subordinates.
    """
    if not actor.is_authenticated:
        return Employee.objects.none()
    if actor.is_superuser:
        return Employee.objects.all()
    if not actor.pemda_id:
        return Employee.objects.none()
    in_pemda = Employee.objects.filter(pemda_id=actor.pemda_id)
    if actor.has_perm(PeoplePerm.VIEW_ANY_EMPLOYEE):
        return in_pemda
    me = actor_employee(actor)
    if me is None:
        return in_pemda.none()
    scope = Q(pk=me.pk)
    subordinates = _subordinate_scope(me)
    if subordinates is not None:
        scope |= subordinates
    return in_pemda.filter(scope)


def has_subordinates(actor) -> bool:
    me = actor_employee(actor)
    if me is None:
        return False
    scope = _subordinate_scope(me)
    if scope is None:
        return False
    return Employee.objects.filter(pemda_id=me.pemda_id, is_active=True).filter(scope).exists()


@dataclass(frozen=True, slots=True)
class EmployeeFilters:
    q: str = ""
    nip: str = ""
    unit: OrgUnit | None = None
    position_kind: str = ""
    golongan: str = ""
    status: str = ""
    active: bool | None = True


def employee_list(*, actor, filters: EmployeeFilters | None = None) -> QuerySet[Employee]:
    """Return the employees *actor* may see that match *filters*, loaded for list rendering."""
    filters = filters or EmployeeFilters()
    employees = employees_visible_to(actor).select_related(
        "current_position", "current_unit", "current_golongan"
    )
    q = filters.q.strip()
    if q:
        digits = q.replace(" ", "")
        if digits.isdigit():
            employees = employees.filter(nip__startswith=digits)
        else:
            employees = employees.filter(name__icontains=q)
    if filters.nip:
        employees = employees.filter(nip=filters.nip)
    if filters.unit is not None:
        employees = employees.filter(path_within("current_unit__path", filters.unit.path))
    if filters.position_kind:
        employees = employees.filter(current_position__kind=filters.position_kind)
    if filters.golongan:
        employees = employees.filter(current_golongan__code=filters.golongan)
    if filters.status:
        employees = employees.filter(status=filters.status)
    if filters.active is not None and not filters.nip:  # an exact NIP is found whether active or not
        employees = employees.filter(is_active=filters.active)
    return employees.order_by("name", "pk")


def employee_detail_queryset(actor) -> QuerySet[Employee]:
    """Scope for a profile page, with what the header shows."""
    return employees_visible_to(actor).select_related(
        "pemda", "user", "current_position", "current_position__min_golongan", "current_unit", "current_golongan"
    )


def supervisor_of(employee: Employee) -> Employee | None:
    """Return the direct supervisor (atasan langsung), derived from the position hierarchy.

    The holder of the nearest supervising position that has an active
    holder; a vacant supervising post passes the role upwards.
    """
    position = employee.current_position
    if position is None:
        return None
    ancestor_ids = [int(segment) for segment in position.path.strip("/").split("/")[:-1] if segment]
    if not ancestor_ids:
        return None
    candidates = (
        Employee.objects.filter(current_position_id__in=ancestor_ids, is_active=True)
        .exclude(pk=employee.pk)
        .select_related("current_position")
    )
    by_position = {}
    for candidate in candidates:
        by_position.setdefault(candidate.current_position_id, candidate)
    for position_id in reversed(ancestor_ids):
        if position_id in by_position:
            return by_position[position_id]
    return None


def supervisors_of_many(employees: list[Employee]) -> dict[int, Employee]:
    """Direct supervisor per employee id, as supervisor_of decides (the nearest supervising
    position with an active holder), in one query for all of them."""
    ancestors: dict[int, list[int]] = {}
    for employee in employees:
        path = employee.current_position.path if employee.current_position_id else ""
        ancestors[employee.pk] = [int(s) for s in path.strip("/").split("/")[:-1] if s]
    wanted = {pid for ids in ancestors.values() for pid in ids}
    holders: dict[int, Employee] = {}
    for holder in (Employee.objects.filter(current_position_id__in=wanted, is_active=True)
                   .select_related("user").order_by("pk")):
        holders.setdefault(holder.current_position_id, holder)
    found = {}
    for employee_id, ids in ancestors.items():
        for position_id in reversed(ids):
            holder = holders.get(position_id)
            if holder is not None and holder.pk != employee_id:
                found[employee_id] = holder
                break
    return found


def pemdas_visible_to(actor) -> QuerySet[Pemda]:
    if actor.is_superuser:
        return Pemda.objects.all()
    return Pemda.objects.filter(pk=actor.pemda_id) if actor.pemda_id else Pemda.objects.none()


def agencies_of(actor) -> QuerySet[Pemda]:
    """The regional governments *actor* can act for: their own; a platform superadmin every active one."""
    if not actor.is_authenticated:
        return Pemda.objects.none()
    agencies = pemdas_visible_to(actor)
    if actor.is_superuser:
        agencies = agencies.filter(is_active=True)
    return agencies.order_by("name", "pk")


def units_visible_to(actor) -> QuerySet[OrgUnit]:
    """Every logged-in member of a Pemda may see its organisation chart."""
    if actor.is_superuser:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(pemda_id=actor.pemda_id) if actor.pemda_id else OrgUnit.objects.none()


def positions_visible_to(actor) -> QuerySet[Position]:
    if actor.is_superuser:
        return Position.objects.all()
    return Position.objects.filter(pemda_id=actor.pemda_id) if actor.pemda_id else Position.objects.none()


def golongan_for_status(status: str) -> QuerySet[Golongan]:
    from .choices import GolonganKind
    from .rules import is_pppk

    return Golongan.objects.filter(kind=GolonganKind.PPPK if is_pppk(status) else GolonganKind.PNS)
