"""Course packages: export → import into another Pemda's activity, and hostile archives refused with nothing written."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied

from pamong.core.errors import DomainError
from pamong.development.choices import CourseStatus, LessonKind
from pamong.development.course_packages import INVALID_PACKAGE, course_export, course_import
from pamong.development.models import Course, Lesson, Question
from pamong.development.services import elearning as svc

from .conftest import MINIMAL_PDF, make_activity

pytestmark = pytest.mark.django_db


def _zip(members: dict, *, symlink: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def _manifest(**overrides) -> dict:
    manifest = {"format": "pamong-course", "version": 1,
                "course": {"title": "X", "passing_score": 60, "max_attempts": 2, "questions_per_attempt": 1,
                           "min_minutes": 0},
                "lessons": [{"title": "Modul", "kind": "pdf", "body": "", "url": "", "minutes": 5,
                             "file": "files/1.pdf", "file_name": "modul.pdf"}],
                "questions": [{"text": "Q?", "kind": "single", "is_active": True,
                               "choices": [{"text": "A", "is_correct": True}, {"text": "B", "is_correct": False}]}]}
    manifest.update(overrides)
    return manifest


@pytest.fixture
def palu_activity(world):
    return make_activity(world.other_pemda, world.other_pemda_admin.user)


def test_export_then_import_into_another_pemda(world, course, palu_activity):
    svc.lesson_save(actor=world.hr_admin.user, course=course, data=svc.LessonInput(
        title="PDF", kind=LessonKind.PDF, file_name="m.pdf", file_content=MINIMAL_PDF))
    content = course_export(actor=world.hr_admin.user, course=course)
    imported = course_import(actor=world.other_pemda_admin.user, activity=palu_activity,
                             zip_file=io.BytesIO(content))
    assert imported.status == CourseStatus.DRAFT
    assert imported.pemda_id == world.other_pemda.pk
    assert imported.lessons.count() == course.lessons.count()
    assert imported.questions.count() == course.questions.count()
    assert imported.lessons.get(kind=LessonKind.PDF).file.read().startswith(b"%PDF")
    assert imported.passing_score == course.passing_score


def test_import_only_by_hr_of_the_activity(world, palu_activity):
    with pytest.raises(PermissionDenied):
        course_import(actor=world.hr_admin.user, activity=palu_activity,
                      zip_file=io.BytesIO(_zip({"manifest.json": json.dumps(_manifest())})))


@pytest.mark.parametrize("members", [
    {"manifest.json": json.dumps(_manifest()), "../evil.pdf": MINIMAL_PDF, "files/1.pdf": MINIMAL_PDF},
    {"manifest.json": json.dumps(_manifest()), "/abs.pdf": MINIMAL_PDF, "files/1.pdf": MINIMAL_PDF},
    {"manifest.json": json.dumps(_manifest()), "files/../../x.pdf": MINIMAL_PDF},
    {"manifest.json": json.dumps(_manifest(lessons=[{"title": "x", "kind": "pdf", "file": "../etc/passwd"}]))},
    {"manifest.json": "{not json"},
    {"manifest.json": json.dumps(_manifest(version=2)), "files/1.pdf": MINIMAL_PDF},
    {"manifest.json": json.dumps({**_manifest(), "extra": 1}), "files/1.pdf": MINIMAL_PDF},
    {"manifest.json": json.dumps(_manifest(course={"passing_score": 500, "max_attempts": 1,
                                                   "questions_per_attempt": 1, "min_minutes": 0})),
     "files/1.pdf": MINIMAL_PDF},
    {"manifest.json": json.dumps(_manifest())},  # the lesson's file is missing
    {"files/1.pdf": MINIMAL_PDF},  # no manifest
])
def test_hostile_archives_refused(world, palu_activity, members):
    with pytest.raises(DomainError) as exc:
        course_import(actor=world.other_pemda_admin.user, activity=palu_activity,
                      zip_file=io.BytesIO(_zip(members)))
    assert exc.value.code == INVALID_PACKAGE
    assert not Course.objects.filter(activity=palu_activity).exists()


def test_symlink_and_not_a_zip_refused(world, palu_activity):
    for content in (_zip({"manifest.json": json.dumps(_manifest()), "files/1.pdf": MINIMAL_PDF},
                         symlink="files/2.pdf"), b"PK\x03\x04 garbage", b""):
        with pytest.raises(DomainError) as exc:
            course_import(actor=world.other_pemda_admin.user, activity=palu_activity, zip_file=io.BytesIO(content))
        assert exc.value.code == INVALID_PACKAGE


def test_oversize_archive_member_and_bomb_refused(world, palu_activity, settings):
    manifest = json.dumps(_manifest())
    settings.PAMONG_COURSE_PACKAGE_MAX_BYTES = 200
    with pytest.raises(DomainError) as exc:
        course_import(actor=world.other_pemda_admin.user, activity=palu_activity,
                      zip_file=io.BytesIO(_zip({"manifest.json": manifest, "files/1.pdf": MINIMAL_PDF})))
    assert exc.value.code == INVALID_PACKAGE
    settings.PAMONG_COURSE_PACKAGE_MAX_BYTES = 10 * 1024 * 1024
    settings.PAMONG_VIDEO_MAX_BYTES = 100
    with pytest.raises(DomainError):
        course_import(actor=world.other_pemda_admin.user, activity=palu_activity,
                      zip_file=io.BytesIO(_zip({"manifest.json": manifest, "files/1.pdf": MINIMAL_PDF})))
    settings.PAMONG_VIDEO_MAX_BYTES = 50 * 1024 * 1024
    bomb = _zip({"manifest.json": manifest, "files/1.pdf": b"\x00" * (5 * 1024 * 1024)})
    with pytest.raises(DomainError) as exc:
        course_import(actor=world.other_pemda_admin.user, activity=palu_activity, zip_file=io.BytesIO(bomb))
    assert exc.value.code == INVALID_PACKAGE


def test_file_content_rechecked_and_all_or_nothing(world, palu_activity):
    manifest = _manifest(questions=[{"text": "Q?", "kind": "single", "choices": [
        {"text": "A", "is_correct": True}, {"text": "B", "is_correct": True}]}])  # two correct: refused
    with pytest.raises(DomainError):
        course_import(actor=world.other_pemda_admin.user, activity=palu_activity,
                      zip_file=io.BytesIO(_zip({"manifest.json": json.dumps(manifest), "files/1.pdf": MINIMAL_PDF})))
    with pytest.raises(DomainError):
        course_import(actor=world.other_pemda_admin.user, activity=palu_activity,
                      zip_file=io.BytesIO(_zip({"manifest.json": json.dumps(_manifest()),
                                                "files/1.pdf": b"<html><script>alert(1)</script></html>"})))
    assert not Course.objects.filter(activity=palu_activity).exists()
    assert not Lesson.objects.filter(course__activity=palu_activity).exists()
    assert not Question.objects.filter(course__activity=palu_activity).exists()
