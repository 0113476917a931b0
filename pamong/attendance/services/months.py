"""The monthly verification and closing of a unit's attendance (issue #12; rules.md §3.2).

Only verified unexcused days count toward discipline (rules.md §3.2: the absence is established from the
attendance record the unit keeps, and a day counts once it is checked). Each month of a unit goes:

- OPEN → VERIFIED by an attendance officer or HR admin of the agency (AttendancePerm.MANAGE) once the month is
  over: the unit tree's month is derived again (``services.days.recompute``), every day of it is marked
  ``verified``, and the counts per status are kept in ``MonthClosure.summary``;
- VERIFIED → CLOSED by the unit head (the holder of the unit's head post, or its Plt/Plh), or by an HR admin when
  the post is vacant with nobody acting.

A closure of a unit covers the days of every employee in its tree. After closing, only an approved correction
changes the month (``services.corrections``), audited as ``attendance.month_changed_after_close``.

Nobody verifies or closes their own attendance: a verifier whose own unit lies in the unit tree is refused
(``attendance.self_decision``); so is an HR admin closing in place of a vacant head when they verified the month
themselves (four eyes). The unit head closing their own unit is the rule itself (the head answers for the unit's
record; the officer's verification is the independent check).
"""

from calendar import monthrange
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.selectors import acting_position_ids
from pamong.audit.services import audit_record
from pamong.people.capabilities import PeoplePerm
from pamong.people.models import Employee, OrgUnit, Position, path_within
from pamong.people.selectors import actor_employee

from ..audit import AttendanceAudit
from ..capabilities import AttendancePerm
from ..choices import MonthStatus
from ..errors import MONTH_CLOSED, MONTH_NOT_OVER, MONTH_NOT_VERIFIED, SELF_DECISION, AttendanceError
from ..models import AttendanceDay, MonthClosure
from .tallies import refresh_absence_years, refresh_unit_months

# Extra refusal codes of this module (errors.py is shared).
MONTH_VERIFIED_ALREADY = "attendance.month_verified"
INVALID_MONTH = "attendance.invalid_month"


# --- Months ------------------------------------------------------------------------------------------------------


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=monthrange(first.year, first.month)[1])


def parse_month(text: str) -> date:
    """"2026-02" → date(2026, 2, 1); AttendanceError ``attendance.invalid_month`` otherwise."""
    try:
        year, month = (int(part) for part in str(text).split("-"))
        if not 1900 <= year <= 2200:
            raise ValueError
        return date(year, month, 1)
    except (TypeError, ValueError):
        message = _("Give the month as YYYY-MM, for example 2026-02.")
        raise AttendanceError(message, code=INVALID_MONTH, extra={"fields": {"month": [message]}}) from None


def unit_days(unit: OrgUnit, month: date):
    """The AttendanceDay rows of *unit*'s tree in *month*."""
    start, end = month_bounds(month)
    return AttendanceDay.objects.filter(path_within("org_unit__path", unit.path), pemda_id=unit.pemda_id,
                                        date__range=(start, end))


def month_summary(unit: OrgUnit, month: date) -> dict:
    """Counts per day status of the unit tree's month (days of every status; working days apart)."""
    rows = unit_days(unit, month).order_by().values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    employees = unit_days(unit, month).order_by().values("employee_id").distinct().count()
    return {"counts": counts, "days": sum(counts.values()), "employees": employees}


def refresh_summary(closure: MonthClosure) -> None:
    """Recount a verified or closed month after an approved correction changed it (called in that transaction)."""
    summary = dict(closure.summary or {})
    fresh = month_summary(closure.org_unit, closure.month)
    summary.update(counts=fresh["counts"], days=fresh["days"], employees=fresh["employees"],
                   changes_after_verification=int(summary.get("changes_after_verification", 0)) + 1)
    MonthClosure.objects.filter(pk=closure.pk).update(summary=summary, updated_at=timezone.now())
    closure.summary = summary


# --- Who ---------------------------------------------------------------------------------------------------------


def _in_tree(actor, unit: OrgUnit) -> bool:
    me = actor_employee(actor)
    own = me.current_unit if me is not None else None
    return own is not None and own.path.startswith(unit.path)


def can_verify(actor, unit: OrgUnit) -> bool:
    """Who (not when): an attendance officer or HR admin of the unit's agency."""
    if actor.is_superuser:
        return True
    return actor.pemda_id is not None and actor.pemda_id == unit.pemda_id and actor.has_perm(AttendancePerm.MANAGE)


