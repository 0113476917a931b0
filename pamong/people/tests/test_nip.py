"""Deriving birth date, TMT CPNS and sex from a NIP (rules.md §9.1, §9.6 item 1)."""

from datetime import date, timedelta

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from pamong.people.choices import EmploymentStatus, Gender
from pamong.people.nip import disagreements, fill_from_nip, nip_facts
from pamong.people.tests.factories import ni_pppk_for, nip_for

births = st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31))
genders = st.sampled_from([Gender.MALE, Gender.FEMALE])
serials = st.integers(min_value=0, max_value=998)


@st.composite
def employees(draw):
    birth = draw(births)
    appointed = date(draw(st.integers(min_value=birth.year + 18, max_value=2030)), draw(st.integers(1, 12)), 1)
    return birth, appointed, draw(genders), draw(serials)


@given(employees())
def test_a_nip_states_birth_date_first_of_the_tmt_month_and_sex(person):
    birth, appointed, gender, serial = person

    facts = nip_facts(nip_for(birth, appointed, gender, serial), EmploymentStatus.PNS)

    assert facts is not None
    assert facts.birth_date == birth
    assert facts.first_appointment_date == appointed.replace(day=1)
    assert facts.gender == gender


@given(employees())
def test_empty_fields_are_filled_and_agreeing_ones_kept(person):
    birth, appointed, gender, serial = person
    nip = nip_for(birth, appointed, gender, serial)

    filled, problems = fill_from_nip({"nip": nip, "birth_date": None, "gender": "", "first_appointment_date": None},
                                     EmploymentStatus.CPNS)
    given_all, none = fill_from_nip({"nip": nip, "birth_date": birth, "gender": gender,
                                     "first_appointment_date": appointed.replace(day=17)}, EmploymentStatus.PNS)

    assert problems == {}
    assert (filled["birth_date"], filled["first_appointment_date"], filled["gender"]) == (
        birth, appointed.replace(day=1), gender)
    assert none == {}  # the TMT's day is not in the NIP: any day of the month agrees
    assert given_all["first_appointment_date"] == appointed.replace(day=17)


@given(employees(), st.integers(min_value=1, max_value=400))
def test_a_given_birth_date_the_nip_contradicts_is_reported_with_what_the_nip_says(person, shift):
    birth, appointed, gender, serial = person
    nip = nip_for(birth, appointed, gender, serial)

    with translation.override("id"):
        _, problems = fill_from_nip({"nip": nip, "birth_date": birth + timedelta(days=shift)}, EmploymentStatus.PNS)

    assert set(problems) == {"birth_date"}
    months = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember")
    assert f"{birth.day} {months[birth.month - 1]} {birth.year}" in problems["birth_date"]


def test_gender_and_tmt_disagreements_name_the_field():
    nip = nip_for(date(1990, 3, 12), date(2015, 3, 1), Gender.MALE, 1)
    facts = nip_facts(nip, EmploymentStatus.PNS)

    with translation.override("id"):
        problems = disagreements(facts, {"gender": Gender.FEMALE, "first_appointment_date": date(2016, 3, 1)})

    assert set(problems) == {"gender", "first_appointment_date"}
    assert "Maret 2015" in problems["first_appointment_date"]


def test_an_ni_pppk_gives_no_tmt_only_birth_date_and_sex():
    number = ni_pppk_for(date(1990, 9, 13), date(2025, 1, 1), Gender.FEMALE, 13)

    filled, problems = fill_from_nip({"nip": number, "first_appointment_date": None}, EmploymentStatus.PPPK)

    assert problems == {}
    assert filled["birth_date"] == date(1990, 9, 13)
    assert filled["gender"] == Gender.FEMALE
    assert filled["first_appointment_date"] is None


@given(st.text(max_size=20))
def test_an_invalid_number_fills_nothing_and_never_raises(number):
    values = {"nip": number, "birth_date": None}
    filled, problems = fill_from_nip(values, EmploymentStatus.PNS)
    if nip_facts(number, EmploymentStatus.PNS) is None:
        assert filled == values
        assert problems == {}
