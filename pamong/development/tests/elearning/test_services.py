"""E-learning services: building a course, taking it, the refusals, and completion into the JP ledger."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pamong.audit.models import AuditEvent
from pamong.core.errors import DomainError
from pamong.development import errors
from pamong.development.choices import CourseStatus, EnrolmentStatus, LearningSource, LessonKind, QuestionKind
from pamong.development.models import Course, Enrolment, LearningRecord, QuizAttempt
from pamong.development.services import elearning as svc

from .conftest import MINIMAL_PDF, MP4_HEAD, build_course, correct_answers, enrol, make_activity

pytestmark = pytest.mark.django_db


def _code(exc_info):
    return exc_info.value.code


# --- HR builds a course -------------------------------------------------------------------------------------------


def test_course_save_by_hr_only(world):
    activity = make_activity(world.pemda, world.hr_admin.user)
    for actor in (world.employee.user, world.other_pemda_admin.user):
        with pytest.raises(PermissionDenied):
            svc.course_save(actor=actor, activity=activity, data=svc.CourseInput())
    course = svc.course_save(actor=world.hr_admin.user, activity=activity, data=svc.CourseInput(passing_score=80))
    assert course.passing_score == 80
    event = AuditEvent.objects.get(action=svc.COURSE_SAVED)
    assert event.changes["passing_score"] == [None, 80]


@pytest.mark.parametrize(("field", "data"), [
    ("passing_score", svc.CourseInput(passing_score=101)),
    ("max_attempts", svc.CourseInput(max_attempts=0)),
    ("questions_per_attempt", svc.CourseInput(questions_per_attempt=0)),
    ("min_minutes", svc.CourseInput(min_minutes=-1)),
])
def test_course_settings_refused(world, field, data):
    activity = make_activity(world.pemda, world.hr_admin.user)
    with pytest.raises(DomainError) as exc:
        svc.course_save(actor=world.hr_admin.user, activity=activity, data=data)
    assert field in exc.value.field_errors
    assert not Course.objects.exists()


def test_course_needs_an_e_learning_activity(world):
    from pamong.development.tests.factories import LearningActivityFactory

    activity = LearningActivityFactory(pemda=world.pemda, created_by=world.hr_admin.user)
    with pytest.raises(DomainError) as exc:
        svc.course_save(actor=world.hr_admin.user, activity=activity, data=svc.CourseInput())
    assert _code(exc) == svc.NOT_ELEARNING


def test_lessons_files_checked_by_content(world):
    hr = world.hr_admin.user
    course = build_course(hr, make_activity(world.pemda, hr), publish=False, lessons=0)
    pdf = svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(
        title="Modul", kind=LessonKind.PDF, file_name="modul.pdf", file_content=MINIMAL_PDF))
    assert pdf.file
    assert pdf.file_name == "modul.pdf"
    video = svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(
        title="Video", kind=LessonKind.VIDEO, file_name="rekaman.bin", file_content=MP4_HEAD))
    assert video.file.name.endswith(".mp4")
    assert svc.lesson_content_type(video) == "video/mp4"
    for kind, content in ((LessonKind.PDF, b"<html><script>x</script>"), (LessonKind.VIDEO, MINIMAL_PDF),
                          (LessonKind.PDF, MP4_HEAD)):
        with pytest.raises(DomainError):
            svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(
                title="X", kind=kind, file_name="x.pdf", file_content=content))
    with pytest.raises(DomainError) as exc:
        svc.lesson_save(actor=hr, course=course, data=svc.LessonInput(title="L", kind=LessonKind.LINK,
                                                                       url="javascript:alert(1)"))
    assert "url" in exc.value.field_errors
    assert course.lessons.count() == 2


def test_video_size_limit_from_settings(world, settings):
    settings.PAMONG_VIDEO_MAX_BYTES = 50
    with pytest.raises(DomainError) as exc:
        svc.sniff_video("a.mp4", MP4_HEAD)
    assert exc.value.code == "core.upload_too_large"


def test_lesson_move_and_remove(world):
    hr = world.hr_admin.user
    course = build_course(hr, make_activity(world.pemda, hr), publish=False, lessons=3, questions=0)
    first, second, third = course.lessons.order_by("order")
    svc.lesson_move(actor=hr, lesson=third, up=True)
    assert list(course.lessons.order_by("order").values_list("pk", flat=True)) == [first.pk, third.pk, second.pk]
    svc.lesson_remove(actor=hr, lesson=first)
    assert list(course.lessons.order_by("order").values_list("order", flat=True)) == [1, 2]


@pytest.mark.parametrize(("kind", "choices"), [
    (QuestionKind.SINGLE, [("A", True), ("B", True)]),
    (QuestionKind.SINGLE, [("A", False), ("B", False)]),
    (QuestionKind.MULTIPLE, [("A", False), ("B", False)]),
    (QuestionKind.SINGLE, [("A", True)]),
    (QuestionKind.MULTIPLE, [(str(n), True) for n in range(9)]),
])
def test_question_rules(world, kind, choices):
    hr = world.hr_admin.user
    course = build_course(hr, make_activity(world.pemda, hr), publish=False, questions=0)
    with pytest.raises(DomainError) as exc:
        svc.question_save(actor=hr, course=course, data=svc.QuestionInput(
            text="Q?", kind=kind, choices=[svc.ChoiceInput(t, c) for t, c in choices]))
    assert exc.value.code == svc.INVALID_QUESTION
    assert not course.questions.exists()


def test_publish_needs_lessons_and_enough_questions(world):
    hr = world.hr_admin.user
    course = build_course(hr, make_activity(world.pemda, hr), publish=False, questions=1, per_attempt=2)
    with pytest.raises(DomainError) as exc:
        svc.course_publish(actor=hr, course=course)
    assert exc.value.code == svc.COURSE_NOT_READY
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT


# --- Learners -----------------------------------------------------------------------------------------------------


def test_not_enrolled_refused(world, course):
    for status in (None, EnrolmentStatus.REQUESTED, EnrolmentStatus.REJECTED):
        if status:
            Enrolment.objects.filter(employee=world.peer).delete()
            enrol(course.activity, world.peer, status)
        with pytest.raises(DomainError) as exc:
            svc.attempt_start(actor=world.peer.user, course=course)
        assert exc.value.code == errors.NOT_ENROLLED
    with pytest.raises(DomainError) as exc:
        svc.course_start(actor=world.other_pemda_employee.user, course=course)
    assert exc.value.code == errors.NOT_ENROLLED


def test_attempt_draws_and_returns_open_one(world, course, learner):
    attempt, created = svc.attempt_start(actor=learner.user, course=course)
    assert created
    assert len(attempt.questions) == course.questions_per_attempt
    again, created = svc.attempt_start(actor=learner.user, course=course)
    assert not created
    assert again.pk == attempt.pk
    ids = {item["question"] for item in attempt.questions}
    assert ids <= set(course.questions.values_list("pk", flat=True))


def test_attempts_exhausted(world, course, learner):
    for _n in range(course.max_attempts):
        attempt, _created = svc.attempt_start(actor=learner.user, course=course)
        result = svc.attempt_submit(actor=learner.user, attempt=attempt, answers={})
        assert result.attempt.score == Decimal("0.00")
        assert not result.attempt.passed
    assert result.attempts_left == 0
    with pytest.raises(DomainError) as exc:
        svc.attempt_start(actor=learner.user, course=course)
    assert exc.value.code == errors.ATTEMPTS_EXHAUSTED


def test_wrong_question_ids_ignored_and_resubmission_idempotent(world, course, learner):
    attempt, _created = svc.attempt_start(actor=learner.user, course=course)
    other = course.questions.exclude(pk__in=[q["question"] for q in attempt.questions]).first()
    foreign = {str(other.pk): list(other.choices.values_list("pk", flat=True)), "abc": [1], "999999": [1]}
    first_q = attempt.questions[0]
    answers = {**foreign, str(first_q["question"]): correct_answers(attempt)[str(first_q["question"])]}
    result = svc.attempt_submit(actor=learner.user, attempt=attempt, answers=answers)
    assert result.attempt.score == Decimal("50.00")
    assert set(result.attempt.answers) == {str(first_q["question"])}
    again = svc.attempt_submit(actor=learner.user, attempt=attempt, answers=correct_answers(attempt))
    assert again.attempt.score == Decimal("50.00")
    assert again.attempt.submitted_at == result.attempt.submitted_at
    assert AuditEvent.objects.filter(action=svc.ATTEMPT_SUBMITTED).count() == 1


def test_someone_else_cannot_submit(world, course, learner):
    attempt, _created = svc.attempt_start(actor=learner.user, course=course)
    enrol(course.activity, world.peer)
    with pytest.raises(PermissionDenied):
        svc.attempt_submit(actor=world.peer.user, attempt=attempt, answers={})


def test_completion_creates_one_record_and_a_code(world, course, learner):
    for lesson in course.lessons.all():
        svc.lesson_done(actor=learner.user, lesson=lesson)
    attempt, _created = svc.attempt_start(actor=learner.user, course=course)
    result = svc.attempt_submit(actor=learner.user, attempt=attempt, answers=correct_answers(attempt))
    assert result.attempt.score == Decimal("100.00")
    assert result.completed
    enrolment = Enrolment.objects.get(employee=learner, activity=course.activity)
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.completed_on
    assert enrolment.certificate_jp == course.activity.jp
    assert len(enrolment.verification_code) == svc.CODE_LENGTH
    records = LearningRecord.objects.filter(employee=learner, source=LearningSource.COURSE)
    assert records.count() == 1
    assert records.get().verified
    assert records.get().jp == course.activity.jp
    svc.course_complete(actor=learner.user, course=course)  # idempotent
    assert records.count() == 1
    assert AuditEvent.objects.filter(action=svc.COURSE_COMPLETED_ACTION).count() == 1
    with pytest.raises(DomainError) as exc:
        svc.attempt_start(actor=learner.user, course=course)
    assert exc.value.code == svc.COURSE_COMPLETED


def test_too_early_then_completes(world, learner):
    hr = world.hr_admin.user
    course = build_course(hr, make_activity(world.pemda, hr), min_minutes=30)
    enrol(course.activity, world.peer)
    user = world.peer.user
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for lesson in course.lessons.all():
            svc.lesson_done(actor=user, lesson=lesson)
        attempt, _created = svc.attempt_start(actor=user, course=course)
        result = svc.attempt_submit(actor=user, attempt=attempt, answers=correct_answers(attempt))
        assert result.attempt.passed
        assert not result.completed
        assert result.minutes_left == 30
        with pytest.raises(DomainError) as exc:
            svc.course_complete(actor=user, course=course)
        assert exc.value.code == errors.TOO_EARLY
        assert exc.value.extra["minutes_left"] == 30
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        progress = svc.course_complete(actor=user, course=course)
        assert progress.completed_at is not None
    assert LearningRecord.objects.filter(employee=world.peer).count() == 1


def test_lessons_not_done_defers_completion(world, course, learner):
    attempt, _created = svc.attempt_start(actor=learner.user, course=course)
    result = svc.attempt_submit(actor=learner.user, attempt=attempt, answers=correct_answers(attempt))
    assert result.attempt.passed
    assert not result.completed
    with pytest.raises(DomainError) as exc:
        svc.course_complete(actor=learner.user, course=course)
    assert exc.value.code == svc.LESSONS_NOT_DONE
    assert not LearningRecord.objects.exists()


def test_multiple_choice_needs_exact_set(world, learner):
    hr = world.hr_admin.user
    course = build_course(hr, make_activity(world.pemda, hr), questions=2, per_attempt=2)
    enrol(course.activity, world.peer)
    attempt, _created = svc.attempt_start(actor=world.peer.user, course=course)
    answers = correct_answers(attempt)
    multiple = next(q for q in course.questions.all() if q.kind == QuestionKind.MULTIPLE)
    answers[str(multiple.pk)] = answers[str(multiple.pk)][:1]
    result = svc.attempt_submit(actor=world.peer.user, attempt=attempt, answers=answers)
    assert result.attempt.score == Decimal("50.00")


def test_a_second_submit_with_a_stale_copy_counts_once(world, course, learner):
    # Two requests that both loaded the attempt before either submitted: the locked re-read answers the second.
    attempt, _created = svc.attempt_start(actor=learner.user, course=course)
    first_copy = QuizAttempt.objects.get(pk=attempt.pk)
    second_copy = QuizAttempt.objects.get(pk=attempt.pk)
    first = svc.attempt_submit(actor=learner.user, attempt=first_copy, answers={})
    second = svc.attempt_submit(actor=learner.user, attempt=second_copy, answers=correct_answers(attempt))
    assert second.attempt.score == first.attempt.score == Decimal("0.00")
    assert AuditEvent.objects.filter(action=svc.ATTEMPT_SUBMITTED).count() == 1
    assert second.attempts_left == course.max_attempts - 1
