"""The official performance documents as PDF: the SKP, the periodic evaluation and the annual evaluation document.

They follow the layouts of the PermenPANRB 6/2022 annex (Sasaran Kinerja
Pegawai; Evaluasi Kinerja Pegawai periodik; Dokumen Evaluasi Kinerja Pegawai
tahunan). They are official documents and are always in Bahasa Indonesia, so
their text is written here directly and never passed through gettext. Dynamic
text is escaped before it reaches reportlab's markup.

The builders only read (a bounded number of queries, whatever the number of
results); the views record each download with
``performance_document_record_download()``.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pamong.audit.services import audit_record
from pamong.core.indonesian import BLANK, MONTHS, agency_title, indonesian_date, place_name
from pamong.letters.models import IssuedLetter, LetterKind
from pamong.letters.qr import qr_drawing
from pamong.letters.services import letter_issue
from pamong.people.models import Employee, OrgUnit
from pamong.people.selectors import supervisor_of

from . import rules
from .choices import Aspect, CoreValue, OrganisationRating, PlanStatus, Predikat, Rating, ResultKind
from .models import Evaluation, Feedback, Realisation, Skp, SkpIndicator, SkpResult
from .selectors import angka_kredit_for, current_skp, organisation_rating

DOCUMENT_DOWNLOADED = "performance.document_downloaded"
DOCUMENT_KINDS = {"skp": "sasaran kinerja pegawai", "evaluation": "evaluasi kinerja pegawai",
                  "annual": "dokumen evaluasi kinerja pegawai tahunan"}

# --- Indonesian wording ----------------------------------------------------------------------------
ROMAN = ("I", "II", "III", "IV")
RATING_NAMES = {Rating.ABOVE: "DI ATAS EKSPEKTASI", Rating.MEETS: "SESUAI EKSPEKTASI",
                Rating.BELOW: "DI BAWAH EKSPEKTASI"}
PREDIKAT_NAMES = {Predikat.SANGAT_BAIK: "SANGAT BAIK", Predikat.BAIK: "BAIK",
                  Predikat.BUTUH_PERBAIKAN: "BUTUH PERBAIKAN", Predikat.KURANG: "KURANG/MISCONDUCT",
                  Predikat.SANGAT_KURANG: "SANGAT KURANG"}
ORGANISATION_NAMES = {OrganisationRating.ISTIMEWA: "ISTIMEWA", OrganisationRating.BAIK: "BAIK",
                      OrganisationRating.BUTUH_PERBAIKAN: "BUTUH PERBAIKAN", OrganisationRating.KURANG: "KURANG",
                      OrganisationRating.SANGAT_KURANG: "SANGAT KURANG"}
ASPECT_NAMES = {Aspect.QUANTITY: "Kuantitas", Aspect.QUALITY: "Kualitas", Aspect.TIME: "Waktu", Aspect.COST: "Biaya"}
VALUE_NAMES = {CoreValue.SERVICE: "Berorientasi Pelayanan", CoreValue.ACCOUNTABLE: "Akuntabel",
               CoreValue.COMPETENT: "Kompeten", CoreValue.HARMONIOUS: "Harmonis", CoreValue.LOYAL: "Loyal",
               CoreValue.ADAPTIVE: "Adaptif", CoreValue.COLLABORATIVE: "Kolaboratif"}
PLAN_STATUS_NAMES = {PlanStatus.DRAFT: "Draf — belum diajukan kepada pejabat penilai kinerja",
                     PlanStatus.SUBMITTED: "Diajukan — menunggu persetujuan pejabat penilai kinerja",
                     PlanStatus.CHANGES_REQUESTED: "Dikembalikan untuk diperbaiki",
                     PlanStatus.SUPERSEDED: "Digantikan oleh versi yang lebih baru"}


def number_text(value: Decimal | None) -> str:
    """A figure as written in Indonesian: "12", "85,5", "1.250" (no trailing zeros)."""
    if value is None:
        return "-"
    value = Decimal(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def period_name(code: str) -> str:
    """"Januari 2026", "Triwulan I 2026", "Semester II 2026", "Tahun 2026"."""
    if len(code) == 4:
        return f"Tahun {code}"
    year, part = code[:4], code[5:]
    if part.startswith("Q"):
        return f"Triwulan {ROMAN[int(part[1:]) - 1]} {year}"
    if part.startswith("S"):
        return f"Semester {ROMAN[int(part[1:]) - 1]} {year}"
    return f"{MONTHS[int(part) - 1]} {year}"


def period_kind_name(code: str) -> str:
    if len(code) == 4:
        return "TAHUNAN"
    part = code[5:6]
    return {"Q": "TRIWULANAN", "S": "SEMESTERAN"}.get(part, "BULANAN")


def period_range(code: str) -> str:
    first, last = rules.period_bounds(code)
    return f"{indonesian_date(first)} s/d {indonesian_date(last)}"


def _local_date(moment: datetime | None, pemda) -> date | None:
    if moment is None:
        return None
    try:
        zone = ZoneInfo(pemda.timezone or "Asia/Makassar")
    except (KeyError, ValueError):
        zone = ZoneInfo("Asia/Makassar")
    return timezone.localtime(moment, zone).date()


def _golongan_text(employee: Employee | None) -> str:
    golongan = employee.current_golongan if employee is not None else None
    if golongan is None:
        return "-"
    return f"{golongan.pangkat} ({golongan.code})" if golongan.pangkat else golongan.code


def _nip_label(employee: Employee | None) -> str:
    return "NI PPPK" if employee is not None and employee.status in ("pppk", "pppk_part_time") else "NIP"


# --- What the documents show ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Person:
    """One identity block: the employee rated, the appraiser, or the appraiser's supervisor."""

    name: str
    nip: str
    nip_label: str
    golongan: str
    position: str
    unit: str


