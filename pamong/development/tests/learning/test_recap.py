"""The JP recap: scope, numbers, constant queries over two data sizes, and an export without formulas."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.development.learning_exports import recap_xlsx
from pamong.development.selectors.learning import jp_recap
from pamong.people.choices import EmploymentStatus
from pamong.people.tests.factories import EmployeeFactory

from .conftest import record

pytestmark = pytest.mark.django_db


def test_numbers_and_statuses(world):
    world.peer.status = EmploymentStatus.PPPK
    world.peer.save(update_fields=["status"])
    record(world.employee, jp=12)
    record(world.employee, jp=10)
    record(world.employee, jp=40, verified=False)
    record(world.employee, jp=40, completed_on=date(2025, 12, 31))
    record(world.peer, jp=30)
    recap = jp_recap(world.hr_admin.user, world.division, 2026)
    rows = {row.employee.pk: row for row in recap.rows_of(recap.employees)}
    assert (rows[world.employee.pk].jp, rows[world.employee.pk].status) == (22, "met")
    assert (rows[world.peer.pk].jp, rows[world.peer.pk].status, rows[world.peer.pk].cap) == (30, "over_cap", 24)
    assert (rows[world.supervisor.pk].shortfall, rows[world.supervisor.pk].status) == (20, "behind")
    [division] = recap.units
    assert (division.employees, division.jp, division.behind, division.over_cap) == (3, 52, 1, 1)
    behind = jp_recap(world.hr_admin.user, world.division, 2026, status="behind")
    assert [e.pk for e in behind.employees] == [world.supervisor.pk]


def test_scope(world):
    agency = jp_recap(world.executive.user, None, 2026)
    assert world.outsider.pk in {e.pk for e in agency.employees}
    assert world.other_pemda_employee.pk not in {e.pk for e in agency.employees}
    tree = jp_recap(world.unit_head.user, None, 2026)
    assert {e.pk for e in tree.employees} >= {world.employee.pk, world.supervisor.pk}
    assert world.outsider.pk not in {e.pk for e in tree.employees}
    assert world.hr_admin.pk not in {e.pk for e in tree.employees}
    for who in ("employee", "supervisor"):  # the supervisor heads a Bidang but this is the Kepala Dinas' tree
        if who == "supervisor":
            assert {e.pk for e in jp_recap(world.supervisor.user, None, 2026).employees} <= {
                world.supervisor.pk, world.employee.pk, world.peer.pk}
            continue
        with pytest.raises(PermissionDenied):
            jp_recap(getattr(world, who).user, None, 2026)


def _grow(world, n):
    for _ in range(n):
        person = EmployeeFactory(position=world.staff_position)
        record(person, jp=7)
        record(person, jp=5, verified=False)


def test_recap_page_queries_do_not_grow(world, login, django_assert_max_num_queries):
    client = login(world.hr_admin)
    url = reverse("development:jp-recap") + "?year=2026"
    _grow(world, 2)
    with django_assert_max_num_queries(36) as small:
        assert client.get(url).status_code == 200
    _grow(world, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_export_never_emits_formulas_and_is_audited(world, login):
    world.employee.name = "=HYPERLINK(\"http://x\")"
    world.employee.save(update_fields=["name"])
    record(world.employee, jp=21)
    recap = jp_recap(world.hr_admin.user, None, 2026)
    book = load_workbook(io.BytesIO(recap_xlsx(recap, title="Rekap")))
    cells = [c for row in book.worksheets[0].iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert any(isinstance(c.value, str) and "HYPERLINK" in c.value for c in cells)
    response = login(world.hr_admin).get(reverse("development:jp-recap-xlsx") + "?year=2026")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEvent.objects.filter(action="development.jp_recap_exported").count() == 1
    assert login(world.employee).get(reverse("development:jp-recap-xlsx")).status_code == 403


def test_per_unit_table_folds_to_the_level_below_the_scope_and_drills_down(world, login):
    record(world.employee, jp=12)
    record(world.outsider, jp=4)
    agency = jp_recap(world.hr_admin.user, None, 2026)
    by_name = {group.unit_name: group for group in agency.groups}
    # Agency-wide: one row per OPD; the Bidang's employees count in their Dinas.
    assert "Bidang Pembinaan SD" not in by_name
    education = by_name["Dinas Pendidikan dan Kebudayaan"]
    assert education.employees >= 3
    assert education.jp >= 12
    assert not education.direct
    assert sum(g.employees for g in agency.groups) == agency.totals.employees
    # Within the Dinas: its own staff in a "directly" row first, then one row per unit below it.
    tree = jp_recap(world.hr_admin.user, world.education, 2026)
    assert tree.groups[0].direct
    assert tree.groups[0].unit_name == "Dinas Pendidikan dan Kebudayaan"
    assert [g.unit_name for g in tree.groups[1:]] == ["Bidang Pembinaan SD"]
    page = login(world.hr_admin).get(reverse("development:jp-recap") + "?year=2026")
    assert f"unit={education.unit_public_id}" in page.content.decode()


def test_unit_heads_list_is_grouped_by_unit_and_their_picker_holds_only_their_tree(world, login):
    page = login(world.unit_head).get(reverse("development:jp-recap") + "?year=2026").content.decode()
    assert "Bidang Pembinaan SD" in page
    assert "Dinas Kesehatan" not in page
    assert "BKPSDM" not in page
    recap = jp_recap(world.unit_head.user, None, 2026)
    paths = [e.current_unit.path for e in recap.employees]
    assert paths == sorted(paths)  # tree order, then name
