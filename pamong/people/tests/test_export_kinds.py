"""The export-job registry (pamong.people.export_jobs): higher contexts register kinds; an unknown kind fails
clearly instead of writing anything."""

import pytest
from django.urls import reverse

from pamong.people import export_jobs
from pamong.people.models import ExportJob

pytestmark = pytest.mark.django_db


def test_the_directory_and_the_recap_are_registered():
    assert export_jobs.export_kind("employees").label
    assert export_jobs.export_kind("performance_recap").label


def test_starting_an_export_of_an_unknown_kind_raises(world):
    with pytest.raises(export_jobs.UnknownExportKind):
        export_jobs.export_job_begin(actor=world.hr_admin.user, kind="nope", fmt="xlsx", query={})

    assert not ExportJob.objects.exists()


def test_a_job_of_an_unknown_kind_fails_with_a_message_and_no_file(world, login):
    job = ExportJob.objects.create(pemda=world.pemda, created_by=world.hr_admin.user, kind="nope", format="xlsx",
                                   total_rows=10)

    job = export_jobs.export_job_run(job.pk)

    assert job.status == "failed"
    assert "nope" in job.error
    assert not job.file
    assert login(world.hr_admin).get(reverse("people:export-detail", args=[job.public_id])).status_code == 404


def test_a_registered_kind_writes_bytes_and_is_told_once_the_file_is_attached(world, login, monkeypatch):
    monkeypatch.setattr(export_jobs, "_kinds", dict(export_jobs._kinds))
    attached = []

    def write(job, progress):
        progress(2)
        return b"a;b\n1;2\n3;4\n"

    export_jobs.register_export_kind(
        "test_kind", label="Test export", count=lambda job: 10_000, write=write,
        filename=lambda job: "test.csv", attached=lambda job: attached.append(job.total_rows),
    )
    job = export_jobs.export_job_begin(actor=world.hr_admin.user, kind="test_kind", fmt="csv", query={"a": 1})

    job = export_jobs.export_job_run(job.pk)

    assert (job.status, job.total_rows, attached) == ("done", 2, [2])
    client = login(world.hr_admin)
    assert "Test export" in client.get(reverse("people:export-detail", args=[job.public_id])).content.decode()
    download = client.get(reverse("people:export-download", args=[job.public_id]))
    assert b"".join(download.streaming_content) == b"a;b\n1;2\n3;4\n"
    assert 'filename="test.csv"' in download["Content-Disposition"]


def test_a_kind_name_longer_than_the_column_is_refused():
    with pytest.raises(ValueError, match="32"):
        export_jobs.register_export_kind("x" * 33, label="", count=len, write=lambda job, progress: b"",
                                         filename=str)
