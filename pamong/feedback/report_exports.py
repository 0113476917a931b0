"""The official report of the satisfaction survey (Laporan Hasil SKM, PermenPANRB 14/2017; rules.md §4) as .xlsx
and PDF, built from the same results as the staff page.

The report is published by the agency, so it is always built in Bahasa Indonesia (``translation.override("id")``),
whatever the reader's UI language; its wording is English msgids like every other string. The .xlsx holds values
only: text typed by the public (comments, the service used) that starts with = + - @ stays text
(pamong.core.spreadsheets.xlsx_row). The PDF escapes every dynamic text before it reaches reportlab's markup.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pamong.core.indonesian import agency_title, indonesian_date
from pamong.core.spreadsheets import xlsx_cell, xlsx_row

from . import rules
from .choices import AgeBand, Channel, RespondentEducation, RespondentGender, RespondentOccupation
from .models import ANSWER_FIELDS
from .selectors import SurveyResults, scope_responses

REPORT_LANGUAGE = "id"
EXPORT_MAX_ROWS = 100_000  # questionnaires on the data sheet; the recap always counts every one
PDF_COMMENTS = 20

TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=4)
HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=12)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=8, leading=10)


def responses_for_export(*, pemda, scope):
    """The questionnaires of the scope and period, oldest first, with their point (for the data sheet)."""
    return (scope_responses(pemda=pemda, periods=[scope.period], point=scope.point, unit=scope.unit)
            .select_related("service_point").order_by("submitted_at", "pk"))


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else ""


def _day(response):
    return response.response_date or timezone.localdate(response.submitted_at)


def _period_text(period) -> str:
    return f"{period.name} ({indonesian_date(period.start_date)} – {indonesian_date(period.end_date)})"


def _weighted(nrr) -> object:
    return rules.round_half_up(nrr / len(rules.UNSUR_CODES), 4) if nrr is not None else ""


def _sample_lines(found: SurveyResults) -> list[tuple[str, object]]:
    if found.sample_required is None:
        return [(_("Sample size"), _("No estimate of service users per year: the sample size is not checked."))]
    return [
        (_("Service users per year (estimate)"), found.population),
        (_("Minimum sample (Krejcie–Morgan)"), found.sample_required),
        (_("Sample reached"), _("Yes") if found.sample_reached else _("No")),
    ]


def _summary_lines(found: SurveyResults) -> list[tuple[str, object]]:
    lines: list[tuple[str, object]] = [(_("Respondents"), found.respondents)]
    if found.nik is None:
        lines.append((_("IKM"), _("No index: some survey element has no answer yet.")))
    else:
        lines += [
            (_("IKM (scale 1–4)"), rules.round_half_up(found.ikm, 4)),
            (_("IKM of the service unit (scale 25–100)"), found.nik),
            (_("Quality of service"), found.category.letter),
            (_("Performance of the service unit"), str(found.category.label)),
        ]
    lines += _sample_lines(found)
    follow_up = [f"{code} {rules.UNSUR_BY_CODE[code].name}" for code in rules.lowest_first(found.nrr)[:3]]
    if follow_up:
        lines.append((_("Lowest elements (improve first)"), "; ".join(follow_up)))
    return lines


def _unsur_headers() -> list[str]:
    return [_("No."), _("Code"), _("Survey element"), _("Answered"), _("Sum of values"), _("NRR"),
            _("Weighted NRR")]


def _unsur_rows(found: SurveyResults) -> list[list]:
    return [[number, item.code, str(item.name), item.answered, item.total,
             item.nrr_display if item.nrr_display is not None else "", _weighted(item.nrr)]
            for number, item in enumerate(found.unsur, start=1)]


def _trend_rows(trend_points) -> list[list]:
    return [[item.period.name, item.respondents, item.nik if item.nik is not None else "",
             f"{item.category.letter} ({item.category.label})" if item.category else ""] for item in trend_points]


# --- .xlsx ------------------------------------------------------------------------------------------------------


def report_xlsx(*, pemda, scope, found: SurveyResults, trend_points, responses) -> bytes:
    with translation.override(REPORT_LANGUAGE):
        return _report_xlsx(pemda=pemda, scope=scope, found=found, trend_points=trend_points, responses=responses)


def _report_xlsx(*, pemda, scope, found, trend_points, responses) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook(write_only=True)
    recap = workbook.create_sheet(_("SKM results")[:31])
    for letter, width in zip("ABCDEFG", (8, 40, 40, 14, 14, 10, 14), strict=True):
        recap.column_dimensions[letter].width = width
    recap.append([xlsx_cell(recap, _("Report on the public satisfaction survey (SKM)"), font=Font(bold=True,
                                                                                                  size=13))])
    recap.append(xlsx_row(recap, [agency_title(pemda)]))
    recap.append(xlsx_row(recap, [_("Service point or unit"), scope.label]))
    recap.append(xlsx_row(recap, [_("Survey period"), _period_text(scope.period)]))
    recap.append(xlsx_row(recap, [_("Legal basis"), _("PermenPANRB No. 14 of 2017")]))
    recap.append([])
    recap.append(xlsx_row(recap, _unsur_headers(), font=bold))
    for row in _unsur_rows(found):
        recap.append(xlsx_row(recap, row))
    recap.append([])
    for label, value in _summary_lines(found):
        recap.append(xlsx_row(recap, [label, value]))
    recap.append([])
    recap.append(xlsx_row(recap, [_("IKM over the last periods")], font=bold))
    recap.append(xlsx_row(recap, [_("Period"), _("Respondents"), _("IKM"), _("Quality")], font=bold))
    for row in _trend_rows(trend_points):
        recap.append(xlsx_row(recap, row))

    data = workbook.create_sheet(_("Questionnaires")[:31])
    headers = [_("No."), _("Date"), _("Service point"), _("Channel"), _("Gender"), _("Age"), _("Education"),
               _("Main occupation"), _("Service used"), *rules.UNSUR_CODES, _("Comment or suggestion")]
    data.append(xlsx_row(data, headers, font=bold))
    for number, response in enumerate(responses[:EXPORT_MAX_ROWS].iterator(chunk_size=2000), start=1):
        # The service used and the comment are typed by the public: xlsx_row keeps "=…" as text.
        data.append(xlsx_row(data, [
            number, _day(response), response.service_point.name, _label(Channel, response.channel),
            _label(RespondentGender, response.gender), _label(AgeBand, response.age_band),
            _label(RespondentEducation, response.education), _label(RespondentOccupation, response.occupation),
            response.service_type, *(getattr(response, field) for field in ANSWER_FIELDS.values()),
            response.comment,
        ]))
    if found.respondents > EXPORT_MAX_ROWS:
        data.append(xlsx_row(data, [_("Only the first %(n)d questionnaires are listed; the results count all.")
                                    % {"n": EXPORT_MAX_ROWS}]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------------------------------------


def report_pdf(*, pemda, scope, found: SurveyResults, trend_points, comments) -> bytes:
    with translation.override(REPORT_LANGUAGE):
        return _report_pdf(pemda=pemda, scope=scope, found=found, trend_points=trend_points, comments=comments)


def _paragraph(text: object, style=CELL) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _table(rows: list[list], widths: list[float], *, highlight: int | None = None) -> Table:
    table = Table([[_paragraph(value) for value in row] for row in rows], colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6ecf5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if highlight is not None:
        style.append(("BACKGROUND", (0, highlight), (-1, highlight), colors.HexColor("#fff3cd")))
    table.setStyle(TableStyle(style))
    return table


def _report_pdf(*, pemda, scope, found, trend_points, comments) -> bytes:
    buffer = io.BytesIO()
    title = _("Report on the public satisfaction survey (SKM)")
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm,
                                 topMargin=1.5 * cm, bottomMargin=1.5 * cm, title=title,
                                 author=agency_title(pemda))
    weakest_row = None
    if found.weakest is not None:
        weakest_row = rules.UNSUR_CODES.index(found.weakest) + 1
    story = [
        _paragraph(agency_title(pemda), BODY),
        _paragraph(title, TITLE),
        _paragraph(f"{_('Service point or unit')}: {scope.label}", BODY),
        _paragraph(f"{_('Survey period')}: {_period_text(scope.period)}", BODY),
        _paragraph(f"{_('Legal basis')}: {_('PermenPANRB No. 14 of 2017')}", BODY),
        _paragraph(_("Survey elements"), HEAD),
        _table([_unsur_headers(), *_unsur_rows(found)], [1 * cm, 1.2 * cm, 6.4 * cm, 2 * cm, 2 * cm, 1.6 * cm,
                                                          2 * cm], highlight=weakest_row),
        _paragraph(_("Results"), HEAD),
        _table([[label, value] for label, value in _summary_lines(found)], [7 * cm, 9.2 * cm]),
        _paragraph(_("IKM over the last periods"), HEAD),
        _table([[_("Period"), _("Respondents"), _("IKM"), _("Quality")], *_trend_rows(trend_points)],
               [6 * cm, 3 * cm, 3 * cm, 4.2 * cm]),
    ]
    comments = list(comments)
    if comments:
        story.append(_paragraph(_("Latest comments and suggestions"), HEAD))
        story.append(_table(
            [[_("Date"), _("Service point"), _("Comment or suggestion")],
             *([indonesian_date(_day(item)), item.service_point.name, item.comment] for item in comments)],
            [2.8 * cm, 4.2 * cm, 9.2 * cm]))
    story += [Spacer(1, 0.4 * cm),
              _paragraph(_("Printed %(date)s.") % {"date": indonesian_date(timezone.localdate())}, BODY)]
    document.build(story)
    return buffer.getvalue()
