"""Absence summaries (rules.md §3.2): verified days only, pending apart, calendar year, runs, salary stop."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.attendance.choices import DayStatus
from pamong.attendance.models import AttendanceSettings
from pamong.attendance.selectors.absence import absence_summaries, absence_summary, agency_absence
from pamong.people.tests.factories import EmployeeFactory

from .factories import day_rows, unexcused_days, week

pytestmark = pytest.mark.django_db
U, P, OFF = DayStatus.UNEXCUSED, DayStatus.PRESENT, DayStatus.OFF


def test_only_verified_days_count_and_pending_are_shown_apart(employee):
    unexcused_days(employee, date(2026, 2, 2), 3)
    unexcused_days(employee, date(2026, 3, 2), 2, verified=False)
    summary = absence_summary(employee, 2026)
    assert (summary.unexcused_days, summary.pending_unexcused) == (3, 2)
    assert summary.recommendation["sanction"] == "teguran_lisan"
    assert "PP 94/2021 Pasal 9" in summary.recommendation["rule"]
    assert summary.next_threshold["days"] == 4
    assert "pending" in summary.flags
    assert "approaching" in summary.flags  # 3 → 4 is one day away (warn_days_before = 1)


def test_counts_are_per_calendar_year_and_never_carry_over(employee):
    unexcused_days(employee, date(2025, 11, 3), 12)
    assert absence_summary(employee, 2025).recommendation["sanction"] == "tpp_cut_6"
    fresh = absence_summary(employee, 2026)
    assert (fresh.unexcused_days, fresh.recommendation) == (0, None)


def test_ten_working_days_in_a_row_across_weekends_stop_the_salary_from_the_next_month(employee):
    start = date(2026, 3, 16)  # Monday; the 10th working day is Friday 27 March
    day_rows(employee, start, week(start, 12, U))
    summary = absence_summary(employee, 2026)
    assert summary.longest_consecutive == 10
    assert "consecutive_10" in summary.flags
    assert summary.recommendation["sanction"] == "pdh"
    assert "PerBKN 6/2022 Pasal 12" in summary.recommendation["rule"]
    assert summary.salary_stop_from == date(2026, 4, 1)


def test_leave_breaks_the_run(employee):
    start = date(2026, 3, 16)
    statuses = week(start, 12, U)
    statuses[4] = DayStatus.LEAVE  # the Friday
    day_rows(employee, start, statuses)
    summary = absence_summary(employee, 2026)
    assert summary.longest_consecutive == 5
    assert summary.salary_stop_from is None


def test_lateness_converts_only_when_the_pemda_switched_it_on(employee):
    day_rows(employee, date(2026, 1, 5), [P] * 10, late=100)  # 1,000 minutes
    assert absence_summary(employee, 2026).converted_days == 0
    AttendanceSettings.objects.create(pemda=employee.pemda, convert_lateness=True)
    summary = absence_summary(employee, 2026)
    assert (summary.late_minutes, summary.converted_days, summary.counted_days) == (1000, 2, 2)


def test_pppk_gets_no_recommendation_without_the_pemda_ladder(world):
    pppk = EmployeeFactory(position=world.staff_position, status="pppk")
    unexcused_days(pppk, date(2026, 2, 2), 12)
    summary = absence_summary(pppk, 2026)
    assert summary.recommendation is None
    assert summary.ladder_missing
    AttendanceSettings.objects.create(pemda=pppk.pemda, pppk_ladder=[
        {"from": 10, "level": "sedang", "sanction": "tpp_cut_6", "rule": "Perbup 3/2025"}])
    assert absence_summary(pppk, 2026).recommendation == {"level": "sedang", "sanction": "tpp_cut_6",
                                                           "rule": "Perbup 3/2025"}


def test_many_summaries_in_constant_queries(world, django_assert_max_num_queries):
    people = [world.employee, world.peer, world.supervisor]
    for person in people:
        unexcused_days(person, date(2026, 2, 2), 4)
    with django_assert_max_num_queries(3):
        found = absence_summaries([p.pk for p in people], 2026)
    assert {s.unexcused_days for s in found.values()} == {4}


def test_agency_list_is_sorted_by_days_and_limited_to_the_agency(world, hr_admin):
    unexcused_days(world.employee, date(2026, 2, 2), 2)
    unexcused_days(world.peer, date(2026, 2, 2), 5)
    unexcused_days(world.other_pemda_employee, date(2026, 2, 2), 9)
    day_rows(world.supervisor, date(2026, 2, 2), [P, P])
    result = agency_absence(hr_admin.user, 2026)
    rows = result.rows_of(result.counts)
    assert [(r.employee.pk, r.days) for r in rows] == [(world.peer.pk, 5), (world.employee.pk, 2)]
    assert rows[0].summary.recommendation["sanction"] == "teguran_tertulis"


def test_agency_list_filters_by_unit(world, hr_admin):
    unexcused_days(world.employee, date(2026, 2, 2), 2)
    result = agency_absence(hr_admin.user, 2026, unit=world.health)
    assert list(result.counts) == []


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head"])
def test_agency_list_refuses_who_does_not_see_the_agency(world, persona):
    with pytest.raises(PermissionDenied):
        agency_absence(getattr(world, persona).user, 2026)


@pytest.mark.parametrize("size", [3, 12])
def test_agency_list_page_in_constant_queries(world, hr_admin, size, django_assert_max_num_queries):
    for _ in range(size):
        person = EmployeeFactory(position=world.staff_position)
        unexcused_days(person, date(2026, 2, 2), 3)
    result = agency_absence(hr_admin.user, 2026)
    with django_assert_max_num_queries(8):
        rows = result.rows_of(result.counts[:25])
    assert len(rows) == size
