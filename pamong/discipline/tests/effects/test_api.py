"""/api/v1/discipline/restrictions and /tpp-deductions: scoped reads, refusals by status."""

from datetime import date

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.discipline.choices import CaseStatus, Sanction

from .factories import make_case, salary_pp

pytestmark = pytest.mark.django_db
EFFECTIVE = date(2026, 3, 2)


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "auditor", "employee", "supervisor", "unit_head"])
def test_restrictions_for_those_who_may_see_them(api_as, world, persona):
    case = make_case(world.employee, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE)
    response = api_as(getattr(world, persona)).get(
        "/discipline/restrictions", {"employee": str(world.employee.public_id), "on": "2026-04-01"})
    assert response.status_code == 200, response.content
    items = response.json()
    assert {item["source"] for item in items} == {"discipline.sanction", "discipline.award"}
    running = next(item for item in items if item["source"] == "discipline.sanction")
    assert running["blocks"] == ["mutation", "periodic_raise", "promotion"]
    assert running["start"] == "2026-03-02"
    assert running["end"] == case.ends_on.isoformat()
    assert running["reference"] == str(case.public_id)
    assert running["rule"]


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_restrictions_of_someone_out_of_scope_are_not_found(api_as, world, persona):
    make_case(world.employee, sanction=Sanction.TPP_CUT_6, effective_on=EFFECTIVE)
    response = api_as(getattr(world, persona)).get("/discipline/restrictions",
                                                   {"employee": str(world.employee.public_id)})
    assert response.status_code == 404


def test_restrictions_need_a_login_and_a_valid_date(api_as, world):
    params = {"employee": str(world.employee.public_id)}
    assert api_as(None).get("/discipline/restrictions", params).status_code == 401
    assert api_as(world.hr_admin).get("/discipline/restrictions", params | {"on": "2026-02-31"}).status_code == 422
    assert api_as(world.hr_admin).get("/discipline/restrictions", params).json() == []


def test_tpp_deductions_for_a_month(api_as, world):
    salary_pp(world.pemda, True)
    case = make_case(world.employee, sanction=Sanction.TPP_CUT_9, effective_on=EFFECTIVE)
    make_case(world.peer, sanction=Sanction.TPP_CUT_9, effective_on=EFFECTIVE, status=CaseStatus.DECIDED)
    response = api_as(world.auditor).get("/discipline/tpp-deductions", {"month": "2026-04"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["in_force"] is True
    assert [item["case"] for item in body["items"]] == [str(case.public_id)]
    item = body["items"][0]
    assert item["employee"]["nip"] == world.employee.nip
    assert item["sanction"] == Sanction.TPP_CUT_9
    assert item["cut_percent"] == 25
    assert item["months_remaining"] == 9  # April .. December 2026


@pytest.mark.parametrize("month", ["0000-01", "2026-13", "26-01"])
def test_tpp_deductions_refuse_a_month_that_is_no_date_with_422(api_as, world, month):
    response = api_as(world.hr_admin).get("/discipline/tpp-deductions", {"month": month})
    assert response.status_code == 422, response.content


def test_tpp_deductions_under_the_transitional_rule(api_as, world):
    body = api_as(world.hr_admin).get("/discipline/tpp-deductions", {"month": "2026-04"}).json()
    assert body["in_force"] is False
    assert body["items"] == []
    assert body["explanation"]


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head"])
def test_tpp_deductions_are_refused_to_others(api_as, world, persona):
    assert api_as(getattr(world, persona)).get("/discipline/tpp-deductions").status_code == 403


def test_a_bad_month_is_refused(api_as, world):
    assert api_as(world.hr_admin).get("/discipline/tpp-deductions", {"month": "2026-13"}).status_code == 422
