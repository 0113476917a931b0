"""The mutation decree (SK mutasi) as a PDF, with its letter number (pamong.letters).

An official document: always in Bahasa Indonesia, so its text is written here directly and never passed through
gettext; dynamic text is escaped before it reaches reportlab's markup. Built on download from the decided proposal
(which no longer changes).
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from pamong.core.indonesian import agency_title, indonesian_date, place_name

from .mutation_models import MutationKind, MutationProposal

HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=12, leading=16, alignment=1)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=13, leading=18, alignment=1, spaceBefore=12)
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=15, spaceAfter=4)

# Who decides each kind (SE Kepala BKN 3/SE/VIII/2019; rules.md §8): the agency's letter is the PPK's decision
# within the agency, and the PPK's consent to the deciding authority otherwise.
AUTHORITY = {
    MutationKind.INTRA: "Pejabat Pembina Kepegawaian",
    MutationKind.INTER_REGIONAL: "Gubernur, setelah pertimbangan teknis Kepala Kantor Regional BKN",
    MutationKind.INTER_PROVINCE: "Menteri Dalam Negeri, setelah pertimbangan teknis Kepala BKN",
    MutationKind.CENTRAL: "Kepala Badan Kepegawaian Negara",
}


def _p(text: str, style=BODY) -> Paragraph:
    return Paragraph(text, style)


def decree_pdf(proposal: MutationProposal) -> bytes:
    employee = proposal.employee
    intra = proposal.kind == MutationKind.INTRA
    title = "Keputusan tentang Mutasi Pegawai Negeri Sipil" if intra else "Persetujuan Mutasi Pegawai Negeri Sipil"
    origin = proposal.origin_position.name if proposal.origin_position else "-"
    origin_unit = proposal.origin_unit.name if proposal.origin_unit else "-"
    body = [
        _p("Menimbang usul mutasi dan hasil pemeriksaan persyaratan menurut Peraturan Badan Kepegawaian Negara "
           "Nomor 5 Tahun 2019 tentang Tata Cara Pelaksanaan Mutasi, " +
           ("memutuskan memindahkan:" if intra else "memberikan persetujuan pindah kepada:")),
        _p(f"Nama: <b>{escape(employee.full_name)}</b>"),
        _p(f"NIP: {escape(employee.nip)}"),
        _p(f"Dari jabatan: {escape(origin)} pada {escape(origin_unit)}"),
        _p(f"Ke: <b>{escape(proposal.destination_text)}</b>"),
        _p(f"Terhitung mulai tanggal {indonesian_date(proposal.effective_date)}."),
    ]
    if not intra:
        body.append(_p(f"Keputusan mutasi ditetapkan oleh {escape(AUTHORITY[proposal.kind])}; "
                       "biaya mutasi dibebankan kepada instansi penerima (Pasal 11)."))
    body += [
        Spacer(1, 0.6 * cm),
        _p(f"Ditetapkan di {escape(place_name(proposal.pemda))} pada tanggal "
           f"{indonesian_date(proposal.decree_date) if proposal.decree_date else '-'}"),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=title, author=escape(agency_title(proposal.pemda)))
    doc.build([_p(escape(agency_title(proposal.pemda).upper()), HEAD), _p(escape(title.upper()), TITLE),
               _p(f"Nomor: {escape(proposal.decree_number or '-')}", HEAD), Spacer(1, 0.6 * cm), *body])
    return buffer.getvalue()
