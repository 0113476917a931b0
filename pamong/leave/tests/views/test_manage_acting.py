"""HR appoints and revokes acting officials (Plt/Plh) from its own Pemda only."""

import pytest
import time_machine
from django.urls import reverse

from pamong.approvals.audit import ApprovalAudit
from pamong.approvals.models import ActingAssignment
from pamong.audit.models import AuditEvent
from pamong.people.tests.factories import OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("leave:acting-create")
LIST = reverse("leave:acting-list")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def form_data(world, **overrides):
    # The head of another OPD: the Kepala Dinas post does not decide the acting official's own requests.
    data = {"position": str(world.head_position.public_id), "acting": str(world.outsider.public_id),
            "kind": "plh", "start_date": "2026-06-08", "end_date": "2026-06-19", "decree_number": "800/77/2026",
            "decree_date": "2026-05-29"}
    data.update(overrides)
    return data


def test_hr_appoints_a_plh_through_the_form(login, world):
    client = login(world.hr_admin)

    response = client.post(CREATE, form_data(world))

    assert response.status_code == 302
    assignment = ActingAssignment.objects.get()
    assert (assignment.position, assignment.acting, assignment.kind) == (world.head_position, world.outsider, "plh")
    assert (assignment.decree_number, str(assignment.decree_date)) == ("800/77/2026", "2026-05-29")
    assert AuditEvent.objects.filter(action=ApprovalAudit.ACTING_APPOINTED).count() == 1
    listing = client.get(LIST).content.decode()
    assert f'id="acting-{assignment.public_id}"' in listing


def test_the_holder_of_the_post_or_reversed_dates_are_refused_on_the_form(login, world):
    client = login(world.hr_admin)

    holder = client.post(CREATE, form_data(world, acting=str(world.unit_head.public_id)))
    reversed_dates = client.post(CREATE, form_data(world, start_date="2026-06-19", end_date="2026-06-08"))

    assert holder.status_code == 422
    assert holder.context["form"].errors["acting"]
    assert reversed_dates.status_code == 422
    assert reversed_dates.context["form"].errors["end_date"]
    assert not ActingAssignment.objects.exists()


def test_a_position_or_employee_of_another_pemda_is_not_a_choice(login, world):
    foreign_position = PositionFactory(org_unit=OrgUnitFactory(pemda=world.other_pemda), name="Kepala Dinas Palu")
    client = login(world.hr_admin)

    position = client.post(CREATE, form_data(world, position=str(foreign_position.public_id)))
    acting = client.post(CREATE, form_data(world, acting=str(world.other_pemda_employee.public_id)))

    assert position.status_code == 422
    assert position.context["form"].errors["position"]
    assert acting.context["form"].errors["acting"]
    assert not ActingAssignment.objects.exists()


def test_the_search_fields_narrow_the_selects_server_side(login, world):
    school = OrgUnitFactory(pemda=world.pemda, name="SD Negeri 3 Mamuju")
    PositionFactory(org_unit=school, name="Kepala Sekolah SD 3")
    PositionFactory(org_unit=OrgUnitFactory(pemda=world.other_pemda), name="Kepala Sekolah Palu")
    client = login(world.hr_admin)

    response = client.get(CREATE, {"position_search": "Kepala Sekolah", "acting_search": "Siti"},
                          headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<form id="acting-form"')
    assert "Kepala Sekolah SD 3" in body
    assert "Kepala Sekolah Palu" not in body
    assert world.supervisor.full_name in body
    assert world.employee.full_name not in body


def test_hr_revokes_an_appointment(login, world):
    client = login(world.hr_admin)
    client.post(CREATE, form_data(world))
    assignment = ActingAssignment.objects.get()

    response = client.post(reverse("leave:acting-revoke", args=[assignment.public_id]))
    again = client.post(reverse("leave:acting-revoke", args=[assignment.public_id]), follow=True)

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.is_revoked
    assert again.status_code == 200  # back on the list, with "already revoked"
    assert AuditEvent.objects.filter(action=ApprovalAudit.ACTING_REVOKED).count() == 1


@pytest.mark.parametrize("persona", ["employee", "unit_head", "executive", "superadmin"])
def test_only_the_agencys_hr_manages_acting_officials(login, world, persona):
    client = login(getattr(world, persona))

    assert client.get(LIST).status_code == 403
    assert client.post(CREATE, form_data(world)).status_code == 403
    assert not ActingAssignment.objects.exists()


def test_another_pemdas_hr_cannot_revoke(login, world):
    login(world.hr_admin).post(CREATE, form_data(world))
    assignment = ActingAssignment.objects.get()

    response = login(world.other_pemda_admin).post(reverse("leave:acting-revoke", args=[assignment.public_id]))

    assert response.status_code == 404
    assignment.refresh_from_db()
    assert not assignment.is_revoked


def test_a_post_that_decides_the_appointees_own_requests_or_a_missing_decree_is_refused_on_the_form(login, world):
    client = login(world.hr_admin)

    # The Kepala Dinas post decides the Kabid's own leave: the Kabid may not act in it.
    own_approver = client.post(CREATE, form_data(world, acting=str(world.supervisor.public_id)))
    no_decree = client.post(CREATE, form_data(world, decree_number="", decree_date=""))

    assert own_approver.status_code == 422
    assert own_approver.context["form"].errors
    assert no_decree.status_code == 422
    assert set(no_decree.context["form"].errors) >= {"decree_number", "decree_date"}
    assert not ActingAssignment.objects.exists()
