"""Reads of complaints (rules.md §4.1): who handles which, the public lookups, the service levels, the overdue list and
the recap per unit.

Scope (complaints_visible_to): the agency's complaint desk — HR admin (FeedbackPerm.MANAGE) — every complaint of the
agency; a unit head (or Plt/Plh) the complaints routed to their unit tree; nobody else, and never across agencies.
Nobody sees a complaint that names them as the employee concerned. The recap (aggregates, no complainant data) is
also open to the executive and the Inspektorat (FeedbackPerm.VIEW_ANY).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet
from django.utils import timezone

from pamong.people.models import Employee, OrgUnit, Pemda, path_within
from pamong.people.selectors import actor_employee
from pamong.workcalendar.selectors import non_working_days

from . import complaint_rules as rules
from .capabilities import FeedbackPerm
from .complaint_choices import ReplyKind
from .complaint_models import Complaint, ComplaintReply, ComplaintSla
from .selectors import agency_zone, headed_unit_paths

# --- Who ------------------------------------------------------------------------------------------------------------


def _authenticated(actor) -> bool:
    return actor is not None and actor.is_authenticated


def is_complaint_desk(actor, pemda_id: int | None) -> bool:
    """HR admin of the agency (or a superadmin): every complaint of the agency, the service levels."""
    if not _authenticated(actor):
        return False
    if actor.is_superuser:
        return True
    return actor.pemda_id is not None and actor.pemda_id == pemda_id and actor.has_perm(FeedbackPerm.MANAGE)


def may_use_complaints(actor) -> bool:
    """Whether *actor* has a complaint inbox at all: the desk of their agency, or a unit head (else 403)."""
    return _authenticated(actor) and (is_complaint_desk(actor, actor.pemda_id) or bool(headed_unit_paths(actor)))


def may_see_recap(actor) -> bool:
    return may_use_complaints(actor) or (_authenticated(actor) and actor.pemda_id is not None
                                         and actor.has_perm(FeedbackPerm.VIEW_ANY))


def sees_whole_agency(actor) -> bool:
    return _authenticated(actor) and (is_complaint_desk(actor, actor.pemda_id) or (
        actor.pemda_id is not None and actor.has_perm(FeedbackPerm.VIEW_ANY)))


def _unit_scope(field: str, paths) -> Q:
    scope = Q(pk__in=[])
    for path in paths:
        scope |= path_within(field, path)
    return scope


def is_concerned(actor, complaint: Complaint) -> bool:
    """*actor* is the employee the complaint is about."""
    if complaint.employee_concerned_id is None:
        return False
    me = actor_employee(actor)
    return me is not None and me.pk == complaint.employee_concerned_id


def complaints_visible_to(actor) -> QuerySet[Complaint]:
    """The complaints *actor* handles (see the module); none for anyone else."""
    if not _authenticated(actor):
        return Complaint.objects.none()
    if actor.is_superuser:
        return Complaint.objects.all()
    if not actor.pemda_id:
        return Complaint.objects.none()
    rows = Complaint.objects.filter(pemda_id=actor.pemda_id)
    if not actor.has_perm(FeedbackPerm.MANAGE):
        paths = headed_unit_paths(actor)
        if not paths:
            return Complaint.objects.none()
        rows = rows.filter(_unit_scope("org_unit__path", paths))
    me = actor_employee(actor)
    if me is not None:
        rows = rows.exclude(employee_concerned_id=me.pk)
    return rows


def handles(actor, complaint: Complaint) -> bool:
    """*actor* may act on *complaint* and read its complainant's contact: the desk of its agency or a head of its
    unit's tree, and not the employee it is about (mirror of complaints_visible_to for one row)."""
    if not _authenticated(actor) or is_concerned(actor, complaint):
        return False
    if is_complaint_desk(actor, complaint.pemda_id):
        return True
    if actor.pemda_id != complaint.pemda_id or complaint.org_unit_id is None:
        return False
    unit_path = complaint.org_unit.path
    return any(unit_path.startswith(path) for path in headed_unit_paths(actor))


@dataclass(frozen=True, slots=True)
class ComplaintFilters:
    status: str = ""
    overdue_only: bool = False
    unit: OrgUnit | None = None
    query: str = ""


