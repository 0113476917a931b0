"""E-learning test helpers: a published course of an e-learning activity in the fixture world's Pemda, and learners
enrolled in it (rows made directly: the catalogue and enrolment flow belongs to the training slice)."""

import pytest
from django.utils import timezone

from pamong.development.choices import ActivityForm, ActivityMode, EnrolmentStatus, LessonKind, QuestionKind
from pamong.development.models import Enrolment
from pamong.development.services import elearning as svc
from pamong.development.tests.factories import LearningActivityFactory

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\nxref\n0 4\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \n0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def make_activity(pemda, user, **kwargs):
    return LearningActivityFactory(pemda=pemda, created_by=user, form=ActivityForm.E_LEARNING,
                                   mode=ActivityMode.NON_CLASSICAL, jp=kwargs.pop("jp", 4), **kwargs)


def enrol(activity, employee, status=EnrolmentStatus.APPROVED):
    return Enrolment.objects.create(pemda=activity.pemda, activity=activity, employee=employee, status=status,
                                    requested_by=employee.user, decided_at=timezone.now())


def build_course(hr_user, activity, *, questions=3, per_attempt=2, passing=50, attempts=2, min_minutes=0,
                 lessons=2, publish=True):
    course = svc.course_save(actor=hr_user, activity=activity, data=svc.CourseInput(
        passing_score=passing, max_attempts=attempts, questions_per_attempt=per_attempt, min_minutes=min_minutes))
    for n in range(lessons):
        svc.lesson_save(actor=hr_user, course=course, data=svc.LessonInput(
            title=f"Pelajaran {n + 1}", kind=LessonKind.TEXT, body=f"Isi pelajaran {n + 1}\nbaris dua", minutes=5))
    for n in range(questions):
        kind = QuestionKind.MULTIPLE if n % 2 else QuestionKind.SINGLE
        svc.question_save(actor=hr_user, course=course, data=svc.QuestionInput(
            text=f"Pertanyaan {n + 1}?", kind=kind, choices=[
                svc.ChoiceInput("Benar", True), svc.ChoiceInput("Salah", False),
                svc.ChoiceInput("Juga benar", kind == QuestionKind.MULTIPLE)]))
    if publish:
        course = svc.course_publish(actor=hr_user, course=course)
    return course


def correct_answers(attempt):
    drawn = svc.drawn_questions(attempt)
    return {str(q.question_id): sorted(q.correct_ids) for q in drawn}


@pytest.fixture
def course(world):
    activity = make_activity(world.pemda, world.hr_admin.user)
    return build_course(world.hr_admin.user, activity)


@pytest.fixture
def learner(world, course):
    enrol(course.activity, world.employee)
    return world.employee


@pytest.fixture
def api_as(client, db):
    """``api_as(persona)``: an API client with a fresh write token (pamong.api.tests.conftest)."""
    from pamong.api.tests.conftest import ApiClient, make_token

    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as
