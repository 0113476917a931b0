"""GET/POST/DELETE /leave/holidays and POST /leave/holidays/prefill (the work calendar through the API)."""

import uuid

import pytest

from pamong.audit.models import AuditEvent
from pamong.leave.models import LeaveApplication
from pamong.workcalendar.models import CalendarDay

from .conftest import body

pytestmark = pytest.mark.django_db

CHRISTMAS = "2026-12-25"


@pytest.mark.parametrize("persona", ["employee", "peer", "auditor", "hr_admin"])
def test_every_member_reads_the_calendar_of_their_pemda(api_as, leave_world, persona):
    CalendarDay.objects.create(pemda=leave_world.other_pemda, date="2026-04-28", kind="regional_holiday",
                               name="HUT Kota Palu")

    response = api_as(getattr(leave_world, persona)).get("/leave/holidays", {"year": 2026})

    assert response.status_code == 200
    listed = response.json()
    assert listed["year"] == 2026
    assert listed["count"] == len(listed["items"]) == CalendarDay.objects.filter(pemda=leave_world.pemda,
                                                                                 date__year=2026).count()
    assert {"date": "2026-06-01", "kind": "national_holiday"}.items() <= next(
        day for day in listed["items"] if day["date"] == "2026-06-01").items()
    assert "HUT Kota Palu" not in {day["name"] for day in listed["items"]}


def test_hr_adds_a_regional_holiday_and_undecided_leave_is_recomputed(api_as, leave_world):
    application_id = api_as(leave_world.employee).post("/leave/applications", body()).json()["id"]

    response = api_as(leave_world.hr_admin).post(
        "/leave/holidays", {"date": "2026-07-07", "kind": "regional_holiday", "name": "HUT Kabupaten Mamuju"}
    )

    assert response.status_code == 201, response.content
    assert response.json()["source"] == "manual"
    assert CalendarDay.objects.get(public_id=response.json()["id"]).pemda == leave_world.pemda
    assert LeaveApplication.objects.get(public_id=application_id).working_days == 2
    assert AuditEvent.objects.filter(action="calendar.day_added").exists()


def test_a_date_already_in_the_calendar_is_refused(api_as, leave_world):
    response = api_as(leave_world.hr_admin).post(
        "/leave/holidays", {"date": CHRISTMAS, "kind": "national_holiday", "name": "Natal"}
    )

    assert (response.status_code, response.json()["code"]) == (422, "calendar.day_taken")
    assert "date" in response.json()["extra"]["fields"]


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "auditor"])
def test_only_hr_changes_the_calendar(api_as, leave_world, persona):
    client = api_as(getattr(leave_world, persona))
    christmas = CalendarDay.objects.get(pemda=leave_world.pemda, date=CHRISTMAS)

    added = client.post("/leave/holidays", {"date": "2026-07-07", "kind": "regional_holiday", "name": "HUT"})
    prefilled = client.post("/leave/holidays/prefill", {"year": 2028})
    removed = client.delete(f"/leave/holidays/{christmas.public_id}")

    assert (added.status_code, prefilled.status_code, removed.status_code) == (403, 403, 403)
    assert CalendarDay.objects.filter(pk=christmas.pk).exists()
    assert not CalendarDay.objects.filter(date__year=2028).exists()


def test_prefill_is_idempotent(api_as, leave_world):
    client = api_as(leave_world.hr_admin)

    first = client.post("/leave/holidays/prefill", {"year": 2028})
    again = client.post("/leave/holidays/prefill", {"year": 2028})

    assert first.status_code == 200, first.content
    assert first.json()["added"] == len(first.json()["items"]) > 10
    assert {day["source"] for day in first.json()["items"]} == {"library"}
    assert again.json() == {"year": 2028, "added": 0, "items": []}


def test_hr_removes_a_day(api_as, leave_world):
    christmas = CalendarDay.objects.get(pemda=leave_world.pemda, date=CHRISTMAS)

    response = api_as(leave_world.hr_admin).delete(f"/leave/holidays/{christmas.public_id}")

    assert response.status_code == 204
    assert not CalendarDay.objects.filter(pk=christmas.pk).exists()


def test_another_pemdas_calendar_is_out_of_reach(api_as, leave_world):
    palu_admin = api_as(leave_world.other_pemda_admin)
    christmas = CalendarDay.objects.get(pemda=leave_world.pemda, date=CHRISTMAS)

    removed = palu_admin.delete(f"/leave/holidays/{christmas.public_id}")
    named = palu_admin.post("/leave/holidays", {"date": "2026-07-07", "kind": "regional_holiday", "name": "HUT",
                                                "pemda": str(leave_world.pemda.public_id)})

    assert removed.status_code == 404
    assert (named.status_code, list(named.json()["extra"]["fields"])) == (422, ["pemda"])
    assert palu_admin.delete(f"/leave/holidays/{uuid.uuid4()}").status_code == 404


def test_a_superadmin_names_the_pemda(api_as, leave_world):
    client = api_as(leave_world.superadmin)
    day = {"date": "2026-07-07", "kind": "regional_holiday", "name": "HUT Kabupaten Mamuju"}

    unnamed = client.post("/leave/holidays", day)
    named = client.post("/leave/holidays", {**day, "pemda": str(leave_world.pemda.public_id)})

    assert (unnamed.status_code, list(unnamed.json()["extra"]["fields"])) == (422, ["pemda"])
    assert named.status_code == 201


@pytest.mark.parametrize(
    "payload",
    [
        {"date": "2026-07-07", "kind": "birthday", "name": "HUT"},
        {"date": "2026-07-07", "kind": "regional_holiday", "name": ""},
        {"date": "2026-07-07", "kind": "regional_holiday", "name": "HUT", "source": "library"},
        {"date": "tomorrow", "kind": "regional_holiday", "name": "HUT"},
    ],
)
def test_bad_holiday_input(api_as, leave_world, payload):
    response = api_as(leave_world.hr_admin).post("/leave/holidays", payload)

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
