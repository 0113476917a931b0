"""Issue #9 (S): Plt/Plh appointments and approval routes through the API (/api/v1/approvals/)."""

import uuid
from datetime import date

import pytest
import time_machine

from pamong.approvals.models import ActingAssignment, ApprovalRouteStep
from pamong.approvals.selectors import configured_route
from pamong.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _acting_body(world, **overrides):
    return {"position": str(world.head_position.public_id), "acting": str(world.outsider.public_id), "kind": "plh",
            "start_date": "2026-06-01", "end_date": "2026-06-10", "decree_number": "800/123/BKPSDM/2026",
            "decree_date": "2026-05-28", **overrides}


def _route_body(**overrides):
    return {"flow": "leave", "order": 1, "role": "supervisor", "label": "atasan langsung", "is_binding": False,
            **overrides}


# --- Acting officials ---------------------------------------------------------------------------------


def test_hr_appoints_lists_and_revokes_a_plh(api_as, world):
    client = api_as(world.hr_admin)

    created = client.post("/approvals/acting", _acting_body(world))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["acting"]["id"] == str(world.outsider.public_id)
    assert body["position"]["id"] == str(world.head_position.public_id)
    assert body["current"] is True
    assert body["pemda"] == str(world.pemda.public_id)
    assignment = ActingAssignment.objects.get(public_id=body["id"])
    assert AuditEvent.objects.for_target(assignment).filter(action="approvals.acting_appointed").count() == 1

    listed = client.get("/approvals/acting").json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert api_as(world.employee).get("/approvals/acting").json()["count"] == 1  # the agency sees who is Plh
    assert api_as(world.other_pemda_admin).get("/approvals/acting").json()["count"] == 0
    assert client.get("/approvals/acting", {"acting": str(world.employee.public_id)}).json()["count"] == 0

    revoked = client.post(f"/approvals/acting/{body['id']}/revoke")
    assert revoked.status_code == 200, revoked.content
    assert revoked.json()["revoked"] is True
    assert client.get("/approvals/acting").json()["count"] == 0
    assert client.get("/approvals/acting", {"show": "all"}).json()["count"] == 1
    again = client.post(f"/approvals/acting/{body['id']}/revoke")
    assert again.status_code == 409


def test_acting_refusals(api_as, world):
    # not HR
    assert api_as(world.supervisor).post("/approvals/acting", _acting_body(world)).status_code == 403
    # another agency's HR cannot name Mamuju's position
    foreign = api_as(world.other_pemda_admin).post("/approvals/acting", _acting_body(world))
    assert (foreign.status_code, foreign.json()["code"]) == (422, "approvals.unknown_reference")
    # HR on themselves
    own = api_as(world.hr_admin).post("/approvals/acting", _acting_body(world, acting=str(world.hr_admin.public_id)))
    assert (own.status_code, own.json()["code"]) == (422, "approvals.acting_self_appointment")
    # the decree is required
    missing = api_as(world.hr_admin).post("/approvals/acting", _acting_body(world, decree_number=""))
    assert missing.status_code == 422
    assert "decree_number" in missing.json()["extra"]["fields"]
    no_date = api_as(world.hr_admin).post("/approvals/acting", {
        k: v for k, v in _acting_body(world).items() if k != "decree_date"})
    assert no_date.status_code == 422
    # the approver of one's own requests
    own_approver = api_as(world.hr_admin).post("/approvals/acting", _acting_body(
        world, acting=str(world.employee.public_id)))
    assert (own_approver.status_code, own_approver.json()["code"]) == (422, "approvals.acting_own_approver")
    assert not ActingAssignment.objects.exists()


def test_revoke_refusals(api_as, world):
    created = api_as(world.hr_admin).post("/approvals/acting", _acting_body(world)).json()
    assert api_as(world.employee).post(f"/approvals/acting/{created['id']}/revoke").status_code == 403
    assert api_as(world.other_pemda_admin).post(f"/approvals/acting/{created['id']}/revoke").status_code == 404
    assert api_as(world.hr_admin).post(f"/approvals/acting/{uuid.uuid4()}/revoke").status_code == 404
    assert ActingAssignment.objects.get(public_id=created["id"]).is_revoked is False


# --- Approval routes -----------------------------------------------------------------------------------


