"""The awards register as .xlsx (formula-safe cells, pamong.core.spreadsheets); every export is audited."""

import io

from django.db import transaction
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.core.spreadsheets import xlsx_cell, xlsx_row

from .choices import AwardKind
from .selectors.awards import AwardFilters
from .services.awards import AWARDS_EXPORTED

EXPORT_MAX_ROWS = 20_000


def register_headers() -> list[str]:
    return [_("No."), "NIP", _("Name"), _("Unit"), _("Award"), _("Name of the award"), _("Period"),
            _("Date awarded"), _("Decree (SK) number"), _("Awarded by"), _("Note")]


def register_xlsx(awards, *, title: str) -> bytes:
    """The register rows (an iterable of Award with employee and unit loaded) as a workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Awards")[:31])
    for index, width in enumerate((6, 22, 34, 34, 30, 34, 10, 14, 24, 28, 40)):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([xlsx_cell(sheet, title, font=Font(bold=True, size=12))])
    sheet.append(xlsx_row(sheet, register_headers(), font=Font(bold=True)))
    for number, award in enumerate(awards, start=1):
        employee = award.employee
        unit = employee.current_unit
        # Names, titles, decree numbers and notes are typed by people: xlsx_row keeps "=…" as text.
        sheet.append(xlsx_row(sheet, [number, str(employee.nip), employee.full_name, unit.name if unit else "",
                                      str(AwardKind(award.kind).label), award.title, award.period,
                                      award.awarded_on, award.decree_number, award.issuer, award.note]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def register_export_record(*, actor, filters: AwardFilters, rows: int) -> None:
    """Record an export of the register (bulk reads of personal data are logged)."""
    audit_record(actor=actor, action=AWARDS_EXPORTED, target=actor.pemda, pemda_id=actor.pemda_id,
                 changes={"kind": [None, filters.kind], "year": [None, filters.year],
                          "unit": [None, filters.unit.name if filters.unit else ""], "rows": [None, rows]})
