"""The mutation world: the shared personas plus a second HR admin (the decision is any HR admin but the proposer)
and a vacant target post in the health office (another OPD than the employee's)."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from pamong.api.tests.conftest import ApiClient, make_token
from pamong.people.models import OrgUnit, Position
from pamong.people.tests.factories import EmployeeFactory, PositionFactory


@dataclass
class Extra:
    hr2: object
    target: Position
    tmt: object


@pytest.fixture
def extra(world):
    bkpsdm = OrgUnit.objects.get(pemda=world.pemda, name="BKPSDM")
    hr2 = EmployeeFactory(position=PositionFactory(org_unit=bkpsdm, name="Analis Mutasi"), name="Fajar Nugroho",
                          roles=["hr_admin"])
    target = PositionFactory(org_unit=world.health, name="Pengelola Data Kesehatan", capacity=1)
    return Extra(hr2=hr2, target=target, tmt=timezone.localdate() + timedelta(days=14))


@pytest.fixture
def api_as(client):
    def _as(actor):
        return ApiClient(client, make_token(actor) if actor is not None else None)

    return _as
