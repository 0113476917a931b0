"""HR leave statistics: counts per unit × leave type from data made through the services, scoped to one Pemda."""

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from pamong.approvals.services import step_act
from pamong.leave import exports
from pamong.leave.tests.factories import load_calendar, open_years, pdf_upload, submit
from pamong.people.choices import PositionKind, UnitKind
from pamong.people.tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def decide(application, *actors, outcome="approve", reason=""):
    """Each actor answers the next step; the last answer is *outcome*."""
    steps = list(application.process.steps.order_by("order"))
    for index, (step, actor) in enumerate(zip(steps, actors, strict=True)):
        last = index == len(steps) - 1
        step_act(actor=actor.user, step=step, outcome=outcome if last else "approve", reason=reason if last else "")
    return application


def build_statistics_data(world):
    """Leave in 2026 for Mamuju (two OPD) and for Palu (which Mamuju's HR must never count).

    Dinas Pendidikan / Bidang Pembinaan SD: CT approved (3 days, employee), CT rejected (peer),
    CS submitted (employee), CAP approved (5 days, supervisor). Dinas Kesehatan: CT approved (2 days,
    a nurse whose supervisor is also the OPD head: one merged step). Palu: CT approved.
    """
    load_calendar(world.pemda, 2026)
    load_calendar(world.other_pemda, 2026)
    nurse = EmployeeFactory(position=PositionFactory(org_unit=world.health, name="Perawat Ahli Pertama",
                                                     kind=PositionKind.FUNGSIONAL,
                                                     supervisor_position=world.outsider.current_position),
                            name="Wa Ode Sitti")
    palu_unit = world.other_pemda_employee.current_unit
    palu_head = EmployeeFactory(position=PositionFactory(org_unit=palu_unit, name="Kepala BKPSDM Palu",
                                                         kind=PositionKind.JPT, is_unit_head=True, capacity=1),
                                name="Lukman Palu")
    for person in (world.employee, world.peer, world.supervisor, world.unit_head, nurse,
                   world.other_pemda_employee, palu_head):
        open_years(person, 2026)

    decide(submit(world.employee), world.supervisor, world.unit_head)
    decide(submit(world.peer), world.supervisor, world.unit_head, outcome="reject", reason="Beban kerja")
    submit(world.employee, leave_type="CS", ground="illness", start_date=date(2026, 6, 8),
           end_date=date(2026, 6, 9), uploads=[pdf_upload()])
    decide(submit(world.supervisor, leave_type="CAP", ground="marriage", start_date=date(2026, 7, 13),
                  end_date=date(2026, 7, 17)), world.unit_head)
    decide(submit(nurse, start_date=date(2026, 7, 6), end_date=date(2026, 7, 7)), world.outsider)
    decide(submit(world.other_pemda_employee, start_date=date(2026, 7, 6), end_date=date(2026, 7, 10)), palu_head)
    return nurse


def _by(rows):
    return {(row.unit_name, row.leave_type): row for row in rows}


def test_counts_per_opd_and_leave_type_match_the_applications(world):
    build_statistics_data(world)

    rows = exports.leave_statistics(actor=world.hr_admin.user, year=2026)

    by = _by(rows)
    education, health = world.education.name, world.health.name
    assert set(by) == {(education, "CT"), (education, "CS"), (education, "CAP"), (health, "CT")}
    annual = by[(education, "CT")]
    assert (annual.count("approved"), annual.count("rejected"), annual.total, annual.approved_days) == (1, 1, 2, 3)
    assert (by[(education, "CS")].count("submitted"), by[(education, "CS")].approved_days) == (1, 0)
    assert (by[(education, "CAP")].count("approved"), by[(education, "CAP")].approved_days) == (1, 5)
    assert (by[(health, "CT")].count("approved"), by[(health, "CT")].approved_days) == (1, 2)
    # rows are in unit-tree order, types in the form's order
    assert [(r.unit_name, r.leave_type) for r in rows] == [
        (education, "CT"), (education, "CS"), (education, "CAP"), (health, "CT")]
    totals = exports.statistics_totals(rows)
    assert (totals.total, totals.approved_days) == (5, 10)


