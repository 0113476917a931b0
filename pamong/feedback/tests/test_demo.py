"""The survey demo (issue #14): three service points with last semester's (closed) and this semester's
questionnaires, results that name a weakest unsur, seeded once."""

import pytest

from pamong.feedback import selectors
from pamong.feedback.demo import POINTS, seed_feedback
from pamong.feedback.models import ServicePoint, SurveyPeriod, SurveyResponse

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_points_two_semesters_and_results_once(world):
    counts = seed_feedback(world.pemda, world.hr_admin.user, seed=3, per_point=30)
    assert len(counts) == len(POINTS) == ServicePoint.objects.filter(pemda=world.pemda).count()
    assert set(counts.values()) == {2 * 30 + 20}
    periods = list(SurveyPeriod.objects.filter(pemda=world.pemda).order_by("start_date"))
    assert [period.is_open for period in periods] == [False, True]
    assert SurveyResponse.objects.filter(channel="paper", period=periods[1]).count() == 3 * 20
    point = ServicePoint.objects.filter(pemda=world.pemda).order_by("pk").first()
    found = selectors.results(pemda=world.pemda, period=periods[1], point=point)
    assert found.respondents == 50
    assert found.category is not None
    assert found.weakest is not None
    assert seed_feedback(world.pemda, world.hr_admin.user) == {}
    assert SurveyResponse.objects.count() == 3 * 80
