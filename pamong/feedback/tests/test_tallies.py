"""The running totals the results read (SurveyTally) always equal the questionnaires themselves, whichever way
they were recorded: online, on paper in batches, and rebuilt after a bulk load."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamong.feedback import selectors, services
from pamong.feedback.models import ServicePoint, SurveyPeriod, SurveyResponse, SurveyTally
from pamong.feedback.tests.factories import ServicePointFactory, SurveyPeriodFactory

pytestmark = pytest.mark.django_db

answer = st.one_of(st.none(), st.integers(1, 4))
paper_row = st.lists(answer, min_size=9, max_size=9).filter(lambda row: any(value is not None for value in row))


def from_questionnaires(point, period) -> dict:
    return (SurveyResponse.objects.filter(service_point=point, period=period)
            .aggregate(**selectors._column_aggregates()))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=st.lists(st.lists(paper_row, min_size=1, max_size=6), min_size=1, max_size=3),
       online=st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), max_size=4))
def test_the_tallies_equal_the_questionnaires(world, batches, online):
    # Hypothesis runs every example in the one test transaction: start each from an agency without a survey (two
    # periods over the same days would never exist: period_create refuses overlaps).
    SurveyTally.objects.all().delete()
    SurveyResponse.objects.all().delete()
    ServicePoint.objects.all().delete()
    SurveyPeriod.objects.all().delete()
    today = timezone.localdate()
    period = SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user,
                                 start_date=today - timedelta(days=3), end_date=today + timedelta(days=3))
    point = ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user)
    for rows in batches:
        services.paper_responses_enter(actor=world.hr_admin.user, point=point, period=period, rows=[
            services.PaperRow(answers={f"U{n}": value for n, value in enumerate(row, start=1)}) for row in rows])
    for index, row in enumerate(online):
        services.response_submit(point_code=point.code, answers={f"U{n}": v for n, v in enumerate(row, start=1)},
                                 device_key=f"device-key-number-{index:04d}")
    expected = from_questionnaires(point, period)
    tally = SurveyTally.objects.get(service_point=point, period=period)
    assert tally.respondents == expected["respondents"] == sum(map(len, batches)) + len(online)
    for n in range(1, 10):
        assert (getattr(tally, f"u{n}_sum"), getattr(tally, f"u{n}_count")) == (
            expected[f"U{n}_sum"] or 0, expected[f"U{n}_count"])
    found = selectors.results(pemda=world.pemda, period=period, point=point)
    rebuilt = services.tallies_rebuild(period_ids=[period.pk])
    assert rebuilt == 1
    assert selectors.results(pemda=world.pemda, period=period, point=point) == found


def test_a_refused_questionnaire_leaves_the_tally_unchanged(world):
    today = timezone.localdate()
    period = SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user,
                                 start_date=today - timedelta(days=3), end_date=today + timedelta(days=3))
    point = ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user)
    fours = {f"U{n}": 4 for n in range(1, 10)}
    services.response_submit(point_code=point.code, answers=fours, device_key="the-same-phone-0001")
    with pytest.raises(services.FeedbackError):
        services.response_submit(point_code=point.code, answers=fours, device_key="the-same-phone-0001")
    with pytest.raises(services.FeedbackError):
        services.paper_responses_enter(actor=world.hr_admin.user, point=point, period=period, rows=[
            services.PaperRow(answers={"U1": 4}), services.PaperRow(answers={"U1": 9})])
    tally = SurveyTally.objects.get(service_point=point, period=period)
    assert (tally.respondents, tally.u1_sum, tally.u1_count) == (1, 4, 1)
