"""The official leave documents: the form (Perban 24/2017 Anak Lampiran I.b, sections I–VIII) and the letter."""

import io
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

from pamong.approvals.services import acting_assignment_create, step_act
from pamong.leave import documents
from pamong.leave.choices import LeaveStatus
from pamong.leave.errors import LeaveError
from pamong.leave.models import LeaveApplication
from pamong.leave.tests.factories import open_years, pdf_upload, submit
from pamong.people.models import Employee

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def open_ledgers(world):
    """The employee has 2025 and 2026 open: 6 days carried from N-1 (the cap) and 12 for N."""
    open_years(world.employee, 2025, 2026)
    for person in (world.peer, world.supervisor, world.unit_head, world.outsider):
        open_years(person, 2026)
    return world


@pytest.fixture
def ledger_world(world, calendar_2026):
    return open_ledgers(world)


def _steps(application):
    return list(application.process.steps.order_by("order"))


def approve(world, application, *, decider=None, outcome="approve", reason=""):
    """The supervisor considers, then the unit head (or *decider*) decides, through the approval engine."""
    consideration, decision = _steps(application)
    step_act(actor=world.supervisor.user, step=consideration, outcome="approve")
    step_act(actor=(decider or world.unit_head).user, step=decision, outcome=outcome, reason=reason)
    return _fetch(application)


def _fetch(application) -> LeaveApplication:
    return LeaveApplication.objects.select_related(
        "pemda", "employee", "employee__current_unit", "employee__current_position", "employee__current_golongan",
    ).get(pk=application.pk)


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- Indonesian text helpers -------------------------------------------------------------------


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 7, 6), "6 Juli 2026"), (date(2026, 1, 1), "1 Januari 2026"), (date(2025, 12, 31), "31 Desember 2025"),
    (date(2026, 5, 15), "15 Mei 2026"), (date(2026, 8, 17), "17 Agustus 2026"),
])
def test_indonesian_date_uses_indonesian_month_names(day, expected):
    assert documents.indonesian_date(day) == expected


@pytest.mark.parametrize(("n", "words"), [
    (0, "nol"), (1, "satu"), (3, "tiga"), (11, "sebelas"), (12, "dua belas"), (19, "sembilan belas"),
    (20, "dua puluh"), (45, "empat puluh lima"), (100, "seratus"), (105, "seratus lima"), (365, "tiga ratus enam puluh lima"),
    (1000, "seribu"), (1096, "seribu sembilan puluh enam"),
])
def test_spelled_number(n, words):
    assert documents.spelled_number(n) == words


@pytest.mark.parametrize(("start", "end", "expected"), [
    (date(2026, 7, 6), date(2026, 10, 5), (3, 0)),
    (date(2026, 7, 6), date(2026, 7, 8), (0, 3)),
    (date(2026, 1, 31), date(2026, 2, 27), (0, 28)),
    (date(2026, 1, 31), date(2026, 2, 28), (1, 0)),
    (date(2026, 3, 1), date(2026, 4, 10), (1, 10)),
])
def test_months_and_days_of_an_inclusive_period(start, end, expected):
    assert documents.months_and_days(start, end) == expected


def test_service_length_counts_whole_years_and_months():
    assert documents.service_length(date(2005, 3, 1), date(2026, 6, 1)) == "21 tahun 3 bulan"
    assert documents.service_length(date(2005, 3, 15), date(2026, 6, 1)) == "21 tahun 2 bulan"
    assert documents.service_length(None, date(2026, 6, 1)) == "-"


def test_place_name_drops_the_kind_of_region(world):
    assert documents.place_name(world.pemda) == "Mamuju"
    assert documents.place_name(world.other_pemda) == "Palu"


# --- The form ------------------------------------------------------------------------------------


