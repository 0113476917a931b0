"""E-learning: courses delivered as catalogue activities (form "e_learning"), their lessons and question banks, and
the learner's way through them (progress, quiz attempts, completion into the JP ledger).

HR of the Pemda (``can_manage``) builds a course; only a learner whose enrolment in the course's activity is approved
(or already completed) may take it (``development.not_enrolled``). A passed quiz, every lesson done and the minimum
time spent complete the course in one transaction: the enrolment becomes completed with a fresh verification code
(the public verification page reads it) and exactly one verified ``LearningRecord`` (source "course") is written.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pamong.audit.registry import register_action_labels
from pamong.audit.services import audit_record
from pamong.core.text import text_problem
from pamong.core.uploads import UploadRefused, check_upload, megabytes, safe_filename
from pamong.people.selectors import actor_employee

from .. import errors, rules
from ..choices import ActivityForm, CourseStatus, EnrolmentStatus, LearningSource, LessonKind, QuestionKind
from ..errors import DevelopmentError, field_error
from ..models import (
    Choice,
    Course,
    CourseProgress,
    Enrolment,
    LearningActivity,
    LearningRecord,
    Lesson,
    Question,
    QuizAttempt,
)
from ..permissions import can_manage

# --- Codes and audit actions of this slice ------------------------------------------------------------------------

NOT_ELEARNING = "development.not_e_learning"
COURSE_NOT_PUBLISHED = "development.course_not_published"
COURSE_NOT_READY = "development.course_not_ready"
COURSE_COMPLETED = "development.course_completed"
QUIZ_PASSED = "development.quiz_already_passed"
QUIZ_NOT_PASSED = "development.quiz_not_passed"
LESSONS_NOT_DONE = "development.lessons_not_done"
INVALID_LESSON = "development.invalid_lesson"
INVALID_QUESTION = "development.invalid_question"
INVALID_COURSE = "development.invalid_course"

COURSE_SAVED = "development.course_saved"
COURSE_PUBLISHED = "development.course_published"
LESSON_SAVED = "development.lesson_saved"
LESSON_REMOVED = "development.lesson_removed"
LESSON_MOVED = "development.lesson_moved"
QUESTION_SAVED = "development.question_saved"
COURSE_STARTED = "development.course_started"
LESSON_DONE = "development.lesson_done"
ATTEMPT_STARTED = "development.attempt_started"
ATTEMPT_SUBMITTED = "development.attempt_submitted"
COURSE_COMPLETED_ACTION = "development.course_completed"
COURSE_EXPORTED = "development.course_exported"
COURSE_IMPORTED = "development.course_imported"

register_action_labels({
    COURSE_SAVED: _lazy("E-learning course saved"),
    COURSE_PUBLISHED: _lazy("E-learning course published"),
    LESSON_SAVED: _lazy("Lesson saved"),
    LESSON_REMOVED: _lazy("Lesson removed"),
    LESSON_MOVED: _lazy("Lesson moved"),
    QUESTION_SAVED: _lazy("Quiz question saved"),
    COURSE_STARTED: _lazy("E-learning course started"),
    LESSON_DONE: _lazy("Lesson marked done"),
    ATTEMPT_STARTED: _lazy("Quiz attempt started"),
    ATTEMPT_SUBMITTED: _lazy("Quiz attempt submitted"),
    COURSE_COMPLETED_ACTION: _lazy("E-learning course completed"),
    COURSE_EXPORTED: _lazy("E-learning course exported"),
    COURSE_IMPORTED: _lazy("E-learning course imported"),
})

# Limits of a question bank (issue #11) and of uploaded videos (settings.PAMONG_VIDEO_MAX_BYTES).
MIN_CHOICES, MAX_CHOICES = 2, 8
DEFAULT_VIDEO_MAX_BYTES = 200 * 1024 * 1024
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
LESSON_CONTENT_TYPES = {LessonKind.PDF: "application/pdf"}
# The elapsed minutes written as "verified minutes" are capped: a course left open for weeks did not take weeks.
MINUTES_CAP_FACTOR = 2
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
CODE_LENGTH = 12


def video_max_bytes() -> int:
    return int(getattr(settings, "PAMONG_VIDEO_MAX_BYTES", DEFAULT_VIDEO_MAX_BYTES))


# --- Scoring (pure) -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DrawnQuestion:
    """One question as an attempt drew it: its choices (those shown) and the correct ones among them."""

    question_id: int
    choice_ids: frozenset[int]
    correct_ids: frozenset[int]


def score_answers(drawn: list[DrawnQuestion], answers: Mapping[object, Iterable[object]]) -> Decimal:
    """100 × correct questions / drawn questions, 2 decimals (half up).

    Only the drawn questions count, and of each only its own choices: anything else in *answers* is ignored. A
    question is correct when the chosen set equals its correct set (so a multiple-choice question needs every
    correct choice and no wrong one). Keys and choice ids may be ints or their decimal strings.
    """
    if not drawn:
        return Decimal("0.00")
    by_question: dict[int, set[int]] = {}
    for key, chosen in (answers or {}).items():
        question_id = _as_int(key)
        if question_id is None or isinstance(chosen, str | bytes) or not isinstance(chosen, Iterable):
            continue
        ids = {value for value in (_as_int(item) for item in chosen) if value is not None}
        by_question.setdefault(question_id, set()).update(ids)
    correct = 0
    for question in drawn:
        chosen = by_question.get(question.question_id, set()) & question.choice_ids
        if chosen and chosen == question.correct_ids:
            correct += 1
    return (Decimal(100) * correct / len(drawn)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _as_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 19:
        return int(value.strip())
    return None


# --- Inputs -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CourseInput:
    passing_score: int = 70
    max_attempts: int = 3
    questions_per_attempt: int = 10
    min_minutes: int = 0


@dataclass(frozen=True, slots=True)
class LessonInput:
    title: str
    kind: str
    body: str = ""
    url: str = ""
    minutes: int = 0
    file_name: str = ""
    file_content: bytes | None = None  # None: keep the lesson's file (an edit without a new upload)


@dataclass(frozen=True, slots=True)
class ChoiceInput:
    text: str
    is_correct: bool = False
    id: int | None = None  # an existing choice of the question, kept (attempts in progress refer to it)


@dataclass(frozen=True, slots=True)
class QuestionInput:
    text: str
    kind: str = QuestionKind.SINGLE
    is_active: bool = True
    choices: list[ChoiceInput] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    safe_name: str


# --- Helpers ------------------------------------------------------------------------------------------------------


def _require_manage(actor, pemda_id: int) -> None:
    if not can_manage(actor, pemda_id):
        raise PermissionDenied


def _int_in(value, name: str, *, minimum: int, maximum: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or isinstance(value, bool) or not minimum <= number <= maximum:
        raise field_error(name, _("Enter a whole number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum},
                          INVALID_COURSE)
    return number


def _text(value: str, name: str, *, required: bool, max_length: int, multiline: bool, code: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise field_error(name, _("This field is required."), code)
    if len(value) > max_length:
        raise field_error(name, _("At most %(n)d characters.") % {"n": max_length}, code)
    if problem := text_problem(value, multiline=multiline):
        raise field_error(name, problem, code)
    return value


def sniff_video(name: str, content: bytes) -> CheckedFile:
    """An MP4 or WebM file, recognised by its first bytes (never by its name), within PAMONG_VIDEO_MAX_BYTES."""
    limit = video_max_bytes()
    if not content:
        raise field_error("file", _("The file is empty."), INVALID_LESSON)
    if len(content) > limit:
        raise field_error("file", _("The file is larger than %(size)s MB.") % {"size": megabytes(limit)},
                          "core.upload_too_large")
    head = content[:64]
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12].isalnum():
        extension = ".mp4"
    elif head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in content[:4096]:
        extension = ".webm"
    else:
        raise field_error("file", _("Only MP4 and WebM videos are accepted."), INVALID_LESSON)
    base = safe_filename(name).rsplit(".", 1)[0] or "video"
    return CheckedFile(content=content, content_type=VIDEO_TYPES[extension], extension=extension,
                       safe_name=f"{base}{extension}")


def check_pdf_lesson(name: str, content: bytes) -> CheckedFile:
    """A genuine, safe PDF (the project's one content check, pamong.core.uploads)."""
    try:
        checked = check_upload(name if name.lower().endswith(".pdf") else f"{name}.pdf", content)
    except UploadRefused as exc:
        raise DevelopmentError(exc.message, code=exc.code, extra=exc.extra) from None
    if checked.content_type != "application/pdf":
        raise field_error("file", _("Only PDF files are accepted."), INVALID_LESSON)
    return CheckedFile(content=checked.content, content_type=checked.content_type, extension=".pdf",
                       safe_name=checked.safe_name)


def check_lesson_file(kind: str, name: str, content: bytes) -> CheckedFile:
    if kind == LessonKind.PDF:
        return check_pdf_lesson(name, content)
    return sniff_video(name, content)


def lesson_content_type(lesson: Lesson) -> str:
    if lesson.kind == LessonKind.PDF:
        return "application/pdf"
    suffix = "." + lesson.file.name.rsplit(".", 1)[-1].lower() if lesson.file else ""
    return VIDEO_TYPES.get(suffix, "application/octet-stream")


def _editable(course: Course) -> None:
    if course.status == CourseStatus.ARCHIVED:
        raise DevelopmentError(_("This course is archived."), code=INVALID_COURSE, http_status=409)


# --- HR: the course, its lessons and question bank ------------------------------------------------------------------


@transaction.atomic
def course_save(*, actor, activity: LearningActivity, data: CourseInput) -> Course:
    """Create or update the course of an e-learning activity. Raises PermissionDenied unless HR of its Pemda."""
    _require_manage(actor, activity.pemda_id)
    if activity.form != ActivityForm.E_LEARNING:
        raise DevelopmentError(_("Only an e-learning activity has a course."), code=NOT_ELEARNING)
    values = {
        "passing_score": _int_in(data.passing_score, "passing_score", minimum=0, maximum=100),
        "max_attempts": _int_in(data.max_attempts, "max_attempts", minimum=1, maximum=100),
        "questions_per_attempt": _int_in(data.questions_per_attempt, "questions_per_attempt", minimum=1,
                                         maximum=200),
        "min_minutes": _int_in(data.min_minutes, "min_minutes", minimum=0, maximum=100_000),
    }
    course = Course.objects.select_for_update().filter(activity=activity).first()
    if course is None:
        course = Course(pemda_id=activity.pemda_id, activity=activity, created_by=actor, **values)
        course.full_clean()
        course.save()
        changes = {name: [None, value] for name, value in values.items()}
    else:
        _editable(course)
        changes = {name: [getattr(course, name), value] for name, value in values.items()
                   if getattr(course, name) != value}
        for name, value in values.items():
            setattr(course, name, value)
        course.save(update_fields=[*values, "updated_at"])
    audit_record(actor=actor, action=COURSE_SAVED, target=course, changes=changes)
    return course


def _store_file(lesson: Lesson, checked: CheckedFile) -> None:
    lesson.file.save(f"lesson{checked.extension}", ContentFile(checked.content), save=False)
    lesson.file_name = checked.safe_name


def _lesson_values(data: LessonInput) -> dict:
    if data.kind not in LessonKind.values:
        raise field_error("kind", _("Choose a kind of lesson."), INVALID_LESSON)
    values = {
        "title": _text(data.title, "title", required=True, max_length=200, multiline=False, code=INVALID_LESSON),
        "kind": data.kind,
        "minutes": _int_in(data.minutes, "minutes", minimum=0, maximum=10_000),
        "body": "", "url": "",
    }
    if data.kind == LessonKind.TEXT:
        values["body"] = _text(data.body, "body", required=True, max_length=50_000, multiline=True,
                               code=INVALID_LESSON)
    elif data.kind == LessonKind.LINK:
        url = (data.url or "").strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise field_error("url", _("Enter a link starting with http:// or https://."), INVALID_LESSON) from None
        if len(url) > 500:
            raise field_error("url", _("At most %(n)d characters.") % {"n": 500}, INVALID_LESSON)
        values["url"] = url
    return values


@transaction.atomic
def lesson_save(*, actor, course: Course, data: LessonInput, lesson: Lesson | None = None) -> Lesson:
    """Add a lesson (last) or change one. A PDF or video lesson needs a file, checked by its content."""
    _require_manage(actor, course.pemda_id)
    _editable(course)
    values = _lesson_values(data)
    checked = None
    if data.kind in (LessonKind.PDF, LessonKind.VIDEO):
        if data.file_content is not None:
            checked = check_lesson_file(data.kind, data.file_name or "file", data.file_content)
        elif lesson is None or lesson.kind != data.kind or not lesson.file:
            raise field_error("file", _("Choose a file."), INVALID_LESSON)
    if lesson is None:
        order = (course.lessons.aggregate(top=Max("order"))["top"] or 0) + 1
        lesson = Lesson(course=course, order=order, **values)
        before = {}
    else:
        if lesson.course_id != course.pk:
            raise PermissionDenied
        before = {name: getattr(lesson, name) for name in values}
        for name, value in values.items():
            setattr(lesson, name, value)
    if data.kind not in (LessonKind.PDF, LessonKind.VIDEO):
        lesson.file, lesson.file_name = "", ""
    if checked is not None:
        _store_file(lesson, checked)  # before the row: a refused file leaves no row (PrivateFileStorage)
    lesson.save()
    changes = {name: [before.get(name), value] for name, value in values.items() if before.get(name) != value}
    if checked is not None:
        changes["file_name"] = [None, lesson.file_name]
    audit_record(actor=actor, action=LESSON_SAVED, target=lesson, changes=changes, pemda_id=course.pemda_id)
    return lesson


@transaction.atomic
def lesson_remove(*, actor, lesson: Lesson) -> None:
    course = lesson.course
    _require_manage(actor, course.pemda_id)
    _editable(course)
    audit_record(actor=actor, action=LESSON_REMOVED, target=lesson, changes={"title": [lesson.title, None]},
                 pemda_id=course.pemda_id)
    lesson.delete()
    _renumber(course)


def _renumber(course: Course) -> list[Lesson]:
    lessons = list(course.lessons.order_by("order", "pk"))
    changed = []
    for position, item in enumerate(lessons, start=1):
        if item.order != position:
            item.order = position
            changed.append(item)
    Lesson.objects.bulk_update(changed, ["order"])
    return lessons


@transaction.atomic
def lesson_move(*, actor, lesson: Lesson, up: bool) -> Lesson:
    """Swap a lesson with the one before (*up*) or after it; at either end nothing changes."""
    course = lesson.course
    _require_manage(actor, course.pemda_id)
    _editable(course)
    Course.objects.select_for_update().filter(pk=course.pk).first()
    lessons = _renumber(course)
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(lessons):
        a, b = lessons[index], lessons[other]
        a.order, b.order = b.order, a.order
        Lesson.objects.bulk_update([a, b], ["order"])
        audit_record(actor=actor, action=LESSON_MOVED, target=a, changes={"order": [b.order, a.order]},
                     pemda_id=course.pemda_id)
        return a
    return lessons[index]


def _choices_checked(data: QuestionInput) -> list[ChoiceInput]:
    kept = [ChoiceInput(text=_text(c.text, "choices", required=False, max_length=500, multiline=False,
                                   code=INVALID_QUESTION), is_correct=bool(c.is_correct), id=c.id)
            for c in data.choices]
    kept = [c for c in kept if c.text]
    if not MIN_CHOICES <= len(kept) <= MAX_CHOICES:
        raise field_error("choices", _("Give from %(min)d to %(max)d answers.") % {"min": MIN_CHOICES,
                                                                                    "max": MAX_CHOICES},
                          INVALID_QUESTION)
    correct = sum(1 for c in kept if c.is_correct)
    if data.kind == QuestionKind.SINGLE and correct != 1:
        raise field_error("choices", _("A single-choice question has exactly one correct answer."), INVALID_QUESTION)
    if data.kind == QuestionKind.MULTIPLE and correct < 1:
        raise field_error("choices", _("Mark at least one correct answer."), INVALID_QUESTION)
    return kept


@transaction.atomic
def question_save(*, actor, course: Course, data: QuestionInput, question: Question | None = None) -> Question:
    """Add a question to the bank or change one with its 2–8 choices (single: exactly one correct; multiple: ≥ 1).

    Choices named by id are kept and updated (an attempt in progress refers to them); the others are replaced."""
    _require_manage(actor, course.pemda_id)
    _editable(course)
    if data.kind not in QuestionKind.values:
        raise field_error("kind", _("Choose a kind of question."), INVALID_QUESTION)
    text = _text(data.text, "text", required=True, max_length=2000, multiline=True, code=INVALID_QUESTION)
    choices = _choices_checked(data)
    if question is None:
        question = Question.objects.create(course=course, text=text, kind=data.kind, is_active=bool(data.is_active))
        before = {}
    else:
        if question.course_id != course.pk:
            raise PermissionDenied
        before = {"text": question.text, "kind": question.kind, "is_active": question.is_active,
                  "choices": [[c.text, c.is_correct] for c in question.choices.all()]}
        question.text, question.kind, question.is_active = text, data.kind, bool(data.is_active)
        question.save(update_fields=["text", "kind", "is_active", "updated_at"])
    existing = {c.pk: c for c in question.choices.all()}
    keep_ids = {c.id for c in choices if c.id in existing}
    question.choices.exclude(pk__in=keep_ids).delete()
    for item in choices:
        if item.id in existing:
            row = existing[item.id]
            row.text, row.is_correct = item.text, item.is_correct
            row.save(update_fields=["text", "is_correct"])
        else:
            Choice.objects.create(question=question, text=item.text, is_correct=item.is_correct)
    after = {"text": text, "kind": data.kind, "is_active": bool(data.is_active),
             "choices": [[c.text, c.is_correct] for c in choices]}
    changes = {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}
    audit_record(actor=actor, action=QUESTION_SAVED, target=question, changes=changes, pemda_id=course.pemda_id)
    return question


def _valid_question_count(course: Course) -> int:
    count = 0
    for question in course.questions.filter(is_active=True).prefetch_related("choices"):
        choices = list(question.choices.all())
        correct = sum(1 for c in choices if c.is_correct)
        if MIN_CHOICES <= len(choices) <= MAX_CHOICES and (
                correct == 1 if question.kind == QuestionKind.SINGLE else correct >= 1):
            count += 1
    return count


@transaction.atomic
def course_publish(*, actor, course: Course) -> Course:
    """Open the course to learners: it needs a lesson and at least questions_per_attempt valid active questions."""
    _require_manage(actor, course.pemda_id)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status == CourseStatus.PUBLISHED:
        return course
    if not course.lessons.exists():
        raise DevelopmentError(_("Add at least one lesson before publishing."), code=COURSE_NOT_READY)
    if _valid_question_count(course) < course.questions_per_attempt:
        raise DevelopmentError(
            _("The question bank needs at least %(n)d active questions (the questions per attempt).")
            % {"n": course.questions_per_attempt}, code=COURSE_NOT_READY)
    before = course.status
    course.status = CourseStatus.PUBLISHED
    course.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=COURSE_PUBLISHED, target=course, changes={"status": [before, course.status]})
    return course


