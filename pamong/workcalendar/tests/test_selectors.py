"""Reads of the work calendar: days off per agency and working-day arithmetic on them (rules.md §2.5)."""

from datetime import date

import pytest

from pamong.leave.tests.factories import load_calendar
from pamong.workcalendar.rules import add_working_days, days_between, is_working_day, working_days_between
from pamong.workcalendar.selectors import (
    calendar_days_visible_to,
    calendar_year,
    non_working_days,
    working_day_after,
    working_days,
)


@pytest.fixture
def calendar(world):
    load_calendar(world.pemda, 2026)
    return world


@pytest.mark.django_db
def test_may_2026_has_16_working_days(calendar):
    """21 weekdays less 1, 14 and 27 May (holidays) and 15 and 28 May (cuti bersama); Waisak falls on Sunday 31."""
    assert working_days(calendar.pemda.pk, date(2026, 5, 1), date(2026, 5, 31)) == 21 - 5


@pytest.mark.django_db
def test_another_agencys_calendar_has_no_days_off_yet(calendar):
    assert non_working_days(calendar.other_pemda.pk, date(2026, 1, 1), date(2026, 12, 31)) == frozenset()
    assert working_days(calendar.other_pemda.pk, date(2026, 5, 11), date(2026, 5, 15)) == 5


@pytest.mark.django_db
def test_the_working_day_after_skips_the_long_weekend(calendar):
    # Wednesday 13 May + 1 working day: 14 (holiday) and 15 (cuti bersama) skipped, then the weekend
    assert working_day_after(calendar.pemda.pk, date(2026, 5, 13), 1) == date(2026, 5, 18)
    assert working_day_after(calendar.pemda.pk, date(2026, 3, 17), 1) == date(2026, 3, 25)


@pytest.mark.django_db
def test_each_agency_sees_its_own_calendar(calendar):
    assert calendar_days_visible_to(calendar.employee.user).count() == 25
    assert not calendar_days_visible_to(calendar.other_pemda_admin.user).exists()
    assert calendar_days_visible_to(calendar.superadmin).count() == 25
    assert [d.date for d in calendar_year(calendar.pemda.pk, 2026)][:2] == [date(2026, 1, 1), date(2026, 1, 16)]


def test_working_days_between_counts_inclusively_and_skips_weekends():
    assert working_days_between(date(2026, 7, 6), date(2026, 7, 12), ()) == 5
    assert working_days_between(date(2026, 7, 6), date(2026, 7, 6), ()) == 1
    assert working_days_between(date(2026, 7, 7), date(2026, 7, 6), ()) == 0
    assert working_days_between(date(2026, 7, 6), date(2026, 7, 10), {date(2026, 7, 7)}) == 4


def test_a_saturday_is_no_working_day_even_when_no_holiday():
    """Perpres 21/2023: the ASN week is Monday to Friday."""
    assert not is_working_day(date(2026, 7, 11), ())
    assert is_working_day(date(2026, 7, 10), ())
    assert not is_working_day(date(2026, 7, 10), {date(2026, 7, 10)})


def test_add_working_days_does_not_count_the_start():
    assert add_working_days(date(2026, 7, 10), 1, ()) == date(2026, 7, 13)
    assert add_working_days(date(2026, 7, 10), 0, ()) == date(2026, 7, 10)
    assert list(days_between(date(2026, 7, 6), date(2026, 7, 8))) == [date(2026, 7, 6), date(2026, 7, 7),
                                                                       date(2026, 7, 8)]
