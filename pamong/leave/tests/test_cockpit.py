"""The cockpit's "who is on leave": the same applications as the away list, counted per person."""

from datetime import date

import pytest
import time_machine

from pamong.leave.cockpit import away_counts
from pamong.leave.tests.test_exports import build_statistics_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def test_on_leave_today_and_this_week_in_the_own_agency(world):
    # given: in Mamuju, CT 6–8 July (employee, approved), CT 6–7 July (nurse, approved), CAP 13–17 July
    # (supervisor, approved), CS 8–9 June (employee, submitted: still holds its dates); Palu: CT 6–10 July
    build_statistics_data(world)

    tuesday = away_counts(world.pemda.pk, date(2026, 7, 7))
    friday = away_counts(world.pemda.pk, date(2026, 7, 10))
    june = away_counts(world.pemda.pk, date(2026, 6, 8))

    assert tuesday == {"today": 2, "week": 2}
    assert friday == {"today": 0, "week": 2}
    assert june == {"today": 1, "week": 1}
    assert away_counts(world.other_pemda.pk, date(2026, 7, 7)) == {"today": 1, "week": 1}