def head_position(unit: OrgUnit) -> Position | None:
    return Position.objects.filter(org_unit=unit, is_unit_head=True, is_active=True).first()


def heads_unit(actor, unit: OrgUnit) -> bool:
    """The actor holds the unit's head post today, or covers it as Plt/Plh."""
    me = actor_employee(actor)
    if me is None or me.pemda_id != unit.pemda_id:
        return False
    position = me.current_position
    if position is not None and position.is_unit_head and position.org_unit_id == unit.pk:
        return True
    covered = acting_position_ids(me)
    return bool(covered) and Position.objects.filter(pk__in=covered, org_unit=unit, is_unit_head=True).exists()


def head_is_vacant(unit: OrgUnit) -> bool:
    """No active holder of the unit's head post and nobody acting in it (then HR closes in its place)."""
    from pamong.approvals.models import ActingAssignment

    position = head_position(unit)
    if position is None:
        return True
    if Employee.objects.filter(current_position=position, is_active=True).exists():
        return False
    return not ActingAssignment.objects.on(timezone.localdate()).filter(position=position).exists()


def is_hr_admin(actor, pemda_id: int) -> bool:
    return actor.is_superuser or (actor.pemda_id == pemda_id and actor.has_perm(PeoplePerm.MANAGE_EMPLOYEE)
                                  and actor.has_perm(AttendancePerm.MANAGE))


def can_close(actor, unit: OrgUnit) -> bool:
    """Who (not when): the unit head (or their Plt/Plh); an HR admin of the agency when the head post is vacant."""
    if heads_unit(actor, unit):
        return True
    return is_hr_admin(actor, unit.pemda_id) and head_is_vacant(unit)


def _self_refusal(message: str) -> AttendanceError:
    return AttendanceError(message, code=SELF_DECISION, http_status=403)


def _locked_closure(unit: OrgUnit, month: date) -> MonthClosure:
    """The unit month's row under a row lock (created OPEN on first use): two verifications never interleave."""
    try:
        with transaction.atomic():
            MonthClosure.objects.get_or_create(org_unit=unit, month=month, defaults={"pemda_id": unit.pemda_id})
    except IntegrityError:
        pass  # created meanwhile by a concurrent request
    return MonthClosure.objects.select_for_update().select_related("org_unit").get(org_unit=unit, month=month)


def _closed(closure: MonthClosure) -> AttendanceError:
    return AttendanceError(_("The attendance of %(unit)s for %(month)s is already closed: only an approved "
                             "correction can change it.") % {"unit": closure.org_unit.name,
                                                             "month": _month_text(closure.month)},
                           code=MONTH_CLOSED, http_status=409)


def _month_text(month: date) -> str:
    from django.utils.formats import date_format

    return date_format(month, "F Y")


# --- Verify and close --------------------------------------------------------------------------------------------


@transaction.atomic
def verify_month(*, actor, unit: OrgUnit, month: date, today: date | None = None) -> MonthClosure:
    """The attendance officer (or HR admin) verifies *unit*'s *month*: the days are derived again, marked
    verified, and counted in the summary.

    Raises PermissionDenied (not an officer of the agency); AttendanceError ``attendance.self_decision`` (403, the
    actor's own unit is in the tree), ``attendance.month_not_over`` (422), ``attendance.month_verified`` (409,
    verified already), ``attendance.month_closed`` (409).
    """
    if not can_verify(actor, unit):
        raise PermissionDenied
    if _in_tree(actor, unit):
        raise _self_refusal(_("Your own attendance is in this unit: another attendance officer verifies it."))
    month = month.replace(day=1)
    start, end = month_bounds(month)
    today = today or timezone.localdate()
    if end >= today:
        raise AttendanceError(_("%(month)s is not over yet: verify it from the first day of the next month.")
                              % {"month": _month_text(month)}, code=MONTH_NOT_OVER)
    closure = _locked_closure(unit, month)
    if closure.status == MonthStatus.CLOSED:
        raise _closed(closure)
    if closure.status == MonthStatus.VERIFIED:
        raise AttendanceError(_("The attendance of %(unit)s for %(month)s is already verified.")
                              % {"unit": unit.name, "month": _month_text(month)}, code=MONTH_VERIFIED_ALREADY,
                              http_status=409)
    # Everyone whose days fall in the tree: its current staff, and those who moved out during the month.
    staff = set(Employee.objects.filter(path_within("current_unit__path", unit.path), pemda_id=unit.pemda_id)
                .values_list("pk", flat=True))
    staff.update(unit_days(unit, month).order_by().values_list("employee_id", flat=True).distinct())
    from .days import recompute  # helper B's derivation

    if staff:
        recompute(sorted(staff), start, end)
    marked = unit_days(unit, month).filter(verified=False).update(verified=True)
    refresh_unit_months(unit.pemda_id, [month],
                        OrgUnit.objects.filter(path_within("path", unit.path)).values_list("pk", flat=True))
    refresh_absence_years(unit.pemda_id, staff, month.year)
    summary = month_summary(unit, month)
    now = timezone.now()
    closure.status, closure.verified_by, closure.verified_at, closure.summary = (
        MonthStatus.VERIFIED, actor, now, summary)
    closure.save(update_fields=["status", "verified_by", "verified_at", "summary", "updated_at"])
    audit_record(actor=actor, action=AttendanceAudit.MONTH_VERIFIED, target=closure, pemda_id=unit.pemda_id,
                 changes={"unit": [None, unit.name], "month": [None, f"{month:%Y-%m}"],
                          "status": [MonthStatus.OPEN, MonthStatus.VERIFIED], "days_marked": [None, marked],
                          "summary": [None, summary["counts"]]})
    _notify_head(closure, actor)
    return closure