def test_hr_configures_a_route_that_the_engine_then_follows(api_as, world):
    client = api_as(world.hr_admin)
    first = client.post("/approvals/routes", _route_body())
    assert first.status_code == 201, first.content
    second = client.post("/approvals/routes", _route_body(
        order=2, role="position", position=str(world.head_position.public_id), label="Kepala Dinas",
        is_binding=True))
    assert second.status_code == 201, second.content
    steps = configured_route(pemda_id=world.pemda.pk, flow="leave", request_kind="CT", unit=world.division,
                             context={})
    assert [(s.role, s.position_id, s.is_binding) for s in steps] == [
        ("supervisor", None, False), ("position", world.head_position.pk, True)]

    changed = client.patch(f"/approvals/routes/{first.json()['id']}", {"label": "Atasan langsung", "order": 3})
    assert changed.status_code == 200, changed.content
    assert (changed.json()["label"], changed.json()["order"]) == ("Atasan langsung", 3)

    off = client.post(f"/approvals/routes/{second.json()['id']}/deactivate")
    assert off.status_code == 200, off.content
    assert off.json()["is_active"] is False
    assert client.post(f"/approvals/routes/{second.json()['id']}/deactivate").status_code == 409
    assert client.patch(f"/approvals/routes/{second.json()['id']}", {"label": "x"}).status_code == 409
    assert [s.label for s in configured_route(pemda_id=world.pemda.pk, flow="leave", request_kind="CT",
                                              unit=world.division, context={})] == ["Atasan langsung"]
    assert client.get("/approvals/routes").json()["count"] == 1
    assert client.get("/approvals/routes", {"active": "all"}).json()["count"] == 2

    step = ApprovalRouteStep.objects.get(public_id=first.json()["id"])
    actions = list(AuditEvent.objects.for_target(step).values_list("action", flat=True))
    assert actions.count("approvals.route_saved") == 2


def test_route_refusals(api_as, world):
    for persona in ("employee", "supervisor", "executive", "auditor"):
        assert api_as(getattr(world, persona)).post("/approvals/routes", _route_body()).status_code == 403, persona
        assert api_as(getattr(world, persona)).get("/approvals/routes").json()["count"] == 0
    created = api_as(world.hr_admin).post("/approvals/routes", _route_body()).json()
    # another agency: cannot see it, cannot name Mamuju's position or unit
    assert api_as(world.other_pemda_admin).get("/approvals/routes").json()["count"] == 0
    assert api_as(world.other_pemda_admin).patch(f"/approvals/routes/{created['id']}", {"label": "x"}).status_code == 404
    foreign = api_as(world.other_pemda_admin).post("/approvals/routes", _route_body(
        role="position", position=str(world.head_position.public_id)))
    assert (foreign.status_code, foreign.json()["code"]) == (422, "approvals.unknown_reference")
    assert not ApprovalRouteStep.objects.filter(pemda=world.other_pemda).exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"flow": "nonexistent"}, "flow"),
    # An HR admin's change about themselves always goes to the pool of the other HR admins, never to a named post.
    ({"flow": "self_change"}, "flow"),
    ({"role": "permission"}, "role"),
    ({"role": "position"}, "position"),
    ({"order": 0}, "order"),
    ({"label": ""}, "label"),
    ({"remind_after_days": 0}, "remind_after_days"),
    ({"condition": {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}}, "condition"),
])
def test_route_bad_input_is_a_field_error(api_as, world, change, field):
    response = api_as(world.hr_admin).post("/approvals/routes", _route_body(**change))
    assert response.status_code == 422, response.content
    assert field in response.json()["extra"]["fields"]
    assert not ApprovalRouteStep.objects.exists()


def test_two_active_steps_cannot_share_a_number(api_as, world):
    client = api_as(world.hr_admin)
    assert client.post("/approvals/routes", _route_body()).status_code == 201
    taken = client.post("/approvals/routes", _route_body(label="kedua"))
    assert (taken.status_code, taken.json()["code"]) == (422, "approvals.route_order_taken")


def test_superadmin_names_the_agency(api_as, world):
    client = api_as(world.superadmin)
    missing = client.post("/approvals/routes", _route_body())
    assert missing.status_code == 422
    created = client.post("/approvals/routes", _route_body(pemda=str(world.other_pemda.public_id)))
    assert created.status_code == 201, created.content
    assert created.json()["pemda"] == str(world.other_pemda.public_id)
    assert date(2026, 6, 1)  # frozen day of the module
