"""The talent pool as a placement run's candidate source (service, API, form)."""

from datetime import date

import pytest
from django.urls import reverse

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.mobility.models import PlacementRun
from pamong.mobility.services import talent as services
from pamong.mobility.services.placement import placement_run
from pamong.people.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vacancy(world, rated):
    services.talent_review_compute(actor=world.hr_admin.user, pemda=world.pemda, year=2026, today=date(2026, 12, 7))
    return PositionFactory(org_unit=world.division, name="Pengolah Data Talenta", capacity=1)


def test_the_service_keeps_only_the_pool(world, vacancy):
    run = placement_run(world.hr_admin.user, world.pemda, [str(vacancy.public_id)], filter={"talent_pool": True})

    assert sorted(run.candidates) == sorted([str(world.employee.public_id), str(world.peer.public_id)])


def test_the_api_filter(client, world, vacancy):
    api = ApiClient(client, make_token(world.hr_admin.user))

    response = api.post("/mobility/placements/runs", {"positions": [str(vacancy.public_id)],
                                                      "filter": {"talent_pool": True}})
    assert response.status_code == 201, response.content
    assert len(response.json()["candidates"]) == 2
    everybody = api.post("/mobility/placements/runs", {"positions": [str(vacancy.public_id)],
                                                       "filter": {"talent_pool": False}})
    assert len(everybody.json()["candidates"]) > 2


def test_the_form_option(client, login, world, vacancy):
    login(world.hr_admin)
    form = {"positions": [str(vacancy.public_id)], "talent_pool": "on", "name": "Dari talenta",
            **{f"weight_{name}": "1" for name in ("competency", "education", "field", "rank", "predikat", "tenure",
                                                  "unit")}}

    assert client.post(reverse("mobility:placement-create"), form).status_code == 302
    assert len(PlacementRun.objects.get(name="Dari talenta").candidates) == 2