def test_form_of_an_approved_application_shows_sections_i_to_viii(ledger_world):
    # given an application approved by the supervisor and the unit head
    world = ledger_world
    application = approve(world, submit(world.employee))
    employee = world.employee

    # when
    text = flat(text_of(documents.leave_form_pdf(application)))

    # then the title and every section are there
    assert "FORMULIR PERMINTAAN DAN PEMBERIAN CUTI" in text
    for heading in ("I. DATA PEGAWAI", "II. JENIS CUTI YANG DIAMBIL", "III. ALASAN CUTI", "IV. LAMANYA CUTI",
                    "V. CATATAN CUTI", "VI. ALAMAT SELAMA MENJALANKAN CUTI", "VII. PERTIMBANGAN ATASAN LANGSUNG",
                    "VIII. KEPUTUSAN PEJABAT YANG BERWENANG MEMBERIKAN CUTI"):
        assert heading in text
    # I: the employee, service length to the submission date, the unit
    assert employee.nip in text
    assert employee.full_name in text
    assert "Pengelola Data Pendidikan" in text
    assert "21 tahun 3 bulan" in text
    assert "Bidang Pembinaan SD" in text
    # II–IV: the type, the reason, 3 working days from 6 to 8 July 2026
    assert "1. Cuti Tahunan ✓" in text
    assert "Urusan keluarga" in text
    assert "3 (tiga) hari kerja" in text
    assert "6 Juli 2026" in text
    assert "8 Juli 2026" in text
    # V: N-1 carried 6 days (the cap), N 12, as at submission (before this leave was booked)
    assert "N-2 (2024) 0 hari" in text
    assert "N-1 (2025) 6 hari" in text
    assert "N (2026) 12 hari" in text
    # VI: the address and phone during the leave
    assert "Jl. Yos Sudarso No. 12, Mamuju" in text
    assert "081234567890" in text
    # VII–VIII: both approvers with their NIP and the time they acted
    assert world.supervisor.full_name in text
    assert world.supervisor.nip in text
    assert world.unit_head.full_name in text
    assert world.unit_head.nip in text
    assert "1 Juni 2026 pukul 09.00 WITA" in text
    # the header is addressed to the deciding official, dated at the submission
    assert "Mamuju, 1 Juni 2026" in text
    assert "Kepala Dinas Pendidikan" in text


def test_form_ticks_the_chosen_answer_of_each_approver(ledger_world):
    world = ledger_world
    application = approve(world, submit(world.employee), outcome="reject", reason="Akhir tahun anggaran")

    text = flat(text_of(documents.leave_form_pdf(application)))

    # the four options, in order, with one tick under each approver's choice
    assert text.count("DISETUJUI PERUBAHAN**** DITANGGUHKAN**** TIDAK DISETUJUI****") == 2
    assert "Alasan: Akhir tahun anggaran" in text
    assert application.status == LeaveStatus.REJECTED


def test_form_of_a_pending_application_names_the_approvers_without_answers(ledger_world):
    world = ledger_world
    application = _fetch(submit(world.employee))

    text = flat(text_of(documents.leave_form_pdf(application)))

    assert world.supervisor.full_name in text
    assert world.unit_head.full_name in text
    assert "pukul" not in text  # nobody acted yet
    assert "✓" in text  # only the leave type is ticked
    assert text.count("✓") == 2  # the type, and the legend line


def test_form_counts_other_leave_taken_this_year(ledger_world):
    # given an approved two-day sick leave in June
    world = ledger_world
    approve(world, submit(world.employee, leave_type="CS", ground="illness", start_date=date(2026, 6, 8),
                          end_date=date(2026, 6, 9), uploads=[pdf_upload()]))
    annual = approve(world, submit(world.employee))

    text = flat(text_of(documents.leave_form_pdf(annual)))

    assert "3. CUTI SAKIT 1 kali, 2 hari" in text


def test_form_of_long_leave_gives_months_and_working_days(ledger_world):
    world = ledger_world
    application = submit(world.peer, leave_type="CM", start_date=date(2026, 7, 6), end_date=date(2026, 10, 5),
                         child_order=1, uploads=[pdf_upload("birth_estimate_letter")])

    text = flat(text_of(documents.leave_form_pdf(_fetch(application))))

    assert "4. Cuti Melahirkan ✓" in text
    assert f"3 (tiga) bulan ({application.working_days} hari kerja)" in text


# --- The letter -----------------------------------------------------------------------------------


def test_letter_of_an_approved_application(ledger_world):
    world = ledger_world
    application = approve(world, submit(world.employee))
    employee = world.employee

    text = flat(text_of(documents.leave_letter_pdf(application)))

    # the letterhead: the Pemda, the OPD (root of the employee's unit) and the address
    assert "PEMERINTAH KABUPATEN MAMUJU" in text
    assert "DINAS PENDIDIKAN DAN KEBUDAYAAN" in text
    assert "SURAT IZIN CUTI TAHUNAN" in text
    assert "Nomor: …" in text
    # the body
    assert employee.full_name in text
    assert employee.nip in text
    assert "Penata Muda (III/a)" in text
    assert "Pengelola Data Pendidikan" in text
    assert "Bidang Pembinaan SD" in text
    assert "selama 3 (tiga) hari kerja, terhitung mulai tanggal 6 Juli 2026 sampai dengan tanggal 8 Juli 2026" in text
    assert "menyerahkan pekerjaannya kepada atasan langsungnya" in text
    assert "melaporkan diri kepada atasan langsungnya" in text
    # place, decision date, and the official who took the binding step
    assert "Mamuju, 1 Juni 2026" in text
    assert "Kepala Dinas Pendidikan," in text
    assert world.unit_head.full_name in text
    assert f"NIP. {world.unit_head.nip}" in text
    assert "Plt." not in text
    assert "Tembusan:" in text


