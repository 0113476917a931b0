"""E-learning pages: the HR course editor (settings, lessons, question bank, publish, export/import) and the learner's
course home, lessons, quiz and result. Every object is fetched through a scoped selector (404 outside the scope)."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pamong.core.errors import DomainError
from pamong.core.http import AuthedRequest
from pamong.core.uploads import upload_limit

from . import course_packages
from .choices import ActivityForm, LessonKind
from .course_forms import CourseForm, ImportForm, LessonForm, QuestionForm
from .models import CourseProgress, LearningActivity
from .permissions import can_manage
from .selectors import elearning as sel
from .services import elearning as svc

UPLOAD = upload_limit("PAMONG_VIDEO_MAX_BYTES", svc.DEFAULT_VIDEO_MAX_BYTES)
PACKAGE_UPLOAD = upload_limit("PAMONG_COURSE_PACKAGE_MAX_BYTES", course_packages.DEFAULT_PACKAGE_MAX_BYTES)


def _managed_activity(request: AuthedRequest, public_id: UUID) -> LearningActivity:
    activity = get_object_or_404(LearningActivity.objects.filter(form=ActivityForm.E_LEARNING), public_id=public_id)
    if not can_manage(request.user, activity.pemda_id):
        raise Http404
    return activity


def _managed_course(request: AuthedRequest, public_id: UUID):
    return get_object_or_404(sel.course_editor_queryset().filter(pk__in=sel.courses_managed_by(request.user)),
                             public_id=public_id)


def _edit_url(course) -> str:
    return reverse("development:course-edit", args=[course.activity.public_id])


# --- HR: the editor -----------------------------------------------------------------------------------------------


@UPLOAD
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The course of an e-learning activity: its settings (created on first save), lessons and question bank."""
    activity = _managed_activity(request, public_id)
    course = sel.course_editor_queryset().filter(activity=activity).first()
    initial = ({name: getattr(course, name) for name in CourseForm.base_fields} if course else None)
    form = CourseForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                course = svc.course_save(actor=request.user, activity=activity, data=form.to_input())
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                messages.success(request, _("Course settings saved."))
                return redirect(_edit_url(course))
        status = 422
    context = {"activity": activity, "course": course, "form": form, "import_form": ImportForm(),
               "lessons": list(course.lessons.all()) if course else [],
               "questions": list(course.questions.all()) if course else []}
    return TemplateResponse(request, "development/courses/course_edit.html", context, status=status)


@UPLOAD
@require_http_methods(["GET", "POST"])
def lesson_edit(request: AuthedRequest, public_id: UUID, lesson_id: UUID | None = None) -> HttpResponse:
    course = _managed_course(request, public_id)
    lesson = get_object_or_404(course.lessons.all(), public_id=lesson_id) if lesson_id else None
    initial = ({"title": lesson.title, "kind": lesson.kind, "body": lesson.body, "url": lesson.url,
                "minutes": lesson.minutes} if lesson else None)
    form = LessonForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.lesson_save(actor=request.user, course=course, data=form.to_input(), lesson=lesson)
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                messages.success(request, _("Lesson saved."))
                return redirect(_edit_url(course))
        status = 422
    return TemplateResponse(request, "development/courses/lesson_form.html",
                            {"course": course, "lesson": lesson, "form": form}, status=status)


