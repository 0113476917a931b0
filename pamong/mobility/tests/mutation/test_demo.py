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
