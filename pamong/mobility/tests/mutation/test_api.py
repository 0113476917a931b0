"""/api/v1/mobility/mutations and /eligibility: create, read, decide, codes; the list's queries do not grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pamong.mobility.mutation_models import MutationProposal
from pamong.mobility.services.mutation import mutation_create
from pamong.people.models import PositionHistory
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db
BASE = "/mobility/mutations"


def body(world, extra, **changes):
    values = {"employee": str(world.employee.public_id), "kind": "intra", "position": str(extra.target.public_id),
              "effective_date": extra.tmt.isoformat(), "reason": "Penguatan data kesehatan"}
    values.update(changes)
    return values


def test_propose_read_and_decide(api_as, world, extra):
    created = api_as(world.hr_admin).post(BASE, body(world, extra))
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["status"], data["kind"], data["steps"][0]["state"]) == ("pending", "intra", "active")
    assert {c["code"] for c in data["checks"]} >= {"mobility.min_time_in_post", "mobility.no_capacity"}
    for actor in (world.unit_head, world.outsider, world.executive):
        answer = api_as(actor).post(f"{BASE}/{data['id']}/decide", {"outcome": "approve"})
        assert answer.status_code == 200, answer.content
    own = api_as(world.hr_admin).post(f"{BASE}/{data['id']}/decide", {"outcome": "approve"})
    assert (own.status_code, own.json()["code"]) == (403, "mobility.not_authorised")
    decided = api_as(extra.hr2).post(f"{BASE}/{data['id']}/decide", {"outcome": "approve"})
    assert decided.status_code == 200
    assert decided.json()["status"] == "approved"
    assert decided.json()["decree_number"]
    again = api_as(extra.hr2).post(f"{BASE}/{data['id']}/decide", {"outcome": "approve"})
    assert (again.status_code, again.json()["code"]) == (409, "mobility.mutation_closed")
    assert PositionHistory.objects.filter(employee=world.employee, position=extra.target).count() == 1


def test_eligibility_endpoint(api_as, world, extra):
    answer = api_as(world.hr_admin).get("/mobility/eligibility", {"employee": str(world.employee.public_id),
                                                                  "position": str(extra.target.public_id)})
    assert answer.status_code == 200
    checks = {c["code"]: c for c in answer.json()}
    assert checks["mobility.no_capacity"]["passed"] is True
    assert checks["mobility.study_assignment"]["passed"] is None
    assert checks["mobility.min_time_in_post"]["rule"].startswith("Peraturan BKN 5/2019")
    other = api_as(world.other_pemda_admin).get("/mobility/eligibility", {"employee": str(world.employee.public_id)})
    assert other.status_code == 404
    peer = api_as(world.peer).get("/mobility/eligibility", {"employee": str(world.employee.public_id)})
    assert peer.status_code == 404


@pytest.mark.parametrize(("who", "status", "code"), [
    ("peer", 403, "mobility.not_authorised"), ("outsider", 403, "mobility.not_authorised"),
    ("other_pemda_admin", 404, "not_found"),
])
def test_refused_proposers(api_as, world, extra, who, status, code):
    answer = api_as(getattr(world, who)).post(BASE, body(world, extra))
    assert answer.status_code == status
    if status == 403:
        assert answer.json()["code"] == code
    assert not MutationProposal.objects.exists()


def test_check_codes_and_input_errors(api_as, world, extra):
    EmployeeFactory(position=extra.target, name="Penghuni")
    full = api_as(world.hr_admin).post(BASE, body(world, extra))
    assert (full.status_code, full.json()["code"]) == (422, "mobility.no_capacity")
    assert any(c["code"] == "mobility.no_capacity" for c in full.json()["extra"]["checks"])
    past = api_as(world.hr_admin).post(BASE, body(world, extra, effective_date="2020-01-01"))
    assert (past.status_code, past.json()["code"]) == (422, "mobility.invalid_mutation")
    external = api_as(world.hr_admin).post(BASE, body(world, extra, kind="central", position=None))
    assert external.status_code == 422
    assert "destination_agency" in external.json()["extra"]["fields"]
    foreign = api_as(world.hr_admin).post(BASE, body(world, extra, position=str(
        world.other_pemda_employee.current_position.public_id)))
    assert (foreign.status_code, foreign.json()["code"]) == (422, "mobility.unknown_reference")


def test_own_request_lock_to_another_agency(api_as, world, extra):
    young = EmployeeFactory(position=world.staff_position, name="Pegawai Muda",
                            first_appointment_date=timezone.localdate() - timedelta(days=4 * 365),
                            pns_appointment_date=timezone.localdate() - timedelta(days=3 * 365))
    PositionHistory.objects.filter(employee=young).update(effective_date=timezone.localdate() - timedelta(days=800))
    answer = api_as(young).post(BASE, {"employee": str(young.public_id), "kind": "inter_regional",
                                       "destination_agency": "Pemerintah Kota Palu",
                                       "destination_position": "Pengelola Data",
                                       "effective_date": extra.tmt.isoformat()})
    assert (answer.status_code, answer.json()["code"]) == (422, "mobility.appointee_lock")


def _more_proposals(world, extra, count: int) -> None:
    for index in range(count):
        person = EmployeeFactory(position=world.staff_position, name=f"Orang {index}")
        post = PositionFactory(org_unit=world.health, name=f"Staf Kesehatan {index}", capacity=1)
        mutation_create(actor=world.hr_admin.user, employee=person, kind="intra", position=post,
                        effective_date=extra.tmt, submit=index % 2 == 0)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(BASE).status_code == 200
    return len(captured.captured_queries)


def test_list_scoped_filtered_and_constant_queries(api_as, world, extra):
    api_as(world.hr_admin).post(BASE, body(world, extra))
    client = api_as(world.hr_admin)
    few = _queries(client)
    _more_proposals(world, extra, 5)
    assert _queries(client) <= few
    assert client.get(BASE).json()["count"] == 6
    assert client.get(BASE, {"status": "draft"}).json()["count"] == 2
    assert client.get(BASE, {"kind": "central"}).json()["count"] == 0
    assert api_as(world.peer).get(BASE).json()["count"] == 0
    assert api_as(world.employee).get(BASE).json()["count"] == 1
    assert api_as(world.other_pemda_admin).get(BASE).json()["count"] == 0
