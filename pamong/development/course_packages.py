"""A course as a Pamong package (zip) to move between agencies: ``manifest.json`` + ``files/<n>.<ext>``.

The archive is hostile until proven otherwise (reliability-security.md G20): its size, the number of members, each
member's declared and actual size and the compression ratio are limited; only ``manifest.json`` and flat
``files/<name>`` members are accepted (no path traversal, absolute paths, directories or symlinks); the manifest is
validated against a strict schema; every file goes through the same content check as an upload (lesson_save). The
import writes a new draft course in one transaction: all or nothing.
"""

from __future__ import annotations

import io
import json
import re
import stat
import zipfile
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pamong.audit.services import audit_record

from .choices import LessonKind, QuestionKind
from .errors import DevelopmentError
from .models import Course, LearningActivity
from .permissions import can_manage
from .services import elearning as svc

FORMAT = "pamong-course"
VERSION = 1
MANIFEST = "manifest.json"
INVALID_PACKAGE = "development.invalid_package"
DEFAULT_PACKAGE_MAX_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 300
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed, per member (zip bombs)
_FILE_NAME = re.compile(r"^files/[A-Za-z0-9_-]{1,64}\.(pdf|mp4|webm)$")


def package_max_bytes() -> int:
    return int(getattr(settings, "PAMONG_COURSE_PACKAGE_MAX_BYTES", DEFAULT_PACKAGE_MAX_BYTES))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ChoiceSpec(_Strict):
    text: str = Field(max_length=500)
    is_correct: bool


class QuestionSpec(_Strict):
    text: str = Field(max_length=2000)
    kind: Literal["single", "multiple"]
    is_active: bool = True
    choices: list[ChoiceSpec] = Field(max_length=svc.MAX_CHOICES)


class LessonSpec(_Strict):
    title: str = Field(max_length=200)
    kind: Literal["text", "pdf", "video", "link"]
    body: str = Field("", max_length=50_000)
    url: str = Field("", max_length=500)
    minutes: int = Field(0, ge=0, le=10_000)
    file: str | None = Field(None, max_length=80)
    file_name: str = Field("", max_length=255)


class CourseSpec(_Strict):
    title: str = Field("", max_length=200)
    passing_score: int = Field(ge=0, le=100)
    max_attempts: int = Field(ge=1, le=100)
    questions_per_attempt: int = Field(ge=1, le=200)
    min_minutes: int = Field(ge=0, le=100_000)


class Manifest(_Strict):
    format: Literal["pamong-course"]
    version: Literal[1]
    course: CourseSpec
    lessons: list[LessonSpec] = Field(max_length=200)
    questions: list[QuestionSpec] = Field(max_length=2000)


def _refuse(message: str) -> DevelopmentError:
    return DevelopmentError(message, code=INVALID_PACKAGE, extra={"fields": {"file": [message]}})


# --- Export -------------------------------------------------------------------------------------------------------


@transaction.atomic
def course_export(*, actor, course: Course) -> bytes:
    """The course as a package: settings, lessons with their files, questions with their choices. Audited."""
    if not can_manage(actor, course.pemda_id):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    lessons, files = [], {}
    for n, lesson in enumerate(course.lessons.order_by("order", "pk"), start=1):
        entry = {"title": lesson.title, "kind": lesson.kind, "body": lesson.body, "url": lesson.url,
                 "minutes": lesson.minutes, "file": None, "file_name": lesson.file_name}
        if lesson.file and lesson.kind in (LessonKind.PDF, LessonKind.VIDEO):
            extension = lesson.file.name.rsplit(".", 1)[-1].lower()
            entry["file"] = f"files/{n}.{extension}"
            with lesson.file.open("rb") as handle:
                files[entry["file"]] = handle.read()
        lessons.append(entry)
    questions = [{"text": q.text, "kind": q.kind, "is_active": q.is_active,
                  "choices": [{"text": c.text, "is_correct": c.is_correct} for c in q.choices.all()]}
                 for q in course.questions.prefetch_related("choices").order_by("pk")]
    manifest = {"format": FORMAT, "version": VERSION,
                "course": {"title": course.activity.title, "passing_score": course.passing_score,
                           "max_attempts": course.max_attempts, "questions_per_attempt": course.questions_per_attempt,
                           "min_minutes": course.min_minutes},
                "lessons": lessons, "questions": questions}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, content in files.items():
            archive.writestr(name, content, compress_type=zipfile.ZIP_STORED)
    audit_record(actor=actor, action=svc.COURSE_EXPORTED, target=course,
                 changes={"lessons": [None, len(lessons)], "questions": [None, len(questions)]})
    return buffer.getvalue()


