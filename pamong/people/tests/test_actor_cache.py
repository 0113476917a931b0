"""The actor's facts (groups, permissions, employee record, roles) come from the shared cache between requests
(pamong.people.actor_cache): fewer queries on every page, and never a right kept after it is taken away."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pamong.accounts.roles import Role
from pamong.people import actor_cache
from pamong.people.models import Employee
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db
DIRECTORY = reverse("people:employee-list")
EXPORT = reverse("people:employee-export")


@pytest.fixture(autouse=True)
def _cached(settings):
    settings.PAMONG_TASK_COUNTS_CACHE_SECONDS = 120


def _queries(client, path=DIRECTORY):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return len(captured.captured_queries), response


def test_the_second_page_does_not_read_the_actors_groups_permissions_or_record_again(login, world):
    client = login(world.hr_admin)
    first, response = _queries(client)
    assert response.status_code == 200

    second, response = _queries(client)

    assert response.status_code == 200
    assert second <= first - 4  # groups, user and group permissions, employee record (and the menu's counts)
    assert reverse("people:employee-create") in response.content.decode()  # still an HR admin


def test_taking_the_hr_role_away_takes_effect_on_the_next_request(login, world):
    client = login(world.hr_admin)
    assert client.get(DIRECTORY).status_code == 200
    assert client.get(EXPORT, {"format": "csv"}).status_code == 200

    world.hr_admin.user.groups.remove(Group.objects.get(name=Role.HR_ADMIN.value))

    assert client.get(EXPORT, {"format": "csv"}).status_code == 403
    assert reverse("people:employee-create") not in client.get(DIRECTORY).content.decode()


def test_granting_a_role_takes_effect_on_the_next_request(login, world):
    client = login(world.employee)
    assert client.get(EXPORT, {"format": "csv"}).status_code == 403

    world.employee.user.groups.add(Group.objects.get(name=Role.EXECUTIVE.value))

    assert client.get(EXPORT, {"format": "csv"}).status_code == 200


def test_a_new_post_changes_the_derived_roles_at_once(login, world):
    client = login(world.employee)
    client.get(DIRECTORY)
    user = world.employee.user
    facts = actor_cache._read_facts(type(user).objects.get(pk=user.pk))
    assert Role.SUPERVISOR.value not in facts["_all_roles"]

    # A new post reports to the employee's post, and someone holds it: the employee becomes a supervisor.
    post = PositionFactory(org_unit=world.employee.current_unit, name="Staf Baru", capacity=1,
                           supervisor_position=world.employee.current_position)
    EmployeeFactory(position=post, name="Staf Baru")

    response = client.get(DIRECTORY)
    assert Role.SUPERVISOR.value in response.context["roles"]


def test_a_deactivated_record_is_not_served_from_the_cache(login, world):
    client = login(world.employee)
    assert client.get(reverse("people:my-data")).status_code == 200

    Employee.objects.filter(pk=world.employee.pk).update(is_active=False)  # no signal, no audit
    world.employee.refresh_from_db()
    world.employee.save(update_fields=["updated_at"])  # any save of an employee replaces the version

    assert client.get(DIRECTORY).context["me"] is None


def test_a_superuser_flag_changed_elsewhere_is_not_mixed_with_cached_facts(login, world):
    client = login(world.employee)
    client.get(DIRECTORY)
    type(world.employee.user).objects.filter(pk=world.employee.user.pk).update(is_superuser=True)  # no signal

    response = client.get(DIRECTORY)

    assert Role.SUPERADMIN.value in response.context["roles"]


def test_the_cache_is_off_when_its_time_is_zero(login, world, settings):
    client = login(world.hr_admin)
    _queries(client)
    cached, _response = _queries(client)
    settings.PAMONG_TASK_COUNTS_CACHE_SECONDS = 0

    _queries(client)
    uncached, _response = _queries(client)

    assert uncached >= cached + 4


def test_a_unit_heads_team_size_is_remembered_until_the_team_changes(login, world):
    client = login(world.unit_head)
    first = client.get(reverse("people:home")).context["team_count"]
    assert client.get(reverse("people:home")).context["team_count"] == first

    post = PositionFactory(org_unit=world.unit_head.current_unit, name="Staf Tambahan", capacity=1,
                           supervisor_position=world.unit_head.current_position)
    EmployeeFactory(position=post, name="Staf Tambahan")

    assert client.get(reverse("people:home")).context["team_count"] == first + 1


def test_an_unreachable_cache_fails_no_audited_write_and_the_counts_are_read_afresh(world, monkeypatch):
    from django.core.cache import cache

    from pamong.people import services
    from pamong.people.inbox import cached_task_counts, task_counts

    def down(*args, **kwargs):
        raise ConnectionError("redis is restarting")

    for method in ("get", "set", "add"):
        monkeypatch.setattr(cache, method, down)

    # The audit signal replaces the cache version inside the write's transaction: it must not abort the write.
    services.employee_update(actor=world.hr_admin.user, employee=world.employee, data={"phone": "081234567890"})

    world.employee.refresh_from_db()
    assert world.employee.phone == "081234567890"
    assert cached_task_counts(world.supervisor.user) == task_counts(world.supervisor.user)
    assert actor_cache.remembered(world.supervisor.user, "team-count", lambda: 7) == 7
