"""Typed dates: dd-mm-yyyy, dd/mm/yyyy, ISO and month names, the same whatever the browser's language."""

from datetime import date

import pytest
from django import forms
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from pamong.core.dates import ENGLISH_MONTHS, parse_typed_date
from pamong.core.forms import BootstrapForm, DateField, DateInput
from pamong.core.indonesian import MONTHS

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(days)
def test_every_accepted_layout_names_the_same_day(day):
    assert parse_typed_date(day.strftime("%d-%m-%Y")) == day
    assert parse_typed_date(day.strftime("%d/%m/%Y")) == day
    assert parse_typed_date(day.isoformat()) == day
    assert parse_typed_date(f"{day.day}-{day.month}-{day.year}") == day  # no leading zeros


@given(days, st.sampled_from([str.lower, str.upper, str.title]))
def test_month_names_in_indonesian_or_english_any_case(day, case):
    assert parse_typed_date(f"{day.day} {case(MONTHS[day.month - 1])} {day.year}") == day
    assert parse_typed_date(f"{day.day} {case(ENGLISH_MONTHS[day.month - 1])} {day.year}") == day
    assert parse_typed_date(f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}") == day


def test_day_first_wins_over_the_american_reading():
    assert parse_typed_date("03-04-2026") == date(2026, 4, 3)
    assert parse_typed_date("6 Desember 2026") == date(2026, 12, 6)
    assert parse_typed_date("  6   agt  2026 ") == date(2026, 8, 6)


@pytest.mark.parametrize("typed", ["31-02-2026", "2026-13-01", "6 Desemberr 2026", "12/30/2026", "besok", "", "1-1-26"])
def test_what_names_no_date_is_none(typed):
    assert parse_typed_date(typed) is None


class _Form(BootstrapForm):
    day = forms.DateField(label="Day")  # a plain Django field becomes a typed date field


def test_a_form_date_is_a_text_box_showing_dd_mm_yyyy():
    form = _Form(initial={"day": date(2026, 12, 6)})

    html = str(form["day"])

    assert isinstance(form.fields["day"], DateField)
    assert 'type="text"' in html
    assert 'value="06-12-2026"' in html
    assert 'placeholder="dd-mm-yyyy"' in html
    assert 'inputmode="numeric"' in html
    assert 'type="date"' not in html


@pytest.mark.parametrize("typed", ["06-12-2026", "6/12/2026", "2026-12-06", "6 desember 2026", "6 December 2026"])
def test_a_form_accepts_what_people_type(typed):
    form = _Form(data={"day": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 12, 6)


def test_an_unreadable_date_is_a_field_error_in_bahasa_indonesia():
    with translation.override("id"):
        form = _Form(data={"day": "12/30/2026"})
        assert not form.is_valid()
        message = form.errors["day"][0]
    assert message == translation.gettext("Enter a date as dd-mm-yyyy, for example 06-12-2026.")


def test_a_date_out_of_the_plausible_range_is_a_field_error_not_a_crash():
    form = _Form(data={"day": "30-12-9999"})

    assert not form.is_valid()
    assert "day" in form.errors


def test_the_widget_renders_what_was_typed_when_it_was_wrong():
    form = _Form(data={"day": "31-02-2026"})
    form.is_valid()

    assert 'value="31-02-2026"' in str(form["day"])
    assert isinstance(form.fields["day"].widget, DateInput)


@pytest.mark.parametrize(("language", "long", "period"), [
    ("id", "6 Desember 2026", "November 2026"),
    ("en", "6 December 2026", "November 2026"),
])
def test_dates_read_the_indonesian_way_in_both_languages(language, long, period):
    with translation.override(language):
        assert formats.date_format(date(2026, 12, 6)) == long
        assert formats.date_format(date(2026, 12, 6), "SHORT_DATE_FORMAT") == "06-12-2026"
        assert formats.date_format(date(2026, 11, 1), "YEAR_MONTH_FORMAT") == period
        assert formats.number_format(1234.5, decimal_pos=1) == "1234,5"