def person(employee: Employee | None, *, position=None, unit: OrgUnit | None = None) -> Person:
    if employee is None:
        return Person(name="-", nip="-", nip_label="NIP", golongan="-", position="-", unit="-")
    position = position or employee.current_position
    unit = unit or employee.current_unit
    return Person(name=employee.full_name, nip=employee.nip, nip_label=_nip_label(employee),
                  golongan=_golongan_text(employee), position=position.name if position else "-",
                  unit=unit.name if unit else "-")


@dataclass(slots=True)
class IndicatorLine:
    indicator: SkpIndicator
    realisation: Realisation | None = None
    evidence: int = 0


@dataclass(slots=True)
class ResultBlock:
    result: SkpResult
    supported: str
    lines: list[IndicatorLine]
    feedback: list[str]
    period: str = ""


def _employee_related() -> tuple[str, ...]:
    return ("current_position", "current_unit", "current_golongan")


def _results(skp: Skp, period: str | None = None) -> list[ResultBlock]:
    """The results of *skp* with their indicators; with *period*: the realisation and feedback of that period.

    Four queries whatever the number of results. The realisation shown is the
    one reported for *period* itself, else the latest reported inside it.
    """
    results = list(skp.results.select_related("parent", "organisation_target").order_by("kind", "order", "pk"))
    indicators = list(SkpIndicator.objects.filter(result__skp=skp).order_by("result_id", "pk"))
    realised: dict[int, Realisation] = {}
    evidence: dict[int, int] = {}
    feedback: dict[int | None, list[str]] = {}
    if period is not None and indicators:
        first, last = rules.period_bounds(period)
        candidates = [r for r in Realisation.objects.filter(indicator__in=indicators, period__startswith=period[:4])
                      .prefetch_related("evidence").order_by("period")
                      if r.period == period or (rules.period_bounds(r.period)[0] >= first
                                                and rules.period_bounds(r.period)[1] <= last)]
        for realisation in candidates:
            current = realised.get(realisation.indicator_id)
            if current is None or current.period != period:
                realised[realisation.indicator_id] = realisation
        for realisation in realised.values():
            evidence[realisation.pk] = len(realisation.evidence.all())
        for item in Feedback.objects.filter(skp=skp, period=period, value="").order_by("created_at", "pk"):
            feedback.setdefault(item.result_id, []).append(item.text)
    by_result: dict[int, list[IndicatorLine]] = {}
    for indicator in indicators:
        realisation = realised.get(indicator.pk)
        by_result.setdefault(indicator.result_id, []).append(
            IndicatorLine(indicator, realisation, evidence.get(realisation.pk, 0) if realisation else 0))
    blocks = []
    for result in results:
        if result.parent_id:
            supported = result.parent.text
        elif result.organisation_target_id:
            supported = result.organisation_target.text
        else:
            supported = result.perspective or "-"
        blocks.append(ResultBlock(result, supported, by_result.get(result.pk, []), feedback.get(result.pk, []),
                                  period or ""))
    return blocks


