"""The apply form sent again with other content under the key of an application already sent (the Back button)."""

import pytest
import time_machine

from pamong.leave.models import LeaveApplication

from .test_employee_apply import APPLY, _fields, _key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_a_changed_resubmission_is_refused_then_sent_as_a_new_application(login, leave_world):
    client = login(leave_world.employee)
    key = _key(client.get(APPLY).content.decode())
    first = client.post(APPLY, _fields(idempotency_key=key))
    assert first.status_code == 302

    # the employee goes back, changes the dates and sends the same form again
    again = client.post(APPLY, _fields(idempotency_key=key, start_date="2026-08-03", end_date="2026-08-04"))

    # it is refused, not answered with the July application, and the form gets a fresh key
    body = again.content.decode()
    assert again.status_code == 422
    assert 'data-code="leave.idempotency_key_reused"' in body
    fresh = _key(body)
    assert fresh != key
    assert LeaveApplication.objects.count() == 1

    # sending it once more is a new application
    third = client.post(APPLY, _fields(idempotency_key=fresh, start_date="2026-08-03", end_date="2026-08-04"))
    assert third.status_code == 302
    assert LeaveApplication.objects.count() == 2
