"""Reads of the approval engine: resolving approvers, queues, acting officials, notices."""

from datetime import date

from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils import timezone

from pamong.people.models import Employee, OrgUnit, Position
from pamong.people.selectors import actor_employee

from .choices import ApproverRole, StepState
from .models import ActingAssignment, ApprovalRouteStep, ApprovalStep, Notification
from .registry import StepSpec, registered_flows


def _ancestor_ids(position: Position) -> list[int]:
    """Supervising positions of *position*, nearest last (from its materialised path)."""
    return [int(segment) for segment in position.path.strip("/").split("/")[:-1] if segment]


def _holders_or_acting(position_ids: list[int], *, pemda_id: int, today: date, exclude_pk: int) -> dict[int, Employee]:
    """Map each position id to who acts in it today: its holder, else its Plt/Plh (with their login). Two queries."""
    found: dict[int, Employee] = {}
    for holder in (
        Employee.objects.filter(current_position_id__in=position_ids, is_active=True, pemda_id=pemda_id)
        .exclude(pk=exclude_pk)
        .select_related("user")
        .order_by("pk")
    ):
        found.setdefault(holder.current_position_id, holder)
    vacant = [pid for pid in position_ids if pid not in found]
    if vacant:
        for acting in (
            ActingAssignment.objects.on(today)
            .filter(position_id__in=vacant, pemda_id=pemda_id, acting__is_active=True)
            .exclude(acting_id=exclude_pk)
            .select_related("acting__user")
            .order_by("-start_date", "-pk")
        ):
            found.setdefault(acting.position_id, acting.acting)
    return found


class Hierarchy:
    """The positions and their holders (or Plt/Plh) one requester's steps are resolved from, read once.

    prepare() reads, for a whole route, the posts it may name (the OPD head, named positions) and who acts in
    them and in every post above them and above the requester, in three queries at most; resolve_approver()
    then answers each step from memory. Without prepare() each lookup reads what it needs.
    """

    def __init__(self, *, requester: Employee, today: date):
        self.requester, self.today = requester, today
        self.found: dict[int, Employee] = {}
        self._read: set[int] = set()
        self._positions: dict[tuple, Position | None] = {}

    def prepare(self, specs) -> None:
        own = self.requester.current_position
        ids = _ancestor_ids(own) if own is not None else []
        for spec in specs:
            post = None
            if spec.role == ApproverRole.OPD_HEAD and self.requester.current_unit is not None:
                post = self.opd_head(self.requester.current_unit)
            elif spec.role == ApproverRole.POSITION and spec.position_id:
                post = self.position(spec.position_id)
            if post is not None:
                ids += [post.pk, *_ancestor_ids(post)]
        self.load(ids)

    def load(self, position_ids: list[int]) -> dict[int, Employee]:
        missing = [pid for pid in dict.fromkeys(position_ids) if pid not in self._read]
        if missing:
            self.found.update(_holders_or_acting(missing, pemda_id=self.requester.pemda_id, today=self.today,
                                                 exclude_pk=self.requester.pk))
            self._read.update(missing)
        return self.found

    def opd_head(self, unit: OrgUnit) -> Position | None:
        key = ("head", unit.path)
        if key not in self._positions:
            self._positions[key] = opd_head_position(unit)
        return self._positions[key]

    def position(self, position_id: int) -> Position | None:
        key = ("position", position_id)
        if key not in self._positions:
            self._positions[key] = Position.objects.filter(pk=position_id, pemda_id=self.requester.pemda_id).first()
        return self._positions[key]


def first_up_the_line(position: Position | None, *, requester: Employee, today: date,
                      hierarchy: Hierarchy | None = None) -> tuple[Employee, int] | None:
    """Return the nearest supervising position with someone acting in it (never the requester), and its id."""
    if position is None:
        return None
    hierarchy = hierarchy or Hierarchy(requester=requester, today=today)
    ancestors = _ancestor_ids(position)
    found = hierarchy.load(ancestors)
    for position_id in reversed(ancestors):
        if position_id in found:
            return found[position_id], position_id
    return None


def _position_holder(position: Position, *, hierarchy: Hierarchy) -> tuple[Employee, int] | None:
    found = hierarchy.load([position.pk])
    if position.pk in found:
        return found[position.pk], position.pk
    # The requester holds the post (or it is empty): the decision goes up the line.
    return first_up_the_line(position, requester=hierarchy.requester, today=hierarchy.today, hierarchy=hierarchy)


def opd_head_position(unit: OrgUnit) -> Position | None:
    """The head position of the top-level unit (OPD) containing *unit*."""
    root_id = int(unit.path.strip("/").split("/")[0])
    return Position.objects.filter(org_unit_id=root_id, is_unit_head=True, is_active=True).first()


def resolve_approver(spec: StepSpec, *, requester: Employee, today: date,
                     hierarchy: Hierarchy | None = None) -> tuple[Employee, int] | None:
    """Find who takes a step for *requester*: (employee, position id), or None if nobody can.

    Never returns the requester: when the hierarchy points at them (a unit
    head's own request) the step goes to the next holder up the line.
    *hierarchy* (prepared for the whole route) answers from what it read.
    """
    hierarchy = hierarchy or Hierarchy(requester=requester, today=today)
    own_position = requester.current_position
    if spec.role == ApproverRole.SUPERVISOR:
        return first_up_the_line(own_position, requester=requester, today=today, hierarchy=hierarchy)
    if spec.role == ApproverRole.OPD_HEAD:
        if requester.current_unit is None:
            return None
        head = hierarchy.opd_head(requester.current_unit)
        if head is None:
            return first_up_the_line(own_position, requester=requester, today=today, hierarchy=hierarchy)
        return _position_holder(head, hierarchy=hierarchy)
    if spec.role == ApproverRole.POSITION and spec.position_id:
        position = hierarchy.position(spec.position_id)
        return _position_holder(position, hierarchy=hierarchy) if position else None
    if spec.role == ApproverRole.PERMISSION and spec.permission:
        holder = permission_holders(spec.permission, pemda_id=requester.pemda_id).exclude(pk=requester.pk).first()
        return (holder, None) if holder is not None else None
    return None


