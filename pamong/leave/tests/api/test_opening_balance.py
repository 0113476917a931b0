"""Issue #9 (S): HR records the opening cuti tahunan the previous system held, as an audited ledger line."""

import uuid

import pytest

from pamong.audit.models import AuditEvent
from pamong.leave.choices import LedgerKind
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import annual_balance

pytestmark = pytest.mark.django_db


def _opening(employee, pot_year=2025, days=4, reason="Laporan SIMPEG lama per 31 Mei 2026"):
    return {"employee": str(employee.public_id), "pot_year": pot_year, "days": days, "reason": reason}


def _openings(employee):
    return LeaveLedgerEntry.objects.filter(employee=employee, kind=LedgerKind.OPENING)


def test_hr_records_an_opening_balance_and_a_correction(api_as, leave_world):
    world = leave_world
    client = api_as(world.hr_admin)
    assert annual_balance(world.employee, 2026).pots[2025] == 0

    first = client.post("/leave/balances/opening", _opening(world.employee, days=4))
    assert first.status_code == 201, first.content
    assert first.json()["before"] == 0
    assert first.json()["adjustment"] == 4
    assert annual_balance(world.employee, 2026).pots[2025] == 4

    corrected = client.post("/leave/balances/opening", _opening(world.employee, days=3, reason="Koreksi BKPSDM"))
    assert corrected.status_code == 201, corrected.content
    assert (corrected.json()["before"], corrected.json()["adjustment"]) == (4, -1)
    assert annual_balance(world.employee, 2026).pots[2025] == 3
    assert list(_openings(world.employee).values_list("days", flat=True)) == [4, -1]  # append-only

    same = client.post("/leave/balances/opening", _opening(world.employee, days=3))
    assert (same.status_code, same.json()["code"]) == (409, "leave.opening_unchanged")
    assert _openings(world.employee).count() == 2

    events = AuditEvent.objects.filter(action="leave.opening_balance_recorded")
    assert events.count() == 2
    # the balance read shows the line with its kind
    lines = api_as(world.hr_admin).get("/leave/balance", {"employee": str(world.employee.public_id)}).json()["lines"]
    assert [line["days"] for line in lines if line["kind"] == "opening"] == [4, -1]


def test_this_years_pot_keeps_days_booked_in_pamong(api_as, leave_world):
    world = leave_world
    # Pamong holds 12 for 2026 from the entitlement; the old system says 10 remained before Pamong's own bookings
    response = api_as(world.hr_admin).post("/leave/balances/opening", _opening(world.employee, pot_year=2026, days=10))
    assert response.status_code == 201, response.content
    assert (response.json()["before"], response.json()["adjustment"]) == (12, -2)
    assert annual_balance(world.employee, 2026).pots[2026] == 10


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "auditor"])
def test_non_hr_is_refused(api_as, leave_world, persona):
    response = api_as(getattr(leave_world, persona)).post("/leave/balances/opening", _opening(leave_world.peer))
    assert response.status_code == 403
    assert not LeaveLedgerEntry.objects.filter(kind=LedgerKind.OPENING).exists()
    assert not AuditEvent.objects.filter(action="leave.opening_balance_recorded").exists()


def test_hr_may_not_record_their_own_balance(api_as, leave_world):
    response = api_as(leave_world.hr_admin).post("/leave/balances/opening", _opening(leave_world.hr_admin))
    assert response.status_code == 403
    assert not _openings(leave_world.hr_admin).exists()


def test_other_agency_and_superadmin_are_refused(api_as, leave_world):
    foreign = api_as(leave_world.other_pemda_admin).post("/leave/balances/opening", _opening(leave_world.employee))
    assert (foreign.status_code, foreign.json()["code"]) == (422, "leave.unknown_reference")
    platform = api_as(leave_world.superadmin).post("/leave/balances/opening", _opening(leave_world.employee))
    assert platform.status_code == 403
    unknown = api_as(leave_world.hr_admin).post("/leave/balances/opening", {
        **_opening(leave_world.employee), "employee": str(uuid.uuid4())})
    assert unknown.status_code == 422
    assert not LeaveLedgerEntry.objects.filter(kind=LedgerKind.OPENING).exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"pot_year": 2023}, "pot_year"),
    ({"pot_year": 2027}, "pot_year"),
    ({"days": -1}, "days"),
    ({"days": 25}, "days"),
    ({"reason": ""}, "reason"),
    ({"reason": "   "}, "reason"),
    ({"reason": "Laporan\u202elama"}, "reason"),
])
def test_bad_input_is_a_field_error(api_as, leave_world, change, field):
    response = api_as(leave_world.hr_admin).post("/leave/balances/opening", {**_opening(leave_world.employee),
                                                                            **change})
    assert response.status_code == 422, response.content
    assert field in response.json()["extra"]["fields"]
    assert not LeaveLedgerEntry.objects.filter(kind=LedgerKind.OPENING).exists()
