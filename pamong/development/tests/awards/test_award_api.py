"""/api/v1/development/awards: list (scoped), record and remove (HR), top performers, milestones; refusals by code."""

from datetime import date

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.development.choices import AwardKind
from pamong.development.models import Award
from pamong.people.tests.factories import EmployeeFactory

from .scenario import award, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def _body(**fields) -> dict:
    return {"employee": None, "kind": "employee_of_month", "awarded_on": "2026-06-05", "period": "2026-05",
            "decree_number": "800/12/2026"} | fields


def test_hr_records_lists_and_removes_an_award(api_as, world):
    api = api_as(world.hr_admin)
    created = api.post("/development/awards", _body(employee=str(world.employee.public_id)))
    assert created.status_code == 201, created.content
    award_id = created.json()["id"]
    assert created.json()["employee"]["nip"] == world.employee.nip
    listed = api.get("/development/awards", {"kind": "employee_of_month", "year": 2026})
    assert [item["id"] for item in listed.json()["items"]] == [award_id]
    assert api.delete(f"/development/awards/{award_id}").status_code == 422  # no reason
    assert api.delete(f"/development/awards/{award_id}?reason=Salah%20pegawai").status_code == 204
    assert not Award.objects.exists()


def test_refusals_carry_their_codes(api_as, world):
    api = api_as(world.hr_admin)
    young = EmployeeFactory(position=world.staff_position, first_appointment_date=date(2020, 1, 6))
    short = api.post("/development/awards", _body(employee=str(young.public_id), kind="satyalancana_10",
                                                  period=""))
    assert (short.status_code, short.json()["code"]) == (422, "development.award_not_eligible")
    api.post("/development/awards", _body(employee=str(world.employee.public_id)))
    taken = api.post("/development/awards", _body(employee=str(world.peer.public_id)))
    assert (taken.status_code, taken.json()["code"]) == (409, "development.award_exists")
    own = api.post("/development/awards", _body(employee=str(world.hr_admin.public_id), period="2026-04"))
    assert (own.status_code, own.json()["code"]) == (403, "development.self_decision")
    bad = api.post("/development/awards", _body(employee=str(world.peer.public_id), period="2026-5"))
    assert bad.status_code == 422
    extra = api.post("/development/awards", _body(employee=str(world.peer.public_id), predikat="x"))
    assert extra.status_code == 422
    assert Award.objects.count() == 1


def test_only_hr_writes(api_as, world):
    given = award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    for persona in ("employee", "supervisor", "executive", "auditor"):
        api = api_as(getattr(world, persona))
        assert api.post("/development/awards", _body(employee=str(world.peer.public_id))).status_code == 403
        assert api.delete(f"/development/awards/{given.public_id}?reason=x").status_code in (403, 404)
    assert api_as(None).get("/development/awards").status_code == 401
    assert Award.objects.count() == 1


def test_the_other_pemda_gets_404_and_unknown_references(api_as, world):
    given = award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    palu = api_as(world.other_pemda_admin)
    assert palu.get("/development/awards").json()["count"] == 0
    assert palu.delete(f"/development/awards/{given.public_id}?reason=x").status_code == 404
    foreign = palu.post("/development/awards", _body(employee=str(world.employee.public_id)))
    assert (foreign.status_code, foreign.json()["code"]) == (422, "development.unknown_reference")
    assert Award.objects.count() == 1


def test_an_employee_lists_their_own_awards_only(api_as, world):
    award(world.hr_admin, world.employee, AwardKind.AGENCY, title="Pegawai Teladan")
    award(world.hr_admin, world.outsider, AwardKind.AGENCY, title="Pegawai Teladan")
    mine = api_as(world.employee).get("/development/awards").json()
    assert [item["employee"]["nip"] for item in mine["items"]] == [world.employee.nip]
    filtered = api_as(world.hr_admin).get("/development/awards", {"employee": str(world.outsider.public_id)})
    assert filtered.json()["count"] == 1


def test_top_performers_and_milestones(api_as, world):
    rate(world.employee, evidence=2)
    rate(world.peer, evidence=3)
    soon = EmployeeFactory(position=world.staff_position, first_appointment_date=date(2016, 7, 1))
    api = api_as(world.executive)
    top = api.get("/development/awards/top-performers", {"period": "2026-05"})
    assert [(row["employee"]["nip"], row["evidence_count"]) for row in top.json()] == [
        (world.peer.nip, 3), (world.employee.nip, 2)]
    assert api.get("/development/awards/top-performers", {"period": "2026-13"}).status_code == 422
    ahead = api.get("/development/awards/milestones", {"within_days": 60}).json()
    assert [(row["employee"]["nip"], row["years"], row["reached_on"]) for row in ahead] == [
        (soon.nip, 10, "2026-07-01")]
    assert api_as(world.employee).get("/development/awards/milestones").status_code == 403
    assert api_as(world.employee).get("/development/awards/top-performers", {"period": "2026-05"}).status_code == 403