def permission_holders(permission: str, *, pemda_id: int) -> QuerySet[Employee]:
    """Active employees of *pemda_id* whose active login holds *permission* ("app_label.codename")."""
    app_label, _dot, codename = permission.partition(".")
    right = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if right is None:
        return Employee.objects.none()
    granted = Q(user__groups__permissions=right) | Q(user__user_permissions=right)
    return (Employee.objects.filter(granted, pemda_id=pemda_id, is_active=True, user__is_active=True)
            .distinct().order_by("pk"))


_MISSING = object()


def _matches(condition: dict, context: dict) -> bool:
    return all(context.get(key) == value for key, value in (condition or {}).items())


def configured_route(*, pemda_id: int, flow: str, request_kind: str, unit: OrgUnit | None, context: dict,
                     required: dict | None = None) -> list[StepSpec]:
    """Return the most specific configured steps for a request, or [] when the Pemda configured none.

    Specificity: a condition beats none (a route for a kind of request, such
    as leave abroad that only the PPK grants, outranks a unit's general
    route), then a unit subtree (deeper wins) beats the whole agency, then a
    request kind beats every kind. *required* keeps only configurations whose
    condition includes those items (e.g. ``{"abroad": True}``: is there a
    route for leave abroad at all?).
    """
    if flow not in registered_flows(configurable=True):
        return []  # the flow keeps its own route (a row may still exist from before, or from the Django admin)
    # Ordered by step only: the model's ordering joins the Pemda to sort by its name, which one Pemda never needs.
    rows = ApprovalRouteStep.objects.filter(
        pemda_id=pemda_id, flow=flow, is_active=True, request_kind__in=[request_kind, ""]
    ).select_related("org_unit").order_by("order", "pk")
    groups: dict[tuple, list[ApprovalRouteStep]] = {}
    for row in rows:
        if row.org_unit_id and (unit is None or not unit.path.startswith(row.org_unit.path)):
            continue
        if not _matches(row.condition, context):
            continue
        if required and not all((row.condition or {}).get(k, _MISSING) == v for k, v in required.items()):
            continue
        key = (len(row.condition or {}), row.org_unit.depth if row.org_unit_id else -1, bool(row.request_kind),
               row.org_unit_id or 0, row.request_kind, repr(sorted((row.condition or {}).items())))
        groups.setdefault(key, []).append(row)
    if not groups:
        return []
    best = groups[max(groups)]
    return [
        StepSpec(role=r.role, label=r.label, is_binding=r.is_binding, position_id=r.position_id,
                 remind_after_days=r.remind_after_days, escalate=r.escalate)
        for r in sorted(best, key=lambda r: r.order)
    ]


def acting_position_ids(me: Employee, today: date | None = None) -> tuple[int, ...]:
    """Positions *me* covers today as Plt/Plh (cached on the employee)."""
    today = today or timezone.localdate()
    cache_key = f"_acting_positions_{today.isoformat()}"
    cached = getattr(me, cache_key, None)
    if cached is None:
        cached = tuple(ActingAssignment.objects.on(today).filter(acting=me).values_list("position_id", flat=True))
        setattr(me, cache_key, cached)
    return cached


def steps_awaiting_q(me: Employee, today: date | None = None) -> Q:
    """Q on ApprovalStep for the active steps *me* may act on: as approver or as Plt/Plh of the approver's post."""
    scope = Q(approver=me)
    covered = acting_position_ids(me, today)
    if covered:
        scope |= Q(approver_position_id__in=covered)
    return Q(state=StepState.ACTIVE) & scope & ~Q(requester=me)


def pooled_steps_q(actor, me: Employee) -> Q:
    """Q on ApprovalStep for active pooled steps (role PERMISSION) of *me*'s agency that *actor*'s rights allow."""
    rights = sorted(actor.get_all_permissions()) if actor.is_active else []
    if not rights:
        return Q(pk__in=[])
    return (Q(state=StepState.ACTIVE, approver_permission__in=rights, process__pemda_id=me.pemda_id)
            & ~Q(requester=me))


def steps_awaiting(actor, today: date | None = None) -> QuerySet[ApprovalStep]:
    me = actor_employee(actor)
    if me is None:
        return ApprovalStep.objects.none()
    return ApprovalStep.objects.filter(steps_awaiting_q(me, today) | pooled_steps_q(actor, me)).select_related(
        "process")


def acting_assignments_visible_to(actor) -> QuerySet[ActingAssignment]:
    if actor.is_superuser:
        return ActingAssignment.objects.all()
    if not actor.pemda_id:
        return ActingAssignment.objects.none()
    return ActingAssignment.objects.filter(pemda_id=actor.pemda_id)


def notifications_for(actor) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient_id=actor.pk)


def unread_count(actor) -> int:
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).count()
