"""Complaints feed performance: the ``complaints_in_time`` indicator source gives a unit the share of its answered
complaints that were answered by their resolution deadline (rules.md §4.1)."""

from datetime import date
from decimal import Decimal

import pytest

from pamong.feedback.complaint_choices import ComplaintClass, ComplaintStatus
from pamong.feedback.tests.complaint_factories import ComplaintFactory
from pamong.performance.choices import IndicatorSource
from pamong.performance.indicator_sources import source_figure

pytestmark = pytest.mark.django_db


def figure(world, unit, start=date(2027, 3, 1), end=date(2027, 3, 31)):
    return source_figure(IndicatorSource.COMPLAINTS_IN_TIME, employee_id=world.employee.pk,
                         unit_id=unit.pk if unit else None, start=start, end=end)


def complaint(world, unit, *, received, answered=None, due=date(2027, 3, 20), status=ComplaintStatus.ANSWERED):
    return ComplaintFactory(pemda=world.pemda, org_unit=unit, received_on=received, clock_started_on=received,
                            complaint_class=ComplaintClass.COMPLAINT,
                            answered_on=answered, resolution_due=due, status=status)


def test_the_share_answered_in_time_of_the_units_tree(world):
    division = world.staff_position.org_unit
    complaint(world, division, received=date(2027, 3, 2), answered=date(2027, 3, 10))  # in time
    complaint(world, division, received=date(2027, 3, 3), answered=date(2027, 3, 20))  # on the day: in time
    complaint(world, division, received=date(2027, 3, 4), answered=date(2027, 3, 25))  # late
    complaint(world, division, received=date(2027, 3, 5), status=ComplaintStatus.IN_PROGRESS)  # not answered
    complaint(world, division, received=date(2027, 4, 2), answered=date(2027, 4, 3))  # another month
    complaint(world, world.health, received=date(2027, 3, 2), answered=date(2027, 3, 30))  # another tree
    found = figure(world, division)
    assert found.value == Decimal("66.67")
    assert "2" in found.note
    assert found.complete is False  # one complaint of March is still open
    assert figure(world, division.parent).value == Decimal("66.67")  # the division is in the Dinas' tree


def test_no_figure_without_a_unit_or_an_answered_complaint(world):
    assert figure(world, None) is None
    assert figure(world, world.staff_position.org_unit) is None
