"""Ratings through the API: derived predikat, who may rate, the windows, objections and calibration."""

import pytest
import time_machine

from pamong.audit.models import AuditEvent
from pamong.performance.audit import PerformanceAudit
from pamong.performance.choices import ObjectionStatus, Predikat
from pamong.performance.models import Calibration, Evaluation, Objection

from .conftest import agreed, ok, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(api_as, world):
    """The employee's agreed 2026 SKP (appraiser: the supervisor)."""
    return agreed(api_as, world.employee, world.supervisor)


@pytest.fixture
def evaluation(api_as, world, plan):
    """January 2026 rated Baik on 2 February 2026."""
    return ok(rate(api_as, plan, world.supervisor), 201)


def test_a_predikat_in_the_body_is_refused_and_nothing_is_rated(api_as, world, plan):
    with time_machine.travel("2026-02-02 09:00+08:00", tick=False):
        response = api_as(world.supervisor).post(f"/performance/plans/{plan['id']}/evaluations", {
            "period": "2026-01", "work_result": "below", "behaviour": "below", "predikat": "sangat_baik"})

    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "performance.predikat_is_derived"
    assert set(body["extra"]["fields"]) == {"predikat"}
    assert not Evaluation.objects.exists()


def test_other_unknown_fields_are_refused_too(api_as, world, plan):
    with time_machine.travel("2026-02-02 09:00+08:00", tick=False):
        response = api_as(world.supervisor).post(f"/performance/plans/{plan['id']}/evaluations", {
            "period": "2026-01", "work_result": "meets", "behaviour": "meets", "evaluator": "someone"})

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert set(response.json()["extra"]["fields"]) == {"evaluator"}


@pytest.mark.parametrize(
    ("work_result", "behaviour", "predikat"),
    [("above", "above", Predikat.SANGAT_BAIK), ("above", "below", Predikat.KURANG),
     ("below", "meets", Predikat.BUTUH_PERBAIKAN), ("below", "below", Predikat.SANGAT_KURANG)],
)
def test_the_predikat_comes_from_the_matrix(api_as, world, plan, work_result, behaviour, predikat):
    response = rate(api_as, plan, world.supervisor, work_result=work_result, behaviour=behaviour)

    assert ok(response, 201)["predikat"] == predikat


def test_nobody_rates_themselves(api_as, world, plan):
    response = rate(api_as, plan, world.employee)

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Evaluation.objects.exists()


def test_someone_visible_but_not_the_appraiser_may_not_rate(api_as, world, plan):
    assert rate(api_as, plan, world.hr_admin).status_code == 403
    assert rate(api_as, plan, world.unit_head).status_code == 403  # above the appraiser, not the appraiser


def test_the_evaluation_window_is_enforced(api_as, world, plan):
    early = rate(api_as, plan, world.supervisor, when="2026-01-20 09:00+08:00")
    late = rate(api_as, plan, world.supervisor, when="2026-02-15 09:00+08:00")

    for response, code in ((early, "performance.evaluation_window_not_open"),
                           (late, "performance.evaluation_window_closed")):
        assert response.status_code == 422
        assert response.json()["code"] == code
        assert set(response.json()["extra"]["fields"]) == {"period"}
    assert not Evaluation.objects.exists()
    assert rate(api_as, plan, world.supervisor, when="2026-02-14 16:00+08:00").status_code == 201


def test_a_second_rating_of_the_period_conflicts(api_as, world, plan, evaluation):
    again = rate(api_as, plan, world.supervisor, work_result="above")

    assert (again.status_code, again.json()["code"]) == (409, "performance.already_rated")


def test_a_unit_heads_work_result_follows_the_organisation_rating(api_as, world):
    # given the Kepala Bidang's agreed SKP, appraised by the Kepala Dinas
    plan = agreed(api_as, world.supervisor, world.unit_head)

    # when the bidang has no organisation rating yet, then the rating waits for it
    missing = rate(api_as, plan, world.unit_head, work_result="below")
    assert (missing.status_code, missing.json()["code"]) == (422, "performance.organisation_rating_missing")

    # when the Kepala Dinas rates the bidang Istimewa, then the head's work result is "above" whatever is sent
    ok(api_as(world.unit_head).post("/performance/organisation-ratings", {
        "unit": str(world.division.public_id), "period": "2026-01", "rating": "istimewa"}), 201)
    rated = ok(rate(api_as, plan, world.unit_head, work_result="below", behaviour="above"), 201)
    assert rated["work_result"] == "above"
    assert rated["work_result_from_organisation"] is True
    assert rated["predikat"] == Predikat.SANGAT_BAIK


