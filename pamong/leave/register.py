"""HR's leave register and "who is away": reads over the agency, with their permission checks and exports.

The register lists every application of the actor's agency (HR, executive,
auditor: permissions.can_view_leave_register) with filters, on screen and as
.xlsx/.csv through the formula-safe cells of pamong.core.spreadsheets. The
reason of a sick or maternity leave is health data (UU PDP Pasal 4): the
export carries it for the agency's HR only (permissions.can_read_register_health_reasons),
never for the executive or the auditor; the screen shows no reasons at all
(the application page applies the full policy and records the read). Each
export is recorded in the audit trail.

"Who is away" lists the leave (approved, or still to be decided) overlapping
today or this week: for the agency (HR, executive, auditor) or the unit tree
of a unit head (permissions.can_view_who_is_away). Every list is a fixed
number of queries.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.spreadsheets import csv_row, xlsx_row
from pamong.people.models import OrgUnit, path_within
from pamong.people.selectors import actor_employee

from .audit import LeaveAudit
from .choices import HOLDING_STATUSES
from .models import LeaveApplication
from .permissions import (
    HEALTH_LEAVE_TYPES,
    can_read_register_health_reasons,
    can_view_leave_register,
    can_view_who_is_away,
)

EXPORT_MAX_ROWS = 50_000
AWAY_MAX_ROWS = 1000


@dataclass(frozen=True, slots=True)
class RegisterFilters:
    unit: OrgUnit | None = None
    leave_type: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""


def _register_pemda(actor) -> int:
    """The actor's agency, if they may read its register; PermissionDenied otherwise (also for a unit of another)."""
    pemda_id = actor.pemda_id
    if not pemda_id or not can_view_leave_register(actor, pemda_id):
        raise PermissionDenied
    return pemda_id


def leave_register(*, actor, filters: RegisterFilters | None = None) -> QuerySet[LeaveApplication]:
    """Every application of the actor's agency matching *filters*, newest start first, loaded for the list.

    The unit filter takes the unit's whole tree; the dates take the applications
    overlapping [date_from, date_to]; the search matches the employee's name
    (part of it) or NIP (its start). Raises PermissionDenied unless
    can_view_leave_register() allows the actor for their own agency.
    """
    pemda_id = _register_pemda(actor)
    filters = filters or RegisterFilters()
    applications = LeaveApplication.objects.filter(pemda_id=pemda_id)
    if filters.unit is not None:
        if filters.unit.pemda_id != pemda_id:
            raise PermissionDenied
        applications = applications.filter(path_within("employee__current_unit__path", filters.unit.path))
    if filters.leave_type:
        applications = applications.filter(leave_type=filters.leave_type)
    if filters.status:
        applications = applications.filter(status=filters.status)
    if filters.date_from:
        applications = applications.filter(end_date__gte=filters.date_from)
    if filters.date_to:
        applications = applications.filter(start_date__lte=filters.date_to)
    search = filters.search.strip()
    if search:
        digits = search.replace(" ", "")
        match = Q(employee__name__icontains=search)
        if digits.isdigit():
            match |= Q(employee__nip__startswith=digits)
        applications = applications.filter(match)
    return applications.select_related(
        "employee", "employee__current_unit", "employee__current_position"
    ).order_by("-start_date", "-pk")


# --- Export ----------------------------------------------------------------------------------------


def register_headers() -> list[str]:
    return [_("NIP"), _("Name"), _("Unit"), _("Leave type"), _("From"), _("Until"), _("Working days"),
            _("Status"), _("Submitted"), _("Reason")]


def _reason_cell(application: LeaveApplication, *, health_allowed: bool) -> str:
    if application.leave_type in HEALTH_LEAVE_TYPES and not health_allowed:
        return _("(health data, not shown)")
    return application.reason