# --- Learners -----------------------------------------------------------------------------------------------------


def _learner_enrolment(actor, course: Course) -> Enrolment:
    """The actor's approved (or completed) enrolment in the course's activity; NOT_ENROLLED otherwise."""
    me = actor_employee(actor)
    enrolment = None
    if me is not None and me.pemda_id == course.pemda_id:
        enrolment = (Enrolment.objects.filter(activity_id=course.activity_id, employee=me,
                                              status__in=(EnrolmentStatus.APPROVED, EnrolmentStatus.COMPLETED))
                     .order_by("-pk").first())
    if enrolment is None:
        raise DevelopmentError(_("You are not enrolled in this course."), code=errors.NOT_ENROLLED, http_status=403)
    return enrolment


def _published(course: Course) -> None:
    if course.status != CourseStatus.PUBLISHED:
        raise DevelopmentError(_("This course is not open to learners."), code=COURSE_NOT_PUBLISHED, http_status=409)


@transaction.atomic
def course_start(*, actor, course: Course) -> CourseProgress:
    """The learner's progress in *course*, created when they first open it (the clock for min_minutes starts)."""
    enrolment = _learner_enrolment(actor, course)
    progress = CourseProgress.objects.filter(enrolment=enrolment).first()
    if progress is not None:
        return progress
    _published(Course.objects.only("status").get(pk=course.pk))  # the stored state, not a caller's stale copy
    progress = CourseProgress.objects.create(course=course, enrolment=enrolment, employee=enrolment.employee,
                                             started_at=timezone.now())
    audit_record(actor=actor, action=COURSE_STARTED, target=progress, pemda_id=course.pemda_id,
                 changes={"started_at": [None, progress.started_at.isoformat()]})
    return progress


