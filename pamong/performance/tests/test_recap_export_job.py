"""A large unit recap is a background export job (kind "performance_recap", issue #10): the same workbook as the
direct download, the requester's own scope read when it runs, its file for the requester only, audited once the
file exists, and nothing half-written left when the worker is lost."""

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.people import export_jobs
from pamong.people.models import ExportJob
from pamong.performance import exports
from pamong.performance.export_kinds import RECAP_KIND
from pamong.performance.tests.test_documents import build_line, build_rated

pytestmark = pytest.mark.django_db
RECAP = reverse("performance:recap-xlsx")
PERIOD = {"period": "2026-01"}


@pytest.fixture
def rated(world):
    return build_rated(world, build_line(world))


@pytest.fixture
def small_threshold(monkeypatch):
    """Any export of more than two rows becomes a job (the world has a dozen employees)."""
    monkeypatch.setattr(export_jobs, "EXPORT_JOB_ROWS", 2)


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def _download(client, job) -> bytes:
    return b"".join(client.get(reverse("people:export-download", args=[job.public_id])).streaming_content)


def test_a_large_recap_becomes_a_job_with_the_rows_of_the_direct_download(world, rated, login, monkeypatch):
    client = login(world.hr_admin)
    direct = _rows(b"".join(client.get(RECAP, PERIOD).streaming_content))
    monkeypatch.setattr(export_jobs, "EXPORT_JOB_ROWS", 2)

    response = client.get(RECAP, PERIOD)

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:export-detail", args=[job.public_id])
    assert (job.kind, job.format, job.query, job.status) == (RECAP_KIND, "xlsx", {"unit": "", "period": "2026-01"},
                                                             "done")  # eager in tests
    assert job.total_rows == len(direct) - 2  # a title row and a header row
    page = client.get(response["Location"]).content.decode()
    assert "Performance recap" in page or "Rekap kinerja" in page
    assert reverse("performance:dashboard") in page
    assert reverse("people:export-download", args=[job.public_id]) in page
    download = client.get(reverse("people:export-download", args=[job.public_id]))
    assert download.status_code == 200
    assert "rekap-kinerja" in download["Content-Disposition"]
    assert _rows(b"".join(download.streaming_content)) == direct


def test_the_job_is_audited_like_a_direct_export_once_its_file_exists_and_each_download(world, rated, login,
                                                                                        small_threshold):
    client = login(world.supervisor)

    client.get(RECAP, PERIOD)
    job = ExportJob.objects.get()
    export_jobs.export_job_run(job.pk)  # a late duplicate delivery records nothing more
    _download(client, job)

    event = AuditEvent.objects.get(action=exports.RECAP_EXPORTED)
    assert event.actor_id == world.supervisor.user.pk
    assert event.changes == {"unit": [None, world.division.name], "period": [None, "2026-01"], "rows": [None, 3]}
    downloaded = AuditEvent.objects.get(action=exports.RECAP_DOWNLOADED)
    assert downloaded.changes == {"rows": [None, 3], "format": [None, "xlsx"]}


def test_a_unit_heads_job_holds_only_their_tree(world, rated, login, small_threshold):
    client = login(world.supervisor)

    client.get(RECAP, PERIOD)

    job = ExportJob.objects.get()
    assert job.query["unit"] == str(world.division.public_id)
    nips = {row[1] for row in _rows(_download(client, job))[2:]}
    assert nips == {world.supervisor.nip, world.employee.nip, world.peer.nip}


def test_the_scope_is_checked_again_when_the_job_runs(world, rated, small_threshold):
    # A job naming a unit outside the requester's tree (as if they had moved since): it fails, with no file.
    job = ExportJob.objects.create(pemda=world.pemda, created_by=world.supervisor.user, kind=RECAP_KIND,
                                   format="xlsx", total_rows=10,
                                   query={"unit": str(world.education.public_id), "period": "2026-01"})

    job = export_jobs.export_job_run(job.pk)

    assert job.status == "failed"
    assert not job.file
    assert job.error
    assert not AuditEvent.objects.filter(action=exports.RECAP_EXPORTED).exists()


@pytest.mark.parametrize("persona", ["executive", "unit_head", "employee"])
def test_someone_elses_recap_job_is_not_found(world, rated, login, small_threshold, persona):
    login(world.hr_admin).get(RECAP, PERIOD)
    job = ExportJob.objects.get()

    client = login(getattr(world, persona))
    detail = client.get(reverse("people:export-detail", args=[job.public_id]))
    download = client.get(reverse("people:export-download", args=[job.public_id]))

    assert (detail.status_code, download.status_code) == (404, 404)
    assert not AuditEvent.objects.filter(action=exports.RECAP_DOWNLOADED).exists()


def test_worker_lost_mid_write_leaves_no_file_and_the_redelivery_finishes(world, rated, login, small_threshold,
                                                                        monkeypatch):
    client = login(world.hr_admin)
    folder = f"exports/{world.pemda.pk}"

    def stored() -> set[str]:
        return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()

    files_before = stored()
    real_xlsx = exports.recap_xlsx

    def dying_xlsx(rows, **kwargs):
        kwargs["progress"](1)
        raise RuntimeError("worker lost")

    monkeypatch.setattr(exports, "recap_xlsx", dying_xlsx)
    client.get(RECAP, PERIOD)
    job = ExportJob.objects.get()
    assert (job.status, bool(job.file)) == ("failed", False)
    assert client.get(reverse("people:export-download", args=[job.public_id])).status_code == 404
    assert stored() == files_before
    assert not AuditEvent.objects.filter(action=exports.RECAP_EXPORTED).exists()

    # A worker killed half-way leaves the job "running"; acks_late delivers the task again, which starts over.
    monkeypatch.setattr(exports, "recap_xlsx", real_xlsx)
    ExportJob.objects.filter(pk=job.pk).update(status="running", processed_rows=1)
    job = export_jobs.export_job_run(job.pk)

    assert job.status == "done"
    assert len(_rows(_download(client, job))) == job.total_rows + 2
    assert AuditEvent.objects.filter(action=exports.RECAP_EXPORTED).count() == 1
