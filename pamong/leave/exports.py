"""HR leave statistics: applications per unit and leave type for a year, on screen and as .xlsx.

Only for the agency's HR, executives and auditors
(permissions.can_view_leave_statistics), and only over their own Pemda.
Counts come from one aggregate query plus one for the unit names, whatever
the number of applications. An application counts in the unit its employee
belongs to now (applications do not record the unit at submission).
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.spreadsheets import xlsx_row
from pamong.people.models import OrgUnit, path_within

from .choices import LeaveStatus, LeaveType
from .models import LeaveApplication
from .permissions import can_view_leave_statistics

STATISTICS_EXPORTED = "leave.statistics_exported"
STATUSES = tuple(LeaveStatus)
TYPE_ORDER = {code: index for index, code in enumerate(LeaveType.values)}


@dataclass(slots=True)
class StatisticsRow:
    """One unit × one leave type: applications per status and the approved working days."""

    unit_id: int | None
    unit_name: str
    leave_type: str
    counts: dict[str, int] = field(default_factory=dict)
    approved_days: int = 0
    unit_path: str = ""

    @property
    def leave_type_label(self) -> str:
        return str(LeaveType(self.leave_type).label) if self.leave_type in LeaveType.values else self.leave_type

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def cells(self) -> list[int]:
        """The counts in STATUSES order (for templates and the sheet)."""
        return [self.count(status) for status in STATUSES]


@dataclass(slots=True)
class StatisticsTotals:
    counts: dict[str, int]
    approved_days: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts.get(status, 0) for status in STATUSES]


def leave_statistics_allowed(actor, unit: OrgUnit | None = None) -> int:
    """Return the actor's Pemda id if they may see its leave statistics (for *unit*); raise PermissionDenied."""
    # Statistics are per agency: the platform superadmin, who belongs to none, has none to count.
    pemda_id = actor.pemda_id
    if not pemda_id or not can_view_leave_statistics(actor, pemda_id):
        raise PermissionDenied
    if unit is not None and unit.pemda_id != pemda_id:
        raise PermissionDenied
    return pemda_id


def _group_key(path: str | None, level: int) -> int | None:
    """The unit a row is counted under: the ancestor at *level* of the employee's unit (or the unit itself)."""
    if not path:
        return None
    segments = [segment for segment in path.split("/") if segment]
    return int(segments[min(level, len(segments) - 1)])


def leave_statistics(*, actor, year: int, unit: OrgUnit | None = None) -> list[StatisticsRow]:
    """Rows per unit × leave type for applications starting in *year*, in the actor's Pemda only.

    Without *unit* the rows are per OPD (top-level unit); with *unit* they
    are per sub-unit directly below it (employees of *unit* itself count
    under *unit*). Each row counts the applications by status and sums the
    working days of the approved ones. Two queries whatever the data.
    Raises PermissionDenied unless can_view_leave_statistics() allows the
    actor for their own Pemda, or if *unit* is of another Pemda.
    """
    pemda_id = leave_statistics_allowed(actor, unit)
    applications = LeaveApplication.objects.filter(
        pemda_id=pemda_id, start_date__gte=date(year, 1, 1), start_date__lte=date(year, 12, 31)
    )
    level = 0
    if unit is not None:
        applications = applications.filter(path_within("employee__current_unit__path", unit.path))
        level = unit.depth + 1
    grouped = (
        applications.values("employee__current_unit__path", "leave_type", "status")
        .annotate(n=Count("pk"), days=Sum("working_days"))
        .order_by()
    )
    rows: dict[tuple[int | None, str], StatisticsRow] = {}
    for entry in grouped:
        key = (_group_key(entry["employee__current_unit__path"], level), entry["leave_type"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = StatisticsRow(unit_id=key[0], unit_name="", leave_type=key[1])
        row.counts[entry["status"]] = row.counts.get(entry["status"], 0) + entry["n"]
        if entry["status"] == LeaveStatus.APPROVED:
            row.approved_days += entry["days"] or 0
    names = {
        pk: (name, path)
        for pk, name, path in OrgUnit.objects.filter(
            pemda_id=pemda_id, pk__in={key[0] for key in rows if key[0] is not None}
        ).values_list("pk", "name", "path")
    }
    for row in rows.values():
        row.unit_name, row.unit_path = names.get(row.unit_id, (_("(no unit)"), "~"))
    return sorted(rows.values(), key=lambda r: (r.unit_path, TYPE_ORDER.get(r.leave_type, 99)))


def statistics_totals(rows: list[StatisticsRow]) -> StatisticsTotals:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        for status, n in row.counts.items():
            counts[status] += n
    return StatisticsTotals(counts=dict(counts), approved_days=sum(row.approved_days for row in rows))


def statistics_headers() -> list[str]:
    return [_("Unit"), _("Leave type"), *[str(status.label) for status in STATUSES], _("Total"),
            _("Approved working days")]


@transaction.atomic
def leave_statistics_export_record(*, actor, year: int, unit: OrgUnit | None, rows: list[StatisticsRow]) -> None:
    """Record an export of the statistics (bulk reads are logged). Raises PermissionDenied like leave_statistics()."""
    pemda_id = leave_statistics_allowed(actor, unit)
    audit_record(
        actor=actor, action=STATISTICS_EXPORTED, target=actor.pemda, pemda_id=pemda_id,
        changes={"year": [None, year], "unit": [None, unit.name if unit else ""], "rows": [None, len(rows)]},
    )


def statistics_xlsx(rows: list[StatisticsRow], year: int) -> bytes:
    """The statistics as a workbook: a bold header row, one row per unit × type, a bold totals row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (_("Leave %(year)d") % {"year": year})[:31]
    headers = statistics_headers()
    sheet.append(headers)
    for row in rows:  # unit names are typed by users: formula-like text stays text
        sheet.append(xlsx_row(sheet, [row.unit_name, row.leave_type_label, *row.cells, row.total, row.approved_days]))
    totals = statistics_totals(rows)
    sheet.append([_("Total"), "", *totals.cells, totals.total, totals.approved_days])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    widths = [max(len(str(headers[0])), *(len(row.unit_name) for row in rows), 10) + 2,
              max(len(str(headers[1])), *(len(row.leave_type_label) for row in rows), 10) + 2]
    widths += [max(10, len(str(header)) + 2) for header in headers[2:]]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