def _locked_progress(actor, course: Course) -> CourseProgress:
    progress = course_start(actor=actor, course=course)
    return CourseProgress.objects.select_for_update().get(pk=progress.pk)


@transaction.atomic
def lesson_done(*, actor, lesson: Lesson) -> CourseProgress:
    """Tick a lesson as done (idempotent)."""
    course = lesson.course
    progress = _locked_progress(actor, course)
    done = [int(x) for x in progress.lessons_done]
    if lesson.pk not in done:
        progress.lessons_done = [*done, lesson.pk]
        progress.save(update_fields=["lessons_done", "updated_at"])
        audit_record(actor=actor, action=LESSON_DONE, target=progress, pemda_id=course.pemda_id,
                     changes={"lesson": [None, lesson.title]})
    return progress


def _draw(course: Course) -> list[dict]:
    rng = random.SystemRandom()
    question_ids = list(course.questions.filter(is_active=True).values_list("pk", flat=True))
    chosen = rng.sample(question_ids, min(course.questions_per_attempt, len(question_ids)))
    choices: dict[int, list[int]] = {}
    for question_id, choice_id in Choice.objects.filter(question_id__in=chosen).values_list("question_id", "pk"):
        choices.setdefault(question_id, []).append(choice_id)
    drawn = []
    for question_id in chosen:
        ids = choices.get(question_id, [])
        rng.shuffle(ids)
        drawn.append({"question": question_id, "choices": ids})
    return drawn