def complaint_list(actor, filters: ComplaintFilters | None = None, *, today: date | None = None
                   ) -> QuerySet[Complaint]:
    """The inbox: *actor*'s complaints, newest first, with their unit (one query per page, whatever its size)."""
    filters = filters or ComplaintFilters()
    rows = complaints_visible_to(actor).select_related("org_unit")
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.unit is not None:
        rows = rows.filter(path_within("org_unit__path", filters.unit.path))
    if filters.query:
        number = rules.normalised_tracking_number(filters.query)
        rows = rows.filter(Q(subject__icontains=filters.query) | Q(lapor_ticket__iexact=filters.query.strip())
                           | Q(tracking_number=number or "-"))
    if filters.overdue_only:
        rows = rows.filter(overdue_q(today or timezone.localdate()))
    return rows.order_by("-received_at", "-pk")


def overdue_q(today: date) -> Q:
    """Q for complaints past a deadline and not done (complaint_rules.overdue_stage, in SQL)."""
    open_ = ~Q(status__in=list(rules.DONE_STATUSES))
    return open_ & (Q(resolution_due__lt=today)
                    | Q(first_response_on__isnull=True, first_response_due__lt=today))


def overdue_complaints(actor, *, today: date | None = None) -> QuerySet[Complaint]:
    """*actor*'s overdue complaints, the longest overdue first."""
    today = today or timezone.localdate()
    return (complaints_visible_to(actor).filter(overdue_q(today)).select_related("org_unit")
            .order_by("resolution_due", "first_response_due", "received_at", "pk"))


def complaint_detail(actor, public_id: UUID) -> Complaint | None:
    return (complaints_visible_to(actor).select_related("org_unit", "pemda", "employee_concerned",
                                                       "employee_concerned__current_unit", "discipline_case")
            .filter(public_id=public_id).first())


def complaint_replies(complaint: Complaint) -> QuerySet[ComplaintReply]:
    """Every reply, note and message of *complaint*, oldest first, with the unit and the author (staff only)."""
    return complaint.replies.select_related("org_unit", "author").order_by("created_at", "pk")


# --- The public side ------------------------------------------------------------------------------------------------


def public_agency(public_id) -> Pemda | None:
    """The active Pemda of *public_id*, or None (unknown and inactive look the same)."""
    try:
        key = public_id if isinstance(public_id, UUID) else UUID(str(public_id))
    except (TypeError, ValueError):
        return None
    return Pemda.objects.filter(public_id=key, is_active=True).first()


def agency_public_units(pemda: Pemda) -> QuerySet[OrgUnit]:
    """The units a citizen may name on the public form: the agency's active perangkat daerah (top-level units)."""
    return OrgUnit.objects.filter(pemda=pemda, is_active=True, parent__isnull=True).order_by("name", "pk")


def public_complaint(tracking_number: str | None) -> Complaint | None:
    """The complaint of *tracking_number* (case-insensitive) in an active Pemda, or None: an unknown number and a
    malformed one are the same None."""
    number = rules.normalised_tracking_number(tracking_number)
    if number is None:
        return None
    return (Complaint.objects.select_related("pemda", "org_unit")
            .filter(tracking_number=number, pemda__is_active=True).first())


def public_replies(complaint: Complaint) -> QuerySet[ComplaintReply]:
    """What the complainant sees: the replies to them and their own messages, with the unit — never internal notes,
    never the author."""
    return (complaint.replies.filter(kind__in=[ReplyKind.PUBLIC, ReplyKind.COMPLAINANT])
            .select_related("org_unit").only("kind", "text", "created_at", "org_unit__name")
            .order_by("created_at", "pk"))


def local_today(pemda: Pemda, moment=None) -> date:
    return timezone.localtime(moment or timezone.now(), agency_zone(pemda)).date()


# --- Service levels ------------------------------------------------------------------------------------------------


def sla_table(pemda_id: int) -> dict[str, rules.SlaTerms]:
    """The agency's terms per class: its own rows, the defaults for the rest (one query)."""
    table = dict(rules.DEFAULT_SLA)
    for row in ComplaintSla.objects.filter(pemda_id=pemda_id):
        table[row.complaint_class] = rules.SlaTerms(first_response_days=row.first_response_days,
                                                    resolution_days=row.resolution_days, day_count=row.day_count)
    return table


def deadlines(pemda_id: int, received_on: date, terms: rules.SlaTerms) -> tuple[date, date]:
    """The first-response and resolution deadlines of a complaint received on *received_on* under *terms*, in the
    agency's calendar (one query for its days off)."""
    non_working = non_working_days(pemda_id, received_on, rules.calendar_window(received_on, [terms]))
    return (rules.due_date(received_on, terms.first_response_days, terms.day_count, non_working),
            rules.due_date(received_on, terms.resolution_days, terms.day_count, non_working))


# --- Whom to tell --------------------------------------------------------------------------------------------------


