"""GET /api/v1/audit/events: auditors read their Pemda's trail, with labels (issue #8 §5)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.audit.models import AuditEvent
from pamong.audit.services import audit_record
from pamong.people.models import Employee

URL = "/audit/events"


def _label(msgid: str) -> str:
    """The label in the API's language (Indonesian once the catalogue holds it)."""
    with translation.override("id"):
        return gettext(msgid)


@pytest.fixture
def api_as(client, db):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as


def _record(target, action, actor=None, **changes) -> AuditEvent:
    with transaction.atomic():
        return audit_record(actor=actor, action=action, target=target, changes=changes)


@pytest.fixture
def trail(world):
    with time_machine.travel(datetime(2026, 3, 1, 2, 0, tzinfo=UTC), tick=False):
        mine = _record(world.employee, "people.employee_updated", actor=world.hr_admin.user, phone=["0811", "0812"])
    with time_machine.travel(datetime(2026, 3, 5, 2, 0, tzinfo=UTC), tick=False):
        token = _record(world.pemda, "accounts.api_token_created", name=[None, "Sinkron"])
        theirs = _record(world.other_pemda, "people.pemda_updated", name=["Palu", "Kota Palu"])
    return {"mine": mine, "token": token, "theirs": theirs}


def _ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


def test_auditor_reads_own_pemda_with_labels(api_as, auditor, world, trail):
    response = api_as(auditor).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert _ids(response) == {trail["mine"].pk, trail["token"].pk}
    assert body["count"] == 2
    item = next(i for i in body["items"] if i["id"] == trail["mine"].pk)
    assert item["action"] == "people.employee_updated"
    assert item["action_label"] == _label("Employee data changed")
    assert item["target_type_label"] == capfirst(str(Employee._meta.verbose_name))
    assert item["actor"] == world.hr_admin.user.username
    assert item["pemda"] == world.pemda.name
    [row] = item["change_rows"]
    assert row["field"] == "phone"
    assert (row["old"], row["new"]) == ("0811", "0812")
    assert item["changes"] == {"phone": ["0811", "0812"]}


def test_superadmin_reads_every_pemda(api_as, superadmin, trail):
    assert _ids(api_as(superadmin).get(URL)) == {e.pk for e in trail.values()}


@pytest.mark.parametrize("persona", ["employee", "supervisor", "hr_admin", "executive", "other_pemda_admin"])
def test_others_are_refused(api_as, world, trail, persona):
    response = api_as(getattr(world, persona)).get(URL)

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_anonymous_is_401(api_as, trail):
    assert api_as(None).get(URL).status_code == 401


def test_filters(api_as, superadmin, world, trail):
    api = api_as(superadmin)

    assert _ids(api.get(URL, {"action": "accounts."})) == {trail["token"].pk}
    assert _ids(api.get(URL, {"target_type": "people.pemda"})) == {trail["token"].pk, trail["theirs"].pk}
    assert _ids(api.get(URL, {"target": trail["mine"].target_id})) == {trail["mine"].pk}
    assert _ids(api.get(URL, {"actor": world.hr_admin.user.username})) == {trail["mine"].pk}
    assert _ids(api.get(URL, {"from": "2026-03-02", "to": "2026-03-31"})) == {trail["token"].pk, trail["theirs"].pk}
    assert _ids(api.get(URL, {"to": "2026-03-01"})) == {trail["mine"].pk}


def test_paging(api_as, superadmin, trail):
    api = api_as(superadmin)

    first = api.get(URL, {"limit": 2}).json()
    second = api.get(URL, {"limit": 2, "offset": 2}).json()

    assert first["count"] == second["count"] == 3
    assert len(first["items"]) == 2
    assert [i["id"] for i in first["items"]] + [i["id"] for i in second["items"]] == sorted(
        (e.pk for e in trail.values()), reverse=True
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-03-05", "to": "2026-03-01"}, "from"),
        ({"from": "not-a-date"}, "from"),
        ({"to": "0001-01-01"}, "to"),
        ({"limit": 1000}, "limit"),
        ({"action": "x" * 81}, "action"),
    ],
)
def test_bad_input_is_422_with_field_errors(api_as, auditor, trail, params, field):
    response = api_as(auditor).get(URL, params)

    assert response.status_code == 422
    assert field in response.json()["extra"]["fields"]


def test_unknown_action_shows_its_code_as_label(api_as, superadmin, world):
    _record(world.pemda, "test.unregistered")

    [item] = api_as(superadmin).get(URL).json()["items"]
    assert item["action_label"] == "test.unregistered"
