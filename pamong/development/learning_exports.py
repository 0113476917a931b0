"""The JP recap as .xlsx, written in the request (at most ROW_CAP employees: a bigger scope is asked to filter by
unit). Every cell goes through pamong.core.spreadsheets, so no text is ever read as a formula; every export is
audited."""

import io

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.core.spreadsheets import xlsx_row

from .selectors.learning import JpRecap

ROW_CAP = 10_000
RECAP_EXPORTED = "development.jp_recap_exported"
register_action_labels({RECAP_EXPORTED: gettext_lazy("JP recap exported")})
ITERATOR_CHUNK = 2000


def recap_xlsx(recap: JpRecap, *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("JP recap"))
    bold = Font(bold=True)
    sheet.append(xlsx_row(sheet, [title], font=bold))
    sheet.append([])
    sheet.append(xlsx_row(sheet, [_("NIP"), _("Name"), _("Status"), _("Unit"), _("JP"), _("Target"), _("Cap"),
                                  _("Shortfall"),
                     _("Result")], font=bold))
    employees = recap.employees.iterator(chunk_size=ITERATOR_CHUNK)
    for row in recap.rows_of(employees):
        employee = row.employee
        sheet.append(xlsx_row(sheet, [employee.nip, employee.full_name, employee.get_status_display(),
                         employee.current_unit.name if employee.current_unit else "", row.jp,
                         row.target if row.target is not None else "", row.cap if row.cap is not None else "",
                         row.shortfall, row.status_label]))
    units = book.create_sheet(_("Per unit"))
    units.append(xlsx_row(units, [_("Unit"), _("Employees"), _("JP"), _("Average JP"), _("PNS/CPNS"), _("Behind"),
                     _("Over the cap")], font=bold))
    for unit in [*recap.units, recap.totals]:
        units.append(xlsx_row(units, [unit.unit_name, unit.employees, unit.jp, unit.average, unit.pns, unit.behind,
                         unit.over_cap]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def recap_export_record(*, actor, recap: JpRecap, rows: int) -> None:
    target = recap.unit if recap.unit is not None else actor.pemda
    audit_record(actor=actor, action=RECAP_EXPORTED, target=target, pemda_id=actor.pemda_id,
                 changes={"unit": [None, recap.unit.name if recap.unit else ""], "year": [None, recap.year],
                          "rows": [None, rows]})
