"""E-learning pages: the editor for HR, the learner's flow, and who may see lesson files (404 for everyone else)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.development.audit import DevelopmentAudit
from pamong.development.choices import CourseStatus, EnrolmentStatus, LessonKind
from pamong.development.models import Course, Enrolment, QuizAttempt
from pamong.development.services import elearning as svc

from .conftest import MINIMAL_PDF, build_course, enrol, make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def pdf_lesson(world, course):
    return svc.lesson_save(actor=world.hr_admin.user, course=course, data=svc.LessonInput(
        title="Modul PDF", kind=LessonKind.PDF, file_name="modul.pdf", file_content=MINIMAL_PDF))


def test_hr_builds_and_publishes_a_course(world, client, login):
    activity = make_activity(world.pemda, world.hr_admin.user)
    login(world.hr_admin)
    url = reverse("development:course-edit", args=[activity.public_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"passing_score": 60, "max_attempts": 2, "questions_per_attempt": 1,
                                 "min_minutes": 0})
    assert response.status_code == 302
    course = Course.objects.get(activity=activity)
    response = client.post(reverse("development:lesson-create", args=[course.public_id]),
                           {"title": "Pengantar", "kind": "text", "body": "<b>tebal</b>\nbaris", "minutes": 5})
    assert response.status_code == 302
    response = client.post(reverse("development:question-create", args=[course.public_id]),
                           {"text": "Ibu kota?", "kind": "single", "is_active": "on", "choice_1": "Mamuju",
                            "correct_1": "on", "choice_2": "Palu"})
    assert response.status_code == 302
    bad = client.post(reverse("development:question-create", args=[course.public_id]),
                      {"text": "Dua benar?", "kind": "single", "choice_1": "A", "correct_1": "on", "choice_2": "B",
                       "correct_2": "on"})
    assert bad.status_code == 422
    assert course.questions.count() == 1
    client.post(reverse("development:course-publish", args=[course.public_id]))
    course.refresh_from_db()
    assert course.status == CourseStatus.PUBLISHED
    lesson = course.lessons.get()
    page = client.get(reverse("development:lesson-view", args=[lesson.public_id]))
    assert b"&lt;b&gt;tebal&lt;/b&gt;<br>baris" in page.content


def test_editor_is_404_for_others(world, client, login, course):
    url = reverse("development:course-edit", args=[course.activity.public_id])
    for persona in (world.employee, world.other_pemda_admin, world.executive):
        login(persona)
        assert client.get(url).status_code == 404
    assert client.get(reverse("development:course-export", args=[course.public_id])).status_code == 404


def test_lesson_file_only_to_enrolled_and_hr(world, client, login, course, pdf_lesson):
    url = reverse("development:lesson-file", args=[pdf_lesson.public_id])
    enrol(course.activity, world.peer, EnrolmentStatus.REQUESTED)
    for persona in (world.outsider, world.other_pemda_employee, world.peer, world.supervisor):
        login(persona)
        assert client.get(url).status_code == 404, persona
    enrol(course.activity, world.employee)
    for persona in (world.employee, world.hr_admin):
        login(persona)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_learner_flow_and_certificate(world, client, login, course):
    enrol(course.activity, world.employee)
    login(world.employee)
    home = reverse("development:course-home", args=[course.activity.public_id])
    assert client.get(home).status_code == 200
    for lesson in course.lessons.all():
        assert client.post(reverse("development:lesson-done", args=[lesson.public_id])).status_code == 302
    response = client.post(reverse("development:attempt-start", args=[course.activity.public_id]))
    attempt = QuizAttempt.objects.get()
    assert response.url == reverse("development:attempt", args=[attempt.public_id])
    page = client.get(response.url)
    assert page.status_code == 200
    assert b'type="radio"' in page.content
    answers = {}
    for item in svc.drawn_questions(attempt):
        answers[f"q{item.question_id}"] = [str(c) for c in item.correct_ids]
    response = client.post(reverse("development:attempt", args=[attempt.public_id]), answers)
    assert response.url == reverse("development:attempt-result", args=[attempt.public_id])
    result = client.get(response.url)
    assert b"100,00" in result.content
    attempt.refresh_from_db()
    assert attempt.score == Decimal("100.00")
    enrolment = Enrolment.objects.get(employee=world.employee)
    assert enrolment.status == EnrolmentStatus.COMPLETED
    progress = attempt.progress
    certificate = client.get(reverse("development:course-certificate", args=[progress.public_id]))
    assert certificate.status_code == 200
    assert certificate.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action=DevelopmentAudit.CERTIFICATE_DOWNLOADED).count() == 1
    login(world.hr_admin)
    assert client.get(reverse("development:course-certificate", args=[progress.public_id])).status_code == 200
    login(world.peer)
    assert client.get(reverse("development:course-certificate", args=[progress.public_id])).status_code == 404
    verify = client.get(reverse("development:certificate-verify", args=[enrolment.verification_code]))
    assert verify.status_code == 200
    assert world.employee.name.encode() in verify.content


def test_failed_result_never_shows_answers(world, client, login, course):
    enrol(course.activity, world.employee)
    login(world.employee)
    client.get(reverse("development:course-home", args=[course.activity.public_id]))
    client.post(reverse("development:attempt-start", args=[course.activity.public_id]))
    attempt = QuizAttempt.objects.get()
    client.post(reverse("development:attempt", args=[attempt.public_id]), {})
    page = client.get(reverse("development:attempt-result", args=[attempt.public_id]))
    assert b"0,00" in page.content
    assert b"Benar" not in page.content
    assert b"Juga benar" not in page.content


def test_unenrolled_learner_gets_404(world, client, login, course):
    login(world.peer)
    assert client.get(reverse("development:course-home", args=[course.activity.public_id])).status_code == 404
    lesson = course.lessons.first()
    assert client.get(reverse("development:lesson-view", args=[lesson.public_id])).status_code == 404


def test_someone_elses_attempt_is_404(world, client, login, course):
    enrol(course.activity, world.employee)
    attempt, _created = svc.attempt_start(actor=world.employee.user, course=course)
    enrol(course.activity, world.peer)
    login(world.peer)
    assert client.get(reverse("development:attempt", args=[attempt.public_id])).status_code == 404
    assert client.post(reverse("development:attempt", args=[attempt.public_id]), {}).status_code == 404


def test_course_home_query_count_constant(world, client, login, django_assert_max_num_queries):
    hr = world.hr_admin.user
    small = build_course(hr, make_activity(world.pemda, hr), lessons=2, questions=2, per_attempt=1)
    large = build_course(hr, make_activity(world.pemda, hr), lessons=12, questions=20, per_attempt=10)
    enrol(small.activity, world.employee)
    enrol(large.activity, world.employee)
    login(world.employee)
    counts = []
    for course in (small, large):
        url = reverse("development:course-home", args=[course.activity.public_id])
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[1]):
        client.get(reverse("development:course-home", args=[large.activity.public_id]))