def desk_users(pemda_id: int) -> list:
    """The active users of the agency's complaint desk (FeedbackPerm.MANAGE by group or directly)."""
    app_label, codename = str(FeedbackPerm.MANAGE).split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if perm is None:
        return []
    users = get_user_model().objects.filter(pemda_id=pemda_id, is_active=True)
    return list(users.filter(Q(groups__permissions=perm) | Q(user_permissions=perm)).distinct().order_by("pk"))


def unit_head_users(unit: OrgUnit | None) -> list:
    """The users of the head (holder) of *unit*, if any."""
    if unit is None:
        return []
    heads = (Employee.objects.filter(current_position__org_unit=unit, current_position__is_unit_head=True,
                                     is_active=True, user__isnull=False, user__is_active=True)
             .select_related("user"))
    return [head.user for head in heads]


# --- Recap ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitRecap:
    unit: OrgUnit | None  # None: complaints not routed to any unit yet
    received: int
    answered: int
    answered_within_sla: int
    overdue: int
    median_days_to_first_response: float | None

    @property
    def share_within_sla(self) -> float | None:
        """Of the complaints answered, the share answered by their resolution deadline (0–1); None if none."""
        return self.answered_within_sla / self.answered if self.answered else None


def complaint_recap(actor, *, start: date, end: date, today: date | None = None) -> list[UnitRecap]:
    """Per unit, the complaints received from *start* to *end* (inclusive) that *actor* may see in a recap: how many,
    how many answered and how many of those within their deadline, how many overdue today, and the median number
    of calendar days from receipt to the first response. Two queries whatever the number of complaints.

    The desk, the executive and the Inspektorat see every unit of the agency; a unit head the units of their tree.
    """
    today = today or timezone.localdate()
    if not may_see_recap(actor):
        return []
    if actor.is_superuser or sees_whole_agency(actor):
        rows = Complaint.objects.filter(pemda_id=actor.pemda_id) if actor.pemda_id else Complaint.objects.none()
    else:
        rows = Complaint.objects.filter(pemda_id=actor.pemda_id).filter(
            _unit_scope("org_unit__path", headed_unit_paths(actor)))
    values = (rows.filter(received_on__gte=start, received_on__lte=end).order_by()
              .values_list("org_unit_id", "status", "received_on", "first_response_on", "first_response_due",
                           "answered_on", "resolution_due"))
    tallies: dict[int | None, dict] = defaultdict(lambda: {"received": 0, "answered": 0, "within": 0, "overdue": 0,
                                                          "spans": []})
    for unit_id, status, received_on, first_on, first_due, answered_on, resolution_due in values:
        tally = tallies[unit_id]
        tally["received"] += 1
        if answered_on is not None and status in rules.DONE_STATUSES:
            tally["answered"] += 1
            tally["within"] += rules.within_sla(answered_on, resolution_due)
        stage = rules.overdue_stage(status=status, first_response_due=first_due, first_response_on=first_on,
                                    resolution_due=resolution_due, today=today)
        tally["overdue"] += stage != rules.STAGE_NONE
        if first_on is not None:
            tally["spans"].append((first_on - received_on).days)
    units = OrgUnit.objects.in_bulk([pk for pk in tallies if pk is not None]) if tallies else {}
    found = [UnitRecap(unit=units.get(unit_id) if unit_id else None, received=t["received"], answered=t["answered"],
                       answered_within_sla=t["within"], overdue=t["overdue"],
                       median_days_to_first_response=rules.median_days(t["spans"]))
             for unit_id, t in tallies.items()]
    return sorted(found, key=lambda item: (item.unit is None, item.unit.name if item.unit else "",
                                           item.unit.pk if item.unit else 0))


def unit_sla_share(*, unit: OrgUnit, start: date, end: date) -> tuple[int, int]:
    """For a unit's indicators: of the complaints of *unit*'s tree received from *start* to *end* and answered,
    (answered within the deadline, answered). One query."""
    answered = (Complaint.objects.filter(pemda_id=unit.pemda_id, received_on__gte=start, received_on__lte=end,
                                         status__in=list(rules.DONE_STATUSES), answered_on__isnull=False)
                .filter(path_within("org_unit__path", unit.path)).order_by()
                .values_list("answered_on", "resolution_due"))
    pairs = list(answered)
    return sum(rules.within_sla(done, due) for done, due in pairs), len(pairs)



def unit_open_count(*, unit: OrgUnit, start: date, end: date) -> int:
    """For a unit's indicators: the complaints of *unit*'s tree received from *start* to *end* not answered yet."""
    return (Complaint.objects.filter(pemda_id=unit.pemda_id, received_on__gte=start, received_on__lte=end)
            .exclude(status__in=list(rules.DONE_STATUSES)).filter(path_within("org_unit__path", unit.path)).count())
