"""/api/v1/attendance/days and /duties: scoped reads, manual days and duties, refusals by code."""

from datetime import time

import pytest

from pamong.api.tests.conftest import API, ApiClient, make_token
from pamong.attendance.models import AttendanceDay, OfficialDuty, Punch
from pamong.attendance.services.days import recompute

from .factories import MINIMAL_PDF, officer, past_working_day, punch

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def test_own_days_with_punches(api_as, employee):
    day = past_working_day()
    punch(employee, day, time(7, 31))
    punch(employee, day, time(16, 32))
    recompute([employee.pk], day, day)
    answer = api_as(employee).get("/attendance/days", {"from": day.isoformat(), "to": day.isoformat()})
    assert answer.status_code == 200, answer.content
    item = answer.json()["items"][0]
    assert (item["status"], item["first_in"], item["last_out"], item["source"]) == (
        "present", "07:31:00", "16:32:00", "machine")
    assert (item["late_minutes"], item["early_minutes"], len(item["punches"])) == (1, 0, 2)


@pytest.mark.parametrize(("persona", "status"), [
    ("supervisor", 200), ("hr_admin", 200), ("auditor", 200), ("peer", 404), ("other_pemda_admin", 404),
])
def test_someone_elses_days_by_role(api_as, world, persona, status):
    answer = api_as(getattr(world, persona)).get("/attendance/days", {"employee": str(world.employee.public_id)})
    assert answer.status_code == status  # outside one's scope is a 404, as every read of an unseen object
    if status == 200:
        assert answer.json()["employee"]["nip"] == world.employee.nip


def test_a_range_too_long_is_refused(api_as, employee):
    answer = api_as(employee).get("/attendance/days", {"from": "2026-01-01", "to": "2026-06-30"})
    assert (answer.status_code, answer.json()["code"]) == (422, "attendance.invalid_range")


def test_officer_records_a_day(api_as, world, employee):
    clerk = officer(world)
    day = past_working_day()
    api = api_as(clerk)
    body = {"employee": str(employee.public_id), "date": day.isoformat(), "first_in": "07:45", "last_out": "16:00",
            "note": "Daftar hadir"}
    answer = api.post("/attendance/days", body)
    assert answer.status_code == 201, answer.content
    assert (answer.json()["status"], answer.json()["source"], answer.json()["late_minutes"]) == (
        "present", "manual", 15)
    own = api.post("/attendance/days", {**body, "employee": str(clerk.public_id)})
    assert (own.status_code, own.json()["code"]) == (403, "attendance.self_decision")
    future = api.post("/attendance/days", {**body, "date": "2099-01-05"})
    assert (future.status_code, future.json()["code"]) == (422, "attendance.invalid_day")
    assert "date" in future.json()["extra"]["fields"] or "day" in future.json()["extra"]["fields"]
    refused = api_as(world.supervisor).post("/attendance/days", body)
    assert refused.status_code == 403
    outside = api_as(world.other_pemda_admin).post("/attendance/days", body)
    assert (outside.status_code, outside.json()["code"]) == (422, "attendance.unknown_reference")
    assert AttendanceDay.objects.filter(employee=employee, date=day).count() == 1
    assert Punch.objects.count() == 2


def test_officer_records_lists_and_cancels_a_duty(client, api_as, world, employee):
    clerk = officer(world)
    day = past_working_day(2)
    token = make_token(clerk)
    created = client.post(f"{API}/attendance/duties", {
        "employee": str(employee.public_id), "kind": "surat_tugas", "start": day.isoformat(), "end": day.isoformat(),
        "letter_number": "800/1/2026", "letter_date": day.isoformat(), "purpose": "Bimtek",
        "document": _pdf()}, headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201, created.content
    duty_id = created.json()["id"]
    assert AttendanceDay.objects.get(employee=employee, date=day).status == "duty"
    listed = api_as(world.supervisor).get("/attendance/duties", {"employee": str(employee.public_id)})
    assert [item["id"] for item in listed.json()["items"]] == [duty_id]
    assert api_as(world.peer).get("/attendance/duties").json()["count"] == 0
    cancelled = api_as(clerk).post(f"/attendance/duties/{duty_id}/cancel", {"reason": "Batal berangkat"})
    assert (cancelled.status_code, cancelled.json()["cancelled"]) == (200, True)
    again = api_as(clerk).post(f"/attendance/duties/{duty_id}/cancel", {"reason": "Lagi"})
    assert (again.status_code, again.json()["code"]) == (409, "attendance.duty_cancelled")
    assert api_as(world.supervisor).post(f"/attendance/duties/{duty_id}/cancel", {"reason": "x"}).status_code == 403


def test_a_duty_with_a_fake_letter_is_refused(client, world, employee):
    clerk = officer(world)
    day = past_working_day(2)
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(f"{API}/attendance/duties", {
        "employee": str(employee.public_id), "kind": "dinas_luar", "start": day.isoformat(), "end": day.isoformat(),
        "letter_number": "800/1/2026", "letter_date": day.isoformat(), "purpose": "Rapat",
        "document": SimpleUploadedFile("surat.pdf", b"MZ not a pdf")},
        headers={"Authorization": f"Bearer {make_token(clerk)}"})
    assert (answer.status_code, answer.json()["code"]) == (422, "attendance.invalid_duty")
    assert "document" in answer.json()["extra"]["fields"]
    assert not OfficialDuty.objects.exists()


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("surat.pdf", MINIMAL_PDF, content_type="application/pdf")