def test_objection_within_the_window_then_decided_by_the_appraisers_supervisor(api_as, world, evaluation):
    url = f"/performance/evaluations/{evaluation['id']}/objections"
    with time_machine.travel("2026-02-16 09:00+08:00", tick=False):
        by_rater = api_as(world.supervisor).post(url, {"text": "Bukan hak saya"})
        objection = ok(api_as(world.employee).post(url, {"text": "Target Januari terlampaui, lihat bukti"}), 201)
        twice = api_as(world.employee).post(url, {"text": "Lagi"})

    assert by_rater.status_code == 403
    assert objection["status"] == ObjectionStatus.PENDING
    assert objection["evaluation_id"] == evaluation["id"]
    assert (twice.status_code, twice.json()["code"]) == (409, "performance.objection_exists")
    decide = f"/performance/objections/{objection['id']}/decide"
    body = {"upheld": True, "decision": "Bukti mendukung", "work_result": "above", "behaviour": "above"}
    assert api_as(world.supervisor).post(decide, body).status_code == 403  # the rater does not judge the objection
    assert api_as(world.employee).post(decide, body).status_code == 403
    with_predikat = api_as(world.unit_head).post(decide, {**body, "predikat": "baik"})
    assert with_predikat.json()["code"] == "performance.predikat_is_derived"

    decided = ok(api_as(world.unit_head).post(decide, body))

    assert decided["status"] == ObjectionStatus.UPHELD
    assert decided["decided_by"]["id"] == str(world.unit_head.public_id)
    assert decided["evaluation"]["predikat"] == Predikat.SANGAT_BAIK
    assert Evaluation.objects.get(public_id=evaluation["id"]).predikat == Predikat.SANGAT_BAIK
    assert AuditEvent.objects.filter(action=PerformanceAudit.OBJECTION_DECIDED).count() == 1
    again = api_as(world.unit_head).post(decide, {"upheld": False, "decision": "Ulang"})
    assert (again.status_code, again.json()["code"]) == (409, "performance.objection_decided")


def test_an_objection_after_fourteen_days_is_refused(api_as, world, evaluation):
    with time_machine.travel("2026-02-17 09:00+08:00", tick=False):  # rated 2 February: the window closed on the 16th
        response = api_as(world.employee).post(f"/performance/evaluations/{evaluation['id']}/objections",
                                               {"text": "Terlambat"})

    assert response.status_code == 422
    assert response.json()["code"] == "performance.objection_window_closed"
    assert not Objection.objects.exists()


def test_calibration_needs_the_authorised_official_and_a_reason(api_as, world, evaluation):
    url = f"/performance/evaluations/{evaluation['id']}/calibrate"
    body = {"work_result": "below", "behaviour": "meets", "reason": "Kuota Baik terlampaui (SE 3/2023)"}

    assert api_as(world.employee).post(url, body).status_code == 403
    assert api_as(world.supervisor).post(url, body).status_code == 403
    assert api_as(world.peer).post(url, body).status_code == 404
    no_reason = api_as(world.hr_admin).post(url, {**body, "reason": " "})
    assert (no_reason.status_code, no_reason.json()["code"]) == (422, "performance.reason_required")
    assert api_as(world.hr_admin).post(url, {**body, "predikat": "baik"}).json()["code"] == (
        "performance.predikat_is_derived")

    calibrated = ok(api_as(world.hr_admin).post(url, body))

    assert (calibrated["old_predikat"], calibrated["new_predikat"]) == (Predikat.BAIK, Predikat.BUTUH_PERBAIKAN)
    assert calibrated["evaluation"]["predikat"] == Predikat.BUTUH_PERBAIKAN
    assert Calibration.objects.get().reason == body["reason"]
