"""Complaint rules (rules.md §4.1): deadline arithmetic over weekends and holidays, tracking numbers, overdue stages."""

import random
from datetime import date

import pytest

from pamong.feedback import complaint_rules as rules
from pamong.feedback.complaint_choices import ComplaintClass, ComplaintStatus, DayCount

# 2027-03-11 is a Thursday (Nyepi, a national holiday, in this test's calendar); 2027-03-12 Friday.
NYEPI = date(2027, 3, 11)


@pytest.mark.parametrize(("received", "days", "count", "holidays", "due"), [
    # Monday + 2 working days → Wednesday.
    (date(2027, 3, 1), 2, DayCount.WORKING, (), date(2027, 3, 3)),
    # Friday + 2 working days: the weekend does not count → Tuesday.
    (date(2027, 3, 5), 2, DayCount.WORKING, (), date(2027, 3, 9)),
    # Saturday (received on a weekend) + 2 → Tuesday.
    (date(2027, 3, 6), 2, DayCount.WORKING, (), date(2027, 3, 9)),
    # Wednesday + 2 over the Thursday holiday → Monday (Fri, [Sat, Sun], Mon).
    (date(2027, 3, 10), 2, DayCount.WORKING, (NYEPI,), date(2027, 3, 15)),
    # Wednesday + 5 over the holiday and a weekend → Thursday next week.
    (date(2027, 3, 10), 5, DayCount.WORKING, (NYEPI,), date(2027, 3, 18)),
    # 14 working days from Monday: two full weeks.
    (date(2027, 3, 1), 14, DayCount.WORKING, (), date(2027, 3, 19)),
    # Calendar days ignore weekends and holidays.
    (date(2027, 3, 10), 5, DayCount.CALENDAR, (NYEPI,), date(2027, 3, 15)),
])
def test_due_date_counts_working_days_of_the_agency_calendar(received, days, count, holidays, due):
    assert rules.due_date(received, days, count, frozenset(holidays)) == due


def test_the_defaults_are_the_sop_figures_in_working_days():
    assert {cls: (t.first_response_days, t.resolution_days, t.day_count) for cls, t in rules.DEFAULT_SLA.items()} == {
        ComplaintClass.INFORMATION: (2, 5, DayCount.WORKING),
        ComplaintClass.COMPLAINT: (2, 5, DayCount.WORKING),
        ComplaintClass.DISPUTE: (2, 14, DayCount.WORKING),
        ComplaintClass.FIELD_EXAMINATION: (2, 60, DayCount.WORKING),
    }
    assert all(rules.valid_terms(terms) for terms in rules.DEFAULT_SLA.values())


@pytest.mark.parametrize(("terms", "valid"), [
    (rules.SlaTerms(3, 5, DayCount.CALENDAR), True),
    (rules.SlaTerms(0, 5), False),
    (rules.SlaTerms(6, 5), False),
    (rules.SlaTerms(1, 366), False),
    (rules.SlaTerms(1, 5, "fortnights"), False),
])
def test_valid_terms(terms, valid):
    assert rules.valid_terms(terms) is valid


def test_tracking_numbers_are_long_random_and_from_the_unambiguous_alphabet():
    numbers = {rules.new_tracking_number() for _ in range(500)}
    assert len(numbers) == 500
    for number in numbers:
        assert number.startswith("ADU-")
        assert len(number) == 16
        assert not set(number[4:]) & set("01ILO")
        assert rules.normalised_tracking_number(number) == number


@pytest.mark.parametrize(("typed", "stored"), [
    ("adu-23456789abcd", "ADU-23456789ABCD"),
    ("  ADU-2345 6789 ABCD ", "ADU-23456789ABCD"),
    ("23456789abcd", "ADU-23456789ABCD"),
    ("ADU23456789ABCD", "ADU-23456789ABCD"),
    ("ADU-2345-6789-ABCD", "ADU-23456789ABCD"),
    ("ADU-23456789ABC0", None),  # 0 is not in the alphabet
    ("ADU-23456789ABC", None),  # too short
    ("ADU-23456789ABCDE", None),  # too long
    ("' OR 1=1 --", None),
    ("", None),
    (None, None),
    ("A" * 1000, None),
])
def test_tracking_numbers_are_read_case_insensitively_and_malformed_ones_are_none(typed, stored):
    assert rules.normalised_tracking_number(typed) == stored


def test_new_tracking_number_uses_the_given_source_of_randomness():
    seeded = random.Random(7)
    assert rules.new_tracking_number(seeded.choice) == rules.new_tracking_number(random.Random(7).choice)


TODAY = date(2027, 3, 20)


@pytest.mark.parametrize(("status", "first_due", "first_on", "resolution_due", "stage"), [
    (ComplaintStatus.RECEIVED, date(2027, 3, 19), None, None, rules.STAGE_FIRST_RESPONSE),
    (ComplaintStatus.RECEIVED, date(2027, 3, 20), None, None, rules.STAGE_NONE),  # the last day is still in time
    (ComplaintStatus.IN_PROGRESS, date(2027, 3, 10), date(2027, 3, 12), date(2027, 3, 25), rules.STAGE_NONE),
    (ComplaintStatus.IN_PROGRESS, date(2027, 3, 10), date(2027, 3, 12), date(2027, 3, 19), rules.STAGE_RESOLUTION),
    (ComplaintStatus.ROUTED, date(2027, 3, 10), None, date(2027, 3, 19), rules.STAGE_RESOLUTION),
    (ComplaintStatus.ANSWERED, date(2027, 3, 10), None, date(2027, 3, 11), rules.STAGE_NONE),
    (ComplaintStatus.CLOSED, date(2027, 3, 10), None, date(2027, 3, 11), rules.STAGE_NONE),
])
def test_overdue_stage(status, first_due, first_on, resolution_due, stage):
    assert rules.overdue_stage(status=status, first_response_due=first_due, first_response_on=first_on,
                               resolution_due=resolution_due, today=TODAY) == stage


@pytest.mark.parametrize(("status", "answered_on", "allowed"), [
    (ComplaintStatus.ANSWERED, date(2027, 3, 1), True),
    (ComplaintStatus.CLOSED, date(2027, 2, 18), True),  # exactly 30 days
    (ComplaintStatus.CLOSED, date(2027, 2, 17), False),  # 31 days
    (ComplaintStatus.IN_PROGRESS, date(2027, 3, 1), False),
    (ComplaintStatus.ANSWERED, None, False),
])
def test_the_complainant_may_reopen_within_the_window(status, answered_on, allowed):
    assert rules.may_complainant_reopen(status=status, answered_on=answered_on, today=TODAY) is allowed


def test_within_sla_and_median():
    assert rules.within_sla(date(2027, 3, 5), date(2027, 3, 5)) is True
    assert rules.within_sla(date(2027, 3, 6), date(2027, 3, 5)) is False
    assert rules.within_sla(None, date(2027, 3, 5)) is False
    assert rules.median_days([3, 1, 2, 10]) == 2.5
    assert rules.median_days([]) is None

