"""The monthly TPP-deduction list: only the sedang TPP cuts running in the month, only once the salary PP is in
force; the page, the .xlsx (never a formula) and who may see them."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.discipline.audit import DisciplineAudit
from pamong.discipline.choices import CaseStatus, Sanction
from pamong.discipline.selectors.effects import tpp_deductions
from pamong.people.tests.factories import EmployeeFactory

from .factories import make_case, object_to, salary_pp

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_force(pemda):
    return salary_pp(pemda, True)


def test_under_the_transitional_rule_the_list_is_empty_and_says_why(world, employee):
    make_case(employee, sanction=Sanction.TPP_CUT_6, effective_on=date(2026, 3, 2))
    found = tpp_deductions(world.pemda.pk, date(2026, 4, 1))
    assert found.in_force is False
    assert found.rows == []
    assert "Pasal 42" in found.explanation


def test_only_running_tpp_cuts_of_the_month(world, employee, peer, supervisor, unit_head, in_force):
    # given a 6-month cut from 2 March (to 1 September), one ending before the month, other sanctions
    running = make_case(employee, sanction=Sanction.TPP_CUT_6, effective_on=date(2026, 3, 2))
    make_case(peer, sanction=Sanction.TPP_CUT_6, effective_on=date(2025, 1, 2))  # ended 1 July 2025
    make_case(supervisor, sanction=Sanction.RANK_DOWN_1Y, effective_on=date(2026, 3, 2))  # not a TPP cut
    suspended = make_case(unit_head, sanction=Sanction.TPP_CUT_12, effective_on=date(2026, 3, 2))
    object_to(suspended)
    make_case(world.outsider, sanction=Sanction.TPP_CUT_9, effective_on=date(2026, 3, 2), status=CaseStatus.DECIDED)
    # when the list of September 2026 is asked
    found = tpp_deductions(world.pemda.pk, date(2026, 9, 1))
    # then only the running cut, with its period and months remaining (September only)
    assert [row.case.pk for row in found.rows] == [running.pk]
    row = found.rows[0]
    assert (row.nip, row.cut_percent, row.start, row.end, row.months_remaining) == (
        employee.nip, 25, date(2026, 3, 2), date(2026, 9, 1), 1)
    assert row.decision_number == running.decision_number
    # a month before it starts: nothing; the first month: 7 months to go (March..September)
    assert tpp_deductions(world.pemda.pk, date(2026, 2, 1)).rows == []
    assert tpp_deductions(world.pemda.pk, date(2026, 3, 1)).rows[0].months_remaining == 7


def test_the_page_for_hr_executive_and_auditor(client, login, world, employee, in_force):
    make_case(employee, sanction=Sanction.TPP_CUT_9, effective_on=date(2026, 3, 2))
    url = reverse("discipline:tpp-deductions")
    for reader in (world.hr_admin, world.executive, world.auditor):
        login(reader)
        response = client.get(url, {"month": "2026-05"})
        assert response.status_code == 200
        assert employee.nip in response.content.decode()
    htmx = client.get(url, {"month": "2026-05"}, headers={"HX-Request": "true"})
    assert b"tpp-results" in htmx.content
    assert b"<html" not in htmx.content


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "outsider"])
def test_the_page_is_refused_to_others(client, login, world, persona):
    login(getattr(world, persona))
    assert client.get(reverse("discipline:tpp-deductions")).status_code == 403
    assert client.get(reverse("discipline:tpp-deductions-export")).status_code == 403


def test_a_bad_month_is_a_field_error(client, login, world):
    login(world.hr_admin)
    response = client.get(reverse("discipline:tpp-deductions"), {"month": "2026-13"})
    assert response.status_code == 422


def test_other_agencies_never_appear(client, login, world, in_force):
    other = world.other_pemda_employee
    salary_pp(world.other_pemda, True)
    make_case(other, sanction=Sanction.TPP_CUT_6, effective_on=date(2026, 3, 2))
    login(world.hr_admin)
    assert other.nip not in client.get(reverse("discipline:tpp-deductions"), {"month": "2026-05"}).content.decode()


def test_the_xlsx_has_no_formulas_and_is_audited(client, login, world, in_force):
    # given an employee whose name looks like a formula
    tricky = EmployeeFactory(position=world.staff_position, name="=HYPERLINK(\"http://x\")")
    make_case(tricky, sanction=Sanction.TPP_CUT_12, effective_on=date(2026, 3, 2), decision_number="+800/1/2026")
    login(world.hr_admin)
    response = client.get(reverse("discipline:tpp-deductions-export"), {"month": "2026-05"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    values = [cell.value for cell in cells]
    assert tricky.nip in values
    assert any(str(value).endswith("HYPERLINK(\"http://x\")") for value in values)
    event = AuditEvent.objects.get(action=DisciplineAudit.TPP_LIST_EXPORTED)
    assert event.actor_id == world.hr_admin.user.pk
    assert event.changes["month"] == [None, "2026-05"]
    assert event.changes["rows"] == [None, 1]


def test_the_page_has_a_constant_query_count(client, login, world, in_force):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(world.hr_admin)
    url = reverse("discipline:tpp-deductions")
    make_case(world.employee, sanction=Sanction.TPP_CUT_6, effective_on=date(2026, 3, 2))
    client.get(url, {"month": "2026-05"})  # warm the per-session caches
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"month": "2026-05"})
    for _ in range(6):
        make_case(EmployeeFactory(position=_new_position(world)), sanction=Sanction.TPP_CUT_9,
                  effective_on=date(2026, 3, 2))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"month": "2026-05"})
    assert response.content.decode().count('id="tpp-') >= 7
    assert len(many.captured_queries) == len(few.captured_queries)


def _new_position(world):
    from pamong.people.tests.factories import PositionFactory

    return PositionFactory(org_unit=world.division)
