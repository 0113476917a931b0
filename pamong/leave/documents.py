"""The official leave documents as PDF: the application form and the leave letter (surat izin cuti).

Both follow Perban 24/2017 (PNS: Anak Lampiran I.b for the form, the
"Surat Izin Cuti" models of Lampiran I.c) and Perban 7/2022 Lampiran II for
PPPK (rules.md §2.3). They are official documents and are always in Bahasa
Indonesia, so their text is written here directly and never passed through
gettext (only the refusal message, shown in the UI, is). Dynamic text is escaped before it reaches reportlab's markup.

The builders only read; the views record each download with
``leave_document_record_download()``.
"""

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pamong.approvals.choices import Outcome, StepState
from pamong.approvals.models import ApprovalStep
from pamong.audit.services import audit_record
from pamong.core.indonesian import agency_title, indonesian_date, place_name
from pamong.letters.models import IssuedLetter, LetterKind
from pamong.letters.qr import qr_drawing
from pamong.letters.services import letter_issue
from pamong.people.models import OrgUnit

from . import errors
from .choices import Ground, LeaveStatus, LeaveType
from .errors import LeaveError
from .models import LeaveApplication, LeaveLedgerEntry
from .selectors import annual_balance, entitlement_key, ledger_pots

DOCUMENT_DOWNLOADED = "leave.document_downloaded"

# --- Indonesian text helpers -------------------------------------------------------------------
_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas")
_ZONES = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def spelled_number(n: int) -> str:
    """The number in Indonesian words ("tiga", "dua belas", "seratus lima"), as written after a figure."""
    if n < 0:
        return "minus " + spelled_number(-n)
    if n < 12:
        return _UNITS[n] if n else "nol"
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {_UNITS[rest]}" if rest else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
        return head + (f" {spelled_number(rest)}" if rest else "")
    thousands, rest = divmod(n, 1000)
    head = "seribu" if thousands == 1 else f"{spelled_number(thousands)} ribu"
    return head + (f" {spelled_number(rest)}" if rest else "")


def _counted(n: int, unit: str) -> str:
    return f"{n} ({spelled_number(n)}) {unit}"


