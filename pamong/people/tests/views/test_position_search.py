import pytest
from django.urls import reverse

from pamong.people.forms import PositionAssignForm
from pamong.people.tests.factories import OrgUnitFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_the_profile_does_not_list_every_position_of_the_agency(login, world):
    # given an agency with more positions than the list shows
    school = OrgUnitFactory(pemda=world.pemda, name="SD Negeri 7 Mamuju")
    for n in range(PositionAssignForm.SHOWN + 15):
        PositionFactory(org_unit=school, name=f"Guru Kelas {n}")
    client = login(world.hr_admin)

    # when HR opens a profile and its "assign a position" form
    client.get(reverse("people:employee-detail", args=[world.employee.public_id]))
    body = client.get(reverse("people:position-assign", args=[world.employee.public_id]),
                      HTTP_HX_REQUEST="true").content.decode()

    # then the position select shows at most SHOWN choices (plus the prompt)
    select = body[body.index('name="position"'):]
    select = select[: select.index("</select>")]
    assert select.count("<option") <= PositionAssignForm.SHOWN + 1


def test_searching_positions_returns_only_matches_as_a_fragment(login, world):
    school = OrgUnitFactory(pemda=world.pemda, name="SD Negeri 7 Mamuju")
    PositionFactory(org_unit=school, name="Guru Kelas Ahli Pertama")
    PositionFactory(org_unit=school, name="Operator Sekolah")
    client = login(world.hr_admin)

    response = client.get(
        reverse("people:position-assign", args=[world.employee.public_id]),
        {"position_search": "Guru Kelas"},
        headers={"HX-Request": "true"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Guru Kelas Ahli Pertama" in body
    assert "Operator Sekolah" not in body
