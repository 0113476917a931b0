import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
URL = reverse("people:home")


def test_employee_home_shows_own_summary(login, employee):
    body = login(employee).get(URL).content.decode()

    assert employee.nip in body
    assert reverse("people:employee-contact-edit", args=[employee.public_id]) in body


def test_supervisor_home_links_to_the_team(login, supervisor):
    response = login(supervisor).get(URL)

    assert response.status_code == 200
    assert response.context["team_count"] == 2  # employee and peer


def test_hr_home_shows_agency_totals_and_quick_links(login, hr_admin):
    response = login(hr_admin).get(URL)

    totals = response.context["totals"]
    assert totals["total"] == 8  # active employees of Kabupaten Mamuju in the world
    assert totals["pns"] == 8
    assert reverse("people:employee-create") in response.content.decode()


@pytest.mark.parametrize("persona", ["executive", "auditor", "superadmin", "unit_head", "outsider"])
def test_home_renders_for_every_role(login, world, persona):
    response = login(getattr(world, persona)).get(URL)

    assert response.status_code == 200
