"""The database holds the questionnaire's invariants even when the services are bypassed."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pamong.feedback.choices import Channel
from pamong.feedback.models import SurveyResponse
from pamong.feedback.tests.factories import ServicePointFactory

pytestmark = pytest.mark.django_db

FOURS = {f"u{i}": 4 for i in range(1, 10)}


@pytest.fixture
def online(world, semester):
    point = ServicePointFactory(org_unit=world.division, created_by=world.hr_admin.user)

    def build(**fields):
        values = {"service_point": point, "period": semester, "submitted_at": timezone.now(),
                  "channel": Channel.ONLINE, "response_date": date(2027, 3, 1), "device_day_key": "a" * 64} | FOURS
        return SurveyResponse(**(values | fields))

    return build


@pytest.mark.parametrize(
    "fields",
    [
        {"u3": 5},
        {"u3": 0},
        {"u9": None},  # online answers all nine
        {f"u{i}": None for i in range(1, 10)} | {"channel": Channel.PAPER},  # nothing answered
        {"device_day_key": None},  # online without a device key
        {"channel": Channel.PAPER, "device_day_key": None},  # paper without who entered it
    ],
)
def test_invalid_questionnaires_are_refused_by_the_database(online, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        online(**fields).save()


def test_one_device_key_per_point_and_day_is_a_database_constraint(online):
    online().save()
    with pytest.raises(IntegrityError), transaction.atomic():
        online().save()
    online(response_date=date(2027, 3, 2)).save()
