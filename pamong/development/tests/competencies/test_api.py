"""/api/v1/development competencies, standards, assessments, gaps: happy paths and refusals."""

import json

import pytest

from pamong.api.tests.conftest import API, ApiClient, make_token
from pamong.development.models import CompetencyAssessment, CompetencyStandard


@pytest.fixture
def api_as(client, db):
    def _as(actor):
        return ApiClient(client, make_token(actor))

    return _as


def _put(api, path, body):
    return api.client.put(API + path, json.dumps(body), content_type="application/json", headers=api.headers)


LEVELS = [f"Deskripsi {n}" for n in range(1, 6)]


def test_competencies_list_and_create(world, api_as, dictionary):
    hr = api_as(world.hr_admin)
    response = hr.get("/development/competencies", {"kind": "manajerial"})
    assert response.status_code == 200
    assert [item["code"] for item in response.json()["items"]] == ["M1", "M2"]
    assert response.json()["items"][0]["id"] == str(dictionary["integrity"].public_id)
    response = hr.post("/development/competencies", {"code": "TK1", "name": "Surveilans", "kind": "teknis",
                                                     "field": "Kesehatan", "levels": LEVELS})
    assert response.status_code == 201
    assert len(response.json()["levels"]) == 5
    response = hr.post("/development/competencies", {"code": "tk1", "name": "Lagi", "kind": "teknis",
                                                     "levels": LEVELS})
    assert (response.status_code, response.json()["code"]) == (422, "development.competency_exists")
    response = api_as(world.employee).post("/development/competencies", {"code": "X", "name": "X",
                                                                         "kind": "teknis", "levels": LEVELS})
    assert response.status_code == 403
    response = hr.post("/development/competencies", {"code": "X", "name": "X", "kind": "teknis", "levels": LEVELS[:4]})
    assert response.status_code == 422


def test_standards_get_and_put(world, api_as, dictionary):
    hr = api_as(world.hr_admin)
    path = f"/development/standards?position={world.staff_position.public_id}"
    body = {"items": [{"competency_id": str(dictionary["integrity"].public_id), "required_level": 2}]}
    response = _put(hr, path, body)
    assert response.status_code == 200
    levels = {item["competency"]["code"]: item["required_level"] for item in response.json()["items"]}
    assert levels == {"M1": 2, "M2": None, "TP2": None}
    assert api_as(world.employee).get(path).status_code == 200
    assert _put(api_as(world.supervisor), path, body).status_code == 403
    assert api_as(world.other_pemda_admin).get(path).status_code == 404
    foreign = {"items": [{"competency_id": str(dictionary["foreign"].public_id), "required_level": 2}]}
    response = _put(hr, path, foreign)
    assert (response.status_code, response.json()["code"]) == (422, "development.unknown_reference")
    assert _put(hr, path, {"items": [{"competency_id": str(dictionary["data"].public_id),
                                      "required_level": 6}]}).status_code == 422
    assert CompetencyStandard.objects.count() == 1


def test_assessments_post(world, api_as, dictionary):
    body = {"employee_id": str(world.employee.public_id), "competency_id": str(dictionary["integrity"].public_id),
            "level": 3, "source": "supervisor", "assessed_on": "2026-03-01"}
    response = api_as(world.supervisor).post("/development/assessments", body)
    assert response.status_code == 201
    assert response.json()["employee"]["nip"] == world.employee.nip
    response = api_as(world.employee).post("/development/assessments", body)
    assert (response.status_code, response.json()["code"]) == (422, "development.self_assessment")
    response = api_as(world.supervisor).post("/development/assessments", {**body, "source": "assessment_centre"})
    assert response.status_code == 403
    response = api_as(world.outsider).post("/development/assessments", body)  # not theirs to see: like unknown
    assert (response.status_code, response.json()["code"]) == (422, "development.unknown_reference")
    response = api_as(world.hr_admin).post("/development/assessments", {**body, "level": 0})
    assert response.status_code == 422
    assert CompetencyAssessment.objects.count() == 1


def test_gaps(world, api_as, dictionary, standards):
    response = api_as(world.employee).get("/development/gaps", {"employee": str(world.employee.public_id)})
    assert response.status_code == 200
    assert {item["competency"]["code"]: item["gap"] for item in response.json()["employee_gaps"]} == {"M1": 2, "TP2": 3}
    response = api_as(world.hr_admin).get("/development/gaps")
    assert [line["competency"]["code"] for line in response.json()["competencies"]] == ["M1", "TP2"]
    response = api_as(world.hr_admin).get("/development/gaps", {"unit": str(world.division.public_id)})
    assert response.json()["unit"]["id"] == str(world.division.public_id)
    assert api_as(world.employee).get("/development/gaps").status_code == 403
    assert api_as(world.peer).get("/development/gaps", {"employee": str(world.employee.public_id)}
                                  ).status_code == 404
    assert api_as(world.unit_head).get("/development/gaps", {"unit": str(world.health.public_id)}).status_code == 404
    response = api_as(world.hr_admin).get("/development/gaps", {"unit": str(world.division.public_id),
                                                                "employee": str(world.employee.public_id)})
    assert (response.status_code, response.json()["code"]) == (422, "development.invalid_filter")
