"""Organisation ratings and the distribution curve (SE MenPANRB 3/2023) through the API."""

import pytest

from pamong.performance.models import OrganisationRatingRecord

from .conftest import agreed, ok, rate

pytestmark = pytest.mark.django_db


def _set(api, unit, period="2026-01", rating="baik", **extra):
    return api.post("/performance/organisation-ratings",
                    {"unit": str(unit.public_id), "period": period, "rating": rating, **extra})


def test_who_sets_an_organisation_rating(api_as, world):
    assert _set(api_as(world.employee), world.division).status_code == 403
    assert _set(api_as(world.supervisor), world.division).status_code == 403  # not one's own unit
    assert _set(api_as(world.other_pemda_admin), world.division).json()["extra"]["fields"].keys() == {"unit"}
    assert _set(api_as(world.hr_admin), world.division, rating="superb").status_code == 422
    assert _set(api_as(world.hr_admin), world.division, period="2026-13").json()["code"] == (
        "performance.invalid_period")

    first = ok(_set(api_as(world.unit_head), world.division, rating="baik"), 201)
    corrected = ok(_set(api_as(world.hr_admin), world.division, rating="istimewa", reason="Koreksi capaian"))

    assert first["id"] == corrected["id"]
    assert corrected["rating"] == "istimewa"
    assert corrected["unit"]["id"] == str(world.division.public_id)
    assert OrganisationRatingRecord.objects.get().rating == "istimewa"


def test_the_distribution_reports_counts_bounds_and_violated_codes(api_as, world):
    # given a bidang rated Baik where both rated staff are Baik: over 70 % Baik and nobody below
    for person in (world.employee, world.peer):
        plan = agreed(api_as, person, world.supervisor)
        ok(rate(api_as, plan, world.supervisor, work_result="meets", behaviour="meets"), 201)
    ok(_set(api_as(world.hr_admin), world.division, rating="baik"), 201)

    # when HR asks for the distribution of the bidang
    found = ok(api_as(world.hr_admin).get("/performance/distribution",
                                          {"unit": str(world.division.public_id), "period": "2026-01"}))

    # then the counts, the bounds and the violated rules are reported by code
    assert found["headcount"] == 2
    assert found["organisation_rating"] == "baik"
    assert found["counts"] == {"sangat_baik": 0, "baik": 2, "butuh_perbaikan": 0, "kurang": 0, "sangat_kurang": 0}
    bounds = {b["code"]: (b["predikat"], b["low"], b["high"], b["count"], b["violated"]) for b in found["bounds"]}
    assert bounds == {
        "distribution.baik_max": (["baik"], 0, 1, 2, True),
        "distribution.needs_low": (["butuh_perbaikan", "kurang"], 1, 2, 0, True),
    }
    assert found["violations"] == ["distribution.baik_max", "distribution.needs_low"]

    # and the Dinas (parent unit, no rating of its own) counts its tree but has no curve
    dinas = ok(api_as(world.hr_admin).get("/performance/distribution",
                                          {"unit": str(world.education.public_id), "period": "2026-01"}))
    assert dinas["headcount"] == 2
    assert dinas["organisation_rating"] is None
    assert dinas["violations"] == []


def test_a_calibration_clears_the_violation(api_as, world):
    evaluations = []
    for person in (world.employee, world.peer):
        plan = agreed(api_as, person, world.supervisor)
        evaluations.append(ok(rate(api_as, plan, world.supervisor, work_result="meets", behaviour="meets"), 201))
    ok(_set(api_as(world.hr_admin), world.division, rating="baik"), 201)

    ok(api_as(world.hr_admin).post(f"/performance/evaluations/{evaluations[1]['id']}/calibrate",
                                   {"work_result": "below", "behaviour": "meets", "reason": "Kurva distribusi"}))

    found = ok(api_as(world.hr_admin).get("/performance/distribution",
                                          {"unit": str(world.division.public_id), "period": "2026-01"}))
    assert found["violations"] == []
    assert found["counts"]["butuh_perbaikan"] == 1


def test_the_distribution_counts_only_what_the_caller_may_see(api_as, world):
    for person in (world.employee, world.peer):
        plan = agreed(api_as, person, world.supervisor)
        ok(rate(api_as, plan, world.supervisor), 201)
    params = {"unit": str(world.division.public_id), "period": "2026-01"}

    assert ok(api_as(world.employee).get("/performance/distribution", params))["headcount"] == 1
    assert ok(api_as(world.supervisor).get("/performance/distribution", params))["headcount"] == 2


def test_unknown_unit_or_period_is_refused(api_as, world):
    palu = api_as(world.other_pemda_admin).get("/performance/distribution", {"unit": str(world.division.public_id)})
    bad_period = api_as(world.hr_admin).get("/performance/distribution",
                                            {"unit": str(world.division.public_id), "period": "2026-X"})
    missing_unit = api_as(world.hr_admin).get("/performance/distribution")

    assert palu.status_code == 404
    assert (bad_period.status_code, bad_period.json()["code"]) == (422, "performance.invalid_period")
    assert missing_unit.status_code == 422
    assert set(missing_unit.json()["extra"]["fields"]) == {"unit"}


def test_the_period_defaults_to_this_years_annual(api_as, world):
    found = ok(api_as(world.hr_admin).get("/performance/distribution", {"unit": str(world.division.public_id)}))

    assert found["period"] == "2026"
    assert found["headcount"] == 0
