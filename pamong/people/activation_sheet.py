"""The printable activation sheet: one A4 page (or more) per unit with name, NIP and activation code.

For offices without e-mail: HR prints it, cuts it into slips or hands it to
the head of each unit. It is an official handout, so its text is Indonesian
and written here directly (like pamong/leave/documents.py). The codes exist
only in this response; the database keeps their hashes.
"""

import io
from collections.abc import Sequence
from itertools import groupby
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import HRFlowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pamong.core.indonesian import agency_title, indonesian_date

from .activation import ActivationRow

FONT, BOLD, MONO = "Helvetica", "Helvetica-Bold", "Courier-Bold"
_NAME_FITS = 30  # characters of Helvetica 10 pt that fit the name column on one line


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=12.5)
    return {
        "text": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=10.5),
        "center_bold": ParagraphStyle("center_bold", parent=base, fontName=BOLD, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
        "code": ParagraphStyle("code", parent=base, fontName=MONO, fontSize=11, leading=13),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text or ""), style)


def _unit_name(row: ActivationRow) -> str:
    unit = row.employee.current_unit
    return unit.name if unit is not None else "Tanpa unit kerja"


def activation_sheet_pdf(*, pemda, rows: Sequence[ActivationRow], activate_url: str) -> bytes:
    """An A4 PDF: per unit, a letterhead, instructions and a table (No, Nama, NIP, Kode aktivasi, Berlaku s.d.)."""
    s = _styles()
    story: list = []
    ordered = sorted(rows, key=lambda r: (_unit_name(r), r.employee.name, r.employee.nip))
    today = indonesian_date(timezone.localdate())
    for index, (unit_name, group) in enumerate(groupby(ordered, key=_unit_name)):
        if index:
            story.append(PageBreak())
        group = list(group)
        story += [
            _p(agency_title(pemda), s["center_bold"]),
            _p("DAFTAR KODE AKTIVASI AKUN PAMONG", s["title"]),
            _p(f"Unit kerja: {unit_name}", s["center_bold"]),
            Spacer(1, 2),
            HRFlowable(width="100%", thickness=1.5, color=colors.black, spaceBefore=2, spaceAfter=8),
            _p(
                f"Petunjuk: buka {activate_url}, masukkan NIP dan kode aktivasi di bawah, lalu buat kata sandi "
                "sesuai ketentuan yang tampil di layar. Setiap kode "
                "hanya dapat dipakai satu kali oleh pegawai yang bersangkutan. Serahkan kode secara langsung dan "
                "jangan dibagikan kepada orang lain.",
                s["small"],
            ),
            Spacer(1, 8),
        ]
        # Plain strings, not Paragraphs, in the cells: ten times faster for a unit of thousands; only a name too
        # long for its column becomes a (wrapping) Paragraph.
        table_rows: list[list] = [["No", "Nama", "NIP", "Kode aktivasi", "Berlaku s.d."]]
        expiry_labels: dict = {}
        for number, row in enumerate(group, start=1):
            day = timezone.localtime(row.expires_at).date()
            if day not in expiry_labels:
                expiry_labels[day] = indonesian_date(day)
            name = row.employee.full_name
            table_rows.append([
                str(number),
                _p(name, s["text"]) if len(name) > _NAME_FITS else name,
                row.employee.nip,
                row.code,
                expiry_labels[day],
            ])
        table = Table(table_rows, colWidths=[1 * cm, 5.6 * cm, 3.9 * cm, 3.9 * cm, 2.6 * cm], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONT", (0, 0), (-1, -1), FONT, 10),
            ("FONT", (0, 0), (-1, 0), BOLD, 10),
            ("FONT", (3, 1), (3, -1), MONO, 11),
            ("FONT", (4, 1), (4, -1), FONT, 8.5),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ]))
        story += [table, Spacer(1, 10), _p(f"Dicetak {today} oleh BKPSDM melalui Pamong.", s["small"])]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.5 * cm, bottomMargin=1.5 * cm,
        title="Daftar kode aktivasi akun Pamong", author=agency_title(pemda), creator="Pamong",
    )
    document.build(story)
    return buffer.getvalue()
