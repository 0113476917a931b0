"""The unit recap: per employee of a unit tree, in the leaders' scope, constant queries, audited, a safe sheet."""

import io
from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.core.tests.sheets import formula_cells
from pamong.people.tests.factories import EmployeeFactory
from pamong.performance import exports, services
from pamong.performance.tests.test_documents import WITA, _plan, build_line, build_rated

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(world):
    return build_line(world)


@pytest.fixture
def rated(world, line):
    return build_rated(world, line)


def _by_nip(rows):
    return {row.employee.nip: row for row in rows}


def test_recap_of_a_unit_lists_its_tree_with_status_counts_and_predikat(world, rated):
    rows = exports.recap_rows(actor=world.supervisor.user, unit=world.division, period="2026-01")

    found = _by_nip(rows)
    assert set(found) == {world.supervisor.nip, world.employee.nip, world.peer.nip}
    mine = found[world.employee.nip]
    assert (mine.skp_status, mine.indicators, mine.reported, mine.predikat) == ("approved", 2, 2, "baik")
    boss = found[world.supervisor.nip]
    assert (boss.skp_status, boss.indicators, boss.reported, boss.predikat) == ("approved", 1, 0, None)
    peer = found[world.peer.nip]
    assert (peer.skp_status, peer.indicators, peer.reported, peer.predikat) == (None, 0, 0, None)
    assert str(peer.skp_status_label)
    assert peer.predikat_label == ""


def test_another_period_counts_only_its_own_reports(world, rated):
    rows = _by_nip(exports.recap_rows(actor=world.supervisor.user, unit=world.division, period="2026-02"))

    assert rows[world.employee.nip].reported == 0
    assert rows[world.employee.nip].predikat is None


def test_hr_recaps_the_whole_agency_and_nothing_of_another(world, rated):
    rows = _by_nip(exports.recap_rows(actor=world.hr_admin.user, unit=None, period="2026-01"))

    assert world.employee.nip in rows
    assert world.outsider.nip in rows
    assert world.hr_admin.nip in rows
    assert world.other_pemda_employee.nip not in rows
    assert rows[world.employee.nip].predikat == "baik"


def test_a_leader_of_another_unit_sees_nobody_of_this_tree(world, rated):
    # given the head of Dinas Kesehatan asks for the education unit (the view refuses with 404 before this)
    rows = exports.recap_rows(actor=world.outsider.user, unit=world.education, period="2026-01")

    assert rows == []


def test_recap_queries_do_not_grow_with_rows(world, rated):
    exports.recap_rows(actor=world.unit_head.user, unit=world.education, period="2026-01")  # the actor's caches
    with CaptureQueriesContext(connection) as few:
        exports.recap_rows(actor=world.unit_head.user, unit=world.education, period="2026-01")
    # more staff in the unit, each with an agreed SKP (cascading) and a January report
    supported = rated.skp.results.get().parent
    for index in range(6):
        person = EmployeeFactory(position=world.staff_position, name=f"Pegawai Tambahan {index}")
        skp = _plan(person, text=f"Hasil {index}", appraiser=world.supervisor, parent=supported,
                    indicators=[("Jumlah laporan", "quantity", "12", "laporan")])
        with time_machine.travel(datetime(2026, 1, 28, 9, tzinfo=WITA), tick=False):
            services.realisation_report(actor=person.user, indicator=skp.results.get().indicators.get(),
                                        period="2026-01", value="10")

    with CaptureQueriesContext(connection) as many:
        rows = exports.recap_rows(actor=world.unit_head.user, unit=world.education, period="2026-01")

    assert len(rows) == 10
    assert len(many) == len(few) == 5  # employees, SKPs, indicator counts, reported counts, predikat
    assert sum(row.reported for row in rows) == 2 + 6


def test_recap_sheet_has_a_title_headers_and_text_nips(world, rated):
    rows = exports.recap_rows(actor=world.supervisor.user, unit=world.division, period="2026-01")

    handle = exports.recap_xlsx(rows, title="Rekap Bidang Pembinaan SD", period="2026-01")

    sheet = load_workbook(io.BytesIO(handle.read())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Rekap Bidang Pembinaan SD"
    assert list(values[1]) == exports.recap_headers("2026-01")
    body = {row[1]: row for row in values[2:]}
    assert set(body) == {world.supervisor.nip, world.employee.nip, world.peer.nip}
    employee = body[world.employee.nip]
    assert isinstance(employee[1], str)
    assert len(employee[1]) == 18
    assert employee[2] == world.employee.full_name
    assert employee[6:8] == (2, 2)
    assert employee[8] == "Baik"


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text(world):
    world.peer.name = '=HYPERLINK("http://evil.example","x")'
    world.peer.save(update_fields=["name"])
    rows = exports.recap_rows(actor=world.supervisor.user, unit=world.division, period="2026-01")

    handle = exports.recap_xlsx(rows, title="=cmd", period="2026-01")

    content = handle.read()
    assert formula_cells(content) == []  # written as text cells, shown as typed, never evaluated
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert "=cmd" in cells
    assert '=HYPERLINK("http://evil.example","x")' in " ".join(cells)


def test_the_export_is_recorded(world):
    exports.recap_export_record(actor=world.supervisor.user, unit=world.division, period="2026-01", rows=3)
    exports.recap_export_record(actor=world.hr_admin.user, unit=None, period="2026-01", rows=9)

    unit_event, agency_event = AuditEvent.objects.filter(action=exports.RECAP_EXPORTED).order_by("pk")
    assert unit_event.changes == {"unit": [None, world.division.name], "period": [None, "2026-01"],
                                  "rows": [None, 3]}
    assert unit_event.pemda_id == world.pemda.pk
    assert agency_event.changes["unit"] == [None, ""]
    assert agency_event.pemda_id == world.pemda.pk
