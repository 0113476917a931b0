"""NIP / NI PPPK layout (Perka BKN 22/2007, rules.md §9.1) and BUP (rules.md §9.5)."""

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pamong.people.choices import Gender, PositionGrade, PositionKind
from pamong.people.rules import (
    NipError,
    nip_mismatches,
    normalise_number,
    parse_ni_pppk,
    parse_nip,
    retirement_age,
    retirement_date,
    validate_nik,
)


def test_the_official_example_nip_decodes():
    parts = parse_nip("198609262015051001")
    assert parts.birth_date == date(1986, 9, 26)
    assert (parts.appointment_year, parts.appointment_month) == (2015, 5)
    assert parts.gender == Gender.MALE
    assert parts.serial == 1


def test_women_are_digit_two_with_no_nik_style_day_offset():
    # The +40 day rule belongs to the NIK, not the NIP (rules.md §9.1 pitfall).
    parts = parse_nip("199001152015032002")
    assert parts.gender == Gender.FEMALE
    assert parts.birth_date == date(1990, 1, 15)


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19860926201505100", "people.nip_invalid_length"),
        ("1986092620150510011", "people.nip_invalid_length"),
        ("19860926201505100A", "people.nip_invalid_length"),
        ("198613262015051001", "people.nip_invalid_birth_date"),
        ("198609312015051001", "people.nip_invalid_birth_date"),
        ("198609262015131001", "people.nip_invalid_appointment"),
        ("198609261990051001", "people.nip_invalid_appointment"),
        ("198609262015053001", "people.nip_invalid_gender"),
        ("198609262015051000", "people.nip_invalid_serial"),
    ],
)
def test_malformed_nips_are_refused_with_a_code(nip, code):
    with pytest.raises(NipError) as refused:
        parse_nip(nip)
    assert refused.value.code == code


def test_ni_pppk_carries_only_the_appointment_year():
    parts = parse_ni_pppk("199009132025242014")
    assert parts.birth_date == date(1990, 9, 13)
    assert parts.appointment_year == 2025
    assert parts.appointment_month is None
    assert parts.gender == Gender.FEMALE


def test_mismatches_name_each_contradicted_field():
    parts = parse_nip("198609262015051001")
    problems = nip_mismatches(
        parts, birth_date=date(1986, 9, 27), gender=Gender.FEMALE, appointment_date=date(2015, 6, 1)
    )
    assert set(problems) == {"birth_date", "gender", "first_appointment_date"}
    assert nip_mismatches(parts, birth_date=date(1986, 9, 26), gender="m", appointment_date=date(2015, 5, 1)) == {}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19860926 201505 1 001", "198609262015051001"),
        ("'198609262015051001", "198609262015051001"),
        (198609262015051001, "198609262015051001"),
        ("198609262015051001.0", "198609262015051001"),
        ("  7604011203900001 ", "7604011203900001"),
    ],
)
def test_numbers_are_normalised_as_sheets_write_them(raw, expected):
    assert normalise_number(raw) == expected


def test_nik_must_be_sixteen_digits():
    assert validate_nik("7604011203900001") is None
    assert validate_nik("760401120390000") is not None
    assert validate_nik("76040112039000AB") is not None


@settings(max_examples=500, deadline=None)
@given(
    birth=st.dates(min_value=date(1960, 1, 1), max_value=date(2004, 12, 31)),
    years_later=st.integers(min_value=18, max_value=40),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from(["1", "2"]),
    serial=st.integers(min_value=1, max_value=999),
)
def test_every_well_formed_nip_round_trips(birth, years_later, month, gender, serial):
    nip = f"{birth:%Y%m%d}{birth.year + years_later:04d}{month:02d}{gender}{serial:03d}"
    parts = parse_nip(nip)
    assert parts.birth_date == birth
    assert parts.appointment_year == birth.year + years_later
    assert parts.appointment_month == month
    assert parts.gender == (Gender.MALE if gender == "1" else Gender.FEMALE)
    assert parts.serial == serial


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 '.-x", max_size=24))
def test_arbitrary_input_never_crashes_the_parser(text):
    with contextlib.suppress(NipError):
        parse_nip(normalise_number(text))


@pytest.mark.parametrize(
    ("kind", "grade", "override", "age"),
    [
        (PositionKind.PELAKSANA, "", None, 58),
        (PositionKind.PENGAWAS, "", None, 58),
        (PositionKind.ADMINISTRATOR, "", None, 58),
        (PositionKind.JPT, PositionGrade.JPT_PRATAMA, None, 60),
        (PositionKind.FUNGSIONAL, PositionGrade.AHLI_PERTAMA, None, 58),
        (PositionKind.FUNGSIONAL, PositionGrade.AHLI_MUDA, None, 58),
        (PositionKind.FUNGSIONAL, PositionGrade.AHLI_MADYA, None, 60),
        (PositionKind.FUNGSIONAL, PositionGrade.AHLI_UTAMA, None, 65),
        (PositionKind.FUNGSIONAL, PositionGrade.TERAMPIL, None, 58),
        (PositionKind.FUNGSIONAL, PositionGrade.AHLI_PERTAMA, 60, 60),  # guru: own law [U]
    ],
)
def test_bup_follows_pp_11_2017_pasal_239(kind, grade, override, age):
    assert retirement_age(kind, grade, override) == age


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31)), st.sampled_from([58, 60, 65]))
def test_retirement_is_the_first_of_the_month_after_the_bup_birthday(birth, age):
    retires = retirement_date(birth, age)
    assert retires.day == 1
    bup_birthday_month = date(birth.year + age, birth.month, 1)
    assert retires > bup_birthday_month
    assert retires - bup_birthday_month <= timedelta(days=31)
