import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _detail(employee) -> str:
    return reverse("people:employee-detail", args=[employee.public_id])


def test_hr_admin_sees_the_full_profile_with_management_actions(login, hr_admin, employee, supervisor):
    response = login(hr_admin).get(_detail(employee))

    body = response.content.decode()
    assert response.status_code == 200
    assert employee.full_name in body
    assert supervisor.full_name in body  # direct supervisor from the position hierarchy
    assert 'id="rank-add"' in body  # the add form is fetched when its button is opened
    assert f'hx-get="{reverse("people:rank-add", args=[employee.public_id])}"' in body
    assert 'id="document-section"' in body
    assert reverse("people:employee-deactivate", args=[employee.public_id]) in body


def test_the_add_button_fetches_the_form_fragment(login, hr_admin, employee):
    client = login(hr_admin)

    fragment = client.get(reverse("people:rank-add", args=[employee.public_id]), HTTP_HX_REQUEST="true")
    page = client.get(reverse("people:rank-add", args=[employee.public_id]))  # without JavaScript: a form page

    assert fragment.status_code == 200
    assert 'id="rank-form"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    assert page.status_code == 200
    assert "<html" in page.content.decode()


def test_employee_sees_own_profile_with_contact_edit_but_no_hr_forms(login, employee):
    response = login(employee).get(_detail(employee))

    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("people:employee-contact-edit", args=[employee.public_id]) in body
    assert 'id="rank-add"' not in body
    assert reverse("people:rank-add", args=[employee.public_id]) not in body
    assert reverse("people:employee-edit", args=[employee.public_id]) not in body


def test_profile_of_another_pemda_is_not_found(login, hr_admin, world):
    response = login(hr_admin).get(_detail(world.other_pemda_employee))

    assert response.status_code == 404


def test_peer_profile_is_not_found_for_an_employee(login, employee, peer):
    response = login(employee).get(_detail(peer))

    assert response.status_code == 404


def test_nik_is_masked_for_the_supervisor(login, supervisor, employee):
    body = login(supervisor).get(_detail(employee)).content.decode()

    assert employee.nik not in body
    assert employee.masked_nik in body
    assert 'id="document-section"' not in body  # documents: the person and HR only


@pytest.mark.parametrize("persona", ["hr_admin", "employee"])
def test_nik_is_shown_to_hr_and_to_the_person(login, world, persona):
    body = login(getattr(world, persona)).get(_detail(world.employee)).content.decode()

    assert world.employee.nik in body
