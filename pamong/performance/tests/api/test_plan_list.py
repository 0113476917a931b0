"""GET /performance/plans: filters, paging, and a query count that does not grow with rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.people.tests.factories import EmployeeFactory
from pamong.performance import services

from .conftest import draft, ok

pytestmark = pytest.mark.django_db


def test_filters_by_year_employee_and_status(api_as, world):
    mine = draft(api_as(world.employee))
    peer = draft(api_as(world.peer))
    ok(api_as(world.peer).post(f"/performance/plans/{peer['id']}/submit"))
    older = ok(api_as(world.employee).post("/performance/plans", {"year": 2025}), 201)
    api = api_as(world.supervisor)

    def ids(params):
        return [item["id"] for item in ok(api.get("/performance/plans", params))["items"]]

    assert set(ids({})) == {mine["id"], peer["id"], older["id"]}
    assert set(ids({"year": 2026})) == {mine["id"], peer["id"]}
    assert ids({"employee": str(world.employee.public_id), "year": 2025}) == [older["id"]]
    assert ids({"status": "submitted"}) == [peer["id"]]
    page = ok(api.get("/performance/plans", {"limit": 1, "offset": 1}))
    assert page["count"] == 3
    assert len(page["items"]) == 1
    assert api.get("/performance/plans", {"status": "bogus"}).status_code == 422
    assert api.get("/performance/plans", {"limit": 101}).status_code == 422


def test_list_queries_do_not_grow_with_rows(api_as, world, django_assert_num_queries):
    api = api_as(world.hr_admin)

    def add_plans(count: int) -> None:
        for person in EmployeeFactory.create_batch(count, position=world.staff_position):
            services.skp_create(actor=person.user, employee=person, year=2026)

    add_plans(1)
    api.get("/performance/plans")  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as one_row:
        assert ok(api.get("/performance/plans"))["count"] == 1
    expected = len(one_row.captured_queries)  # read now: each request resets connection.queries
    assert expected > 0

    add_plans(9)
    with django_assert_num_queries(expected):
        assert ok(api.get("/performance/plans"))["count"] == 10


def test_detail_queries_do_not_grow_with_results(api_as, world, django_assert_num_queries):
    plan = draft(api_as(world.employee))
    api = api_as(world.employee)
    api.get(f"/performance/plans/{plan['id']}")
    with CaptureQueriesContext(connection) as small:
        api.get(f"/performance/plans/{plan['id']}")
    expected = len(small.captured_queries)  # read now: each request resets connection.queries
    assert expected > 0

    for n in range(4):
        result = ok(api.post(f"/performance/plans/{plan['id']}/results", {"text": f"Hasil {n}"}), 201)
        ok(api.post(f"/performance/results/{result['id']}/indicators",
                    {"name": f"Indikator {n}", "aspect": "quality", "target_value": 90, "unit": "%"}), 201)
    with django_assert_num_queries(expected):
        assert len(ok(api.get(f"/performance/plans/{plan['id']}"))["results"]) == 5
