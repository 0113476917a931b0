"""/api/v1/feedback/ (issue #14): the public questionnaire for integrations with the page's limits, and the staff
operations with the pages' scope."""

import hashlib
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.feedback import proof_of_work
from pamong.feedback.models import SurveyResponse
from pamong.feedback.tests.factories import ServicePointFactory, SurveyPeriodFactory, paper_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("easy_public_forms")]


@pytest.fixture
def period(world):
    today = timezone.localdate()
    return SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user, name="Semester ini",
                               start_date=today - timedelta(days=30), end_date=today + timedelta(days=150))


@pytest.fixture
def point(world, period):
    return ServicePointFactory(org_unit=world.staff_position.org_unit, name="Loket Dapodik", yearly_users=200,
                               created_by=world.hr_admin.user)


def answered(anonymous, point, **overrides):
    challenge = anonymous.get(f"/feedback/public/points/{point.code}").json()["challenge"]
    body = {"answers": {f"U{n}": 4 for n in range(1, 10)}, "device_key": "kiosk-device-key-0001",
            "pow_token": challenge["token"], "pow_counter": proof_of_work.solve(challenge["token"]),
            "profile": {"gender": "m"}, "comment": "Baik"}
    body.update(overrides)
    return body


def test_an_integration_reads_the_questionnaire_and_sends_one(client, point):
    anonymous = ApiClient(client)
    page = anonymous.get(f"/feedback/public/points/{point.code}")
    assert page.status_code == 200
    data = page.json()
    assert (data["name"], data["open"], len(data["questions"])) == ("Loket Dapodik", True, 9)
    assert data["questions"][3]["code"] == "U4"
    assert len(data["questions"][3]["options"]) == 4
    assert set(data) == {"code", "name", "unit", "agency", "open", "questions", "challenge"}
    sent = anonymous.post(f"/feedback/public/points/{point.code}/responses", answered(anonymous, point))
    assert sent.status_code == 201, sent.json()
    saved = SurveyResponse.objects.get(public_id=sent.json()["id"])
    assert (saved.u1, saved.u9, saved.gender, saved.channel) == (4, 4, "m", "online")
    again = anonymous.post(f"/feedback/public/points/{point.code}/responses", answered(anonymous, point))
    assert again.status_code == 409
    assert again.json()["code"] == "feedback.already_answered_today"


def test_the_public_api_refuses_without_work_bad_answers_and_floods(client, point, settings):
    anonymous = ApiClient(client)
    path = f"/feedback/public/points/{point.code}/responses"
    body = answered(anonymous, point)
    token = body["pow_token"]
    wrong = next(str(n) for n in range(100) if proof_of_work.leading_zero_bits(
        hashlib.sha256(f"{token}:{n}".encode()).digest()) < 4)
    unsolved = anonymous.post(path, {**body, "pow_counter": wrong})
    assert unsolved.status_code == 400
    assert unsolved.json()["code"] == "feedback.proof_of_work"
    bad = anonymous.post(path, answered(anonymous, point, answers={"U1": 5}))
    assert bad.status_code == 422
    assert anonymous.post(path, {**answered(anonymous, point), "extra": 1}).status_code == 422
    assert anonymous.get("/feedback/public/points/unknowncode1").status_code == 404
    assert not SurveyResponse.objects.exists()
    settings.PAMONG_SKM_SUBMISSIONS_PER_ADDRESS_HOUR = 1
    cache.clear()
    statuses = [anonymous.post(path, answered(anonymous, point, answers={"U1": 0})).status_code for _ in range(2)]
    assert statuses == [422, 429]


def test_hr_creates_a_point_records_paper_and_reads_the_results(client, world, point, period):
    hr = ApiClient(client, make_token(world.hr_admin))
    created = hr.post("/feedback/points", {"unit": str(world.staff_position.org_unit.public_id),
                                           "name": "Loket Mutasi", "yearly_users": 1000})
    assert created.status_code == 201, created.json()
    assert len(created.json()["code"]) >= 10
    batch = {"period": str(period.public_id), "rows": [
        {"answers": {f"U{n}": 3 for n in range(1, 10)}},
        {"answers": {**{f"U{n}": 4 for n in range(1, 9)}, "U9": None}, "comment": "Ruang tunggu panas"},
    ]}
    recorded = hr.post(f"/feedback/points/{point.public_id}/paper-responses", batch)
    assert recorded.status_code == 201, recorded.json()
    assert recorded.json() == {"recorded": 2}
    results = hr.get("/feedback/results", {"period": str(period.public_id), "point": str(point.public_id)}).json()
    assert results["respondents"] == 2
    assert results["nrr"]["U1"] == "3.50"
    assert results["nrr"]["U9"] == "3.00"  # one answer: the blank is not counted
    # (8 × 3.5 + 3) / 9 × 25 = 86.11
    assert results["ikm"] == "86.11"
    assert (results["category"], results["weakest"]) == ("B", "U9")
    assert (results["sample_required"], results["sample_reached"]) == (132, False)
    unit = hr.get("/feedback/results", {"period": str(period.public_id),
                                        "unit": str(world.staff_position.org_unit.public_id)}).json()
    assert unit["respondents"] == 2
    assert unit["population"] == 1200
    both = hr.get("/feedback/results", {"period": str(period.public_id)})
    assert both.status_code == 422
    assert hr.get("/feedback/sample-size", {"population": 2940}).json()["sample_required"] == 341


def test_invalid_paper_rows_record_nothing_and_say_which(client, world, point, period):
    hr = ApiClient(client, make_token(world.hr_admin))
    batch = {"period": str(period.public_id), "rows": [{"answers": {"U1": 3}}, {"answers": {"U1": 7}}]}
    response = hr.post(f"/feedback/points/{point.public_id}/paper-responses", batch)
    assert response.status_code == 422
    assert response.json()["code"] == "feedback.invalid_rows"
    assert not SurveyResponse.objects.exists()


def test_scope_and_refusals(client, world, point, period):
    paper_rows(point, period, [(4,) * 9], entered_by=world.hr_admin.user)
    query = {"period": str(period.public_id), "point": str(point.public_id)}
    employee = ApiClient(client, make_token(world.employee))
    assert employee.get("/feedback/points").json()["count"] == 0
    assert employee.get("/feedback/results", query).status_code == 404
    created = employee.post("/feedback/points", {"unit": str(world.staff_position.org_unit.public_id),
                                                 "name": "Loket liar"})
    assert created.status_code == 403
    batch = {"period": str(period.public_id), "rows": [{"answers": {"U1": 3}}]}
    assert employee.post(f"/feedback/points/{point.public_id}/paper-responses", batch).status_code == 404
    other = ApiClient(client, make_token(world.other_pemda_admin))
    assert other.get("/feedback/results", query).status_code in (404, 422)
    assert other.get("/feedback/points").json()["count"] == 0
    assert other.post("/feedback/points", {"unit": str(world.staff_position.org_unit.public_id),
                                           "name": "Loket Palu"}).status_code == 422
    auditor = ApiClient(client, make_token(world.auditor))
    assert auditor.get("/feedback/results", query).json()["ikm"] == "100.00"
    assert auditor.post(f"/feedback/points/{point.public_id}/paper-responses", batch).status_code == 403
    assert ApiClient(client).get("/feedback/points").status_code == 401
    assert SurveyResponse.objects.count() == 1