@transaction.atomic
def attempt_start(*, actor, course: Course) -> tuple[QuizAttempt, bool]:
    """Start a quiz attempt (questions drawn at random, choices shuffled), or return the open one.

    Returns (attempt, created). Refuses ``development.attempts_exhausted`` after max_attempts submitted attempts,
    and once the quiz is passed or the course completed."""
    progress = _locked_progress(actor, course)
    attempts = list(progress.attempts.all())
    open_attempt = next((a for a in attempts if a.submitted_at is None), None)
    if open_attempt is not None:
        return open_attempt, False
    if progress.completed_at is not None:
        raise DevelopmentError(_("You have completed this course."), code=COURSE_COMPLETED, http_status=409)
    if any(a.passed for a in attempts):
        raise DevelopmentError(_("You have already passed this quiz."), code=QUIZ_PASSED, http_status=409)
    course = Course.objects.select_related("activity").get(pk=course.pk)
    _published(course)
    if len(attempts) >= course.max_attempts:
        raise DevelopmentError(_("You have used all %(n)d attempts of this quiz.") % {"n": course.max_attempts},
                               code=errors.ATTEMPTS_EXHAUSTED, http_status=409)
    drawn = _draw(course)
    if len(drawn) < course.questions_per_attempt:
        raise DevelopmentError(_("The question bank of this course is not ready."), code=COURSE_NOT_READY,
                               http_status=409)
    attempt = QuizAttempt.objects.create(progress=progress, number=len(attempts) + 1, questions=drawn,
                                         started_at=timezone.now())
    audit_record(actor=actor, action=ATTEMPT_STARTED, target=attempt, pemda_id=course.pemda_id,
                 changes={"number": [None, attempt.number]})
    return attempt, True


