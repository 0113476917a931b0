"""The e-learning API: course, attempts, submit; refusals by code."""

from decimal import Decimal

import pytest

from pamong.development import errors
from pamong.development.choices import EnrolmentStatus
from pamong.development.models import QuizAttempt
from pamong.development.services import elearning as svc

from .conftest import enrol

pytestmark = pytest.mark.django_db


def _answers(attempt_json, attempt):
    by_pk = {q.pk: q.public_id for q in attempt.progress.course.questions.all()}
    return {str(by_pk[item.question_id]): sorted(item.correct_ids) for item in svc.drawn_questions(attempt)}


def test_happy_path(world, api_as, course, learner):
    api = api_as(learner)
    for lesson in course.lessons.all():
        svc.lesson_done(actor=learner.user, lesson=lesson)
    detail = api.get(f"/development/courses/{course.public_id}")
    assert detail.status_code == 200
    assert len(detail.json()["lessons"]) == 2
    started = api.post(f"/development/courses/{course.public_id}/attempts")
    assert started.status_code == 201
    body = started.json()
    assert len(body["questions"]) == course.questions_per_attempt
    assert all("is_correct" not in choice for q in body["questions"] for choice in q["choices"])
    again = api.post(f"/development/courses/{course.public_id}/attempts")
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    attempt = QuizAttempt.objects.get(public_id=body["id"])
    submitted = api.post(f"/development/attempts/{body['id']}/submit", {"answers": _answers(body, attempt)})
    assert submitted.status_code == 200
    result = submitted.json()
    assert Decimal(result["score"]) == 100
    assert (result["passed"], result["attempts_left"], result["minutes_left"]) == (True, 1, 0)
    assert submitted.json()["completed"] is True
    replay = api.post(f"/development/attempts/{body['id']}/submit", {"answers": {}})
    assert replay.json()["score"] == submitted.json()["score"]


def test_refusals(world, api_as, course, learner):
    outsider = api_as(world.other_pemda_employee)
    assert outsider.get(f"/development/courses/{course.public_id}").status_code == 404
    enrol(course.activity, world.peer, EnrolmentStatus.REQUESTED)
    assert api_as(world.peer).post(f"/development/courses/{course.public_id}/attempts").status_code == 404
    # HR sees the course but is not enrolled: refused by code
    refused = api_as(world.hr_admin).post(f"/development/courses/{course.public_id}/attempts")
    assert refused.status_code == 403
    assert refused.json()["code"] == errors.NOT_ENROLLED
    api = api_as(learner)
    for _n in range(course.max_attempts):
        attempt = api.post(f"/development/courses/{course.public_id}/attempts").json()
        assert api.post(f"/development/attempts/{attempt['id']}/submit", {"answers": {}}).json()["passed"] is False
    exhausted = api.post(f"/development/courses/{course.public_id}/attempts")
    assert exhausted.status_code == 409
    assert exhausted.json()["code"] == errors.ATTEMPTS_EXHAUSTED
    bad = api.post(f"/development/attempts/{attempt['id']}/submit", {"answers": {"nope": ["x"]}})
    assert bad.status_code == 422
    other = api_as(world.peer).post(f"/development/attempts/{attempt['id']}/submit", {"answers": {}})
    assert other.status_code == 404
