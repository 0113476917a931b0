"""The people API under the field-level privacy policy (pamong.people.privacy): hidden fields are null."""

import pytest

from pamong.audit.models import AuditEvent
from pamong.people.tests import test_privacy as cases
from pamong.people.tests.test_privacy import ADDRESS, PHONE, PROFILE_VIEWERS, SEES_PERSONAL

from .conftest import ApiClient, make_token

pytestmark = pytest.mark.django_db
subject = cases.subject  # the employee with personal data on record (fixture)


@pytest.mark.parametrize("persona", PROFILE_VIEWERS)
def test_api_detail_nulls_personal_fields_the_actor_may_not_see(client, world, subject, persona):
    api = ApiClient(client, make_token(getattr(world, persona), scope="read"))

    response = api.get(f"/employees/{subject.public_id}")

    assert response.status_code == 200
    body = response.json()
    assert body["nip"] == subject.nip
    if persona in SEES_PERSONAL:
        assert (body["phone"], body["address"], body["religion"], body["birth_place"]) == (
            PHONE, ADDRESS, "islam", "Majene")
        assert body["nik"] == subject.nik
    else:
        assert body["phone"] is body["address"] is body["religion"] is body["marital_status"] is None
        assert body["birth_place"] is None
        assert body["nik"] == subject.masked_nik


def test_api_detail_read_of_unmasked_nik_by_hr_is_logged(client, world, subject):
    ApiClient(client, make_token(world.hr_admin, scope="read")).get(f"/employees/{subject.public_id}")

    event = AuditEvent.objects.get(action="people.sensitive_viewed")
    assert event.changes["fields"] == ["nik"]


