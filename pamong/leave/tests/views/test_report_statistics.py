"""The leave statistics page and its .xlsx export: HR, executives and auditors of the agency only."""

import io
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.leave import exports
from pamong.leave.tests.factories import open_years, submit
from pamong.leave.tests.test_exports import build_statistics_data, decide
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_page_shows_the_counts_and_the_export_link(world, login, client):
    build_statistics_data(world)
    login(world.hr_admin)

    response = client.get(reverse("leave:statistics"), {"year": 2026})

    body = response.content.decode()
    assert response.status_code == 200
    assert world.education.name in body
    assert world.health.name in body
    assert response.context["totals"].total == 5
    assert response.context["totals"].approved_days == 10
    assert f'{reverse("leave:statistics-export")}?year=2026' in body
    assert 'id="leave-statistics-totals"' in body
    assert world.other_pemda_employee.current_unit.name not in body


def test_page_defaults_to_the_current_year(world, login, client):
    build_statistics_data(world)
    login(world.executive)

    response = client.get(reverse("leave:statistics"))

    assert response.status_code == 200
    assert response.context["year"] == 2026
    assert len(response.context["rows"]) == 4


def test_page_per_sub_unit(world, login, client):
    build_statistics_data(world)
    login(world.auditor)

    response = client.get(reverse("leave:statistics"), {"year": 2026, "unit": world.education.public_id})

    assert response.status_code == 200
    assert {row.unit_name for row in response.context["rows"]} == {world.division.name}
    assert f"unit={world.education.public_id}" in response.content.decode()


def test_htmx_renders_only_the_results(world, login, client):
    login(world.hr_admin)

    response = client.get(reverse("leave:statistics"), {"year": 2026}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="leave-statistics-results"' in body
    assert "<html" not in body


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "1800"}, {"unit": "not-a-uuid"}])
def test_bad_filters_are_a_clear_4xx(world, login, client, params):
    login(world.hr_admin)

    page = client.get(reverse("leave:statistics"), params)
    export = client.get(reverse("leave:statistics-export"), params)

    assert page.status_code == 422
    assert export.status_code == 422
    assert not AuditEvent.objects.filter(action="leave.statistics_exported").exists()


def test_a_unit_of_another_pemda_is_an_invalid_choice(world, login, client):
    login(world.other_pemda_admin)

    response = client.get(reverse("leave:statistics"), {"year": 2026, "unit": world.education.public_id})

    assert response.status_code == 422
    assert world.education.name not in response.content.decode()


@pytest.mark.parametrize("route", ["leave:statistics", "leave:statistics-export"])
@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "outsider"])
def test_employees_and_supervisors_are_forbidden(world, login, client, route, persona):
    login(getattr(world, persona))

    response = client.get(reverse(route), {"year": 2026})

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="leave.statistics_exported").exists()


def test_export_is_an_audited_workbook(world, login, client):
    build_statistics_data(world)
    login(world.hr_admin)

    response = client.get(reverse("leave:statistics-export"), {"year": 2026})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="statistik-cuti-2026.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == exports.statistics_headers()
    assert values[-1][-2:] == (5, 10)
    event = AuditEvent.objects.get(action="leave.statistics_exported")
    assert event.actor == world.hr_admin.user
    assert event.changes == {"year": [None, 2026], "unit": [None, ""], "rows": [None, 4]}


def test_page_queries_do_not_grow_with_rows(world, login, client):
    build_statistics_data(world)
    login(world.hr_admin)
    url = reverse("leave:statistics")
    client.get(url, {"year": 2026})  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"year": 2026})

    for index in range(4):
        staff = EmployeeFactory(position=PositionFactory(org_unit=world.health,
                                                         supervisor_position=world.outsider.current_position))
        open_years(staff, 2026)
        application = submit(staff, leave_type="CAP", ground="marriage", start_date=date(2026, 10, 5 + index),
                             end_date=date(2026, 10, 5 + index))
        if index % 2:
            decide(application, world.outsider)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"year": 2026})

    assert len(response.context["rows"]) == 5
    assert len(many.captured_queries) == len(few.captured_queries)
