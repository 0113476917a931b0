"""The employee's Daftar Riwayat Hidup (DRH) as a PDF, read through the selectors of people, development and discipline.

An official document: in Bahasa Indonesia, written here directly (never through gettext). The identity shows only
the fields people.privacy allows the reader; the discipline section (sanctions) only for HR of the agency. Every
value is escaped before it reaches reportlab's markup.
"""

import io
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pamong.core.indonesian import agency_title
from pamong.development.selectors.awards import awards_of
from pamong.discipline.selectors.effects import cases_of_employee, sanction_in_force
from pamong.people import privacy
from pamong.people.choices import EducationLevel, EmploymentStatus, Gender, MaritalStatus, Religion

TITLE = ParagraphStyle("drh-title", fontName="Helvetica-Bold", fontSize=13, leading=17, alignment=1, spaceAfter=2)
HEAD = ParagraphStyle("drh-head", fontName="Helvetica", fontSize=10, leading=13, alignment=1)
SECTION = ParagraphStyle("drh-section", fontName="Helvetica-Bold", fontSize=10.5, leading=14, spaceBefore=10,
                         spaceAfter=4)
CELL = ParagraphStyle("drh-cell", fontName="Helvetica", fontSize=8.5, leading=11)
BOLD = ParagraphStyle("drh-bold", fontName="Helvetica-Bold", fontSize=8.5, leading=11)


def _t(value) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else (value or "-")


IDENTITY = (  # (Employee field as privacy names it, label, value)
    ("nip", "NIP", lambda e: e.nip),
    ("full_name", "Nama", lambda e: e.full_name),
    ("birth_place", "Tempat lahir", lambda e: e.birth_place),
    ("birth_date", "Tanggal lahir", lambda e: e.birth_date),
    ("gender", "Jenis kelamin", lambda e: "Laki-laki" if e.gender == Gender.MALE else "Perempuan"),
    ("religion", "Agama", lambda e: _label(Religion, e.religion)),
    ("marital_status", "Status perkawinan", lambda e: _label(MaritalStatus, e.marital_status)),
    ("status", "Status kepegawaian", lambda e: _label(EmploymentStatus, e.status)),
    ("first_appointment_date", "TMT CPNS/PPPK", lambda e: e.first_appointment_date),
    ("pns_appointment_date", "TMT PNS", lambda e: e.pns_appointment_date),
    ("golongan", "Pangkat/golongan", lambda e: str(e.current_golongan) if e.current_golongan else ""),
    ("position", "Jabatan", lambda e: e.current_position.name if e.current_position else ""),
    ("unit", "Unit kerja", lambda e: e.current_unit.name if e.current_unit else ""),
    ("education", "Pendidikan terakhir", lambda e: _label(EducationLevel, e.current_education)),
    ("retirement_date", "Batas usia pensiun (TMT pensiun)", lambda e: e.retirement_date),
    ("email", "Surel", lambda e: e.email),
    ("phone", "Telepon", lambda e: e.phone),
    ("address", "Alamat", lambda e: e.address),
)


def identity_fields(actor, employee) -> list[str]:
    allowed = privacy.visible_fields(actor, employee)
    return [name for name, _label_, _value in IDENTITY if name in allowed]


def _grid(headers: list[str], rows: list[list], widths=None) -> Table:
    data = [[Paragraph(escape(item), BOLD) for item in headers]]
    data += [[Paragraph(escape(_t(value)), CELL) for value in row] for row in rows]
    if not rows:
        data.append([Paragraph("Tidak ada data.", CELL)] + [""] * (len(headers) - 1))
    grid = Table(data, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                              ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                              ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return grid


def drh_sections(actor, employee, *, with_discipline: bool) -> list[tuple[str, list[str], list[list]]]:
    """The DRH's sections as (title, headers, rows), read from the selectors (also what the tests read)."""
    sections = []
    rank = [[item.golongan.code, item.golongan.pangkat, item.effective_date, item.decree_number, item.decree_date]
            for item in employee.rank_history.select_related("golongan").order_by("effective_date", "pk")]
    sections.append(("II. Riwayat Pangkat", ["Gol.", "Pangkat", "TMT", "Nomor SK", "Tanggal SK"], rank))
    positions = [[item.position.name, item.org_unit.name, item.effective_date, item.decree_number]
                 for item in employee.position_history.select_related("position", "org_unit")
                 .order_by("effective_date", "pk")]
    sections.append(("III. Riwayat Jabatan", ["Jabatan", "Unit kerja", "TMT", "Nomor SK"], positions))
    education = [[_label(EducationLevel, item.level), item.institution, item.major, item.graduation_year]
                 for item in employee.education_history.order_by("graduation_year", "pk")]
    sections.append(("IV. Riwayat Pendidikan", ["Jenjang", "Institusi", "Jurusan", "Tahun lulus"], education))
    training = [[item.name, item.organiser, item.start_date, item.end_date, item.hours]
                for item in employee.training_history.order_by("start_date", "pk")]
    sections.append(("V. Riwayat Diklat/Pelatihan", ["Nama", "Penyelenggara", "Mulai", "Selesai", "JP"], training))
    awards = [[item.get_kind_display(), item.title, item.awarded_on, item.decree_number]
              for item in awards_of(employee)]
    sections.append(("VI. Tanda Jasa/Penghargaan", ["Penghargaan", "Judul", "Tanggal", "Nomor SK"], awards))
    if with_discipline:
        sanctions = []
        for case in cases_of_employee(employee):
            sanction = sanction_in_force(case)
            if sanction:
                sanctions.append([case.get_level_display() if case.level else "", _sanction_label(sanction),
                                  case.decision_number, case.effective_on, case.ends_on])
        sections.append(("VII. Hukuman Disiplin", ["Tingkat", "Hukuman", "Nomor keputusan", "Berlaku", "Sampai"],
                         sanctions))
    return sections


def _sanction_label(code: str) -> str:
    from pamong.discipline.choices import Sanction

    return _label(Sanction, code)


def drh_pdf(actor, employee, *, with_discipline: bool) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm, topMargin=1.5 * cm,
                                 bottomMargin=1.5 * cm, title=f"DRH {employee.nip}")
    story = [Paragraph(escape(agency_title(employee.pemda)), HEAD), Paragraph("DAFTAR RIWAYAT HIDUP", TITLE),
             Spacer(1, 6), Paragraph("I. Keterangan Perorangan", SECTION)]
    allowed = set(identity_fields(actor, employee))
    rows = [[Paragraph(escape(label), BOLD), Paragraph(escape(_t(value(employee))), CELL)]
            for name, label, value in IDENTITY if name in allowed]
    identity = Table(rows, colWidths=[5.5 * cm, 11.5 * cm])
    identity.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey)]))
    story.append(identity)
    for title, headers, section_rows in drh_sections(actor, employee, with_discipline=with_discipline):
        story += [Paragraph(escape(title), SECTION), _grid(headers, section_rows)]
    document.build(story)
    return buffer.getvalue()