def _behaviours(skp: Skp, period: str | None = None) -> list[tuple[str, str, str]]:
    """(value, ekspektasi khusus pimpinan, feedback of *period*) for the seven values, in BerAKHLAK order."""
    expectations = {b.value: b.expectation for b in skp.behaviours.all()}
    feedback: dict[str, list[str]] = {}
    if period is not None:
        for item in Feedback.objects.filter(skp=skp, period=period).exclude(value="").order_by("created_at", "pk"):
            feedback.setdefault(item.value, []).append(item.text)
    return [(value, expectations.get(value, ""), "\n".join(feedback.get(value, []))) for value in CoreValue.values]


# --- PDF plumbing ------------------------------------------------------------------------------------

FONT, BOLD = "Helvetica", "Helvetica-Bold"
WIDTH = A4[0] - 3 * cm
GREY = colors.HexColor("#e8e8e8")


def _styles(size: float = 8) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=size, leading=size * 1.25)
    return {
        "text": base,
        "small": ParagraphStyle("small", parent=base, fontSize=size - 1, leading=(size - 1) * 1.25),
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, fontName=BOLD, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=size + 4, leading=(size + 4) * 1.3,
                                alignment=TA_CENTER),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: escaped, newlines kept."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def _render(story: list, *, title: str, author: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm,
                                 topMargin=1.2 * cm, bottomMargin=1.2 * cm, title=title, author=author,
                                 subject=title, creator="Pamong")
    document.build(story)
    return buffer.getvalue()


GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]


def _grid(rows: list[list], widths: list[float], extra: list | None = None, header_rows: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    style = list(GRID)
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY))
    table.setStyle(TableStyle(style + (extra or [])))
    return table