@dataclass(frozen=True, slots=True)
class SubmitResult:
    attempt: QuizAttempt
    attempts_left: int
    completed: bool
    minutes_left: int  # before the course can be completed (0 when it can, or is)


def drawn_questions(attempt: QuizAttempt) -> list[DrawnQuestion]:
    ids = [int(item["question"]) for item in attempt.questions]
    correct: dict[int, set[int]] = {}
    for question_id, choice_id in Choice.objects.filter(question_id__in=ids, is_correct=True).values_list(
            "question_id", "pk"):
        correct.setdefault(question_id, set()).add(choice_id)
    drawn = []
    for item in attempt.questions:
        shown = frozenset(int(x) for x in item["choices"])
        drawn.append(DrawnQuestion(int(item["question"]), shown, frozenset(correct.get(int(item["question"]), set()))
                                   & shown))
    return drawn


def _clean_answers(attempt: QuizAttempt, answers: Mapping) -> dict[str, list[int]]:
    """Only the attempt's questions and, of each, only its shown choices are stored."""
    allowed = {int(item["question"]): {int(x) for x in item["choices"]} for item in attempt.questions}
    stored: dict[str, list[int]] = {}
    for key, chosen in (answers or {}).items():
        question_id = _as_int(key)
        if question_id not in allowed or isinstance(chosen, str | bytes) or not isinstance(chosen, Iterable):
            continue
        ids = sorted({i for i in (_as_int(x) for x in chosen) if i is not None} & allowed[question_id])
        if ids:
            stored[str(question_id)] = ids
    return stored


