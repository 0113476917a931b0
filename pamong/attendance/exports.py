"""The monthly attendance recap as .xlsx (per unit, then the total), written in the request: the recap is one row
per unit whatever the number of employees. Every cell goes through pamong.core.spreadsheets, so no text is ever
read as a formula (a leading = + - @ is escaped) and no cell holds a formula; every export is audited
(``AttendanceAudit.RECAP_EXPORTED``)."""

import io

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from pamong.audit.services import audit_record
from pamong.core.spreadsheets import xlsx_row

from .audit import AttendanceAudit
from .selectors.recap import MonthRecap, RecapRow


def _row(row: RecapRow, name: str) -> list:
    return [name, row.employees, row.working_days, row.present, row.leave, row.duty, row.excused, row.unexcused,
            row.late_minutes, row.early_minutes, float(row.rate) if row.rate is not None else "",
            _("yes") if row.verified else _("no")]


def recap_xlsx(recap: MonthRecap, *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Attendance recap"))
    bold = Font(bold=True)
    sheet.append(xlsx_row(sheet, [title], font=bold))
    sheet.append([])
    sheet.append(xlsx_row(sheet, [_("Unit"), _("Employees"), _("Working days"), _("Present"), _("Leave"),
                                  _("Official duty"), _("Excused"), _("Unexcused"), _("Minutes late"),
                                  _("Minutes left early"), _("Attendance rate (%)"), _("Verified")], font=bold))
    for row in recap.units:
        sheet.append(xlsx_row(sheet, _row(row, row.unit_name)))
    sheet.append(xlsx_row(sheet, _row(recap.totals, _("Total")), font=bold))
    sheet.append([])
    sheet.append(xlsx_row(sheet, [_("Attendance rate = days present or on official duty ÷ (working days − leave "
                                    "days − excused days).")]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def recap_export_record(*, actor, recap: MonthRecap) -> None:
    target = recap.unit if recap.unit is not None else actor.pemda or actor  # the tenant-less superadmin: no Pemda
    audit_record(actor=actor, action=AttendanceAudit.RECAP_EXPORTED, target=target, pemda_id=actor.pemda_id,
                 changes={"unit": [None, recap.unit.name if recap.unit else ""],
                          "month": [None, recap.month.strftime("%Y-%m")], "rows": [None, len(recap.units)]})
