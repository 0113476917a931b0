"""Factories building valid survey rows with no arguments (STYLE.md §4.16). Dates are fixed: 2027's first semester."""

from datetime import date

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from pamong.feedback.choices import Channel
from pamong.feedback.models import ANSWER_FIELDS, ServicePoint, SurveyPeriod, SurveyResponse
from pamong.feedback.services import tallies_rebuild
from pamong.people.tests.factories import OrgUnitFactory, UserFactory

SEMESTER_START, SEMESTER_END = date(2027, 1, 1), date(2027, 6, 30)


class ServicePointFactory(DjangoModelFactory):
    class Meta:
        model = ServicePoint

    org_unit = factory.SubFactory(OrgUnitFactory)
    pemda = factory.SelfAttribute("org_unit.pemda")
    name = factory.Sequence(lambda n: f"Loket Pelayanan {n}")
    code = factory.Sequence(lambda n: f"testpoint{n:05d}")
    yearly_users = 1000
    created_by = factory.SubFactory(UserFactory, pemda=factory.SelfAttribute("..pemda"))


class SurveyPeriodFactory(DjangoModelFactory):
    class Meta:
        model = SurveyPeriod

    pemda = factory.SubFactory("pamong.people.tests.factories.PemdaFactory")
    name = "Semester I 2027"
    start_date = SEMESTER_START
    end_date = SEMESTER_END
    created_by = factory.SubFactory(UserFactory, pemda=factory.SelfAttribute("..pemda"))


def paper_rows(point: ServicePoint, period: SurveyPeriod, answer_rows, *, entered_by) -> list[SurveyResponse]:
    """Store questionnaires directly (a test's given, not the service under test): one per tuple of nine answers,
    None = left blank."""
    now = timezone.now()
    created = SurveyResponse.objects.bulk_create(
        SurveyResponse(service_point=point, period=period, submitted_at=now, channel=Channel.PAPER,
                       entered_by=entered_by, **dict(zip(ANSWER_FIELDS.values(), answers, strict=True)))
        for answers in answer_rows
    )
    tallies_rebuild(period_ids=[period.pk])  # the results read the tallies the services keep
    return created
