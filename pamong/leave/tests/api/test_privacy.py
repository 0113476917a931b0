"""The leave API under the privacy policy: a sick-leave reason and its letters only to the applicant, approvers, HR."""

import pytest
import time_machine

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.leave.tests import test_privacy as cases
from pamong.leave.tests.test_privacy import MATRIX, REASON

pytestmark = pytest.mark.django_db
sick = cases.sick  # the sick leave with a doctor's letter (fixture)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.mark.parametrize("persona", ["supervisor", "hr_admin", "unit_head", "executive", "auditor"])
def test_api_detail_withholds_reason_and_attachments(client, leave_world, sick, persona):
    api = ApiClient(client, make_token(getattr(leave_world, persona), scope="read"))

    body = api.get(f"/leave/applications/{sick.public_id}").json()

    if MATRIX[persona]:
        assert body["reason"] == REASON
        assert len(body["attachments"]) == 1
    else:
        assert body["reason"] is None
        assert body["attachments"] == []