def _header(pemda, title: str, period_label: str, period_text: str, s, subtitle: str = "") -> list:
    story = [_p(title, s["title"])]
    if subtitle:
        story.append(_p(subtitle, s["center_bold"]))
    story.append(Spacer(1, 6))
    table = Table([[_p(agency_title(pemda), s["bold"]), _p(f"{period_label}: {period_text}", s["bold"])]],
                  colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [*story, table, Spacer(1, 4)]


def _identity(blocks: list[tuple[str, Person]], s) -> Table:
    """Identity blocks side by side (two per row of the official form), numbered 1–5."""
    labels = ("NAMA", None, "PANGKAT/GOL. RUANG", "JABATAN", "UNIT KERJA")

    def rows_of(p: Person) -> list[tuple[str, str]]:
        values = (p.name, p.nip, p.golongan, p.position, p.unit)
        return [(label or p.nip_label, value) for label, value in zip(labels, values, strict=True)]

    story_tables = []
    w = WIDTH / 2
    for offset in range(0, len(blocks), 2):
        pair = blocks[offset:offset + 2]
        header, spans = [], []
        for index, (title, _person) in enumerate(pair):
            header += [_p("NO", s["center_bold"]), _p(title, s["bold"]), ""]
            spans.append(("SPAN", (index * 3 + 1, 0), (index * 3 + 2, 0)))
        rows = [header]
        columns = [rows_of(p) for _title, p in pair]
        for line in range(5):
            row = []
            for column in columns:
                label, value = column[line]
                row += [_p(str(line + 1), s["center"]), _p(label, s["text"]), _p(value, s["text"])]
            rows.append(row)
        # A block alone on its row (the appraiser's supervisor) takes the full width.
        widths = [w * 0.1, w * 0.32, w * 0.58] * 2 if len(pair) == 2 else [w * 0.1, w * 0.32, w * 1.58]
        story_tables.append(_grid(rows, widths, spans))
    if len(story_tables) == 1:
        return story_tables[0]
    outer = Table([[t] for t in story_tables], colWidths=[WIDTH])
    outer.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return outer


def _target_text(indicator: SkpIndicator) -> str:
    return f"{number_text(indicator.target_value)} {indicator.unit}".strip()


def _results_table(blocks: list[ResultBlock], s, *, with_realisation: bool) -> Table:
    if with_realisation:
        headers = ["NO", "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "RENCANA HASIL KERJA", "ASPEK",
                   "INDIKATOR KINERJA INDIVIDU", "TARGET", "REALISASI BERDASARKAN BUKTI DUKUNG",
                   "UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG"]
        shares = [0.045, 0.14, 0.14, 0.09, 0.165, 0.09, 0.15, 0.18]
        # Eight columns on a portrait page: one size smaller.
        s = {**s, "text": s["small"], "center": ParagraphStyle("small_center", parent=s["small"], alignment=TA_CENTER),
             "center_bold": ParagraphStyle("small_center_bold", parent=s["small"], fontName=BOLD,
                                           alignment=TA_CENTER),
             "bold": ParagraphStyle("small_bold", parent=s["small"], fontName=BOLD)}
    else:
        headers = ["NO", "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI", "RENCANA HASIL KERJA", "ASPEK",
                   "INDIKATOR KINERJA INDIVIDU", "TARGET"]
        shares = [0.05, 0.24, 0.24, 0.09, 0.26, 0.12]
    columns = len(headers)
    rows = [[_p(h, s["center_bold"]) for h in headers]]
    extra: list = []
    for kind, label in ((ResultKind.MAIN, "A. UTAMA"), (ResultKind.ADDITIONAL, "B. TAMBAHAN")):
        rows.append([_p(label, s["bold"])] + [""] * (columns - 1))
        extra += [("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)), ("BACKGROUND", (0, len(rows) - 1),
                                                                      (-1, len(rows) - 1), colors.HexColor("#f4f4f4"))]
        mine = [b for b in blocks if b.result.kind == kind]
        if not mine:
            rows.append([_p("-", s["center"])] + [""] * (columns - 1))
            extra.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
            continue
        for number, block in enumerate(mine, start=1):
            lines = block.lines or [None]
            first = len(rows)
            for index, line in enumerate(lines):
                head = [_p(str(number), s["center"]), _p(block.supported, s["text"]), _p(block.result.text, s["text"])] \
                    if index == 0 else ["", "", ""]
                if line is None:
                    cells = [_p("-", s["text"]), _p("-", s["text"]), _p("-", s["text"])]
                else:
                    indicator = line.indicator
                    cells = [_p(ASPECT_NAMES.get(indicator.aspect, indicator.aspect), s["text"]),
                             _p(indicator.name, s["text"]), _p(_target_text(indicator), s["text"])]
                if with_realisation:
                    realised = "-"
                    if line is not None and line.realisation is not None:
                        realised = f"{number_text(line.realisation.value)} {line.indicator.unit}".strip()
                        if line.realisation.period != block.period:
                            realised += f" ({line.realisation.period})"
                        if line.evidence:
                            realised += f"\n{line.evidence} bukti dukung"
                        if line.realisation.note:
                            realised += f"\n{line.realisation.note}"
                    cells.append(_p(realised, s["text"]))
                    cells.append(_p("\n".join(block.feedback) or "-", s["text"]) if index == 0 else "")
                rows.append(head + cells)
            last = len(rows) - 1
            if last > first:
                extra += [("SPAN", (c, first), (c, last)) for c in (0, 1, 2)]
                if with_realisation:
                    extra.append(("SPAN", (columns - 1, first), (columns - 1, last)))
    return _grid(rows, [WIDTH * share for share in shares], extra)


def _behaviour_table(behaviours: list[tuple[str, str, str]], s, *, with_feedback: bool) -> Table:
    headers = ["NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN"]
    shares = [0.05, 0.55, 0.40]
    if with_feedback:
        headers.append("UMPAN BALIK BERKELANJUTAN")
        shares = [0.05, 0.43, 0.26, 0.26]
    rows = [[_p(h, s["center_bold"]) for h in headers]]
    for number, (value, expectation, feedback) in enumerate(behaviours, start=1):
        guides = rules.CORE_VALUE_GUIDES.get(value, ())
        markup = f"<b>{escape(VALUE_NAMES.get(value, value))}</b>" + "".join(
            f"<br/>- {escape(line)}" for line in guides)
        row = [_p(str(number), s["center"]), Paragraph(markup, s["text"]), _p(expectation or "-", s["text"])]
        if with_feedback:
            row.append(_p(feedback or "-", s["text"]))
        rows.append(row)
    return _grid(rows, [WIDTH * share for share in shares])


def _labelled(rows: list[tuple[str, str]], s) -> Table:
    table = Table([[_p(label, s["bold"]), _p(value, s["text"])] for label, value in rows],
                  colWidths=[WIDTH * 0.35, WIDTH * 0.65])
    table.setStyle(TableStyle(list(GRID)))
    return table


def _signature(title: str, who: Person | None, s, *, dated: str = "") -> list:
    lines = []
    lines.append(_p(dated, s["center"]) if dated else Paragraph("&nbsp;", s["center"]))
    lines.append(_p(title, s["center"]))
    lines.append(Spacer(1, 34))
    if who is not None:
        lines.append(Paragraph(f"<u>{escape(who.name)}</u>", s["center_bold"]))
        lines.append(_p(f"{who.nip_label}. {who.nip}", s["center"]))
    else:
        lines.append(_p(BLANK, s["center"]))
    return lines


def _signatures(left: tuple[str, Person | None], right: tuple[str, Person | None], s, *, place_date: str) -> Table:
    table = Table([[_signature(left[0], left[1], s), _signature(right[0], right[1], s, dated=place_date)]],
                  colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


# --- The SKP ----------------------------------------------------------------------------------------


def _skp_queryset():
    return Skp.objects.select_related(
        "pemda", "employee", "employee__current_golongan", "employee__current_position", "employee__current_unit",
        "position", "org_unit", "appraiser", "appraiser__current_golongan", "appraiser__current_position",
        "appraiser__current_unit")


def _number_line(letter: IssuedLetter | None, s) -> list:
    return [_p(f"Nomor: {letter.number}", s["center_bold"]), Spacer(1, 3)] if letter else []


def _verification_block(letter: IssuedLetter | None, verify_url: str, s) -> list:
    """The QR code of the public verification page (number, date, subject, issuer; no personal data)."""
    if letter is None or not verify_url:
        return []
    table = Table([[qr_drawing(verify_url, size=2.2 * cm),
                    _p(f"Nomor {letter.number}. Pindai untuk memeriksa keaslian dokumen ini.", s["small"])]],
                  colWidths=[2.6 * cm, WIDTH - 2.6 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 6), KeepTogether(table)]


def _issuer(pemda, official: Employee | None) -> str:
    position = official.current_position if official is not None else None
    return ", ".join(part for part in (position.name if position else "", pemda.name) if part)


@transaction.atomic
def performance_letter_issue(*, actor, target: Skp | Evaluation) -> IssuedLetter | None:
    """The numbered letter of an agreed SKP or of a rating: numbered on the first download, the same one after.

    A plan not agreed yet is a draft and gets no number (None). The caller
    fetched *target* through *actor*'s scope.
    """
    if isinstance(target, Skp):
        if target.status not in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED):
            return None
        return letter_issue(actor=actor, pemda=target.pemda, kind=LetterKind.SKP, target=target,
                            subject=f"Sasaran Kinerja Pegawai Tahun {target.year} (versi {target.version})",
                            issuer_label=_issuer(target.pemda, target.appraiser),
                            on=_local_date(target.approved_at, target.pemda))
    return letter_issue(actor=actor, pemda=target.pemda, kind=LetterKind.EVALUATION, target=target,
                        subject=f"Evaluasi Kinerja Pegawai {period_name(target.period)}",
                        issuer_label=_issuer(target.pemda, target.evaluator), on=target.rated_on)


def skp_pdf(skp: Skp, *, letter: IssuedLetter | None = None, verify_url: str = "") -> bytes:
    """The Sasaran Kinerja Pegawai of *skp* (one version) as an A4 PDF.

    The period, the employee and the appraiser (nama, NIP, pangkat/gol,
    jabatan, unit kerja), the work results with the supervisor's result each
    supports (RHK atasan yang diintervensi), aspect, IKI and target, the
    seven BerAKHLAK values with their guide statements and the ekspektasi
    khusus pimpinan, and the signatures. A version not agreed yet says so.
    Reads only.
    """
    skp = _skp_queryset().get(pk=skp.pk)
    s = _styles()
    pemda = skp.pemda
    employee = person(skp.employee, position=skp.position, unit=skp.org_unit)
    appraiser = person(skp.appraiser) if skp.appraiser_id else None
    story = _header(pemda, "SASARAN KINERJA PEGAWAI", "PERIODE PENILAIAN", period_range(str(skp.year)), s,
                    subtitle="PENDEKATAN HASIL KERJA KUANTITATIF")
    story.extend(_number_line(letter, s))
    story.append(_p(f"Versi {skp.version}" + (f" — perubahan: {skp.revision_reason}" if skp.revision_reason else ""),
                    s["small"]))
    if skp.status != PlanStatus.APPROVED:
        story.append(_p(f"Status: {PLAN_STATUS_NAMES.get(skp.status, skp.status)}", s["bold"]))
    story.append(Spacer(1, 3))
    story.append(_identity([("PEGAWAI YANG DINILAI", employee),
                            ("PEJABAT PENILAI KINERJA", appraiser or person(None))], s))
    story.append(Spacer(1, 6))
    story.append(_p("HASIL KERJA", s["bold"]))
    story.append(_results_table(_results(skp), s, with_realisation=False))
    story.append(Spacer(1, 6))
    story.append(_p("PERILAKU KERJA", s["bold"]))
    story.append(_behaviour_table(_behaviours(skp), s, with_feedback=False))
    story.append(Spacer(1, 10))
    agreed = _local_date(skp.approved_at, pemda) if skp.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED) else None
    story.append(KeepTogether(_signatures(
        ("Pegawai yang Dinilai", employee), ("Pejabat Penilai Kinerja", appraiser), s,
        place_date=f"{place_name(pemda)}, {indonesian_date(agreed)}")))
    story.extend(_verification_block(letter, verify_url, s))
    return _render(story, title=f"Sasaran Kinerja Pegawai {skp.year} — {skp.employee.nip}", author=pemda.name)


