"""The monthly TPP-deduction list as .xlsx (issue #12). Every cell goes through pamong.core.spreadsheets, so no text
is ever read as a formula (= + - @ stay text); every export is audited (TPP_LIST_EXPORTED)."""

import io

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from pamong.audit.services import audit_record
from pamong.core.spreadsheets import xlsx_row

from .audit import DisciplineAudit
from .selectors.effects import TppList


def tpp_xlsx(deductions: TppList, *, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("TPP deductions"))
    bold = Font(bold=True)
    sheet.append(xlsx_row(sheet, [title], font=bold))
    if not deductions.in_force:
        sheet.append(xlsx_row(sheet, [deductions.explanation]))
    sheet.append([])
    sheet.append(xlsx_row(sheet, [_("NIP"), _("Name"), _("Unit"), _("Sanction"), _("Decision number"), _("Cut (%)"),
                                  _("From"), _("Until"), _("Months remaining")], font=bold))
    for row in deductions.rows:
        sheet.append(xlsx_row(sheet, [row.nip, row.name, row.unit, row.sanction, row.decision_number, row.cut_percent,
                                      date_format(row.start, "d-m-Y"), date_format(row.end, "d-m-Y"),
                                      row.months_remaining]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def tpp_export_record(*, actor, deductions: TppList) -> None:
    audit_record(actor=actor, action=DisciplineAudit.TPP_LIST_EXPORTED, target=actor.pemda, pemda_id=actor.pemda_id,
                 changes={"month": [None, deductions.month.strftime("%Y-%m")], "rows": [None, len(deductions.rows)]})
