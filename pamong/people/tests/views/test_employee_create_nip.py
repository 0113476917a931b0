"""The new-employee form takes birth date, TMT CPNS and gender from the NIP; positions are searched."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from pamong.people.models import Employee
from pamong.people.tests.factories import OrgUnitFactory, PositionFactory, nip_for
from pamong.people.tests.views.test_employee_create import URL, _form_data

pytestmark = pytest.mark.django_db
SEARCH = reverse("people:position-search")


def test_fields_left_empty_are_taken_from_the_nip(login, hr_admin, world):
    nip = nip_for(date(1990, 3, 12), date(2015, 3, 1), "f", 6)

    response = login(hr_admin).post(URL, _form_data(
        world, nip=nip, birth_date="", gender="", first_appointment_date="", pns_appointment_date="01-03-2016",
        golongan_date="01-03-2015", position_date="1 Maret 2015",
    ))

    assert response.status_code == 302, response.content.decode()[:3000]
    employee = Employee.objects.get(nip=nip)
    assert employee.birth_date == date(1990, 3, 12)
    assert employee.first_appointment_date == date(2015, 3, 1)
    assert employee.gender == "f"
    assert employee.current_position == world.staff_position


def test_a_birth_date_the_nip_contradicts_is_a_field_error_naming_what_the_nip_says(login, hr_admin, world):
    nip = nip_for(date(1990, 3, 12), date(2015, 3, 1), "m", 6)

    response = login(hr_admin).post(URL, _form_data(world, nip=nip, birth_date="13-03-1990"))

    body = response.content.decode()
    assert response.status_code == 422
    with translation.override("id"):
        expected = translation.gettext("The birth date does not match the NIP (the NIP says %(date)s).") % {
            "date": "12 Maret 1990"}
    assert expected in body
    assert not Employee.objects.filter(nip=nip).exists()


def test_a_pppk_must_state_the_tmt_the_ni_pppk_gives_only_the_year(login, hr_admin, world):
    response = login(hr_admin).post(URL, _form_data(
        world, nip="199009132025242014", status="pppk", birth_date="", gender="", first_appointment_date="",
        pns_appointment_date="", golongan="",
    ))

    assert response.status_code == 422
    with translation.override("id"):
        assert translation.gettext("An NI PPPK states only the year: enter the TMT PPPK.") in response.content.decode()
    assert not Employee.objects.filter(nip="199009132025242014").exists()


def test_the_form_offers_a_position_search_not_a_list_of_every_position(login, hr_admin, world):
    school = OrgUnitFactory(pemda=world.pemda, name="SD Negeri 7 Mamuju")
    for n in range(40):
        PositionFactory(org_unit=school, name=f"Guru Kelas {n}")

    body = login(hr_admin).get(URL).content.decode()

    assert 'name="position_q"' in body
    assert f'hx-get="{SEARCH}"' in body
    assert "Guru Kelas 1" not in body  # nothing listed before a search
    assert 'src="/static/pamong/nip.js"' in body or "pamong/nip.js" in body


def test_without_javascript_the_submitted_search_lists_the_matches(login, hr_admin, world):
    body = login(hr_admin).post(URL, _form_data(world, position="", position_q="Pengelola")).content.decode()

    assert f'value="{world.staff_position.public_id}"' in body


def test_search_lists_at_most_20_matches_of_the_own_agency(login, hr_admin, world):
    school = OrgUnitFactory(pemda=world.pemda, name="SD Negeri 7 Mamuju")
    for n in range(25):
        PositionFactory(org_unit=school, name=f"Guru Kelas {n}")
    foreign_unit = OrgUnitFactory(pemda=world.other_pemda, name="SD Negeri 1 Palu")
    foreign = PositionFactory(org_unit=foreign_unit, name="Guru Kelas Palu")

    response = login(hr_admin).get(SEARCH, {"position_q": "guru kelas"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.count('type="radio"') == 20
    assert str(foreign.public_id) not in body


def test_search_needs_two_letters(login, hr_admin, world):
    body = login(hr_admin).get(SEARCH, {"position_q": "P"}).content.decode()

    assert 'type="radio"' not in body


def test_a_chosen_position_stays_listed_first(login, hr_admin, world):
    chosen = world.staff_position

    body = login(hr_admin).get(SEARCH, {"position_q": "Kepala", "position": str(chosen.public_id)}).content.decode()

    assert body.index(str(chosen.public_id)) < body.index(str(world.division_head_position.public_id))
    assert "checked" in body


def test_a_foreign_or_malformed_chosen_id_is_ignored(login, world):
    foreign = PositionFactory(org_unit=OrgUnitFactory(pemda=world.other_pemda), name="Pengelola Palu")

    for chosen in (str(foreign.public_id), "nope", "1 OR 1=1"):
        body = login(world.hr_admin).get(SEARCH, {"position_q": "Pengelola", "position": chosen}).content.decode()
        assert str(foreign.public_id) not in body
        assert "checked" not in body


@pytest.mark.parametrize("persona", ["employee", "supervisor", "executive", "auditor"])
def test_only_hr_may_search_positions(login, world, persona):
    assert login(getattr(world, persona)).get(SEARCH, {"position_q": "Pengelola"}).status_code == 403


def test_a_foreign_position_id_is_refused_by_the_form(login, hr_admin, world):
    foreign = PositionFactory(org_unit=OrgUnitFactory(pemda=world.other_pemda), name="Pengelola Palu")

    response = login(hr_admin).post(URL, _form_data(world, position=str(foreign.public_id)))

    assert response.status_code == 422
    assert not Employee.objects.filter(name="Arif Wicaksono").exists()


def test_search_queries_do_not_grow_with_the_matches(login, hr_admin, world, django_assert_max_num_queries):
    client = login(hr_admin)
    school = OrgUnitFactory(pemda=world.pemda, name="SD Negeri 9 Mamuju")
    PositionFactory(org_unit=school, name="Guru Kelas A")
    client.get(SEARCH, {"position_q": "guru"})

    with CaptureQueriesContext(connection) as one:
        client.get(SEARCH, {"position_q": "guru"})
    for n in range(30):
        PositionFactory(org_unit=OrgUnitFactory(pemda=world.pemda, name=f"SD {n}"), name=f"Guru Kelas {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(SEARCH, {"position_q": "guru"})


def test_another_agencys_hr_never_sees_this_agencys_positions(login, world):
    body = login(world.other_pemda_admin).get(SEARCH, {"position_q": world.staff_position.name}).content.decode()

    assert str(world.staff_position.public_id) not in body


# --- The supervising position of a position is searched too -------------------------------------------------


def test_the_position_form_shows_the_current_supervisor_chosen_and_no_full_list(login, hr_admin, world):
    position = world.staff_position

    body = login(hr_admin).get(reverse("people:position-edit", args=[position.public_id])).content.decode()

    assert 'name="supervisor_position_q"' in body
    assert f'hx-get="{SEARCH}?field=supervisor_position"' in body
    chosen = f'name="supervisor_position" value="{world.division_head_position.public_id}" checked'
    assert chosen in body.replace("\n", " ")
    assert "<select name=\"supervisor_position\"" not in body


def test_searching_for_the_supervisor_gives_radios_of_that_field_with_none_first(login, hr_admin, world):
    body = login(hr_admin).get(SEARCH, {"field": "supervisor_position", "supervisor_position_q": "Kepala"}).content.decode()

    assert f'name="supervisor_position" value="{world.division_head_position.public_id}"' in body
    assert body.index('value=""') < body.index(str(world.division_head_position.public_id))
    assert 'name="position"' not in body


def test_choosing_none_removes_the_supervising_position(login, hr_admin, world):
    position = world.staff_position
    data = {"name": position.name, "org_unit": world.division.pk, "kind": position.kind, "grade": position.grade,
            "supervisor_position": "", "capacity": position.capacity, "is_active": "on"}

    response = login(hr_admin).post(reverse("people:position-edit", args=[position.public_id]), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    position.refresh_from_db()
    assert position.supervisor_position is None