# --- The periodic evaluation -------------------------------------------------------------------------


def _evaluation_queryset():
    return Evaluation.objects.select_related(
        "pemda", "org_unit", "employee", "employee__current_golongan", "employee__current_position",
        "employee__current_unit", "evaluator", "evaluator__current_golongan", "evaluator__current_position",
        "evaluator__current_unit", "skp", "skp__position", "skp__org_unit")


def _organisation_lines(unit: OrgUnit | None, period: str) -> list[tuple[str, str]]:
    record = organisation_rating(unit, period) if unit is not None else None
    if record is None:
        return [("CAPAIAN KINERJA ORGANISASI", "-"), ("POLA DISTRIBUSI", "-")]
    pattern = "\n".join(bound.text for bound in rules.DISTRIBUTION[OrganisationRating(record.rating)])
    own = "" if record.org_unit_id == unit.pk else f" (mengikuti {record.org_unit.name})"
    return [("CAPAIAN KINERJA ORGANISASI", f"{ORGANISATION_NAMES.get(record.rating, record.rating)}{own}"),
            ("POLA DISTRIBUSI", pattern)]


def evaluation_pdf(evaluation: Evaluation, *, letter: IssuedLetter | None = None, verify_url: str = "") -> bytes:
    """The Evaluasi Kinerja Pegawai of one periodic (or annual) rating as an A4 PDF.

    The period, the employee and the appraiser, the unit's capaian kinerja
    organisasi and its distribution pattern when set, the results with their
    realisation (and evidence count) and the feedback of the period, the
    behaviour values with the expectations and feedback, the two ratings and
    the predikat (as derived and calibrated), and the appraiser's signature.
    Reads only.
    """
    evaluation = _evaluation_queryset().get(pk=evaluation.pk)
    s = _styles()
    pemda, skp, period = evaluation.pemda, evaluation.skp, evaluation.period
    employee = person(evaluation.employee, position=skp.position, unit=evaluation.org_unit or skp.org_unit)
    evaluator = person(evaluation.evaluator)
    story = _header(pemda, "EVALUASI KINERJA PEGAWAI", "PERIODE PENILAIAN", period_range(period), s,
                    subtitle=f"PERIODE: {period_kind_name(period)} — {period_name(period).upper()}")
    story.extend(_number_line(letter, s))
    story.append(_identity([("PEGAWAI YANG DINILAI", employee), ("PEJABAT PENILAI KINERJA", evaluator)], s))
    story.append(Spacer(1, 4))
    story.append(_labelled(_organisation_lines(evaluation.org_unit, period), s))
    story.append(Spacer(1, 6))
    story.append(_p("HASIL KERJA", s["bold"]))
    story.append(_results_table(_results(skp, period), s, with_realisation=True))
    work = RATING_NAMES.get(evaluation.work_result, evaluation.work_result)
    if evaluation.work_result_from_organisation:
        work += " (mengikuti capaian kinerja organisasi, SE MenPANRB 3/2023)"
    story.append(_labelled([("RATING HASIL KERJA", work)], s))
    story.append(Spacer(1, 6))
    story.append(_p("PERILAKU KERJA", s["bold"]))
    story.append(_behaviour_table(_behaviours(skp, period), s, with_feedback=True))
    story.append(_labelled([("RATING PERILAKU KERJA", RATING_NAMES.get(evaluation.behaviour, evaluation.behaviour))],
                           s))
    story.append(Spacer(1, 4))
    rows = [("PREDIKAT KINERJA PEGAWAI", PREDIKAT_NAMES.get(evaluation.predikat, evaluation.predikat))]
    calibration = evaluation.calibrations.order_by("-created_at").first()
    if calibration is not None:
        rows.append(("KALIBRASI", f"{PREDIKAT_NAMES.get(calibration.old_predikat, '')} → "
                                  f"{PREDIKAT_NAMES.get(calibration.new_predikat, '')}: {calibration.reason}"))
    if evaluation.note:
        rows.append(("CATATAN", evaluation.note))
    story.append(_labelled(rows, s))
    story.append(Spacer(1, 10))
    story.append(KeepTogether(_signatures(
        ("Pegawai yang Dinilai", employee), ("Pejabat Penilai Kinerja", evaluator), s,
        place_date=f"{place_name(pemda)}, {indonesian_date(evaluation.rated_on)}")))
    story.extend(_verification_block(letter, verify_url, s))
    return _render(story, title=f"Evaluasi Kinerja Pegawai {period} — {evaluation.employee.nip}", author=pemda.name)


