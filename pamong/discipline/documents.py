"""The case file as PDFs: the summons (surat panggilan I/II), the examination record (BAP) and the disciplinary
decision, each with its letter number (pamong.letters).

Official documents: always in Bahasa Indonesia, so their text is written here directly and never passed through
gettext; dynamic text is escaped before it reaches reportlab's markup. Built on download from the rows (which no
longer change once the step is taken); the view records each download (DisciplineAudit.DOCUMENT_DOWNLOADED).
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from pamong.core.indonesian import agency_title, indonesian_date, place_name
from pamong.letters.models import IssuedLetter, LetterKind
from pamong.letters.services import target_ref

from .choices import ExaminationMode
from .models import Case, Examination, Summons

HEAD = ParagraphStyle("head", fontName="Helvetica-Bold", fontSize=12, leading=16, alignment=1)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=13, leading=18, alignment=1, spaceBefore=12)
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=15, spaceAfter=4)
SMALL = ParagraphStyle("small", fontName="Helvetica", fontSize=9, leading=12)

KINDS = ("summons-1", "summons-2", "bap", "decision")
SANCTION_TEXT = {
    "teguran_lisan": "teguran lisan",
    "teguran_tertulis": "teguran tertulis",
    "tidak_puas": "pernyataan tidak puas secara tertulis",
    "tpp_cut_6": "pemotongan tunjangan kinerja sebesar 25% selama 6 (enam) bulan",
    "tpp_cut_9": "pemotongan tunjangan kinerja sebesar 25% selama 9 (sembilan) bulan",
    "tpp_cut_12": "pemotongan tunjangan kinerja sebesar 25% selama 12 (dua belas) bulan",
    "kgb_delay_1y": "penundaan kenaikan gaji berkala selama 1 (satu) tahun",
    "kp_delay_1y": "penundaan kenaikan pangkat selama 1 (satu) tahun",
    "rank_down_1y": "penurunan pangkat setingkat lebih rendah selama 1 (satu) tahun",
    "position_down_12": "penurunan jabatan setingkat lebih rendah selama 12 (dua belas) bulan",
    "release_pelaksana_12": "pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 (dua belas) bulan",
    "pdh": "pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
}


def _number(target, kind: str) -> str:
    target_type, target_id = target_ref(target)
    letter = IssuedLetter.objects.filter(target_type=target_type, target_id=target_id, kind=kind).first()
    return letter.number if letter else "-"


def _p(text: str, style=BODY) -> Paragraph:
    return Paragraph(text, style)


def _identity(case: Case) -> list:
    employee = case.employee
    return [
        _p(f"Nama: <b>{escape(employee.full_name)}</b>"),
        _p(f"NIP: {escape(employee.nip)}"),
        _p(f"Jabatan: {escape(case.position.name if case.position else '-')}"),
        _p(f"Unit kerja: {escape(case.org_unit.name if case.org_unit else '-')}"),
    ]


def _build(case: Case, title: str, number: str, body: list) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=title, author=escape(agency_title(case.pemda)))
    story = [_p(escape(agency_title(case.pemda).upper()), HEAD), _p(escape(title.upper()), TITLE),
             _p(f"Nomor: {escape(number)}", HEAD), Spacer(1, 0.6 * cm), *body]
    doc.build(story)
    return buffer.getvalue()


def summons_pdf(case: Case, summons: Summons) -> bytes:
    number = _number(summons, LetterKind.DISCIPLINE_SUMMONS)
    ordinal = "I" if summons.sequence == 1 else "II"
    body = [
        _p("Dengan ini diminta kehadiran Saudara:"), *_identity(case), Spacer(1, 0.3 * cm),
        _p(f"untuk menghadap pada hari/tanggal <b>{indonesian_date(summons.examination_on)}</b> "
           f"di <b>{escape(summons.place)}</b> guna diperiksa atas dugaan pelanggaran disiplin "
           f"sebagaimana diatur dalam Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin PNS."),
        _p(f"Uraian: {escape(case.description)}"),
        Spacer(1, 0.6 * cm),
        _p(f"{escape(place_name(case.pemda))}, {indonesian_date(summons.issued_on)}"),
    ]
    return _build(case, f"Surat Panggilan {ordinal}", number, body)


def bap_pdf(case: Case, exam: Examination) -> bytes:
    number = _number(exam, LetterKind.DISCIPLINE_BAP)
    mode = "secara virtual" if exam.mode == ExaminationMode.VIRTUAL else "secara langsung"
    examiners = ", ".join(e.full_name for e in case.examiners.all()) or "atasan langsung"
    body = [
        _p(f"Pada tanggal {indonesian_date(exam.held_on)} telah dilakukan pemeriksaan {mode} terhadap:"),
        *_identity(case),
        _p(f"Pemeriksa: {escape(examiners)}"),
        Spacer(1, 0.3 * cm),
        _p("<b>Tanya jawab</b>"),
        *[_p(escape(line)) for line in exam.questions_answers.splitlines() if line.strip()],
        _p("<b>Temuan</b>"),
        *[_p(escape(line)) for line in exam.findings.splitlines() if line.strip()],
        Spacer(1, 0.4 * cm),
        _p("Berita acara ini ditandatangani oleh yang diperiksa." if exam.examinee_signed else
           "Yang diperiksa menolak menandatangani berita acara ini; penolakan tersebut tidak menghalangi "
           "penjatuhan hukuman disiplin.", SMALL),
    ]
    return _build(case, "Berita Acara Pemeriksaan", number, body)


def decision_pdf(case: Case) -> bytes:
    sanction = SANCTION_TEXT.get(case.sanction, case.get_sanction_display())
    body = [
        _p("Menjatuhkan hukuman disiplin kepada:"), *_identity(case), Spacer(1, 0.3 * cm),
        _p(f"berupa <b>{escape(sanction)}</b>, karena: {escape(case.decision_reason)}"),
        _p("Keputusan ini mulai berlaku pada hari ke-15 (lima belas) sejak diterima oleh yang bersangkutan, "
           "kecuali diajukan upaya administratif."),
        Spacer(1, 0.6 * cm),
        _p(f"Ditetapkan di {escape(place_name(case.pemda))} pada tanggal "
           f"{indonesian_date(case.decided_on) if case.decided_on else '-'}"),
    ]
    return _build(case, "Keputusan Penjatuhan Hukuman Disiplin", case.decision_number or "-", body)


def available(case: Case) -> list[tuple[str, str]]:
    """The documents of *case* that exist: (kind, label). No query beyond the case's prefetched summonses."""
    out = [(f"summons-{s.sequence}", f"Surat Panggilan {'I' if s.sequence == 1 else 'II'}")
           for s in case.summonses.all()]
    if Examination.objects.filter(case=case).exists():
        out.append(("bap", "Berita Acara Pemeriksaan"))
    if case.decided_on:
        out.append(("decision", "Keputusan Hukuman Disiplin"))
    return out


def render(case: Case, kind: str) -> bytes | None:
    """The PDF of *kind* for *case*, or None when that document does not exist (yet)."""
    if kind.startswith("summons-"):
        summons = case.summonses.filter(sequence=int(kind[-1])).first() if kind[-1] in "12" else None
        return summons_pdf(case, summons) if summons else None
    if kind == "bap":
        exam = Examination.objects.filter(case=case).first()
        return bap_pdf(case, exam) if exam else None
    if kind == "decision" and case.decided_on:
        return decision_pdf(case)
    return None
