"""'Tugas saya': HR sees the cases waiting for its step; the official in the line sees examined cases."""

import pytest

from pamong.people.inbox import tasks_for

from .factories import open_case, to_examined

pytestmark = pytest.mark.django_db


def _discipline(user):
    return [t for t in tasks_for(user) if t.kind.startswith("discipline.")]


def test_hr_and_official_tasks(world):
    case = open_case(world.hr_admin, world.employee)
    hr_tasks = _discipline(world.hr_admin.user)
    assert [t.url.rstrip("/").rsplit("/", 1)[-1] for t in hr_tasks] == [str(case.public_id)]
    assert _discipline(world.peer.user) == []
    examined = to_examined(world.hr_admin, world.peer)
    official = _discipline(world.supervisor.user)
    assert [t.kind for t in official] == ["discipline.decision"]
    assert str(examined.public_id) in official[0].url
    assert _discipline(world.employee.user) == []
    assert _discipline(world.other_pemda_admin.user) == []