# --- The annual document -----------------------------------------------------------------------------


def annual_plan(employee: Employee, year: int) -> Skp | None:
    """The SKP an annual document is about: the current version of *year*, else the latest one."""
    return current_skp(employee, year) or Skp.objects.filter(employee=employee, year=year).order_by("-version").first()


def _follow_up(predikat: str | None) -> str:
    if predikat in rules.FOLLOW_UP_REWARD:
        return "Diusulkan untuk mendapat penghargaan dan dipertimbangkan dalam manajemen talenta."
    if predikat in rules.FOLLOW_UP_DEVELOPMENT:
        return "Perlu pembinaan dan pengembangan kompetensi pada periode berikutnya."
    return "-"


def _angka_kredit(employee: Employee, predikat: str | None) -> str:
    """Angka kredit of the year for a jabatan fungsional (PermenPANRB 1/2023), or "" when it does not apply."""
    if predikat is None or employee.current_position is None or not employee.current_position.grade:
        return ""
    try:
        value = angka_kredit_for(employee, [(predikat, 12)])
    except (ValueError, KeyError):
        return ""
    return number_text(value)


@transaction.atomic
def performance_annual_letter_issue(*, actor, employee: Employee, year: int) -> IssuedLetter | None:
    """The numbered letter of the annual evaluation document, once the annual rating exists (None before).

    Its document is the year's plan (annual_plan()) under the evaluation kind,
    so it never shares a number with the plan itself or with a rating's own
    document. The caller checked that *actor* may see the employee's plans.
    """
    skp = annual_plan(employee, year)
    annual = Evaluation.objects.filter(employee=employee, period=str(year)).select_related("evaluator").first()
    if skp is None or annual is None:
        return None
    return letter_issue(actor=actor, pemda=employee.pemda, kind=LetterKind.EVALUATION, target=skp,
                        subject=f"Dokumen Evaluasi Kinerja Pegawai Tahun {year}",
                        issuer_label=_issuer(employee.pemda, annual.evaluator), on=annual.rated_on)