def test_a_unit_breaks_down_per_sub_unit(world):
    # given a second bidang under Dinas Pendidikan, with one approved application
    build_statistics_data(world)
    other_division = OrgUnitFactory(pemda=world.pemda, parent=world.education, name="Bidang Kebudayaan",
                                    kind=UnitKind.BIDANG)
    staff = EmployeeFactory(position=PositionFactory(org_unit=other_division, name="Pamong Budaya",
                                                     supervisor_position=world.head_position))
    open_years(staff, 2026)
    decide(submit(staff, start_date=date(2026, 8, 3), end_date=date(2026, 8, 4)), world.unit_head)

    rows = exports.leave_statistics(actor=world.executive.user, year=2026, unit=world.education)

    by = _by(rows)
    assert set(by) == {(world.division.name, "CT"), (world.division.name, "CS"), (world.division.name, "CAP"),
                       ("Bidang Kebudayaan", "CT")}
    assert by[("Bidang Kebudayaan", "CT")].approved_days == 2
    assert all(row.unit_name != world.health.name for row in rows)


def test_another_year_counts_nothing(world):
    build_statistics_data(world)

    assert exports.leave_statistics(actor=world.auditor.user, year=2025) == []


def test_other_pemda_data_is_never_counted(world):
    build_statistics_data(world)

    mamuju = exports.leave_statistics(actor=world.hr_admin.user, year=2026)
    palu = exports.leave_statistics(actor=world.other_pemda_admin.user, year=2026)

    assert world.other_pemda_employee.current_unit.name not in {row.unit_name for row in mamuju}
    assert [(row.unit_name, row.leave_type, row.approved_days) for row in palu] == [
        (world.other_pemda_employee.current_unit.name, "CT", 5)]


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "outsider", "superadmin"])
def test_who_may_not_see_the_statistics(world, persona):
    actor = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        exports.leave_statistics(actor=getattr(actor, "user", actor), year=2026)


def test_a_unit_of_another_pemda_is_refused(world):
    with pytest.raises(PermissionDenied):
        exports.leave_statistics(actor=world.other_pemda_admin.user, year=2026, unit=world.education)


def test_queries_do_not_grow_with_rows(world):
    build_statistics_data(world)
    actor = world.hr_admin.user
    exports.leave_statistics(actor=actor, year=2026)  # warm the permission cache
    with CaptureQueriesContext(connection) as few:
        exports.leave_statistics(actor=actor, year=2026)

    # more applications, in more units and types
    division = OrgUnitFactory(pemda=world.pemda, parent=world.health, name="Puskesmas Binanga", kind=UnitKind.PUSKESMAS)
    for index in range(3):
        staff = EmployeeFactory(position=PositionFactory(org_unit=division, supervisor_position=world.outsider.current_position))
        open_years(staff, 2026)
        decide(submit(staff, start_date=date(2026, 9, 7 + index), end_date=date(2026, 9, 7 + index)), world.outsider)
    with CaptureQueriesContext(connection) as many:
        rows = exports.leave_statistics(actor=actor, year=2026)

    assert len(few.captured_queries) == len(many.captured_queries) == 2
    assert _by(rows)[(world.health.name, "CT")].count("approved") == 4


def test_xlsx_has_a_bold_header_the_rows_and_a_totals_row(world):
    build_statistics_data(world)
    rows = exports.leave_statistics(actor=world.hr_admin.user, year=2026)

    workbook = load_workbook(io.BytesIO(exports.statistics_xlsx(rows, 2026)))

    sheet = workbook.active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    headers = exports.statistics_headers()
    assert values[0] == headers
    assert all(cell.font.bold for cell in sheet[1])
    assert len(values) == 1 + len(rows) + 1
    approved = headers.index(str(exports.LeaveStatus.APPROVED.label))
    first = values[1]
    assert first[:2] == [world.education.name, str(exports.LeaveType.ANNUAL.label)]
    assert (first[approved], first[-2], first[-1]) == (1, 2, 3)
    totals = values[-1]
    assert totals[-2:] == [5, 10]
    assert all(cell.font.bold for cell in sheet[sheet.max_row])
    assert sheet.column_dimensions["A"].width >= len(world.education.name)


def test_xlsx_of_no_rows_still_has_header_and_totals():
    workbook = load_workbook(io.BytesIO(exports.statistics_xlsx([], 2026)))

    values = list(workbook.active.iter_rows(values_only=True))
    assert len(values) == 2
    assert values[1][-2:] == (0, 0)


def test_unit_names_that_look_like_formulas_are_written_as_text(world):
    from pamong.core.tests.sheets import formula_cells

    build_statistics_data(world)
    world.education.__class__.objects.filter(pk=world.education.pk).update(name='=HYPERLINK("http://evil.example")')
    rows = exports.leave_statistics(actor=world.hr_admin.user, year=2026)

    content = exports.statistics_xlsx(rows, 2026)

    assert formula_cells(content) == []
    values = [list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]
    assert values[1][0] == '=HYPERLINK("http://evil.example")'
    assert isinstance(values[-1][-1], int)  # numbers stay numbers