def _month_end(start: date, months: int) -> date:
    """The last day of *months* whole months from *start*: the day before the same day of the month, or the
    month's last day when that day does not exist (31 January + 1 month ends on 28 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    try:
        return date(year, month, start.day) - timedelta(days=1)
    except ValueError:
        following = date(year + month // 12, month % 12 + 1, 1)
        return following - timedelta(days=1)


def months_and_days(start: date, end: date) -> tuple[int, int]:
    """The inclusive period [start, end] as whole months and the days left over (6 Jul–5 Oct = 3 months)."""
    months = 0
    while _month_end(start, months + 1) <= end:
        months += 1
    rest_from = _month_end(start, months) + timedelta(days=1) if months else start
    return months, (end - rest_from).days + 1


# Section II of the form, in its official order and wording.
TYPE_NAMES = {
    LeaveType.ANNUAL: "Cuti Tahunan",
    LeaveType.LONG_SERVICE: "Cuti Besar",
    LeaveType.SICK: "Cuti Sakit",
    LeaveType.MATERNITY: "Cuti Melahirkan",
    LeaveType.IMPORTANT_REASON: "Cuti Karena Alasan Penting",
    LeaveType.UNPAID: "Cuti di Luar Tanggungan Negara",
}
GROUND_NAMES = {
    Ground.FAMILY_ILL: "Keluarga inti sakit keras",
    Ground.FAMILY_DEATH: "Keluarga inti meninggal dunia",
    Ground.FAMILY_RIGHTS: "Mengurus hak-hak keluarga yang meninggal dunia",
    Ground.MARRIAGE: "Melangsungkan perkawinan",
    Ground.WIFE_BIRTH: "Istri melahirkan / operasi caesar",
    Ground.DISASTER: "Rumah mengalami kebakaran atau bencana alam",
    Ground.MISSION_RECOVERY: "Pemulihan setelah bertugas di perwakilan yang rawan",
    Ground.ILLNESS: "Sakit",
    Ground.MISCARRIAGE: "Gugur kandungan",
    Ground.WORK_ACCIDENT: "Kecelakaan kerja",
    Ground.RELIGIOUS: "Menjalankan kewajiban agama",
}
# Sections VII–VIII: the four answers (Perban 24/2017 Lampiran I.b).
OUTCOME_NAMES = (
    (Outcome.APPROVE, "DISETUJUI"),
    (Outcome.CHANGE, "PERUBAHAN****"),
    (Outcome.DEFER, "DITANGGUHKAN****"),
    (Outcome.REJECT, "TIDAK DISETUJUI****"),
)
TICK = "✓"
PPPK_STATUSES = frozenset({"pppk", "pppk_part_time"})


def _is_pppk(employee) -> bool:
    return employee.status in PPPK_STATUSES


def _employee_kind(employee) -> str:
    if _is_pppk(employee):
        return "Pegawai Pemerintah dengan Perjanjian Kerja"
    if employee.status == "cpns":
        return "Calon Pegawai Negeri Sipil"
    return "Pegawai Negeri Sipil"


def _nip_label(employee) -> str:
    return "NI PPPK" if _is_pppk(employee) else "NIP"


def _zone(pemda) -> ZoneInfo:
    try:
        return ZoneInfo(pemda.timezone or "Asia/Makassar")
    except (KeyError, ValueError):
        return ZoneInfo("Asia/Makassar")


def _local_date(moment: datetime | None, pemda) -> date | None:
    return timezone.localtime(moment, _zone(pemda)).date() if moment else None


def _local_time(moment: datetime | None, pemda) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment, _zone(pemda))
    suffix = _ZONES.get(pemda.timezone, "")
    return f"{indonesian_date(local.date())} pukul {local:%H.%M}" + (f" {suffix}" if suffix else "")


def service_length(start: date | None, on: date) -> str:
    """Masa kerja from the first appointment (TMT CPNS/PPPK) to *on*: "21 tahun 3 bulan"."""
    if start is None or on < start:
        return "-"
    months = (on.year - start.year) * 12 + on.month - start.month - (on.day < start.day)
    years, months = divmod(months, 12)
    return f"{years} tahun {months} bulan"


def duration_text(application: LeaveApplication) -> str:
    """Form section IV and the letter: working days for cuti tahunan, months/days for the others."""
    if application.leave_type == LeaveType.ANNUAL:
        return _counted(application.working_days, "hari kerja")
    months, days = months_and_days(application.start_date, application.end_date)
    parts = []
    if months:
        parts.append(_counted(months, "bulan"))
    if days:
        parts.append(_counted(days, "hari"))
    return " ".join(parts) + f" ({application.working_days} hari kerja)"


# --- What the documents show ---------------------------------------------------------------


@dataclass(slots=True)
class StepView:
    """One approver's box (form VII or VIII, the letter's signature)."""

    outcome: str
    reason: str
    name: str
    nip: str
    position: str
    acting_prefix: str
    acted_at: str
    done: bool


def _steps(application: LeaveApplication) -> list[ApprovalStep]:
    if not application.process_id:
        return []
    return list(
        ApprovalStep.objects.filter(process_id=application.process_id)
        .select_related("approver", "approver__current_position", "approver_position", "acted_by",
                        "acting_as", "acting_as__position")
        .order_by("order")
    )


def _step_view(step: ApprovalStep | None, pemda) -> StepView | None:
    if step is None:
        return None
    done = step.state == StepState.DONE
    person = step.acted_by if done and step.acted_by_id else step.approver
    prefix = ""
    position = step.approver_position or step.approver.current_position
    if done and step.acting_as_id:
        prefix = f"{step.acting_as.get_kind_display()}."
        position = step.acting_as.position
    reason = step.reason if done else ""
    if done and step.outcome == Outcome.CHANGE and step.data.get("start_date"):
        try:
            start = date.fromisoformat(step.data["start_date"])
            end = date.fromisoformat(step.data.get("end_date") or step.data["start_date"])
        except (TypeError, ValueError):
            pass
        else:
            change = f"Diubah menjadi {indonesian_date(start)} s/d {indonesian_date(end)}"
            reason = f"{reason} ({change})" if reason else change
    return StepView(
        outcome=step.outcome if done else "", reason=reason, name=person.full_name, nip=person.nip,
        position=position.name if position else "", acting_prefix=prefix,
        acted_at=_local_time(step.acted_at, pemda) if done else "", done=done,
    )


def _consideration_and_decision(application) -> tuple[StepView | None, StepView | None]:
    """VII from the non-binding step (the atasan langsung), VIII from the last binding step (the PyBMC).

    When the supervisor is also the granting official the engine merges both
    into one binding step, which then fills both boxes.
    """
    steps = _steps(application)
    binding = [s for s in steps if s.is_binding]
    considering = next((s for s in steps if not s.is_binding), None)
    decision = binding[-1] if binding else None
    pemda = application.pemda
    return _step_view(considering or decision, pemda), _step_view(decision, pemda)


def submitted_on(application: LeaveApplication) -> date:
    return _local_date(application.created_at, application.pemda) or application.start_date


def annual_record(application: LeaveApplication) -> dict[int, int]:
    """Form section V: the remaining cuti tahunan of N-2, N-1 and N as it stood when the application was made.

    The ledger up to the submission date (1 January of N at the earliest),
    without this application's own lines (a same-day decision must not lower the balance the request was
    made against). When the year was not open yet at submission, its
    projected opening (selectors.annual_balance) is shown instead.
    """
    employee = application.employee
    year = application.start_date.year
    # Asked for next year's leave in December: the record is that of 1 January of N.
    as_of = max(submitted_on(application), date(year, 1, 1))
    own = LeaveLedgerEntry.objects.filter(application_id=application.pk)
    opened_then = LeaveLedgerEntry.objects.filter(
        dedupe_key=entitlement_key(employee.pk, year), entry_date__lte=as_of
    ).exists()
    if opened_then:
        pots = ledger_pots(employee.pk, up_to=as_of, window_from=year - 2)
        own = own.filter(entry_date__lte=as_of)
    else:
        pots = dict(annual_balance(employee, year).pots)
    for row in own.filter(pot_year__gte=year - 2).values("pot_year").annotate(total=Sum("days")):
        pots[row["pot_year"]] = pots.get(row["pot_year"], 0) - row["total"]
    return {y: max(0, pots.get(y, 0)) for y in (year - 2, year - 1, year)}


def other_leave_taken(application: LeaveApplication) -> dict[str, tuple[int, int]]:
    """Form section V: approved leave of the other types starting in year N (times, days), this one excluded."""
    year = application.start_date.year
    rows = (
        LeaveApplication.objects.filter(
            employee_id=application.employee_id, status=LeaveStatus.APPROVED,
            start_date__gte=date(year, 1, 1), start_date__lte=date(year, 12, 31),
        )
        .exclude(pk=application.pk).exclude(leave_type=LeaveType.ANNUAL)
        .values("leave_type").annotate(times=Count("pk"), days=Sum("calendar_days"))
    )
    return {row["leave_type"]: (row["times"], row["days"] or 0) for row in rows}


def opd_of(unit: OrgUnit | None) -> OrgUnit | None:
    """The top-level unit (OPD) of *unit*, from its materialised path."""
    if unit is None:
        return None
    root_id = int(unit.path.strip("/").split("/")[0])
    if root_id == unit.pk:
        return unit
    return OrgUnit.objects.filter(pk=root_id).first() or unit


def _golongan_text(employee) -> str:
    golongan = employee.current_golongan
    if golongan is None:
        return "-"
    return f"{golongan.pangkat} ({golongan.code})" if golongan.pangkat else golongan.code


# --- Shared PDF plumbing -----------------------------------------------------------------------

FONT, BOLD = "Helvetica", "Helvetica-Bold"
SERIF, SERIF_BOLD = "Times-Roman", "Times-Bold"


def _styles(font: str, bold: str, size: float) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=size, leading=size * 1.25)
    return {
        "text": base,
        "small": ParagraphStyle("small", parent=base, fontSize=size - 1.5, leading=(size - 1.5) * 1.25),
        "small_center": ParagraphStyle("small_center", parent=base, fontSize=size - 1.5, leading=(size - 1.5) * 1.25,
                                       alignment=TA_CENTER),
        "bold": ParagraphStyle("bold", parent=base, fontName=bold),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle("center_bold", parent=base, fontName=bold, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=size + 2, leading=(size + 2) * 1.3,
                                alignment=TA_CENTER),
        "justify": ParagraphStyle("justify", parent=base, alignment=TA_JUSTIFY),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: escaped, newlines kept."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def _markup(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of trusted markup (callers escape every value they put in)."""
    return Paragraph(markup, style)