# --- Import -------------------------------------------------------------------------------------------------------


def _member_ok(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode) or info.is_dir() or info.flag_bits & 0x1:  # symlink, directory, encrypted
        return False
    return info.filename == MANIFEST or bool(_FILE_NAME.match(info.filename))


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise _refuse(_("A file of the package is too large."))
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        raise _refuse(_("A file of the package is compressed suspiciously well."))
    with archive.open(info) as handle:
        data = handle.read(limit + 1)  # never trust the declared size
    if len(data) > limit:
        raise _refuse(_("A file of the package is too large."))
    return data


def read_package(zip_file) -> tuple[Manifest, dict[str, bytes]]:
    """The validated manifest and the files it names. Raises DevelopmentError ``development.invalid_package``."""
    content = zip_file.read(package_max_bytes() + 1) if hasattr(zip_file, "read") else bytes(zip_file)
    if len(content) > package_max_bytes():
        raise _refuse(_("The package is too large."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _refuse(_("The file is not a Pamong course package (zip).")) from None
    with archive:
        if len(infos) > MAX_MEMBERS:
            raise _refuse(_("The package has too many files."))
        names = [info.filename for info in infos]
        if len(set(names)) != len(names) or not all(_member_ok(info) for info in infos):
            raise _refuse(_("The package contains files it may not contain."))
        by_name = {info.filename: info for info in infos}
        if MANIFEST not in by_name:
            raise _refuse(_("The package has no manifest."))
        try:
            raw = json.loads(_read_member(archive, by_name[MANIFEST], MAX_MANIFEST_BYTES).decode("utf-8"))
            manifest = Manifest.model_validate(raw)
        except (ValueError, ValidationError, RecursionError):
            raise _refuse(_("The manifest of the package is not valid.")) from None
        files, total = {}, 0
        for lesson in manifest.lessons:
            if lesson.kind in (LessonKind.PDF, LessonKind.VIDEO):
                if not lesson.file or lesson.file not in by_name or lesson.file in files:
                    raise _refuse(_("A lesson of the package has no file."))
                files[lesson.file] = _read_member(archive, by_name[lesson.file], svc.video_max_bytes())
                total += len(files[lesson.file])
                if total > package_max_bytes() * 2:
                    raise _refuse(_("The package is too large."))
        return manifest, files


@transaction.atomic
def course_import(*, actor, activity: LearningActivity, zip_file) -> Course:
    """A new draft course of *activity* (an e-learning activity of the actor's Pemda without a course) from a
    package. Every lesson and question goes through the services' checks; one refusal writes nothing."""
    if not can_manage(actor, activity.pemda_id):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if Course.objects.filter(activity=activity).exists():
        raise DevelopmentError(_("This activity already has a course."), code=svc.INVALID_COURSE, http_status=409)
    manifest, files = read_package(zip_file)
    spec = manifest.course
    course = svc.course_save(actor=actor, activity=activity, data=svc.CourseInput(
        passing_score=spec.passing_score, max_attempts=spec.max_attempts,
        questions_per_attempt=spec.questions_per_attempt, min_minutes=spec.min_minutes))
    for lesson in manifest.lessons:
        content = files.get(lesson.file) if lesson.file else None
        svc.lesson_save(actor=actor, course=course, data=svc.LessonInput(
            title=lesson.title, kind=lesson.kind, body=lesson.body, url=lesson.url, minutes=lesson.minutes,
            file_name=lesson.file_name or (lesson.file or ""), file_content=content))
    for question in manifest.questions:
        svc.question_save(actor=actor, course=course, data=svc.QuestionInput(
            text=question.text, kind=QuestionKind(question.kind), is_active=question.is_active,
            choices=[svc.ChoiceInput(text=c.text, is_correct=c.is_correct) for c in question.choices]))
    audit_record(actor=actor, action=svc.COURSE_IMPORTED, target=course,
                 changes={"lessons": [None, len(manifest.lessons)], "questions": [None, len(manifest.questions)]})
    return course