def register_rows(actor, applications) -> tuple[list[list], int]:
    """The cells of the export, one list per application, and how many health-data reasons they carry."""
    health_allowed = can_read_register_health_reasons(actor)
    rows, health_shown = [], 0
    for application in applications:
        employee = application.employee
        if application.leave_type in HEALTH_LEAVE_TYPES and health_allowed and application.reason:
            health_shown += 1
        rows.append([
            employee.nip, employee.full_name, employee.current_unit.name if employee.current_unit_id else "",
            str(application.get_leave_type_display()), application.start_date, application.end_date,
            application.working_days, str(application.get_status_display()),
            timezone.localtime(application.created_at).strftime("%d-%m-%Y %H:%M"),
            _reason_cell(application, health_allowed=health_allowed),
        ])
    return rows, health_shown


def register_xlsx(rows: list[list]) -> bytes:
    """The register as a workbook: a bold header row, then one row per application (typed text stays text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Leave register")[:31])
    sheet.append(xlsx_row(sheet, register_headers(), font=Font(bold=True)))
    for row in rows:
        cells = [value.strftime("%d-%m-%Y") if isinstance(value, date) else value for value in row]
        sheet.append(xlsx_row(sheet, cells))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_csv(rows: list[list]) -> str:
    """The register as CSV (UTF-8 with BOM for spreadsheet programs; formula-like text neutralised)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(csv_row(register_headers()))
    for row in rows:
        writer.writerow(csv_row(value.strftime("%d-%m-%Y") if isinstance(value, date) else value for value in row))
    return buffer.getvalue()


@transaction.atomic
def leave_register_export_record(*, actor, filters: RegisterFilters, fmt: str, rows: int, health_reasons: int) -> None:
    """Record an export of the register (a bulk read), with its filters and how many health reasons it held."""
    pemda_id = _register_pemda(actor)
    audit_record(
        actor=actor, action=LeaveAudit.REGISTER_EXPORTED, target=actor.pemda, pemda_id=pemda_id,
        changes={
            "format": [None, fmt], "rows": [None, rows], "health_reasons": [None, health_reasons],
            "unit": [None, filters.unit.name if filters.unit else ""], "leave_type": [None, filters.leave_type],
            "status": [None, filters.status],
            "date_from": [None, filters.date_from.isoformat() if filters.date_from else ""],
            "date_to": [None, filters.date_to.isoformat() if filters.date_to else ""],
            "search": [None, filters.search],
        },
    )


# --- Who is away -----------------------------------------------------------------------------------


def away_period(period: str, today: date | None = None) -> tuple[date, date]:
    """Today, or this week (Monday to Sunday)."""
    today = today or timezone.localdate()
    if period == "week":
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6)
    return today, today


def away_scope(actor) -> OrgUnit | None:
    """The unit tree whose people *actor* sees in "who is away" (None: the whole agency); PermissionDenied if none."""
    if not actor.pemda_id or not can_view_who_is_away(actor):
        raise PermissionDenied
    if can_view_leave_register(actor, actor.pemda_id):
        return None
    return actor_employee(actor).current_unit


def who_is_away(*, actor, start: date, end: date, unit: OrgUnit | None = None) -> list[LeaveApplication]:
    """Leave (approved, or submitted and not yet decided) overlapping [start, end] in the actor's scope,
    narrowed to *unit*'s tree if given (within the scope). One query; at most AWAY_MAX_ROWS rows."""
    scope = away_scope(actor)
    applications = LeaveApplication.objects.filter(pemda_id=actor.pemda_id, status__in=HOLDING_STATUSES)
    if scope is not None:
        applications = applications.filter(path_within("employee__current_unit__path", scope.path))
    if unit is not None:
        if unit.pemda_id != actor.pemda_id or (scope is not None and not unit.path.startswith(scope.path)):
            raise PermissionDenied
        applications = applications.filter(path_within("employee__current_unit__path", unit.path))
    applications = applications.overlapping(start, end).select_related(
        "employee", "employee__current_unit", "employee__current_position")
    return list(applications.order_by("employee__current_unit__path", "employee__name", "start_date")[:AWAY_MAX_ROWS])