def _render(story: list, *, title: str, author: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1 * cm, bottomMargin=1 * cm,
        title=title, author=author, subject=title, creator="Pamong",
    )
    document.build(story)
    return buffer.getvalue()


GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
]


def _section(rows: list[list], widths: list[float], extra: list | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=0)
    style = list(GRID) + [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]
    table.setStyle(TableStyle(style + (extra or [])))
    return table


# --- The application form --------------------------------------------------------------------

WIDTH = A4[0] - 4 * cm


def _form_header(application, s) -> list:
    employee = application.employee
    if _is_pppk(employee):
        reference = ("LAMPIRAN II<br/>PERATURAN BADAN KEPEGAWAIAN NEGARA<br/>REPUBLIK INDONESIA<br/>NOMOR 7 TAHUN 2022"
                     "<br/>TENTANG TATA CARA PEMBERIAN CUTI PPPK")
    else:
        reference = ("ANAK LAMPIRAN I.b<br/>PERATURAN BADAN KEPEGAWAIAN NEGARA<br/>REPUBLIK INDONESIA<br/>"
                     "NOMOR 24 TAHUN 2017<br/>TENTANG TATA CARA PEMBERIAN CUTI<br/>PEGAWAI NEGERI SIPIL")
    _consideration, decision = _consideration_and_decision(application)
    addressee = decision.position if decision and decision.position else "Pejabat yang Berwenang Memberikan Cuti"
    right = [
        _markup(reference, s["small"]),
        Spacer(1, 4),
        _p(f"{place_name(application.pemda)}, {indonesian_date(submitted_on(application))}", s["text"]),
        _p("Kepada Yth.", s["text"]),
        _p(addressee, s["text"]),
        _p("di", s["text"]),
        _p("      Tempat", s["text"]),
    ]
    table = Table([["", right]], colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [table, Spacer(1, 4), _p("FORMULIR PERMINTAAN DAN PEMBERIAN CUTI", s["title"]), Spacer(1, 4)]


def _tick(chosen: bool) -> str:
    return TICK if chosen else ""


def _decision_box(title: str, view: StepView | None, s) -> Table:
    quarter = WIDTH / 4
    outcome = view.outcome if view else ""
    signature = []
    if view is not None:
        position = f"{view.acting_prefix} {view.position}".strip()
        signature = [_p(position, s["center"]), Spacer(1, 14), _p(view.name, s["center_bold"]),
                     _p(f"NIP. {view.nip}", s["center"])]
        if view.acted_at:
            signature.append(_p(f"({view.acted_at})", s["small_center"]))
    rows = [
        [_p(title, s["bold"]), "", "", ""],
        [_p(label, s["center"]) for _code, label in OUTCOME_NAMES],
        [_p(_tick(outcome == code), s["center_bold"]) for code, _label in OUTCOME_NAMES],
        [_p(f"Alasan: {view.reason}" if view and view.reason else "Alasan: -", s["text"]), "", signature, ""],
    ]
    return _section(rows, [quarter] * 4, [("SPAN", (0, 3), (1, 3)), ("SPAN", (2, 3), (3, 3))])


def leave_form_pdf(application: LeaveApplication, *, show_reason: bool = True) -> bytes:
    """The Formulir Permintaan dan Pemberian Cuti (sections I–VIII) of *application*, as an A4 PDF.

    Section V shows the cuti tahunan of N-2, N-1 and N as they stood when
    the application was made, and the other leave taken in year N; sections
    VII and VIII show the approvers' answers (with "Plt."/"Plh." when an
    acting official answered). Reads only.
    """
    s = _styles(FONT, BOLD, 8.5)
    employee = application.employee
    pemda = application.pemda
    consideration, decision = _consideration_and_decision(application)
    half, quarter = WIDTH / 2, WIDTH / 4
    unit = employee.current_unit
    position = employee.current_position
    story = _form_header(application, s)

    story.append(_section([
        [_p("I. DATA PEGAWAI", s["bold"]), "", "", ""],
        [_p("Nama", s["text"]), _p(employee.full_name, s["text"]), _p(_nip_label(employee), s["text"]),
         _p(employee.nip, s["text"])],
        [_p("Jabatan", s["text"]), _p(position.name if position else "-", s["text"]),
         _p("Masa Kerja", s["text"]),
         _p(service_length(employee.first_appointment_date, submitted_on(application)), s["text"])],
        [_p("Unit Kerja", s["text"]), _p(unit.name if unit else "-", s["text"]), "", ""],
    ], [quarter * 0.6, quarter * 1.6, quarter * 0.6, quarter * 1.2], [("SPAN", (1, 3), (-1, 3))]))
    story.append(Spacer(1, 3))

    types = list(TYPE_NAMES.items())
    type_rows = [[_p("II. JENIS CUTI YANG DIAMBIL**", s["bold"]), "", "", ""]]
    for left, right in zip(types[0::2], types[1::2], strict=True):
        index = types.index(left) + 1
        type_rows.append([
            _p(f"{index}. {left[1]}", s["text"]), _p(_tick(application.leave_type == left[0]), s["center_bold"]),
            _p(f"{index + 1}. {right[1]}", s["text"]), _p(_tick(application.leave_type == right[0]), s["center_bold"]),
        ])
    story.append(_section(type_rows, [half * 0.8, half * 0.2, half * 0.8, half * 0.2]))
    story.append(Spacer(1, 3))

    # A sick or maternity leave reason is health data: withheld from readers the privacy policy excludes.
    own_reason = application.reason if show_reason else "(data kesehatan, tidak ditampilkan)"
    reason = own_reason or "-"
    if application.ground:
        reason = f"{GROUND_NAMES.get(application.ground, application.ground)}. {own_reason}".strip()
    if application.abroad:
        reason = f"{reason} (dijalankan di luar negeri)"
    story.append(_section([[_p("III. ALASAN CUTI", s["bold"])], [_p(reason, s["text"])]], [WIDTH]))
    story.append(Spacer(1, 3))

    story.append(_section([
        [_p("IV. LAMANYA CUTI", s["bold"]), "", "", "", "", ""],
        [_p("Selama", s["text"]), _p(duration_text(application), s["text"]), _p("mulai tanggal", s["text"]),
         _p(indonesian_date(application.start_date), s["text"]), _p("s/d", s["center"]),
         _p(indonesian_date(application.end_date), s["text"])],
    ], [WIDTH * 0.1, WIDTH * 0.3, WIDTH * 0.15, WIDTH * 0.18, WIDTH * 0.07, WIDTH * 0.2]))
    story.append(Spacer(1, 3))

    story.append(_record_section(application, s))
    story.append(Spacer(1, 3))

    story.append(KeepTogether(_section([
        [_p("VI. ALAMAT SELAMA MENJALANKAN CUTI", s["bold"]), "", ""],
        [_p(application.address, s["text"]), _p("TELP", s["text"]), _p(application.phone or "-", s["text"])],
        ["", [_p("Hormat saya,", s["center"]), Spacer(1, 14), _p(employee.full_name, s["center_bold"]),
              _p(f"{_nip_label(employee)}. {employee.nip}", s["center"])], ""],
    ], [WIDTH * 0.55, WIDTH * 0.12, WIDTH * 0.33], [("SPAN", (0, 1), (0, 2)), ("SPAN", (1, 2), (2, 2))])))
    story.append(Spacer(1, 3))

    story.append(KeepTogether(_decision_box("VII. PERTIMBANGAN ATASAN LANGSUNG**", consideration, s)))
    story.append(Spacer(1, 3))
    story.append(KeepTogether(_decision_box("VIII. KEPUTUSAN PEJABAT YANG BERWENANG MEMBERIKAN CUTI**", decision, s)))
    story.append(Spacer(1, 4))
    story.append(_markup(
        "Catatan: * Coret yang tidak perlu. ** Pilih salah satu dengan memberi tanda centang (✓). "
        "*** Diisi oleh pejabat yang menangani bidang kepegawaian sebelum pegawai mengajukan cuti. "
        "**** Diberi tanda centang dan alasannya.", s["small"]))
    return _render(story, title=f"Formulir Permintaan dan Pemberian Cuti — {employee.nip}", author=pemda.name)


def _record_section(application, s) -> Table:
    year = application.start_date.year
    pots = annual_record(application)
    others = other_leave_taken(application)

    def other(code: str) -> str:
        times, days = others.get(code, (0, 0))
        return f"{times} kali, {days} hari" if times else "-"

    w = WIDTH
    rows = [
        [_p("V. CATATAN CUTI***", s["bold"]), "", "", "", ""],
        [_p("1. CUTI TAHUNAN", s["bold"]), "", "", _p("2. CUTI BESAR", s["text"]),
         _p(other(LeaveType.LONG_SERVICE), s["text"])],
        [_p("Tahun", s["text"]), _p("Sisa", s["text"]), _p("Keterangan", s["text"]),
         _p("3. CUTI SAKIT", s["text"]), _p(other(LeaveType.SICK), s["text"])],
    ]
    specials = [LeaveType.MATERNITY, LeaveType.IMPORTANT_REASON, LeaveType.UNPAID]
    for offset, code in zip((2, 1, 0), specials, strict=True):
        label = "N" if offset == 0 else f"N-{offset}"
        note = f"diminta {application.working_days} hari kerja" if offset == 0 and \
            application.leave_type == LeaveType.ANNUAL else ""
        index = specials.index(code) + 4
        rows.append([
            _p(f"{label} ({year - offset})", s["text"]), _p(f"{pots[year - offset]} hari", s["text"]),
            _p(note, s["small"]), _p(f"{index}. {TYPE_NAMES[code].upper()}", s["text"]),
            _p(other(code), s["text"]),
        ])
    return _section(rows, [w * 0.13, w * 0.09, w * 0.18, w * 0.42, w * 0.18], [("SPAN", (0, 1), (2, 1))])


# --- The leave letter -----------------------------------------------------------------------------


def _letterhead(application, s) -> list:
    pemda = application.pemda
    opd = opd_of(application.employee.current_unit)
    lines = [_p(agency_title(pemda), s["center_bold"])]
    if opd is not None:
        lines.append(_p(opd.name.upper(), s["title"]))
    if pemda.address:
        lines.append(_p(pemda.address, s["center"]))
    return [*lines, Spacer(1, 2), HRFlowable(width="100%", thickness=2, color=colors.black, spaceBefore=2,
                                             spaceAfter=1),
            HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceAfter=10)]