def minutes_left(progress: CourseProgress, course: Course, now=None) -> int:
    elapsed = ((now or timezone.now()) - progress.started_at).total_seconds()
    return max(0, -int(-(course.min_minutes * 60 - elapsed) // 60))  # ceiling of the minutes still to spend


def attempt_result(attempt: QuizAttempt, progress: CourseProgress, course: Course) -> SubmitResult:
    used = progress.attempts.filter(submitted_at__isnull=False).count()
    return SubmitResult(attempt=attempt, attempts_left=max(0, course.max_attempts - used),
                        completed=progress.completed_at is not None,
                        minutes_left=0 if progress.completed_at else minutes_left(progress, course))


@transaction.atomic
def attempt_submit(*, actor, attempt: QuizAttempt, answers: Mapping) -> SubmitResult:
    """Score an attempt once; a resubmission returns the stored result. Completes the course when it can.

    Two submits of the same attempt at once count once: the attempt row is locked and the write is a
    compare-and-set on ``submitted_at IS NULL``."""
    progress = CourseProgress.objects.select_for_update().select_related("course", "course__activity").get(
        pk=attempt.progress_id)
    me = actor_employee(actor)
    if me is None or me.pk != progress.employee_id:
        raise PermissionDenied
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    course = progress.course
    if attempt.submitted_at is not None:
        return attempt_result(attempt, progress, course)
    stored = _clean_answers(attempt, answers)
    score = score_answers(drawn_questions(attempt), stored)
    passed = score >= course.passing_score
    now = timezone.now()
    updated = QuizAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
        submitted_at=now, answers=stored, score=score, passed=passed, updated_at=now)
    attempt.refresh_from_db()
    if not updated:
        return attempt_result(attempt, progress, course)
    audit_record(actor=actor, action=ATTEMPT_SUBMITTED, target=attempt, pemda_id=course.pemda_id,
                 changes={"score": [None, str(score)], "passed": [None, passed]})
    if passed and _can_complete(progress, course, now) is None:
        _complete(actor=actor, progress=progress, course=course, now=now)
    return attempt_result(attempt, progress, course)


def _can_complete(progress: CourseProgress, course: Course, now) -> DevelopmentError | None:
    """Why the course cannot be completed yet, or None."""
    lesson_ids = set(course.lessons.values_list("pk", flat=True))
    if not lesson_ids <= {int(x) for x in progress.lessons_done}:
        return DevelopmentError(_("Mark every lesson as done first."), code=LESSONS_NOT_DONE, http_status=409)
    if not progress.attempts.filter(passed=True).exists():
        return DevelopmentError(_("Pass the quiz first."), code=QUIZ_NOT_PASSED, http_status=409)
    left = minutes_left(progress, course, now)
    if left > 0:
        return DevelopmentError(
            _("The course can be completed after the minimum study time: %(n)d more minutes.") % {"n": left},
            code=errors.TOO_EARLY, http_status=409, extra={"minutes_left": left})
    return None


@transaction.atomic
def course_complete(*, actor, course: Course) -> CourseProgress:
    """Complete the course once the quiz is passed, every lesson done and the minimum time spent (idempotent).

    Raises TOO_EARLY (with ``extra.minutes_left``), LESSONS_NOT_DONE or QUIZ_NOT_PASSED otherwise."""
    progress = _locked_progress(actor, course)
    if progress.completed_at is not None:
        return progress
    now = timezone.now()
    if problem := _can_complete(progress, course, now):
        raise problem
    _complete(actor=actor, progress=progress, course=course, now=now)
    return progress


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _complete(*, actor, progress: CourseProgress, course: Course, now) -> None:
    """Progress, enrolment and one verified ledger entry, in the caller's transaction; audited."""
    activity = course.activity
    enrolment = Enrolment.objects.select_for_update().get(pk=progress.enrolment_id)
    elapsed = int((now - progress.started_at).total_seconds() // 60)
    study = sum(course.lessons.values_list("minutes", flat=True))
    cap = max(course.min_minutes, study, activity.jp * rules.MINUTES_PER_JP, 1) * MINUTES_CAP_FACTOR
    minutes = max(0, min(elapsed, cap))
    today = timezone.localdate(now)
    progress.completed_at = now
    progress.save(update_fields=["completed_at", "updated_at"])
    before = {"status": enrolment.status, "verification_code": enrolment.verification_code}
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on = enrolment.completed_on or today
    enrolment.minutes = minutes
    enrolment.certificate_jp = activity.jp
    enrolment.verification_code = enrolment.verification_code or _new_code()
    for _try in range(5):
        try:
            with transaction.atomic():
                enrolment.save(update_fields=["status", "completed_on", "minutes", "certificate_jp",
                                              "verification_code", "updated_at"])
            break
        except IntegrityError:  # a verification code already taken (1 in 32^12): draw another
            enrolment.verification_code = _new_code()
    jp = rules.jp_for(minutes=minutes, certificate_jp=activity.jp)
    record, _created = LearningRecord.objects.get_or_create(
        source=LearningSource.COURSE, source_id=progress.pk,
        defaults={"pemda_id": course.pemda_id, "employee_id": progress.employee_id, "title": activity.title[:200],
                  "form": activity.form, "completed_on": enrolment.completed_on, "year": enrolment.completed_on.year,
                  "minutes": minutes, "certificate_jp": activity.jp, "jp": jp, "verified": True,
                  "verified_at": now})
    audit_record(actor=actor, action=COURSE_COMPLETED_ACTION, target=enrolment, pemda_id=course.pemda_id,
                 changes={"status": [before["status"], enrolment.status], "minutes": [None, minutes],
                          "certificate_jp": [None, activity.jp], "jp": [None, record.jp],
                          "verification_code": [before["verification_code"], enrolment.verification_code]})


@transaction.atomic
def course_certificate_record_download(*, actor, progress: CourseProgress) -> None:
    """Audit a download of a completed course's certificate (by the learner or HR of the Pemda)."""
    me = actor_employee(actor)
    if not ((me is not None and me.pk == progress.employee_id) or can_manage(actor, progress.course.pemda_id)):
        raise PermissionDenied
    if progress.completed_at is None:
        raise DevelopmentError(_("The course is not completed yet."), code=QUIZ_NOT_PASSED, http_status=409)
    from ..audit import DevelopmentAudit

    audit_record(actor=actor, action=DevelopmentAudit.CERTIFICATE_DOWNLOADED, target=progress.enrolment,
                 pemda_id=progress.course.pemda_id, changes={})
