"""Words for the row report's problem codes, and the report as a CSV a spreadsheet opens safely."""

import csv
import io

from django.utils.translation import gettext_lazy as _

from pamong.core.spreadsheets import csv_row

from . import parsing

PROBLEM_LABELS = {
    parsing.BAD_LINE: _("The line does not have the expected columns"),
    parsing.NOT_TEXT: _("The line is not readable text (UTF-8)"),
    parsing.TOO_LONG: _("The line is too long"),
    parsing.BAD_TIMESTAMP: _("The time is not a valid date and time"),
    parsing.TOO_OLD: _("The time is before 2000 (the machine's clock was not set)"),
    parsing.FUTURE: _("The time is in the future"),
    parsing.BAD_USER: _("The user id or NIP is not valid"),
    parsing.UNKNOWN_USER: _("Unknown machine user id or NIP (not linked to an employee)"),
    parsing.UNKNOWN_DEVICE: _("Unknown machine serial number"),
}


def problem_label(code: str) -> str:
    return str(PROBLEM_LABELS.get(code, code))


def report_csv(report: dict) -> str:
    """The kept problem rows as CSV; a value that looks like a formula is neutralised (pamong.core.spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(_("Line")), str(_("Problem")), str(_("Value"))])
    for row in report.get("rows", []):
        writer.writerow(csv_row([row.get("line"), problem_label(row.get("problem", "")), row.get("value", "")]))
    return out.getvalue()
