"""The unit recap: one row per employee of a unit tree (or of the agency) with their SKP and rating of a period.

Rows come from the leaders' scope (employees_visible_to, skps_visible_to,
evaluations_visible_to), so a unit head sees their tree and HR, executives
and auditors the agency. Five queries whatever the number of employees:
the employees, the SKPs, the indicator counts, the realisations reported in
the period, and the predikat of the period. Every export is recorded in the
audit trail.
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.spreadsheets import xlsx_cell, xlsx_row
from pamong.people.models import Employee, OrgUnit, path_within
from pamong.people.selectors import employees_visible_to

from .choices import PlanStatus, Predikat
from .models import Realisation, SkpIndicator
from .selectors import evaluations_visible_to, skps_visible_to

RECAP_EXPORTED = "performance.recap_exported"
RECAP_DOWNLOADED = "performance.recap_downloaded"  # the file of a recap written in the background (export_kinds.py)
ITERATOR_CHUNK = 2000
PROGRESS_EVERY = 1000


@dataclass(frozen=True, slots=True)
class RecapRow:
    employee: Employee
    skp_status: str | None
    indicators: int
    reported: int
    predikat: str | None

    @property
    def skp_status_label(self) -> str:
        return str(PlanStatus(self.skp_status).label) if self.skp_status else _("No SKP")

    @property
    def predikat_label(self) -> str:
        return str(Predikat(self.predikat).label) if self.predikat else ""


def recap_employees(actor, unit: OrgUnit | None):
    """The active employees of *unit*'s tree (the agency when None) that *actor* may see, in unit and name order."""
    employees = employees_visible_to(actor).filter(is_active=True)
    if unit is not None:
        employees = employees.filter(path_within("current_unit__path", unit.path))
    elif actor.pemda_id:
        employees = employees.filter(pemda_id=actor.pemda_id)
    return employees


def recap_rows(*, actor, unit: OrgUnit | None, period: str) -> list[RecapRow]:
    """One RecapRow per employee of the recap (see recap_employees) for *period* ("2026-03", "2026", …).

    The SKP is the current (not superseded) version of the period's year; the
    counts are its indicators and the indicators with a realisation for
    *period*; the predikat is the rating of *period*. Five queries.
    """
    year = int(period[:4])
    employees = recap_employees(actor, unit)
    skps = skps_visible_to(actor).filter(year=year, employee__in=employees.values("pk")).exclude(
        status=PlanStatus.SUPERSEDED)
    status_of = dict(skps.values_list("employee_id", "status"))
    indicator_counts = dict(
        SkpIndicator.objects.filter(result__skp__in=skps.values("pk")).values("result__skp__employee_id")
        .annotate(n=Count("pk")).values_list("result__skp__employee_id", "n"))
    reported = dict(
        Realisation.objects.filter(indicator__result__skp__in=skps.values("pk"), period=period)
        .values("indicator__result__skp__employee_id").annotate(n=Count("pk"))
        .values_list("indicator__result__skp__employee_id", "n"))
    predikat = dict(evaluations_visible_to(actor).filter(period=period, employee__in=employees.values("pk"))
                    .values_list("employee_id", "predikat"))
    listed = employees.select_related("current_position", "current_unit").order_by(
        "current_unit__path", "name", "pk")
    return [
        RecapRow(employee=e, skp_status=status_of.get(e.pk), indicators=indicator_counts.get(e.pk, 0),
                 reported=reported.get(e.pk, 0), predikat=predikat.get(e.pk))
        for e in listed.iterator(chunk_size=ITERATOR_CHUNK)
    ]


def recap_headers(period: str) -> list[str]:
    return [_("No."), _("NIP"), _("Name"), _("Position"), _("Unit"), _("SKP status"), _("Indicators"),
            _("Reported in %(period)s") % {"period": period}, _("Predikat %(period)s") % {"period": period}]


def recap_title(scope_name: str, period: str) -> str:
    return _("Performance recap — %(scope)s — %(period)s") % {"scope": scope_name, "period": period}


def recap_filename(scope_name: str, period: str) -> str:
    return f"rekap-kinerja-{slugify(scope_name)[:60]}-{period}.xlsx"


def recap_xlsx(rows: list[RecapRow], *, title: str, period: str, progress: Callable[[int], None] | None = None):
    """The recap as a workbook (write-only: constant memory) in a temporary file, rewound.

    NIPs are text cells (a number would lose digits). *progress(done)* every 1,000 rows and once at the end.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet((_("Recap %(period)s") % {"period": period})[:31])
    for index, width in enumerate((6, 22, 34, 36, 36, 22, 11, 14, 18)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "C3"
    # Text typed by users (names, titles) that a spreadsheet would run as a formula stays text (core.spreadsheets).
    sheet.append([xlsx_cell(sheet, title, font=Font(bold=True, size=12))])
    sheet.append(xlsx_row(sheet, recap_headers(period), font=Font(bold=True)))
    for number, row in enumerate(rows, start=1):
        employee = row.employee
        position = employee.current_position
        unit = employee.current_unit
        sheet.append(xlsx_row(sheet, [number, str(employee.nip), employee.full_name, position.name if position else "",
                                      unit.name if unit else "", row.skp_status_label, row.indicators, row.reported,
                                      row.predikat_label]))
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
    if progress is not None:
        progress(len(rows))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - returned open to FileResponse, which closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


@transaction.atomic
def recap_export_record(*, actor, unit: OrgUnit | None, period: str, rows: int) -> None:
    """Record an export of the recap (bulk reads of personal data are logged)."""
    target = unit if unit is not None else actor.pemda
    audit_record(actor=actor, action=RECAP_EXPORTED, target=target, pemda_id=target.pemda_id if unit else target.pk,
                 changes={"unit": [None, unit.name if unit else ""], "period": [None, period], "rows": [None, rows]})
