"""/api/v1/mobility/promotions/due and /eligibility: the checks, the scope and the refusals (401/403/404/422)."""

from datetime import date

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.mobility import careers
from pamong.people.models import EducationHistory, Golongan, RankHistory
from pamong.people.services import employee_refresh_current

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


@pytest.fixture
def due(world):
    employee = world.employee
    RankHistory.objects.create(employee=employee, golongan=Golongan.objects.get(code="III/b"),
                               effective_date=date(2023, 3, 15))
    EducationHistory.objects.create(employee=employee, level="s1", institution="Universitas Tadulako",
                                    graduation_year=2000)
    employee_refresh_current(employee)
    return employee


def test_due_lists_the_month_with_checks(api_as, world, due):
    response = api_as(world.hr_admin).get("/mobility/promotions/due", {"period": "2027-04"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"] == "2027-04-01"
    item = next(row for row in body["items"] if row["employee"]["id"] == str(due.public_id))
    assert item["period"] == "2027-04-01"
    assert item["next_golongan"] == "III/c"
    codes = {check["code"]: check for check in item["checks"]}
    assert set(codes) == {careers.MIN_TIME_IN_RANK, careers.PERFORMANCE_BELOW_BAIK, careers.RESTRICTED,
                          careers.EDUCATION_CEILING}
    assert codes[careers.PERFORMANCE_BELOW_BAIK]["passed"] is None  # no predikat: to check
    assert all(check["rule"] for check in item["checks"])
    other = api_as(world.hr_admin).get("/mobility/promotions/due", {"period": "2027-05"}).json()
    assert str(due.public_id) not in {row["employee"]["id"] for row in other["items"]}


@pytest.mark.parametrize("period", ["2027-4", "2027-13", "april", ""])
def test_a_bad_period_is_422_with_its_code(api_as, world, period):
    response = api_as(world.hr_admin).get("/mobility/promotions/due", {"period": period})
    assert response.status_code == 422
    if period:
        assert response.json()["code"] == "mobility.invalid_period"


def test_anonymous_is_401(api_as, world):
    assert api_as(None).get("/mobility/promotions/due", {"period": "2027-04"}).status_code == 401
    assert api_as(None).get("/mobility/promotions/eligibility",
                            {"employee": str(world.employee.public_id)}).status_code == 401


@pytest.mark.parametrize("persona", ["employee", "peer"])
def test_an_employee_is_403(api_as, world, persona):
    client = api_as(getattr(world, persona))
    assert client.get("/mobility/promotions/due", {"period": "2027-04"}).status_code == 403
    assert client.get("/mobility/promotions/eligibility",
                      {"employee": str(getattr(world, persona).public_id)}).status_code == 403


def test_eligibility_gives_the_checks(api_as, world, due):
    response = api_as(world.executive).get("/mobility/promotions/eligibility", {"employee": str(due.public_id)})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period"] == "2027-04-01"
    assert {check["code"] for check in body["checks"]} >= {careers.MIN_TIME_IN_RANK, careers.RESTRICTED}


def test_eligibility_outside_the_scope_is_404(api_as, world, due):
    assert api_as(world.other_pemda_admin).get("/mobility/promotions/eligibility",
                                               {"employee": str(due.public_id)}).status_code == 404
    assert api_as(world.supervisor).get("/mobility/promotions/eligibility",
                                        {"employee": str(world.outsider.public_id)}).status_code == 404
    assert api_as(world.supervisor).get("/mobility/promotions/eligibility",
                                        {"employee": str(due.public_id)}).status_code == 200
    assert api_as(world.hr_admin).get("/mobility/promotions/eligibility",
                                      {"employee": "not-a-uuid"}).status_code == 422
