"""The talent demo: two reviews (movement), last year's annual ratings where missing, one succession plan with
candidates from the pool; a second run changes nothing."""

import random
from datetime import date

import pytest

from pamong.audit.models import AuditEvent
from pamong.mobility.demo_talent import seed_talent
from pamong.mobility.models import SuccessionCandidate, SuccessionPlan, TalentReview
from pamong.performance.models import Evaluation

from .conftest import rate

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 7)


def test_seed_talent_is_idempotent_and_shows_movement(world, rated):
    newcomer_rated = rate(world, world.outsider, 2026, "baik")  # rated this year only

    counts = seed_talent(world.pemda, random.Random(7), world.hr_admin.user, today=TODAY)

    assert counts["last_year_evaluations"] == 1
    assert Evaluation.objects.get(employee=world.outsider, period="2025").evaluator_id == \
        newcomer_rated.evaluator_id
    assert sorted(TalentReview.objects.filter(pemda=world.pemda).values_list("year", flat=True)) == [2025, 2026]
    plan = SuccessionPlan.objects.get(pemda=world.pemda)
    assert plan.position.kind == "administrator"
    candidates = list(SuccessionCandidate.objects.filter(plan=plan).values_list("employee_id", flat=True))
    assert set(candidates) <= {world.employee.pk, world.peer.pk}
    assert candidates
    events = AuditEvent.objects.count()

    again = seed_talent(world.pemda, random.Random(7), world.hr_admin.user, today=TODAY)

    assert again["last_year_evaluations"] == 0
    assert AuditEvent.objects.count() == events
    assert SuccessionCandidate.objects.count() == len(candidates)