def _require_approved(application: LeaveApplication) -> None:
    if application.status != LeaveStatus.APPROVED:
        raise LeaveError(
            _("A leave letter (surat izin cuti) is issued only for an approved application (Perban 24/2017)."),
            code=errors.NOT_APPROVED, http_status=409,
        )


def letter_subject(application: LeaveApplication) -> str:
    """What the verification page says the letter is: "Surat Izin Cuti Tahunan" (no personal data)."""
    return f"Surat Izin {TYPE_NAMES[application.leave_type]}"


def letter_issuer(application: LeaveApplication) -> str:
    """The signing office, the OPD and the agency, as the verification page shows them (no name, no NIP)."""
    _consideration, decision = _consideration_and_decision(application)
    opd = opd_of(application.employee.current_unit)
    parts = [f"{decision.acting_prefix} {decision.position}".strip() if decision and decision.position else "",
             opd.name if opd else "", application.pemda.name]
    return ", ".join(dict.fromkeys(part for part in parts if part))


@transaction.atomic
def leave_letter_issue(*, actor, application: LeaveApplication) -> IssuedLetter:
    """The numbered letter of an approved *application*: numbered on the first download, the same one after.

    The caller fetched *application* through *actor*'s scope. Raises LeaveError
    ``leave.not_approved`` (409) unless the application is approved.
    """
    _require_approved(application)
    return letter_issue(actor=actor, pemda=application.pemda, kind=LetterKind.LEAVE_PERMIT, target=application,
                        subject=letter_subject(application), issuer_label=letter_issuer(application),
                        on=_local_date(application.decided_at, application.pemda))