@require_POST
def lesson_remove(request: AuthedRequest, public_id: UUID, lesson_id: UUID) -> HttpResponse:
    course = _managed_course(request, public_id)
    lesson = get_object_or_404(course.lessons.all(), public_id=lesson_id)
    try:
        svc.lesson_remove(actor=request.user, lesson=lesson)
        messages.success(request, _("Lesson removed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_edit_url(course))


@require_POST
def lesson_move(request: AuthedRequest, public_id: UUID, lesson_id: UUID) -> HttpResponse:
    course = _managed_course(request, public_id)
    lesson = get_object_or_404(course.lessons.all(), public_id=lesson_id)
    try:
        svc.lesson_move(actor=request.user, lesson=lesson, up=request.POST.get("direction") == "up")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_edit_url(course))


@require_http_methods(["GET", "POST"])
def question_edit(request: AuthedRequest, public_id: UUID, question_id: UUID | None = None) -> HttpResponse:
    course = _managed_course(request, public_id)
    question = get_object_or_404(course.questions.all(), public_id=question_id) if question_id else None
    form = QuestionForm(request.POST or None, question=question)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.question_save(actor=request.user, course=course, data=form.to_input(), question=question)
            except DomainError as exc:
                form.apply_errors(exc)
            else:
                messages.success(request, _("Question saved."))
                return redirect(_edit_url(course))
        status = 422
    return TemplateResponse(request, "development/courses/question_form.html",
                            {"course": course, "question": question, "form": form}, status=status)


@require_POST
def course_publish(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    course = _managed_course(request, public_id)
    try:
        svc.course_publish(actor=request.user, course=course)
        messages.success(request, _("Course published: enrolled learners can take it."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_edit_url(course))


@require_GET
def course_export(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    course = _managed_course(request, public_id)
    content = course_packages.course_export(actor=request.user, course=course)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="kursus-{course.public_id}.zip"'
    return response


@PACKAGE_UPLOAD
@require_POST
def course_import(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    activity = _managed_activity(request, public_id)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            course = course_packages.course_import(actor=request.user, activity=activity,
                                                   zip_file=form.cleaned_data["file"])
        except DomainError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, _("Course imported as a draft."))
            return redirect(_edit_url(course))
    context = {"activity": activity, "course": None, "form": CourseForm(), "import_form": form,
               "lessons": [], "questions": []}
    return TemplateResponse(request, "development/courses/course_edit.html", context, status=422)


# --- Learners -----------------------------------------------------------------------------------------------------


def _visible_course(request: AuthedRequest, activity_public_id: UUID):
    course = sel.course_for_activity(request.user, activity_public_id)
    if course is None:
        raise Http404
    return course


def _learner_course(request: AuthedRequest, activity_public_id: UUID):
    """The course, for a learner enrolled in it (HR reads the course but takes no quiz in someone's place)."""
    course = _visible_course(request, activity_public_id)
    if sel.learner_enrolment(request.user, course) is None:
        raise Http404
    return course


@require_GET
def course_home(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """The course by its activity's public id: lessons with ticks, progress, time, the quiz and the certificate."""
    course = _visible_course(request, public_id)
    learner = sel.learner_enrolment(request.user, course) is not None
    if learner:
        try:
            svc.course_start(actor=request.user, course=course)  # the clock starts at the first open
        except DomainError as exc:
            messages.error(request, exc.message)
    home = sel.course_home(request.user, course)
    context = {"course": course, "home": home, "learner": learner,
               "manage": can_manage(request.user, course.pemda_id)}
    return TemplateResponse(request, "development/courses/course_home.html", context)


def _visible_lesson(request: AuthedRequest, lesson_id: UUID):
    lesson = get_object_or_404(sel.lessons_visible_to(request.user), public_id=lesson_id)
    manage = can_manage(request.user, lesson.course.pemda_id)
    if not manage and sel.learner_enrolment(request.user, lesson.course) is None:
        raise Http404
    return lesson, manage


@require_GET
def lesson_view(request: AuthedRequest, lesson_id: UUID) -> HttpResponse:
    lesson, manage = _visible_lesson(request, lesson_id)
    home = sel.course_home(request.user, lesson.course)
    lessons = home.lessons
    index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), 0)
    context = {"lesson": lesson, "course": lesson.course, "home": home, "manage": manage,
               "done": lesson.pk in home.done_ids,
               "previous": lessons[index - 1] if index > 0 else None,
               "next": lessons[index + 1] if index + 1 < len(lessons) else None}
    return TemplateResponse(request, "development/courses/lesson_view.html", context)


@require_GET
def lesson_file(request: AuthedRequest, lesson_id: UUID) -> HttpResponse:
    """The lesson's PDF or video from the private storage, inline, to enrolled learners and HR only."""
    lesson, _manage = _visible_lesson(request, lesson_id)
    if lesson.kind not in (LessonKind.PDF, LessonKind.VIDEO) or not lesson.file:
        raise Http404
    response = FileResponse(lesson.file.open("rb"), as_attachment=False, filename=lesson.file_name or None,
                            content_type=svc.lesson_content_type(lesson))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@require_POST
def lesson_done(request: AuthedRequest, lesson_id: UUID) -> HttpResponse:
    lesson, _manage = _visible_lesson(request, lesson_id)
    if sel.learner_enrolment(request.user, lesson.course) is None:
        raise Http404
    try:
        svc.lesson_done(actor=request.user, lesson=lesson)
    except DomainError as exc:
        messages.error(request, exc.message)
    target = request.POST.get("next_lesson")
    if target:
        following = sel.lessons_visible_to(request.user).filter(course=lesson.course, public_id__in=[target]).first()
        if following is not None:
            return redirect("development:lesson-view", lesson_id=following.public_id)
    return redirect("development:course-home", public_id=lesson.course.activity.public_id)


@require_POST
def attempt_start(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    course = _learner_course(request, public_id)
    try:
        attempt, _created = svc.attempt_start(actor=request.user, course=course)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("development:course-home", public_id=public_id)
    return redirect("development:attempt", attempt_id=attempt.public_id)


def _own_attempt(request: AuthedRequest, attempt_id: UUID):
    return get_object_or_404(sel.attempts_visible_to(request.user), public_id=attempt_id)


@require_http_methods(["GET", "POST"])
def attempt_page(request: AuthedRequest, attempt_id: UUID) -> HttpResponse:
    """The quiz: one form, radio buttons for single-choice and checkboxes for multiple-choice questions."""
    attempt = _own_attempt(request, attempt_id)
    progress = sel.progress_of(request.user, attempt.progress.course)
    if progress is None or progress.pk != attempt.progress_id:
        raise Http404  # HR reads results; nobody answers someone else's quiz
    if attempt.submitted_at is not None:
        return redirect("development:attempt-result", attempt_id=attempt.public_id)
    if request.method == "POST":
        answers = {str(item["question"]): request.POST.getlist(f"q{item['question']}")
                   for item in attempt.questions}
        try:
            svc.attempt_submit(actor=request.user, attempt=attempt, answers=answers)
        except PermissionDenied:
            raise Http404 from None
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("development:attempt-result", attempt_id=attempt.public_id)
    course = attempt.progress.course
    context = {"attempt": attempt, "course": course, "questions": sel.attempt_questions(attempt)}
    return TemplateResponse(request, "development/courses/attempt.html", context)


@require_GET
def attempt_result(request: AuthedRequest, attempt_id: UUID) -> HttpResponse:
    """Score, passed, attempts left: never the correct answers (of a failed attempt or any other)."""
    attempt = _own_attempt(request, attempt_id)
    if attempt.submitted_at is None:
        return redirect("development:attempt", attempt_id=attempt.public_id)
    progress = attempt.progress
    course = progress.course
    result = svc.attempt_result(attempt, progress, course)
    context = {"attempt": attempt, "course": course, "result": result, "progress": progress}
    return TemplateResponse(request, "development/courses/attempt_result.html", context)


@require_POST
def course_complete(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    course = _learner_course(request, public_id)
    try:
        svc.course_complete(actor=request.user, course=course)
        messages.success(request, _("Course completed. Your certificate is ready."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("development:course-home", public_id=public_id)


@require_GET
def course_certificate(request: AuthedRequest, progress_id: UUID) -> HttpResponse:
    """The certificate PDF of a completed course, for the learner and HR of the Pemda (audited)."""
    progress = get_object_or_404(
        CourseProgress.objects.select_related("course", "enrolment", "enrolment__activity",
                                              "enrolment__activity__pemda", "enrolment__employee"),
        public_id=progress_id, course__in=sel.courses_visible_to(request.user))
    try:
        svc.course_certificate_record_download(actor=request.user, progress=progress)
    except PermissionDenied:
        raise Http404 from None
    except DomainError:
        raise Http404 from None
    from .certificates import certificate_pdf

    response = HttpResponse(certificate_pdf(progress.enrolment, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{progress.enrolment.verification_code}.pdf"'
    return response