def test_letter_signed_by_an_acting_official_says_plt(ledger_world):
    # given the outsider appointed Plt of the Kepala Dinas Pendidikan post
    world = ledger_world
    acting_assignment_create(actor=world.hr_admin.user, position=world.head_position, acting=world.outsider,
                             kind="plt", start_date=date(2026, 5, 1), end_date=date(2026, 12, 31),
                             decree_number="800/12/BKPSDM/2026", decree_date=date(2026, 4, 28))
    application = approve(world, submit(world.employee), decider=world.outsider)

    letter = flat(text_of(documents.leave_letter_pdf(application)))
    form = flat(text_of(documents.leave_form_pdf(application)))

    assert "Plt. Kepala Dinas Pendidikan," in letter
    assert world.outsider.full_name in letter
    assert f"NIP. {world.outsider.nip}" in letter
    assert "Plt. Kepala Dinas Pendidikan" in form
    assert world.outsider.full_name in form


@pytest.mark.parametrize("status", ["submitted", "rejected", "cancelled"])
def test_letter_is_refused_unless_approved(ledger_world, status):
    world = ledger_world
    application = submit(world.employee)
    if status == "rejected":
        approve(world, application, outcome="reject", reason="Beban kerja")
    elif status == "cancelled":
        from pamong.leave.services import leave_application_cancel

        leave_application_cancel(actor=world.employee.user, application=application)

    with pytest.raises(LeaveError) as refused:
        documents.leave_letter_pdf(_fetch(application))

    assert refused.value.code == "leave.not_approved"
    assert refused.value.http_status == 409


def test_letters_for_other_leave_types_are_titled_by_type(ledger_world):
    world = ledger_world
    application = approve(world, submit(world.employee, leave_type="CAP", ground="marriage",
                                        start_date=date(2026, 7, 6), end_date=date(2026, 7, 10)))

    text = flat(text_of(documents.leave_letter_pdf(application)))

    assert "SURAT IZIN CUTI KARENA ALASAN PENTING" in text
    assert "5 (lima) hari (5 hari kerja)" in text


def test_names_with_accents_and_ampersands_do_not_break_the_documents(ledger_world):
    world = ledger_world
    Employee.objects.filter(pk=world.employee.pk).update(name="Jürgen Öztürk & <Putra>", back_title="S.E.")
    application = approve(world, submit(world.employee, reason="Pernikahan adik & keluarga <besar>",
                                        address="Jl. Ahmad Yani No. 5 & 7\nMamuju"))

    for pdf in (documents.leave_form_pdf(application), documents.leave_letter_pdf(application)):
        text = flat(text_of(pdf))
        assert "Jürgen Öztürk & <Putra>, S.E." in text
        assert world.employee.nip in text
    assert "Pernikahan adik & keluarga <besar>" in flat(text_of(documents.leave_form_pdf(application)))


def test_form_shows_the_projected_opening_when_the_year_is_not_open(world, calendar_2026):
    # given no ledger lines at all for the employee
    application = _fetch(submit(world.employee))

    text = flat(text_of(documents.leave_form_pdf(application)))

    assert "N (2026) 12 hari" in text


def test_form_of_a_pppk_employee_uses_the_pppk_form_and_number(world, calendar_2026):
    from pamong.people.tests.factories import EmployeeFactory

    pppk = EmployeeFactory(position=world.staff_position, name="Arman Pppk", status="pppk",
                           first_appointment_date=date(2022, 3, 1), contract_end_date=date(2027, 2, 28))
    application = _fetch(submit(pppk))

    text = flat(text_of(documents.leave_form_pdf(application)))

    assert "NOMOR 7 TAHUN 2022" in text
    assert f"NI PPPK {pppk.nip}" in text


def test_a_change_by_the_official_shows_the_new_dates(ledger_world):
    # given the unit head approves with other dates (PERUBAHAN)
    world = ledger_world
    application = submit(world.employee)
    consideration, decision = _steps(application)
    step_act(actor=world.supervisor.user, step=consideration, outcome="approve")
    step_act(actor=world.unit_head.user, step=decision, outcome="change", reason="Rapat kerja 6 Juli",
             data={"start_date": "2026-07-07", "end_date": "2026-07-08"})
    application = _fetch(application)

    form = flat(text_of(documents.leave_form_pdf(application)))
    letter = flat(text_of(documents.leave_letter_pdf(application)))

    assert application.status == LeaveStatus.APPROVED
    assert "Alasan: Rapat kerja 6 Juli (Diubah menjadi 7 Juli 2026 s/d 8 Juli 2026)" in form
    assert "2 (dua) hari kerja" in form
    assert "selama 2 (dua) hari kerja, terhitung mulai tanggal 7 Juli 2026" in letter
