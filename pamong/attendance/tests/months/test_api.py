"""The API of corrections and months: POST /days/{id}/corrections, GET /corrections, the decision, the withdrawal,
GET /months, verify and close, with their codes."""

import base64

import pytest

from ...choices import CorrectionStatus, DayStatus, MonthStatus
from ...models import AttendanceDay, DayCorrection
from .conftest import MONDAY, ok
from .factories import MINIMAL_PDF

pytestmark = pytest.mark.django_db
BODY = {"reason": "sick", "explanation": "Demam", "filename": "surat.pdf",
        "content_base64": base64.b64encode(MINIMAL_PDF).decode()}


def monday(world):
    return AttendanceDay.objects.get(employee=world.employee, date=MONDAY)


def test_the_employee_asks_and_the_supervisor_approves(world, february, api_as):
    day = monday(world)
    created = ok(api_as(world.employee).post(f"/attendance/days/{day.pk}/corrections", BODY), 201)
    assert created["status"] == CorrectionStatus.PENDING
    assert created["start"] == created["end"] == "2026-02-02"
    assert created["awaiting_your_decision"] is False
    mine = ok(api_as(world.employee).get("/attendance/corrections", {"scope": "mine"}))
    assert mine["count"] == 1
    waiting = ok(api_as(world.supervisor).get("/attendance/corrections", {"scope": "decide"}))
    assert [c["id"] for c in waiting["items"]] == [created["id"]]
    own = api_as(world.employee).post(f"/attendance/corrections/{created['id']}/decision", {"approve": True})
    assert own.status_code == 403
    assert own.json()["code"] == "attendance.self_decision"
    decided = ok(api_as(world.supervisor).post(f"/attendance/corrections/{created['id']}/decision",
                                               {"approve": True}))
    assert decided["status"] == CorrectionStatus.APPROVED
    assert decided["days"][0]["status"] == DayStatus.EXCUSED
    again = api_as(world.supervisor).post(f"/attendance/corrections/{created['id']}/decision", {"approve": False,
                                                                                                 "reason": "x"})
    assert again.status_code == 409
    assert again.json()["code"] == "attendance.correction_decided"


def test_refusals_of_the_request(world, february, api_as):
    day = monday(world)
    other = api_as(world.supervisor).post(f"/attendance/days/{day.pk}/corrections", BODY)
    assert other.status_code == 403  # the supervisor sees the day but asks only for their own
    stranger = api_as(world.other_pemda_admin).post(f"/attendance/days/{day.pk}/corrections", BODY)
    assert stranger.status_code == 404
    fake = api_as(world.employee).post(f"/attendance/days/{day.pk}/corrections",
                                       {**BODY, "content_base64": base64.b64encode(b"hello").decode()})
    assert fake.status_code == 422
    assert fake.json()["code"] == "attendance.invalid_document"
    ok(api_as(world.employee).post(f"/attendance/days/{day.pk}/corrections", BODY), 201)
    overlap = api_as(world.employee).post(f"/attendance/days/{day.pk}/corrections", BODY)
    assert overlap.json()["code"] == "attendance.correction_overlaps"
    assert DayCorrection.objects.count() == 1


def test_withdraw_and_other_agency(world, february, api_as):
    created = ok(api_as(world.employee).post(f"/attendance/days/{monday(world).pk}/corrections", BODY), 201)
    assert api_as(world.other_pemda_admin).get(f"/attendance/corrections/{created['id']}").status_code == 404
    assert api_as(world.other_pemda_admin).post(f"/attendance/corrections/{created['id']}/decision",
                                                {"approve": True}).status_code == 404
    withdrawn = ok(api_as(world.employee).post(f"/attendance/corrections/{created['id']}/withdraw", {}))
    assert withdrawn["status"] == CorrectionStatus.WITHDRAWN


def test_months_verify_and_close(world, february, attendance_officer, api_as):
    unit = world.education.public_id
    early = api_as(world.unit_head).post(f"/attendance/months/{unit}/2026-02/close")
    assert early.status_code == 409
    assert early.json()["code"] == "attendance.month_not_verified"
    not_over = api_as(attendance_officer).post(f"/attendance/months/{unit}/2026-03/verify")
    assert not_over.json()["code"] == "attendance.month_not_over"
    verified = ok(api_as(attendance_officer).post(f"/attendance/months/{unit}/2026-02/verify"))
    assert verified["status"] == MonthStatus.VERIFIED
    assert verified["summary"]["counts"]["unexcused"] > 0
    assert api_as(world.supervisor).post(f"/attendance/months/{unit}/2026-02/close").status_code in (403, 404)
    closed = ok(api_as(world.unit_head).post(f"/attendance/months/{unit}/2026-02/close"))
    assert closed["status"] == MonthStatus.CLOSED
    twice = api_as(world.unit_head).post(f"/attendance/months/{unit}/2026-02/close")
    assert twice.status_code == 409
    assert twice.json()["code"] == "attendance.month_closed"
    months = ok(api_as(world.hr_admin).get("/attendance/months", {"unit": str(unit), "year": 2026}))
    assert [m["status"] for m in months["items"][:3]] == ["open", "closed", "open"]
    assert api_as(world.other_pemda_admin).get("/attendance/months", {"unit": str(unit)}).status_code == 404
    bad = api_as(attendance_officer).post(f"/attendance/months/{unit}/2026-13/verify")
    assert bad.status_code == 422


def test_the_request_by_dates(world, february, api_as):
    body = {**BODY, "start": "2026-02-02", "end": "2026-02-03"}
    created = ok(api_as(world.employee).post("/attendance/corrections", body), 201)
    assert [d["status"] for d in created["days"]] == ["unexcused", "unexcused"]
    future = api_as(world.employee).post("/attendance/corrections", {**body, "start": "2026-03-20",
                                                                      "end": "2026-03-20"})
    assert future.status_code == 422
    assert future.json()["code"] == "attendance.invalid_range"
    assert api_as(world.superadmin).post("/attendance/corrections", body).status_code == 403
