"""/api/v1/discipline: cases (scoped), the steps with their codes, and /authority."""

import pytest

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.discipline.choices import CaseStatus

from .factories import open_case, to_examined

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def test_workflow_through_the_api(api_as, world):
    hr = api_as(world.hr_admin)
    created = hr.post("/discipline/cases", {"employee": str(world.employee.public_id), "kind": "other",
                                            "description": "Meninggalkan tugas", "occurred_from": "2026-03-02",
                                            "occurred_to": "2026-03-02"})
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    again = hr.post("/discipline/cases", {"employee": str(world.employee.public_id), "kind": "other",
                                          "description": "x", "occurred_from": "2026-03-02",
                                          "occurred_to": "2026-03-02"})
    assert again.status_code == 409
    assert again.json()["code"] == "discipline.case_open"
    late = hr.post(f"/discipline/cases/{case_id}/summons", {"issued_on": "2026-03-02", "examination_on": "2026-03-20",
                                                             "place": "BKPSDM"})
    assert late.status_code == 422
    assert late.json()["code"] == "discipline.deadline_passed"
    ok = hr.post(f"/discipline/cases/{case_id}/summons", {"issued_on": "2026-03-02", "examination_on": "2026-03-05",
                                                           "place": "BKPSDM"})
    assert ok.json()["status"] == CaseStatus.SUMMONED
    exam = hr.post(f"/discipline/cases/{case_id}/examinations", {
        "held_on": "2026-03-05", "mode": "virtual", "questions_answers": "T/J", "findings": "Terbukti"})
    assert exam.json()["status"] == CaseStatus.EXAMINED
    refused = api_as(world.unit_head).post(f"/discipline/cases/{case_id}/decision",
                                           {"sanction": "teguran_lisan", "reason": "x"})
    assert refused.status_code == 403
    assert refused.json()["code"] == "discipline.not_authorised"
    assert world.supervisor.full_name in refused.json()["message"]
    decided = api_as(world.supervisor).post(f"/discipline/cases/{case_id}/decision",
                                            {"sanction": "teguran_lisan", "reason": "Terbukti",
                                             "decided_on": "2026-03-09"})
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision_number"]
    delivered = hr.post(f"/discipline/cases/{case_id}/delivery", {"delivered_on": "2026-03-10"})
    assert delivered.json()["effective_on"] == "2026-03-31"
    objection = api_as(world.employee).post(f"/discipline/cases/{case_id}/objections",
                                            {"text": "Keberatan", "filed_on": "2026-03-12"})
    assert objection.status_code == 201
    assert objection.json()["status"] == CaseStatus.OBJECTED


def test_self_and_scope(api_as, world):
    case = open_case(world.hr_admin, world.employee)
    assert api_as(world.outsider).get(f"/discipline/cases/{case.public_id}").status_code == 404
    assert api_as(world.other_pemda_admin).get(f"/discipline/cases/{case.public_id}").status_code == 404
    assert api_as(world.employee).get(f"/discipline/cases/{case.public_id}").status_code == 200
    assert api_as(world.peer).get("/discipline/cases").json()["count"] == 0
    mine = api_as(world.hr_admin).post("/discipline/cases", {"employee": str(world.hr_admin.public_id),
                                                             "description": "x"})
    assert mine.status_code == 403
    assert mine.json()["code"] == "discipline.self_decision"


def test_berat_team_required(api_as, world):
    case = to_examined(world.hr_admin, world.employee)
    response = api_as(world.hr_admin).post(f"/discipline/cases/{case.public_id}/decision",
                                           {"sanction": "pdh", "reason": "x"})
    assert response.json()["code"] == "discipline.examination_team_required"


def test_authority(api_as, world):
    api = api_as(world.auditor)
    response = api.get("/discipline/authority", {"employee": str(world.employee.public_id), "sanction": "kp_delay_1y"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["level"] == "sedang"
    assert {o["role"] for o in body["officials"]} == {"jpt", "ppk"}
    assert api_as(world.employee).get("/discipline/authority", {"employee": str(world.employee.public_id),
                                                                "sanction": "pdh"}).status_code == 403
    # another agency's employee is not found, as every read of an object the caller does not see
    assert api_as(world.other_pemda_admin).get("/discipline/authority", {
        "employee": str(world.employee.public_id), "sanction": "pdh"}).status_code == 404
