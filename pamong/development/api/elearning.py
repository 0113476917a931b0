"""/development/courses and /development/attempts: taking an e-learning course through the API (issue #11).

A course is addressed by its own ``id`` (public id). Questions are listed without their correct flags. Choices carry
the integer ``id`` of the row (the model has no public id); answers name them as ``{question id: [choice ids]}``.
"""

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from pamong.core.schemas import error_responses

from ..selectors.elearning import attempt_questions, attempts_visible_to, course_home, courses_visible_to
from ..services import elearning as svc

router = Router()


class LessonOut(Schema):
    id: UUID
    order: int
    title: str
    kind: str
    minutes: int
    body: str = Field("", description="Plain text (kind 'text'); render it escaped, keeping line breaks.")
    url: str = Field("", description="The link (kind 'link').")
    done: bool


class CourseOut(Schema):
    id: UUID
    activity: UUID
    title: str
    status: str
    passing_score: int
    max_attempts: int
    questions_per_attempt: int
    min_minutes: int
    lessons: list[LessonOut]
    attempts_left: int
    minutes_spent: int
    passed: bool
    completed: bool


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: UUID
    text: str
    kind: str = Field(..., description="'single' (one choice) or 'multiple' (every correct choice, no wrong one).")
    choices: list[ChoiceOut]


class AttemptOut(Schema):
    id: UUID
    number: int
    started_at: datetime
    submitted_at: datetime | None
    questions: list[QuestionOut]


class AttemptSubmitIn(Schema):
    answers: dict[UUID, list[int]] = Field(
        default_factory=dict, max_length=500,
        description="{question id: [choice ids]}. Questions or choices not in this attempt are ignored.")


class AttemptResultOut(Schema):
    score: Decimal
    passed: bool
    attempts_left: int
    completed: bool
    minutes_left: int = Field(..., description="Minutes of study still needed before the course completes.")


def _course(request, course_id: UUID):
    return get_object_or_404(courses_visible_to(request.user).select_related("activity"), public_id=course_id)


def _course_out(request, course) -> dict:
    home = course_home(request.user, course)
    return {
        "id": course.public_id, "activity": course.activity.public_id, "title": course.activity.title,
        "status": course.status, "passing_score": course.passing_score, "max_attempts": course.max_attempts,
        "questions_per_attempt": course.questions_per_attempt, "min_minutes": course.min_minutes,
        "lessons": [{"id": lesson.public_id, "order": lesson.order, "title": lesson.title, "kind": lesson.kind,
                     "minutes": lesson.minutes, "body": lesson.body, "url": lesson.url,
                     "done": lesson.pk in home.done_ids} for lesson in home.lessons],
        "attempts_left": home.attempts_left, "minutes_spent": home.minutes_spent, "passed": home.passed,
        "completed": bool(home.progress and home.progress.completed_at),
    }


def _attempt_out(attempt) -> dict:
    return {
        "id": attempt.public_id, "number": attempt.number, "started_at": attempt.started_at,
        "submitted_at": attempt.submitted_at,
        "questions": [{"id": shown.question.public_id, "text": shown.question.text, "kind": shown.question.kind,
                       "choices": [{"id": c.pk, "text": c.text} for c in shown.choices]}
                      for shown in attempt_questions(attempt)],
    }


@router.get(
    "/courses/{course_id}",
    response={200: CourseOut, **error_responses(401, 404, 422)},
    summary="An e-learning course with its lessons and the caller's progress",
    operation_id="development_course_get",
)
def course_get(request, course_id: UUID):
    return _course_out(request, _course(request, course_id))


@router.post(
    "/courses/{course_id}/attempts",
    response={200: AttemptOut, 201: AttemptOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Start a quiz attempt (201), or get the open one (200); questions without their answers",
    description="403 `development.not_enrolled` unless the caller's enrolment is approved; 409 "
                "`development.attempts_exhausted` after the allowed attempts.",
    operation_id="development_attempt_start",
)
def attempt_start(request, course_id: UUID):
    course = _course(request, course_id)
    attempt, created = svc.attempt_start(actor=request.user, course=course)
    return Status(201 if created else 200, _attempt_out(attempt))


@router.post(
    "/attempts/{attempt_id}/submit",
    response={200: AttemptResultOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Submit an attempt's answers: score, passed, attempts left, course completed; a resubmission returns "
            "the stored result",
    operation_id="development_attempt_submit",
)
def attempt_submit(request, attempt_id: UUID, payload: AttemptSubmitIn):
    attempt = get_object_or_404(attempts_visible_to(request.user), public_id=attempt_id)
    by_public = dict(attempt.progress.course.questions.values_list("public_id", "pk"))
    answers = {by_public[key]: value for key, value in payload.answers.items() if key in by_public}
    result = svc.attempt_submit(actor=request.user, attempt=attempt, answers=answers)
    return {"score": result.attempt.score, "passed": bool(result.attempt.passed),
            "attempts_left": result.attempts_left, "completed": result.completed,
            "minutes_left": result.minutes_left}


@router.post(
    "/courses/{course_id}/complete",
    response={200: CourseOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Complete the course once the quiz is passed, every lesson done and the minimum time spent",
    description="409 `development.minimum_time_not_reached` (extra.minutes_left), `development.lessons_not_done` "
                "or `development.quiz_not_passed` otherwise.",
    operation_id="development_course_complete",
)
def course_complete(request, course_id: UUID):
    course = _course(request, course_id)
    svc.course_complete(actor=request.user, course=course)
    return _course_out(request, course)


@router.post(
    "/lessons/{lesson_id}/done",
    response={200: CourseOut, **error_responses(401, 403, 404, 409, 422)},
    summary="Mark a lesson as done",
    operation_id="development_lesson_done",
)
def lesson_done(request, lesson_id: UUID):
    from ..selectors.elearning import lessons_visible_to

    lesson = get_object_or_404(lessons_visible_to(request.user), public_id=lesson_id)
    svc.lesson_done(actor=request.user, lesson=lesson)
    return _course_out(request, lesson.course)
