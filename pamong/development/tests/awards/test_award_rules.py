"""The pure rules of the awards register: full years of service and the start dates reaching a milestone."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pamong.development import award_rules
from pamong.development.choices import AwardKind
from pamong.development.services.awards import satyalancana_refusal
from pamong.people.choices import EmploymentStatus
from pamong.people.models import Employee

starts = st.dates(min_value=date(1970, 1, 1), max_value=date(2020, 12, 31))


@given(start=starts, years=st.sampled_from(award_rules.SATYALANCANA_MILESTONES))
def test_a_year_of_service_is_complete_on_its_anniversary_and_not_the_day_before(start, years):
    on = award_rules.anniversary(start, years)
    assert award_rules.full_years(start, on) == years
    assert award_rules.full_years(start, on - timedelta(days=1)) == years - 1


def test_29_february_completes_its_years_on_1_march():
    assert award_rules.anniversary(date(2016, 2, 29), 10) == date(2026, 3, 1)
    assert award_rules.full_years(date(2016, 2, 29), date(2026, 2, 28)) == 9
    assert award_rules.full_years(date(2016, 2, 29), date(2026, 3, 1)) == 10


@given(first=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
       length=st.integers(min_value=0, max_value=400), years=st.sampled_from((10, 20, 30)),
       start=st.dates(min_value=date(1990, 1, 1), max_value=date(2021, 12, 31)))
def test_the_start_range_holds_exactly_the_starts_whose_anniversary_falls_in_the_window(first, length, years, start):
    last = first + timedelta(days=length)
    low, high = award_rules.starts_reaching(years, first, last)
    reaches = first <= award_rules.anniversary(start, years) <= last
    assert reaches == (low <= start <= high)


def _pns(start: date) -> Employee:
    return Employee(name="Budi Santoso", status=EmploymentStatus.PNS, first_appointment_date=start)


@given(start=starts, kind=st.sampled_from([AwardKind.SATYALANCANA_10, AwardKind.SATYALANCANA_20,
                                           AwardKind.SATYALANCANA_30]))
def test_satyalancana_is_earned_on_the_day_the_years_are_complete_not_one_day_short(start, kind):
    years = {AwardKind.SATYALANCANA_10: 10, AwardKind.SATYALANCANA_20: 20, AwardKind.SATYALANCANA_30: 30}[kind]
    on = award_rules.anniversary(start, years)
    assert satyalancana_refusal(_pns(start), kind, on) is None
    refusal = satyalancana_refusal(_pns(start), kind, on - timedelta(days=1))
    assert refusal is not None
    assert f"{years - 1} " in refusal


def test_satyalancana_is_for_pns_only():
    pppk = Employee(name="Nur", status=EmploymentStatus.PPPK, first_appointment_date=date(2000, 1, 1))
    assert "PNS" in satyalancana_refusal(pppk, AwardKind.SATYALANCANA_10, date(2026, 1, 1))


@given(code=st.text(max_size=8))
def test_a_month_period_is_yyyy_mm_only(code):
    expected = (len(code) == 7 and code[4] == "-" and code[:4].isdigit() and code[5:].isdigit()
                and code.isascii() and 2000 <= int(code[:4]) <= 2100 and 1 <= int(code[5:]) <= 12)
    assert award_rules.is_month_period(code) == expected
