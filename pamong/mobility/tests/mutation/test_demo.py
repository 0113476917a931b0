"""The mutation demo: one proposal per state through the services, never twice."""

import random

import pytest

from pamong.letters.models import IssuedLetter
from pamong.mobility.demo_mutation import seed_mutations
from pamong.mobility.mutation_models import MutationProposal

pytestmark = pytest.mark.django_db


def test_every_state_once(world, extra):
    report = seed_mutations(world.pemda, random.Random(1), world.hr_admin.user)
    assert report["not_reached"] == []
    states = dict(MutationProposal.objects.values_list("status", "kind"))
    assert states == {"draft": "intra", "pending": "intra", "approved": "intra", "rejected": "inter_regional"}
    approved = MutationProposal.objects.get(status="approved")
    assert IssuedLetter.objects.filter(number=approved.decree_number).exists()
    assert approved.decided_by_id == extra.hr2.user_id
    assert seed_mutations(world.pemda, random.Random(1), world.hr_admin.user) == {"existing": 4}
    assert MutationProposal.objects.count() == 4


def test_every_state_on_the_demo_agency():
    """On the seeded demo kabupaten (its own hierarchy, ratings and sanctions), as F's command calls it."""
    import time_machine
    from django.contrib.auth import get_user_model

    from pamong.people import demo as people_demo
    from pamong.people.models import Pemda

    with time_machine.travel("2026-12-07 09:00+08:00", tick=False):
        people_demo.seed_demo(employees=200, seed=3)
        pemda = Pemda.objects.get(name=people_demo.PEMDA_NAME)
        accounts = {a["role"]: a["username"] for a in people_demo.demo_accounts(pemda)}
        hr = get_user_model().objects.get(username=accounts["hr_admin"])
        report = seed_mutations(pemda, random.Random(2), hr)
        assert report["not_reached"] == []
        assert set(MutationProposal.objects.filter(pemda=pemda).values_list("status", flat=True)) == {
            "draft", "pending", "approved", "rejected"}
        assert seed_mutations(pemda, random.Random(2), hr) == {"existing": 4}