def annual_pdf(employee: Employee, year: int, *, letter: IssuedLetter | None = None, verify_url: str = "") -> bytes:
    """The Dokumen Evaluasi Kinerja Pegawai (tahunan) of *employee* for *year* as an A4 PDF.

    The employee, the appraiser and the appraiser's supervisor; the unit's
    annual capaian kinerja organisasi; the annual predikat ("belum
    ditetapkan" until the annual rating exists); the periodic ratings of the
    year; the angka kredit for a jabatan fungsional; the follow-up note; and
    the signatures. Reads only; raises Skp.DoesNotExist without an SKP for
    *year*.
    """
    employee = Employee.objects.select_related("pemda", *_employee_related()).get(pk=employee.pk)
    skp = annual_plan(employee, year)
    if skp is None:
        raise Skp.DoesNotExist(f"no SKP for {year}")
    skp = _skp_queryset().get(pk=skp.pk)
    s = _styles(8.5)
    pemda = employee.pemda
    evaluations = list(Evaluation.objects.filter(employee=employee, period__startswith=str(year))
                       .select_related("evaluator", "evaluator__current_golongan", "evaluator__current_position",
                                       "evaluator__current_unit", "org_unit").order_by("period"))
    annual = next((e for e in evaluations if e.period == str(year)), None)
    periodic = [e for e in evaluations if e.period != str(year)]
    appraiser_employee = annual.evaluator if annual else skp.appraiser
    appraiser = person(appraiser_employee) if appraiser_employee else None
    boss = supervisor_of(appraiser_employee) if appraiser_employee else None
    rated = person(employee, position=skp.position, unit=skp.org_unit)
    story = _header(pemda, "DOKUMEN EVALUASI KINERJA PEGAWAI", "PERIODE PENILAIAN", period_range(str(year)), s,
                    subtitle="PERIODE: TAHUNAN")
    story.extend(_number_line(letter, s))
    story.append(_identity([("PEGAWAI YANG DINILAI", rated),
                            ("PEJABAT PENILAI KINERJA", appraiser or person(None)),
                            ("ATASAN PEJABAT PENILAI KINERJA", person(boss))], s))
    story.append(Spacer(1, 6))
    story.append(_p("EVALUASI KINERJA", s["bold"]))
    unit = (annual.org_unit if annual else None) or skp.org_unit or employee.current_unit
    rows = _organisation_lines(unit, str(year))[:1]
    if annual is not None:
        rows += [("RATING HASIL KERJA", RATING_NAMES.get(annual.work_result, annual.work_result)),
                 ("RATING PERILAKU KERJA", RATING_NAMES.get(annual.behaviour, annual.behaviour)),
                 ("PREDIKAT KINERJA PEGAWAI", PREDIKAT_NAMES.get(annual.predikat, annual.predikat))]
    else:
        rows.append(("PREDIKAT KINERJA PEGAWAI", "BELUM DITETAPKAN (evaluasi tahunan belum dilakukan)"))
    credit = _angka_kredit(employee, annual.predikat if annual else None)
    if credit:
        rows.append(("ANGKA KREDIT", f"{credit} (PermenPANRB 1/2023)"))
    story.append(_labelled(rows, s))
    story.append(Spacer(1, 6))
    story.append(_p("RIWAYAT EVALUASI KINERJA PERIODIK", s["bold"]))
    history = [[_p(h, s["center_bold"]) for h in ("NO", "PERIODE", "RATING HASIL KERJA", "RATING PERILAKU KERJA",
                                                   "PREDIKAT", "TANGGAL PENILAIAN")]]
    for number, item in enumerate(periodic, start=1):
        history.append([_p(str(number), s["center"]), _p(period_name(item.period), s["text"]),
                        _p(RATING_NAMES.get(item.work_result, item.work_result), s["text"]),
                        _p(RATING_NAMES.get(item.behaviour, item.behaviour), s["text"]),
                        _p(PREDIKAT_NAMES.get(item.predikat, item.predikat), s["text"]),
                        _p(indonesian_date(item.rated_on), s["text"])])
    if not periodic:
        history.append([_p("-", s["center"]), _p("Belum ada evaluasi periodik.", s["text"]), "", "", "", ""])
    shares = [0.05, 0.19, 0.2, 0.2, 0.18, 0.18]
    story.append(_grid(history, [WIDTH * share for share in shares],
                       [("SPAN", (1, 1), (-1, 1))] if not periodic else None))
    story.append(Spacer(1, 6))
    notes = _follow_up(annual.predikat if annual else None)
    if annual is not None and annual.note:
        notes = f"{annual.note}\n{notes}" if notes != "-" else annual.note
    story.append(_labelled([("CATATAN/REKOMENDASI", notes)], s))
    story.append(Spacer(1, 10))
    story.append(KeepTogether(_signatures(
        ("Pegawai yang Dinilai", rated), ("Pejabat Penilai Kinerja", appraiser), s,
        place_date=f"{place_name(pemda)}, {indonesian_date(annual.rated_on if annual else None)}")))
    story.extend(_verification_block(letter, verify_url, s))
    return _render(story, title=f"Dokumen Evaluasi Kinerja Pegawai {year} — {employee.nip}", author=pemda.name)


# --- Recording downloads ------------------------------------------------------------------------------


@transaction.atomic
def performance_document_record_download(*, actor, target, kind: str, changes: dict | None = None) -> None:
    """Record that *actor* downloaded a performance document (reads of personal data are logged, UU PDP Pasal 31).

    The caller fetched *target* (an Skp, an Evaluation, or an Employee for the
    annual document) through the actor's scope. Raises ValueError for an
    unknown *kind*.
    """
    if kind not in DOCUMENT_KINDS:
        raise ValueError(kind)
    audit_record(actor=actor, action=DOCUMENT_DOWNLOADED, target=target, pemda_id=target.pemda_id,
                 changes={"document": [None, kind], **(changes or {})})


def skp_filename(skp: Skp) -> str:
    return f"skp-{skp.employee.nip}-{skp.year}-v{skp.version}.pdf"


def evaluation_filename(evaluation: Evaluation) -> str:
    return f"evaluasi-kinerja-{evaluation.employee.nip}-{evaluation.period}.pdf"


def annual_filename(employee: Employee, year: int) -> str:
    return f"dokumen-evaluasi-kinerja-{employee.nip}-{year}.pdf"

