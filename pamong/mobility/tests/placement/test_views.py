"""Placement pages: the list, the form, the result with its explanations, the loss fragment; who may see them."""

import pytest
from django.urls import reverse

from pamong.mobility.models import PlacementRun
from pamong.mobility.placement.scoring import COMPONENTS, DEFAULT_WEIGHTS
from pamong.mobility.services import placement as services

from .conftest import ids

pytestmark = [pytest.mark.django_db]


def solved(world, problem, **kwargs):
    kwargs.setdefault("candidates", ids(problem.candidates))
    return services.placement_run(world.hr_admin.user, world.pemda, ids([problem.analyst, problem.clerk,
                                                                          problem.data]), **kwargs)


def test_hr_solves_a_placement_through_the_form(client, login, world, problem):
    login(world.hr_admin)
    page = client.get(reverse("mobility:placement-create"))
    assert page.status_code == 200
    assert str(problem.analyst.public_id) in page.content.decode()
    assert str(world.head_position.public_id) not in page.content.decode()  # filled to capacity
    data = {"name": "Rotasi", "positions": ids([problem.analyst, problem.data]),
            "pool_unit": str(world.division.public_id), "golongan_min": "", "golongan_max": "", "kind": "",
            "min_score": "0.2", **{f"weight_{name}": DEFAULT_WEIGHTS[name] for name in COMPONENTS}}
    data["weight_unit"] = 4
    response = client.post(reverse("mobility:placement-create"), data)
    run = PlacementRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("mobility:placement-detail", args=[run.public_id])
    assert run.name == "Rotasi"
    assert run.weights["unit"] == 4
    assert run.constraints["min_score"] == 0.2
    assert set(run.positions) == set(ids([problem.analyst, problem.data]))
    assert set(run.candidates) == set(ids([world.supervisor, world.employee, world.peer, problem.candidates[3]]))


def test_the_form_shows_refusals(client, login, world, problem):
    login(world.hr_admin)
    data = {"positions": ids([problem.data]), "golongan_min": "IV/e", "golongan_max": "", "kind": "pelaksana",
            **{f"weight_{name}": 1 for name in COMPONENTS}}
    response = client.post(reverse("mobility:placement-create"), data)
    assert response.status_code == 422
    assert "candidates" in response.context["form"].errors or response.context["form"].non_field_errors()
    assert not PlacementRun.objects.exists()


def test_the_result_explains_each_placement(client, login, world, problem):
    run = solved(world, problem)
    login(world.executive)
    page = client.get(reverse("mobility:placement-detail", args=[run.public_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="assignment-table"' in html
    for pair in run.assignment:
        assert f'data-position="{pair["position"]}"' in html
    with_runner_up = next(pair for pair in run.assignment if pair["runner_up"])
    fragment = client.get(reverse("mobility:placement-loss", args=[run.public_id]),
                          {"employee": with_runner_up["runner_up"]["employee"], "position": with_runner_up["position"]},
                          headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert f'id="loss-{with_runner_up["runner_up"]["employee"]}-{with_runner_up["position"]}"' in fragment.content.decode()
    assert client.get(reverse("mobility:placement-loss", args=[run.public_id]),
                      {"employee": "x", "position": "y"}).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("hr_admin", 200), ("executive", 200), ("auditor", 200),
                                              ("employee", 403), ("unit_head", 403), ("other_pemda_admin", 404)])
def test_who_sees_a_run(client, login, world, problem, who, status):
    run = solved(world, problem)
    login(getattr(world, who))
    assert client.get(reverse("mobility:placement-detail", args=[run.public_id])).status_code == status


@pytest.mark.parametrize(("who", "status"), [("hr_admin", 200), ("executive", 403), ("auditor", 403),
                                              ("employee", 403), ("other_pemda_admin", 200)])
def test_who_may_run(client, login, world, who, status):
    login(getattr(world, who))
    assert client.get(reverse("mobility:placement-create")).status_code == status


def test_superadmin_may_not_run(client, login, world):
    login(world.superadmin)
    assert client.get(reverse("mobility:placement-create")).status_code == 403


def test_the_list_reads_a_constant_number_of_queries(client, login, world, problem, django_assert_max_num_queries):
    login(world.auditor)
    solved(world, problem)
    client.get(reverse("mobility:placement-list"))  # warm the session and permission caches
    with django_assert_max_num_queries(40) as first:
        assert client.get(reverse("mobility:placement-list")).status_code == 200
    for _ in range(5):
        solved(world, problem)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(reverse("mobility:placement-list"))
    assert page.content.decode().count('id="run-') == 6
    login(world.employee)
    assert client.get(reverse("mobility:placement-list")).status_code == 403