def leave_letter_pdf(application: LeaveApplication, *, letter: IssuedLetter | None = None,
                     verify_url: str = "") -> bytes:
    """The Surat Izin Cuti of an approved *application*, as an A4 PDF on the agency's letterhead.

    Signed by whoever took the binding step ("Plt."/"Plh." when an acting
    official decided) and dated the decision day in the agency's time zone.
    Numbered with *letter* (leave_letter_issue()) and carrying the QR code of
    *verify_url*; without one the number is left blank for the registry.
    Raises LeaveError ``leave.not_approved`` (409) unless the application is approved.
    """
    _require_approved(application)
    s = _styles(SERIF, SERIF_BOLD, 11)
    employee = application.employee
    pemda = application.pemda
    _consideration, decision = _consideration_and_decision(application)
    type_name = TYPE_NAMES[application.leave_type]
    lower = type_name.lower()
    unit = employee.current_unit
    position = employee.current_position
    nip_label = _nip_label(employee)

    story = _letterhead(application, s)
    story.append(_markup(f"<u>SURAT IZIN {escape(type_name.upper())}</u>", s["title"]))
    story.append(_p(f"Nomor: {letter.number}" if letter else "Nomor: ……………………………………", s["center"]))
    story.append(Spacer(1, 12))
    story.append(_p(f"1.  Diberikan {lower} kepada {_employee_kind(employee)}:", s["text"]))
    identity = [
        ("Nama", employee.full_name),
        (nip_label, employee.nip),
        ("Pangkat/Golongan", _golongan_text(employee)),
        ("Jabatan", position.name if position else "-"),
        ("Unit Kerja", unit.name if unit else "-"),
    ]
    table = Table([[_p(k, s["text"]), ":", _p(v, s["text"])] for k, v in identity],
                  colWidths=[4.2 * cm, 0.4 * cm, WIDTH - 5.6 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, -1), 18),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story.append(table)
    story.append(Spacer(1, 3))
    indent = ParagraphStyle("indent", parent=s["justify"], leftIndent=18)
    story.append(_p(
        f"selama {duration_text(application)}, terhitung mulai tanggal {indonesian_date(application.start_date)} "
        f"sampai dengan tanggal {indonesian_date(application.end_date)}, dengan ketentuan sebagai berikut:", indent))
    hanging = ParagraphStyle("hanging", parent=indent, leftIndent=36, firstLineIndent=-14)
    story.append(_p(f"a.  Sebelum menjalankan {lower}, wajib menyerahkan pekerjaannya kepada atasan langsungnya "
                    "atau pejabat lain yang ditunjuk.", hanging))
    story.append(_p(f"b.  Setelah selesai menjalankan {lower}, wajib melaporkan diri kepada atasan langsungnya dan "
                    "bekerja kembali sebagaimana mestinya.", hanging))
    story.append(Spacer(1, 6))
    story.append(_p(f"2.  Demikian surat izin {lower} ini dibuat untuk dapat dipergunakan sebagaimana mestinya.",
                    s["justify"]))
    story.append(Spacer(1, 18))

    decided = _local_date(application.decided_at, pemda)
    signer = [_p(f"{place_name(pemda)}, {indonesian_date(decided)}", s["text"])]
    if decision is not None:
        signer += [
            _p(f"{decision.acting_prefix} {decision.position}".strip() + ",", s["text"]),
            Spacer(1, 48),
            _markup(f"<u>{escape(decision.name)}</u>", s["bold"]),
            _p(f"NIP. {decision.nip}", s["text"]),
        ]
    left = ""
    if letter and verify_url:
        # The QR code opens the public verification page (number, date, subject, issuer; no personal data).
        left = [qr_drawing(verify_url, size=2.6 * cm),
                _p("Pindai untuk memeriksa keaslian surat ini.", s["small"])]
    block = Table([[left, signer]], colWidths=[WIDTH * 0.5, WIDTH * 0.5])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(KeepTogether(block))
    story.append(Spacer(1, 18))
    tembusan = ["Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                "Atasan langsung yang bersangkutan", "Yang bersangkutan", "Arsip"]
    story.append(_p("Tembusan:", s["text"]))
    for index, line in enumerate(tembusan, start=1):
        story.append(_p(f"{index}. {line}", s["text"]))
    return _render(story, title=f"Surat Izin {type_name} — {employee.nip}", author=pemda.name)


# --- Recording downloads -------------------------------------------------------------------------

DOCUMENT_KINDS = {"form": "formulir permintaan dan pemberian cuti", "letter": "surat izin cuti"}


@transaction.atomic
def leave_document_record_download(*, actor, application: LeaveApplication, kind: str) -> None:
    """Record that *actor* downloaded a leave document of *application* (reads of personal data are logged,
    UU PDP Pasal 31). The caller fetched *application* through the actor's scope."""
    if kind not in DOCUMENT_KINDS:
        raise ValueError(kind)
    audit_record(actor=actor, action=DOCUMENT_DOWNLOADED, target=application,
                 changes={"document": [None, kind]}, pemda_id=application.pemda_id)


def document_filename(application: LeaveApplication, kind: str) -> str:
    stem = "formulir-cuti" if kind == "form" else "surat-izin-cuti"
    return f"{stem}-{application.employee.nip}-{application.start_date:%Y%m%d}.pdf"