def _notify_head(closure: MonthClosure, actor) -> None:
    from django.urls import reverse

    from pamong.approvals.services import notice_language, notify_user

    position = head_position(closure.org_unit)
    head = (Employee.objects.filter(current_position=position, is_active=True).select_related("user").first()
            if position is not None else None)
    if head is None or head.user is None or head.user == actor:
        return
    with notice_language():
        text = _("The attendance of %(unit)s for %(month)s is verified and waits for you to close it.") % {
            "unit": closure.org_unit.name, "month": _month_text(closure.month)}
    notify_user(user=head.user, kind="attendance.month", text=text, pemda_id=closure.pemda_id,
                url=reverse("attendance:month-list") + f"?unit={closure.org_unit.public_id}&year={closure.month.year}")


@transaction.atomic
def close_month(*, actor, unit: OrgUnit, month: date) -> MonthClosure:
    """The unit head closes *unit*'s verified *month*; after this only an approved correction changes it.

    Raises PermissionDenied (not the unit head, nor HR in place of a vacant head); AttendanceError
    ``attendance.month_not_verified`` (409), ``attendance.month_closed`` (409, closed already),
    ``attendance.self_decision`` (403: HR closing a month they verified, or whose tree holds their own unit).
    """
    if not can_close(actor, unit):
        raise PermissionDenied
    month = month.replace(day=1)
    closure = _locked_closure(unit, month)
    if closure.status == MonthStatus.CLOSED:
        raise _closed(closure)
    if closure.status != MonthStatus.VERIFIED:
        raise AttendanceError(_("The attendance of %(unit)s for %(month)s must be verified by the attendance "
                                "officer before it is closed.") % {"unit": unit.name, "month": _month_text(month)},
                              code=MONTH_NOT_VERIFIED, http_status=409)
    if not heads_unit(actor, unit):  # HR in place of a vacant head: four eyes, and not their own unit
        if closure.verified_by_id == actor.pk:
            raise _self_refusal(_("You verified this month: another HR admin closes it in place of the unit head."))
        if _in_tree(actor, unit):
            raise _self_refusal(_("Your own attendance is in this unit: another HR admin closes it."))
    now = timezone.now()
    closure.status, closure.closed_by, closure.closed_at = MonthStatus.CLOSED, actor, now
    closure.save(update_fields=["status", "closed_by", "closed_at", "updated_at"])
    audit_record(actor=actor, action=AttendanceAudit.MONTH_CLOSED, target=closure, pemda_id=unit.pemda_id,
                 changes={"unit": [None, unit.name], "month": [None, f"{month:%Y-%m}"],
                          "status": [MonthStatus.VERIFIED, MonthStatus.CLOSED],
                          "as": [None, "unit head" if heads_unit(actor, unit) else "hr admin (vacant head)"]})
    return closure


def is_month_closed(employee_unit: OrgUnit | None, day: date) -> bool:
    """Whether *day* lies in a closed month of a unit whose tree holds *employee_unit* (for other slices' checks)."""
    if employee_unit is None:
        return False
    ids = [int(s) for s in employee_unit.path.strip("/").split("/") if s]
    return MonthClosure.objects.filter(org_unit_id__in=ids, month=day.replace(day=1),
                                       status=MonthStatus.CLOSED).exists()


def register() -> None:
    """Inbox source: months waiting for verification (officers, HR) or closing (unit heads)."""
    from .. import month_inbox

    month_inbox.register()

