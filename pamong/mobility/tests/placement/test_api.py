"""/api/v1/mobility/placements/runs: solve, read, loss, manual plan; the refusals with their codes."""

import pytest

from pamong.api.tests.conftest import ApiClient, make_token

from .conftest import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


@pytest.fixture(autouse=True)
def _mounted(api_as, world):
    if api_as(world.hr_admin).get("/mobility/placements/runs").status_code == 404:
        pytest.skip("the placement router is not mounted on /api/v1/mobility yet")


def body(world, problem, **extra):
    return {"positions": ids([problem.analyst, problem.clerk, problem.data]),
            "candidates": ids(problem.candidates), **extra}


def test_solve_read_loss_and_plan(api_as, world, problem):
    hr = api_as(world.hr_admin)
    created = hr.post("/mobility/placements/runs", body(world, problem, weights={"competency": 2},
                                                        constraints={"min_score": 0.1}, name="Rotasi"))
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["solver"] == "scipy.optimize.linear_sum_assignment"
    assert len(data["scores"]) == 4
    assert len(data["scores"][0]) == 3
    assert data["scores"][0][0] is None  # the III/a employee for the Ahli Muda post
    assert {pair["position"] for pair in data["assignment"]} | set(data["unfilled"]) == set(data["positions"])
    assert data["weights"]["competency"] == 2
    assert set(data["assignment"][0]["components"]) == {"competency", "education", "field", "rank", "predikat",
                                                        "tenure", "unit"}
    read = api_as(world.executive).get(f"/mobility/placements/runs/{data['id']}")
    assert read.status_code == 200
    assert read.json()["total_score"] == data["total_score"]
    pair = data["assignment"][0]
    loss = api_as(world.auditor).get(f"/mobility/placements/runs/{data['id']}/loss",
                                     {"employee": pair["employee"], "position": pair["position"]})
    assert loss.status_code == 200
    assert loss.json()["loss"] == pytest.approx(0, abs=1e-9)
    plan = hr.post(f"/mobility/placements/runs/{data['id']}/manual-plan",
                   {"pairs": [[str(world.peer.public_id), str(problem.data.public_id)]]})
    assert plan.status_code == 200, plan.content
    assert plan.json()["optimal_total"] >= plan.json()["manual_total"]
    listed = hr.get("/mobility/placements/runs")
    assert listed.json()["count"] == 1
    assert listed.json()["items"][0]["assigned_count"] == len(data["assignment"])


def test_refusals(api_as, world, problem):
    anonymous = api_as(None).post("/mobility/placements/runs", body(world, problem))
    assert anonymous.status_code == 401
    for who in ("employee", "executive", "other_pemda_admin"):
        refused = api_as(getattr(world, who)).post("/mobility/placements/runs", body(world, problem))
        expected = 422 if who == "other_pemda_admin" else 403
        assert refused.status_code == expected, (who, refused.content)
    hr = api_as(world.hr_admin)
    other = hr.post("/mobility/placements/runs", {"positions": ids([problem.data]),
                                                  "candidates": ids([world.other_pemda_employee])})
    assert other.status_code == 422
    assert other.json()["code"] == "mobility.unknown_reference"
    self_run = hr.post("/mobility/placements/runs", {"positions": ids([problem.data]),
                                                     "candidates": ids([world.hr_admin])})
    assert self_run.status_code == 403
    assert self_run.json()["code"] == "mobility.self_decision"
    bad = hr.post("/mobility/placements/runs", body(world, problem, weights={"luck": 1}))
    assert bad.status_code == 422
    created = hr.post("/mobility/placements/runs", body(world, problem)).json()
    for who in ("employee", "unit_head", "other_pemda_admin"):
        assert api_as(getattr(world, who)).get(f"/mobility/placements/runs/{created['id']}").status_code == 404
    excluded = hr.post(f"/mobility/placements/runs/{created['id']}/manual-plan",
                       {"pairs": [[str(world.employee.public_id), str(problem.analyst.public_id)]]})
    assert excluded.status_code == 422
    assert excluded.json()["code"] == "mobility.excluded_pair"
    assert api_as(world.executive).post(f"/mobility/placements/runs/{created['id']}/manual-plan",
                                        {"pairs": []}).status_code == 403
