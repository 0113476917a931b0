"""The official performance documents (PermenPANRB 6/2022 annex): SKP, periodic evaluation, annual document."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.performance import documents, rules, services
from pamong.performance.models import Skp

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
PLANNED = datetime(2026, 1, 10, 9, tzinfo=WITA)
REALISED = datetime(2026, 1, 28, 9, tzinfo=WITA)
RATED = date(2026, 2, 3)
SUPERVISOR_RESULT = "Pembinaan sekolah dasar terlaksana sesuai standar"
EMPLOYEE_RESULT = "Data pendidikan dasar mutakhir dan valid"
EXPECTATION = "Menyampaikan data Dapodik tepat waktu setiap bulan"


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _plan(person, *, text: str, indicators: list[tuple[str, str, str, str]], parent=None, appraiser=None,
          expectation: str = "") -> Skp:
    """An SKP of 2026 drafted on 10 January; submitted, given an expectation and agreed when *appraiser*."""
    with time_machine.travel(PLANNED, tick=False), transaction.atomic():
        skp = services.skp_create(actor=person.user, employee=person, year=2026)
        result = services.skp_result_add(actor=person.user, skp=skp, text=text, parent=parent)
        for name, aspect, target, unit in indicators:
            services.skp_indicator_add(actor=person.user, result=result, name=name, aspect=aspect,
                                       target_value=target, unit=unit)
        if appraiser is not None:
            services.skp_submit(actor=person.user, skp=skp)
            if expectation:
                services.skp_expectation_set(actor=appraiser.user, skp=skp, value="berorientasi_pelayanan",
                                             expectation=expectation)
            skp.refresh_from_db()
            step_act(actor=appraiser.user, step=skp.process.steps.get(state="active"), outcome="approve")
    skp.refresh_from_db()
    return skp


def build_line(world) -> tuple[Skp, Skp]:
    """The supervisor's agreed SKP and the employee's, cascading from it, with an expectation and two indicators."""
    supervisor_skp = _plan(world.supervisor, text=SUPERVISOR_RESULT, appraiser=world.unit_head,
                           indicators=[("Persentase sekolah terbina", "quality", "90", "%")])
    employee_skp = _plan(world.employee, text=EMPLOYEE_RESULT, parent=supervisor_skp.results.get(),
                         appraiser=world.supervisor, expectation=EXPECTATION,
                         indicators=[("Jumlah laporan data pendidikan", "quantity", "12", "laporan"),
                                     ("Persentase data sekolah lengkap", "quality", "95.5", "%")])
    return supervisor_skp, employee_skp


def build_rated(world, line: tuple[Skp, Skp]):
    """January realised (with feedback on the result and on a value) and rated on 3 February."""
    _supervisor_skp, skp = line
    first, second = skp.results.get().indicators.order_by("pk")
    with time_machine.travel(REALISED, tick=False):
        services.realisation_report(actor=world.employee.user, indicator=first, period="2026-01", value="11",
                                    note="Rekap Januari")
        services.realisation_report(actor=world.employee.user, indicator=second, period="2026-01", value="97.25")
        services.feedback_give(actor=world.supervisor.user, skp=skp, period="2026-01", result=skp.results.get(),
                               text="Laporan rapi, pertahankan")
        services.feedback_give(actor=world.supervisor.user, skp=skp, period="2026-01", value="akuntabel",
                               text="Disiplin waktu baik")
    with time_machine.travel(datetime(2026, 2, 3, 9, tzinfo=WITA), tick=False):
        evaluation = services.evaluation_record(actor=world.supervisor.user, skp=skp, period="2026-01",
                                                work_result="meets", behaviour="above", note="Terus tingkatkan",
                                                today=RATED)
    return evaluation


@pytest.fixture
def line(world):
    return build_line(world)


@pytest.fixture
def rated(world, line):
    return build_rated(world, line)


# --- Indonesian wording --------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("12.00"), "12"), (Decimal("95.50"), "95,5"), (Decimal("1250"), "1.250"), (Decimal("0.25"), "0,25"),
    (None, "-"),
])
def test_figures_are_written_the_indonesian_way(value, text):
    assert documents.number_text(value) == text


@pytest.mark.parametrize(("code", "name"), [
    ("2026-01", "Januari 2026"), ("2026-11", "November 2026"), ("2026-Q3", "Triwulan III 2026"),
    ("2026-S2", "Semester II 2026"), ("2026", "Tahun 2026"),
])
def test_period_names(code, name):
    assert documents.period_name(code) == name


def test_the_period_range_is_written_with_indonesian_dates():
    assert documents.period_range("2026-02") == "1 Februari 2026 s/d 28 Februari 2026"
    assert documents.indonesian_date(None) == documents.BLANK


# --- The SKP -----------------------------------------------------------------------------------------------


def test_skp_shows_period_people_cascading_results_and_behaviour(world, line):
    _supervisor_skp, skp = line

    text = text_of(documents.skp_pdf(skp))

    assert "SASARAN KINERJA PEGAWAI" in text
    assert "1 Januari 2026 s/d 31 Desember 2026" in text
    # the two identity blocks: the employee and the appraiser (the supervisor)
    for person in (world.employee, world.supervisor):
        assert person.nip in text
        assert person.current_position.name in text
    assert "PEJABAT PENILAI KINERJA" in text
    assert world.employee.current_unit.name in text
    # the results table: the supported result of the appraiser, the result, the aspect, the IKI, the target
    assert SUPERVISOR_RESULT in text
    assert EMPLOYEE_RESULT in text
    assert "Jumlah laporan data pendidikan" in text
    assert "12 laporan" in text
    assert "95,5 %" in text
    assert "Kualitas" in text
    # the seven BerAKHLAK values with their guide statements and the supervisor's specific expectation
    for name in documents.VALUE_NAMES.values():
        assert name in text
    assert rules.CORE_VALUE_GUIDES["berorientasi_pelayanan"][0] in text
    assert EXPECTATION in text
    # agreed: signed on the agreement date, no draft banner
    assert "Mamuju, 10 Januari 2026" in text
    assert "Draf" not in text


def test_a_draft_skp_says_it_is_not_agreed(world):
    skp = _plan(world.employee, text=EMPLOYEE_RESULT, indicators=[("Jumlah laporan", "quantity", "12", "laporan")])

    text = text_of(documents.skp_pdf(skp))

    assert "Draf" in text
    assert documents.BLANK in text  # no agreement date


def test_markup_in_user_text_is_printed_not_interpreted(world):
    skp = _plan(world.employee, text="Laporan <b>tebal</b> & <i>miring</i>",
                indicators=[("Indikator <script>", "quantity", "1", "<dokumen>")])

    text = text_of(documents.skp_pdf(skp))

    assert "Laporan <b>tebal</b> & <i>miring</i>" in text
    assert "<dokumen>" in text


def test_skp_queries_do_not_grow_with_results(world):
    skp = _plan(world.employee, text="Hasil satu", indicators=[("Indikator satu", "quantity", "1", "dokumen")])
    with CaptureQueriesContext(connection) as one:
        documents.skp_pdf(skp)
    with time_machine.travel(PLANNED, tick=False):
        for index in range(5):
            result = services.skp_result_add(actor=world.employee.user, skp=skp, text=f"Hasil {index}",
                                             kind="tambahan" if index % 2 else "utama")
            for n in range(3):
                services.skp_indicator_add(actor=world.employee.user, result=result, name=f"Indikator {n}",
                                           aspect="quantity", target_value=n + 1, unit="dokumen")

    with CaptureQueriesContext(connection) as many:
        text = text_of(documents.skp_pdf(skp))

    assert len(many) == len(one)
    assert "B. TAMBAHAN" in text
    assert "Hasil 3" in text


# --- The periodic evaluation ---------------------------------------------------------------------------


def test_evaluation_shows_realisation_feedback_ratings_and_predikat(world, rated):
    text = text_of(documents.evaluation_pdf(rated))

    assert "EVALUASI KINERJA PEGAWAI" in text
    assert "BULANAN" in text
    assert "JANUARI 2026" in text
    assert "1 Januari 2026 s/d 31 Januari 2026" in text
    assert world.employee.nip in text
    assert world.supervisor.nip in text
    # results with their realisation (from the evidence) and the feedback of the period
    assert "11 laporan" in text
    assert "97,25 %" in text
    assert "Rekap Januari" in text
    assert "Laporan rapi, pertahankan" in text
    # behaviour with its expectation and feedback
    assert EXPECTATION in text
    assert "Disiplin waktu baik" in text
    # the two ratings and the derived predikat (meets × above = Baik)
    assert "RATING HASIL KERJA SESUAI EKSPEKTASI" in text
    assert "RATING PERILAKU KERJA DI ATAS EKSPEKTASI" in text
    assert "PREDIKAT KINERJA PEGAWAI BAIK" in text
    assert "Terus tingkatkan" in text
    assert "Mamuju, 3 Februari 2026" in text
    # no organisation rating set for the unit
    assert "CAPAIAN KINERJA ORGANISASI -" in text


def test_evaluation_shows_the_organisation_rating_and_its_distribution_pattern(world, rated, hr_admin):
    with transaction.atomic():
        services.organisation_rating_set(actor=hr_admin.user, unit=world.education, period="2026-01", rating="baik")

    text = text_of(documents.evaluation_pdf(rated))

    assert "CAPAIAN KINERJA ORGANISASI BAIK (mengikuti Dinas Pendidikan dan Kebudayaan)" in text
    assert "Baik: Baik paling banyak 70%" in text


def test_a_calibrated_rating_shows_the_calibration(world, rated, hr_admin):
    services.evaluation_calibrate(actor=hr_admin.user, evaluation=rated, work_result="below", behaviour="above",
                                  reason="Kurva distribusi unit")

    text = text_of(documents.evaluation_pdf(rated))

    assert "PREDIKAT KINERJA PEGAWAI BUTUH PERBAIKAN" in text
    assert "Kurva distribusi unit" in text


# --- The annual document ----------------------------------------------------------------------------------


def test_annual_document_before_the_annual_rating_lists_the_periods_and_says_not_set(world, rated):
    text = text_of(documents.annual_pdf(world.employee, 2026))

    assert "DOKUMEN EVALUASI KINERJA PEGAWAI" in text
    assert "TAHUNAN" in text
    assert "ATASAN PEJABAT PENILAI KINERJA" in text
    assert world.unit_head.nip in text  # the appraiser's supervisor
    assert "BELUM DITETAPKAN" in text
    assert "Januari 2026" in text
    assert "3 Februari 2026" in text


def test_annual_document_with_the_annual_rating(world, rated):
    with time_machine.travel(datetime(2027, 1, 5, 9, tzinfo=WITA), tick=False):
        services.evaluation_record(actor=world.supervisor.user, skp=rated.skp, period="2026", work_result="above",
                                   behaviour="above", today=date(2027, 1, 5))

    text = text_of(documents.annual_pdf(world.employee, 2026))

    assert "PREDIKAT KINERJA PEGAWAI SANGAT BAIK" in text
    assert "penghargaan" in text  # Sangat Baik is listed for rewards
    assert "Mamuju, 5 Januari 2027" in text
    assert "BELUM DITETAPKAN" not in text


def test_annual_document_needs_an_skp_of_the_year(world):
    with pytest.raises(Skp.DoesNotExist):
        documents.annual_pdf(world.employee, 2026)


# --- Recording the download -----------------------------------------------------------------------------


def test_a_download_is_recorded_and_an_unknown_kind_is_a_programming_error(world, line):
    _supervisor_skp, skp = line

    documents.performance_document_record_download(actor=world.supervisor.user, target=skp, kind="skp")

    event = AuditEvent.objects.filter(action=documents.DOCUMENT_DOWNLOADED).get()
    assert event.target_id == str(skp.public_id)
    assert event.changes == {"document": [None, "skp"]}
    with pytest.raises(ValueError, match="letter"):
        documents.performance_document_record_download(actor=world.supervisor.user, target=skp, kind="letter")
