import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db
URL = reverse("people:employee-list")


def _names(response) -> str:
    return response.content.decode()


def test_full_page_renders_the_directory_with_its_filters(login, hr_admin, employee):
    response = login(hr_admin).get(URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" in body
    assert 'id="employee-results"' in body
    assert 'hx-trigger="input changed delay:300ms, search"' in body
    assert employee.full_name in body
    assert employee.nip in body


def test_htmx_request_renders_only_the_results_partial(login, hr_admin, employee):
    response = login(hr_admin).get(URL, {"q": "Budi"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="employee-results"' in body
    assert employee.full_name in body


def test_search_by_name_keeps_only_matching_employees(login, hr_admin, employee, peer):
    response = login(hr_admin).get(URL, {"q": "budi"})

    body = response.content.decode()
    assert employee.full_name in body
    assert peer.full_name not in body


def test_search_by_nip_prefix_with_spaces(login, hr_admin, employee, peer):
    spaced = f"{employee.nip[:8]} {employee.nip[8:14]} {employee.nip[14:]}"

    response = login(hr_admin).get(URL, {"q": spaced})

    body = response.content.decode()
    assert employee.nip in body
    assert peer.nip not in body


def test_unit_filter_lists_the_unit_subtree(login, hr_admin, world):
    response = login(hr_admin).get(URL, {"unit": str(world.education.public_id)})

    body = response.content.decode()
    for person in (world.unit_head, world.supervisor, world.employee, world.peer):
        assert person.nip in body
    assert world.outsider.nip not in body


@pytest.mark.parametrize(
    ("persona", "sees", "hidden"),
    [
        ("employee", ["employee"], ["peer", "supervisor", "outsider", "other_pemda_employee"]),
        ("supervisor", ["supervisor", "employee", "peer"], ["outsider", "unit_head", "other_pemda_employee"]),
        ("unit_head", ["unit_head", "supervisor", "employee", "peer"], ["outsider", "other_pemda_employee"]),
        ("hr_admin", ["employee", "outsider", "unit_head", "executive"], ["other_pemda_employee", "other_pemda_admin"]),
    ],
)
def test_directory_shows_only_what_the_actor_may_see(login, world, persona, sees, hidden):
    response = login(getattr(world, persona)).get(URL, {"active": "all"})

    body = response.content.decode()
    for name in sees:
        assert getattr(world, name).nip in body, name
    for name in hidden:
        assert getattr(world, name).nip not in body, name


def test_list_queries_do_not_grow_with_rows(login, hr_admin, world, django_assert_num_queries):
    # given one extra employee in the HR admin's Pemda
    client = login(hr_admin)

    def add_employees(count: int) -> None:
        for _ in range(count):
            EmployeeFactory(position=PositionFactory(org_unit=world.division))

    add_employees(1)
    client.get(URL)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as one_row:
        client.get(URL)

    # when nine more are added, then the page costs the same queries
    add_employees(9)
    with django_assert_num_queries(len(one_row.captured_queries)):
        response = client.get(URL)
    assert response.content.decode().count('<tr id="employee-') == 18  # 8 world personas of this Pemda + 10


def test_export_links_carry_the_current_filters_for_hr_only(login, world):
    client = login(world.hr_admin)

    body = client.get(URL, {"q": "budi", "status": "pns", "page": "1"}, headers={"HX-Request": "true"}).content.decode()

    export_url = reverse("people:employee-export")
    assert f"{export_url}?q=budi&amp;status=pns&amp;format=xlsx" in body
    assert f"{export_url}?q=budi&amp;status=pns&amp;format=csv" in body
    assert export_url not in login(world.employee).get(URL).content.decode()
