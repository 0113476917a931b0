"""The same Idempotency-Key with a different body is refused (422), not answered with the first application."""

import pytest

from pamong.audit.models import AuditEvent
from pamong.leave import errors
from pamong.leave.errors import LeaveError
from pamong.leave.models import LeaveApplication
from pamong.leave.services import leave_application_submit
from pamong.leave.tests.factories import leave_input, pdf_upload
from pamong.leave.tests.services.test_leave_application_submit import TODAY

from .conftest import body

pytestmark = pytest.mark.django_db

KEY = {"Idempotency-Key": "5f1c9e0a-retry"}


@pytest.mark.parametrize("changed", [
    {"end_date": "2026-07-10"},
    {"reason": "Acara keluarga di Makassar"},
    {"address": "Jl. Ahmad Yani No. 3, Mamuju"},
])
def test_the_same_key_with_another_body_is_refused(api_as, leave_world, changed):
    client = api_as(leave_world.employee)
    first = client.post("/leave/applications", body(), headers=KEY)
    assert first.status_code == 201, first.content
    events = AuditEvent.objects.count()

    reused = client.post("/leave/applications", body(**changed), headers=KEY)

    assert reused.status_code == 422, reused.content
    assert reused.json()["code"] == errors.IDEMPOTENCY_KEY_REUSED
    application = LeaveApplication.objects.get()
    assert str(application.public_id) == first.json()["id"]
    assert str(application.end_date) == "2026-07-08"
    assert AuditEvent.objects.count() == events


def test_the_same_key_with_the_same_body_still_returns_the_first_application(api_as, leave_world):
    client = api_as(leave_world.employee)

    first = client.post("/leave/applications", body(), headers=KEY)
    again = client.post("/leave/applications", body(), headers=KEY)

    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert LeaveApplication.objects.get().idempotency_fingerprint


def test_another_employee_may_use_the_same_key(api_as, leave_world):
    first = api_as(leave_world.employee).post("/leave/applications", body(), headers=KEY)
    other = api_as(leave_world.peer).post("/leave/applications", body(reason="Lain"), headers=KEY)

    assert first.status_code == 201
    assert other.status_code == 201, other.content
    assert LeaveApplication.objects.count() == 2


def test_the_service_compares_the_documents_too(leave_world):
    world = leave_world
    data = leave_input(leave_type="CS", ground="illness", start_date=TODAY.replace(month=7, day=6),
                       end_date=TODAY.replace(month=7, day=7))
    leave_application_submit(actor=world.employee.user, employee=world.employee, data=data,
                             uploads=[pdf_upload(name="a.pdf")], idempotency_key="k-1", today=TODAY)

    with pytest.raises(LeaveError) as refused:
        leave_application_submit(actor=world.employee.user, employee=world.employee, data=data,
                                 uploads=[pdf_upload(name="b.pdf")], idempotency_key="k-1", today=TODAY)

    assert refused.value.code == errors.IDEMPOTENCY_KEY_REUSED
    assert LeaveApplication.objects.count() == 1


def test_an_application_stored_before_fingerprints_is_still_returned(leave_world):
    world = leave_world
    first, _ = leave_application_submit(actor=world.employee.user, employee=world.employee, data=leave_input(),
                                        idempotency_key="old", today=TODAY)
    LeaveApplication.objects.filter(pk=first.pk).update(idempotency_fingerprint="")

    again, created = leave_application_submit(actor=world.employee.user, employee=world.employee,
                                              data=leave_input(reason="lain"), idempotency_key="old", today=TODAY)

    assert created is False
    assert again.pk == first.pk
