"""Development reads: e-learning courses (see the package docstring).

Who sees a course: HR of its Pemda (``can_manage``: every state) and learners with an approved or completed enrolment
in its activity (published courses, or the one they completed). Everyone else gets 404 from the views.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from pamong.people.selectors import actor_employee

from ..capabilities import DevelopmentPerm
from ..choices import CourseStatus, EnrolmentStatus
from ..models import Choice, Course, CourseProgress, Enrolment, Lesson, Question, QuizAttempt

TAKING = (EnrolmentStatus.APPROVED, EnrolmentStatus.COMPLETED)


def courses_managed_by(actor) -> QuerySet[Course]:
    """The courses *actor* may edit (HR of the Pemda)."""
    if not actor.is_authenticated:
        return Course.objects.none()
    if actor.is_superuser:
        return Course.objects.all()
    if not actor.pemda_id or not actor.has_perm(DevelopmentPerm.MANAGE):
        return Course.objects.none()
    return Course.objects.filter(pemda_id=actor.pemda_id)


def courses_visible_to(actor) -> QuerySet[Course]:
    """HR of the Pemda: every course of it. A learner: the courses of the activities they are enrolled in
    (approved or completed), once published (or archived after they finished)."""
    if not actor.is_authenticated:
        return Course.objects.none()
    managed = courses_managed_by(actor)
    me = actor_employee(actor)
    if me is None:
        return managed
    learning = Q(pemda_id=me.pemda_id, activity__enrolments__employee=me, activity__enrolments__status__in=TAKING) & (
        Q(status=CourseStatus.PUBLISHED) | Q(progress__employee=me, progress__completed_at__isnull=False))
    return Course.objects.filter(Q(pk__in=managed.values("pk")) | Q(pk__in=Course.objects.filter(learning)
                                                                     .values("pk")))


def course_for_activity(actor, activity_public_id) -> Course | None:
    return (courses_visible_to(actor).select_related("activity").filter(activity__public_id=activity_public_id)
            .first())


def lessons_visible_to(actor) -> QuerySet[Lesson]:
    return Lesson.objects.filter(course__in=courses_visible_to(actor)).select_related("course", "course__activity")


def attempts_visible_to(actor) -> QuerySet[QuizAttempt]:
    """A learner's own attempts; HR of the Pemda every attempt of its courses."""
    if not actor.is_authenticated:
        return QuizAttempt.objects.none()
    me = actor_employee(actor)
    scope = Q(progress__course__in=courses_managed_by(actor))
    if me is not None:
        scope |= Q(progress__employee=me)
    return QuizAttempt.objects.filter(scope).select_related("progress", "progress__course",
                                                           "progress__course__activity")


def progress_of(actor, course: Course) -> CourseProgress | None:
    me = actor_employee(actor)
    if me is None:
        return None
    return CourseProgress.objects.filter(course=course, employee=me).select_related("enrolment").first()


def learner_enrolment(actor, course: Course) -> Enrolment | None:
    me = actor_employee(actor)
    if me is None:
        return None
    return Enrolment.objects.filter(activity_id=course.activity_id, employee=me, status__in=TAKING).order_by(
        "-pk").first()


def course_editor_queryset() -> QuerySet[Course]:
    return Course.objects.select_related("activity").prefetch_related(
        Prefetch("lessons", queryset=Lesson.objects.order_by("order", "pk")),
        Prefetch("questions", queryset=Question.objects.prefetch_related("choices").order_by("pk")),
    )


@dataclass(frozen=True, slots=True)
class ShownQuestion:
    question: Question
    choices: list[Choice]
    multiple: bool


def attempt_questions(attempt: QuizAttempt) -> list[ShownQuestion]:
    """The attempt's questions in the order drawn, each with its choices in the order shown (two queries)."""
    ids = [int(item["question"]) for item in attempt.questions]
    questions = {q.pk: q for q in Question.objects.filter(pk__in=ids)}
    choice_ids = [int(c) for item in attempt.questions for c in item["choices"]]
    choices = {c.pk: c for c in Choice.objects.filter(pk__in=choice_ids)}
    shown = []
    for item in attempt.questions:
        question = questions.get(int(item["question"]))
        if question is None:
            continue
        shown.append(ShownQuestion(question=question, multiple=question.kind == "multiple",
                                   choices=[choices[int(c)] for c in item["choices"] if int(c) in choices]))
    return shown


@dataclass(frozen=True, slots=True)
class CourseHome:
    course: Course
    lessons: list[Lesson]
    done_ids: set[int]
    progress: CourseProgress | None
    attempts: list[QuizAttempt]
    percent: int
    minutes_spent: int
    attempts_left: int
    passed: bool
    open_attempt: QuizAttempt | None


def course_home(actor, course: Course, *, now=None) -> CourseHome:
    from django.utils import timezone

    lessons = list(course.lessons.order_by("order", "pk"))
    progress = progress_of(actor, course)
    done = {int(x) for x in progress.lessons_done} if progress else set()
    attempts = list(progress.attempts.order_by("number")) if progress else []
    submitted = [a for a in attempts if a.submitted_at is not None]
    spent = 0
    if progress:
        end = progress.completed_at or now or timezone.now()
        spent = max(0, int((end - progress.started_at).total_seconds() // 60))
    done_count = len(done & {lesson.pk for lesson in lessons})
    return CourseHome(
        course=course, lessons=lessons, done_ids=done, progress=progress, attempts=attempts,
        percent=round(100 * done_count / len(lessons)) if lessons else 0, minutes_spent=spent,
        attempts_left=max(0, course.max_attempts - len(submitted)), passed=any(a.passed for a in submitted),
        open_attempt=next((a for a in attempts if a.submitted_at is None), None),
    )
