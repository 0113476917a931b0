"""Issue #9 (S): HR pages for opening cuti tahunan balances and for the agency's approval routes."""

import pytest
import time_machine
from django.urls import reverse

from pamong.approvals.models import ApprovalRouteStep
from pamong.audit.models import AuditEvent
from pamong.leave.choices import LedgerKind
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import annual_balance

pytestmark = pytest.mark.django_db

OPENING = reverse("leave:opening-balances")
ROUTES = reverse("leave:routes")
ROUTE_NEW = reverse("leave:route-create")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _opening(employee, **overrides):
    return {"nip": employee.nip, "pot_year": "2025", "days": "5", "reason": "Rekap SIMPEG lama", **overrides}


def test_hr_records_an_opening_balance_on_the_page(login, world):
    client = login(world.hr_admin)
    assert client.get(OPENING).status_code == 200

    response = client.post(OPENING, _opening(world.employee))

    assert response.status_code == 302
    line = LeaveLedgerEntry.objects.get(kind=LedgerKind.OPENING)
    assert (line.employee, line.pot_year, line.days, line.note) == (world.employee, 2025, 5, "Rekap SIMPEG lama")
    assert annual_balance(world.employee, 2026).pots[2025] == 5
    assert AuditEvent.objects.filter(action="leave.opening_balance_recorded").count() == 1
    assert "Rekap SIMPEG lama" in client.get(OPENING).content.decode()


def test_opening_page_refusals(login, world):
    client = login(world.hr_admin)
    own = client.post(OPENING, _opening(world.hr_admin))
    assert own.status_code == 403
    assert own.context["form"].errors["nip"]
    foreign = client.post(OPENING, _opening(world.other_pemda_employee))
    assert foreign.status_code == 422
    assert foreign.context["form"].errors["nip"]
    too_many = client.post(OPENING, _opening(world.employee, days="40"))
    assert too_many.status_code == 422
    assert too_many.context["form"].errors["days"]
    assert login(world.supervisor).get(OPENING).status_code == 403
    assert login(world.employee).post(OPENING, _opening(world.peer)).status_code == 403
    assert not LeaveLedgerEntry.objects.filter(kind=LedgerKind.OPENING).exists()


def _route(**overrides):
    return {"flow": "leave", "request_kind": "", "org_unit": "", "condition": "", "order": "1", "role": "supervisor",
            "position": "", "label": "atasan langsung", "remind_after_days": "3", "escalate": "on", **overrides}


def test_hr_adds_edits_and_deactivates_a_route_step(login, world):
    client = login(world.hr_admin)
    assert client.get(ROUTES).status_code == 200
    assert client.get(ROUTE_NEW).status_code == 200

    created = client.post(ROUTE_NEW, _route(role="position", position=str(world.head_position.public_id),
                                            label="Kepala Dinas", is_binding="on", condition='{"abroad": true}'))
    assert created.status_code == 302, created.content.decode()[:500]
    step = ApprovalRouteStep.objects.get()
    assert (step.pemda, step.role, step.position, step.is_binding, step.condition) == (
        world.pemda, "position", world.head_position, True, {"abroad": True})
    assert f'id="route-{step.public_id}"' in client.get(ROUTES).content.decode()

    edit = reverse("leave:route-edit", kwargs={"public_id": step.public_id})
    assert client.get(edit).status_code == 200
    saved = client.post(edit, _route(label="Atasan langsung", order="2"))
    assert saved.status_code == 302
    step.refresh_from_db()
    assert (step.label, step.order, step.role, step.position, step.is_binding) == (
        "Atasan langsung", 2, "supervisor", None, False)

    off = client.post(reverse("leave:route-deactivate", kwargs={"public_id": step.public_id}))
    assert off.status_code == 302
    step.refresh_from_db()
    assert step.is_active is False
    assert client.get(edit).status_code == 404
    actions = list(AuditEvent.objects.for_target(step).values_list("action", flat=True))
    assert sorted(actions) == ["approvals.route_deactivated", "approvals.route_saved", "approvals.route_saved"]


def test_route_form_refusals(login, world):
    client = login(world.hr_admin)
    no_position = client.post(ROUTE_NEW, _route(role="position"))
    assert no_position.status_code == 422
    assert no_position.context["form"].errors["position"]
    bad_json = client.post(ROUTE_NEW, _route(condition="{abroad"))
    assert bad_json.status_code == 422
    assert bad_json.context["form"].errors["condition"]
    foreign_position = client.post(ROUTE_NEW, _route(role="position",
                                                     position=str(world.other_pemda_admin.current_position.public_id)))
    assert foreign_position.status_code == 422
    assert not ApprovalRouteStep.objects.exists()
    for persona in ("employee", "supervisor", "executive", "auditor"):
        assert login(getattr(world, persona)).post(ROUTE_NEW, _route()).status_code == 403
    assert not ApprovalRouteStep.objects.exists()


def test_another_agencys_hr_cannot_touch_the_route(login, world):
    step = ApprovalRouteStep.objects.create(pemda=world.pemda, flow="leave", order=1, role="supervisor", label="x")
    client = login(world.other_pemda_admin)
    assert client.get(reverse("leave:route-edit", kwargs={"public_id": step.public_id})).status_code == 404
    assert client.post(reverse("leave:route-deactivate", kwargs={"public_id": step.public_id})).status_code == 404
    assert str(step.public_id) not in client.get(ROUTES).content.decode()
    step.refresh_from_db()
    assert step.is_active is True
