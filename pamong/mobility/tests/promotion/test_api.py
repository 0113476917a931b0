"""/api/v1/mobility/promotions/proposals: create, bulk, list, detail, decide; codes and query counts."""

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.mobility.promotion_models import PromotionProposal, ProposalStatus
from pamong.people.models import RankHistory

pytestmark = [pytest.mark.django_db]
BASE = "/mobility/promotions/proposals"


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def _propose(api_as, world, employee, kind="kp"):
    return api_as(world.hr_admin).post(BASE, {"employee": str(employee.public_id), "kind": kind})


def test_hr_proposes_and_another_hr_admin_approves(api_as, world, due, hr2):
    created = _propose(api_as, world, due)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["status"], body["from_golongan"], body["to_golongan"], body["tmt"]) == (
        "kp_regular", "pending", "III/b", "III/c", "2027-04-01")
    assert body["checks"]
    assert body["steps"][0]["state"] == "active"
    own = api_as(world.hr_admin).post(f"{BASE}/{body['id']}/decide", {"outcome": "approve"})
    assert (own.status_code, own.json()["code"]) == (403, "mobility.self_decision")
    decided = api_as(hr2).post(f"{BASE}/{body['id']}/decide", {"outcome": "approve"})
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "approved"
    assert decided.json()["decree_number"].startswith("800.1.3.2/")
    assert body["decree_number"] == ""
    assert decided.json()["steps"][0]["outcome"] == "approve"
    assert RankHistory.objects.filter(employee=due, golongan__code="III/c", effective_date="2027-04-01").exists()
    again = api_as(hr2).post(f"{BASE}/{body['id']}/decide", {"outcome": "reject", "reason": "x"})
    assert (again.status_code, again.json()["code"]) == (409, "mobility.not_pending")


def test_refusals_have_their_codes(api_as, world, due, hr2, blocked):
    assert _propose(api_as, world, world.hr_admin).json()["code"] == "mobility.self_decision"
    blocked.add(due.pk)
    refused = _propose(api_as, world, due)
    assert (refused.status_code, refused.json()["code"]) == (422, "mobility.restricted")
    blocked.clear()
    assert _propose(api_as, world, due).status_code == 201
    duplicate = _propose(api_as, world, due)
    assert (duplicate.status_code, duplicate.json()["code"]) == (409, "mobility.already_proposed")
    bad = api_as(world.hr_admin).post(BASE, {"employee": str(due.public_id), "kind": "kp", "extra": 1})
    assert bad.status_code == 422
    proposal = PromotionProposal.objects.get()
    reject = api_as(hr2).post(f"{BASE}/{proposal.public_id}/decide", {"outcome": "reject"})
    assert (reject.status_code, reject.json()["code"]) == (422, "approvals.reason_required")


def test_scope_roles_and_other_agency(api_as, world, due, hr2):
    proposal_id = _propose(api_as, world, due).json()["id"]
    assert api_as(None).get(BASE).status_code == 401
    assert api_as(world.employee).get(BASE).status_code == 403
    assert api_as(world.executive).get(f"{BASE}/{proposal_id}").status_code == 200
    assert api_as(world.executive).post(BASE, {"employee": str(due.public_id), "kind": "kgb"}).status_code == 403
    assert api_as(world.executive).post(f"{BASE}/{proposal_id}/decide", {"outcome": "approve"}).status_code == 403
    other = api_as(world.other_pemda_admin)
    assert other.get(f"{BASE}/{proposal_id}").status_code == 404
    assert other.post(f"{BASE}/{proposal_id}/decide", {"outcome": "approve"}).status_code == 404
    assert other.post(BASE, {"employee": str(due.public_id), "kind": "kp"}).status_code == 404
    assert other.get(BASE).json()["count"] == 0
    assert PromotionProposal.objects.get().status == ProposalStatus.PENDING


def test_bulk_reports_created_and_skipped(api_as, world, due, hr2):
    response = api_as(world.hr_admin).post(f"{BASE}/bulk", {"kind": "kp", "period": "2027-04"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert [item["employee"]["id"] for item in body["created"]] == [str(due.public_id)]
    assert all(item["code"] and item["reason"] for item in body["skipped"])
    assert api_as(world.hr_admin).post(f"{BASE}/bulk", {"kind": "kp", "period": "2027-4"}).status_code == 422
    assert api_as(world.auditor).post(f"{BASE}/bulk", {"kind": "kp", "period": "2027-04"}).status_code == 403


def test_list_filters_and_constant_queries(api_as, world, due, hr2, django_assert_max_num_queries):
    _propose(api_as, world, due)
    _propose(api_as, world, due, kind="kgb")
    client = api_as(world.executive)
    assert client.get(BASE, {"kind": "kgb"}).json()["count"] == 1
    assert client.get(BASE, {"status": "approved"}).json()["count"] == 0
    assert client.get(BASE, {"period": "2027-04"}).json()["count"] == 1
    assert client.get(BASE, {"period": "april"}).status_code == 422
    client.get(BASE)
    with django_assert_max_num_queries(8):
        client.get(BASE)
    from pamong.people.tests.factories import EmployeeFactory, PositionFactory

    for index in range(4):
        extra = EmployeeFactory(position=PositionFactory(org_unit=world.education, name=f"Staf {index}"))
        _propose(api_as, world, extra, kind="kgb")
    with django_assert_max_num_queries(8):
        assert client.get(BASE).json()["count"] == 6
