"""FastRenderer writes the common widgets in Python: the markup must be the template's, byte for byte."""

from datetime import UTC, date, datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from pamong.core.form_renderer import FastRenderer

TEMPLATES = DjangoTemplates()
FAST = FastRenderer()
HOSTILE = ['"><script>alert(1)</script>', "a & b < c > d ' e", "Ñoño — “kutip”", "", " spaced ", "x\ny"]


def _both(widget: forms.Widget, name: str, value, attrs=None) -> tuple[str, str]:
    return (widget.render(name, value, attrs=attrs, renderer=TEMPLATES),
            widget.render(name, value, attrs=attrs, renderer=FAST))


WIDGETS = [
    forms.TextInput(), forms.NumberInput(), forms.EmailInput(), forms.URLInput(), forms.PasswordInput(render_value=True),
    forms.HiddenInput(), forms.DateInput(), forms.DateTimeInput(), forms.TimeInput(), forms.CheckboxInput(),
    forms.Textarea(), forms.TextInput(attrs={"class": "form-control", "required": True, "disabled": False,
                                             "data-x": '"quoted"', "maxlength": 10}),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", [None, *HOSTILE, 7, 3.5, date(2026, 12, 6), True, False, mark_safe("<b>safe</b>")])
def test_inputs_and_textarea_match_the_templates(widget, value):
    slow, fast = _both(widget, "field<x>", value, attrs={"id": "id_f", "aria-describedby": "a b"})
    assert fast == slow


CHOICES = [("", "— semua —"), ("a", "Alpha & <b>"), ("b\"q", "Beta"), (3, 3),
           ("Kelompok <1>", [("c", "Gamma"), ("d", mark_safe("<i>Delta</i>"))]), ("e", date(2026, 12, 6))]


@pytest.mark.parametrize("widget_class", [forms.Select, forms.SelectMultiple, forms.NullBooleanSelect])
@pytest.mark.parametrize("value", [None, "", "a", "b\"q", "3", 3, ["a", "d"], "missing"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_selects_match_the_templates(widget_class, value, language):
    if widget_class is forms.NullBooleanSelect and isinstance(value, list):
        pytest.skip("a list is no value of a yes/no select (Django itself raises)")
    widget = widget_class() if widget_class is forms.NullBooleanSelect else widget_class(
        choices=CHOICES, attrs={"class": "form-select", "multiple": widget_class is forms.SelectMultiple})
    with translation.override(language):
        slow, fast = _both(widget, "unit", value, attrs={"id": "id_unit"})
    assert fast == slow


def test_other_widgets_are_left_to_the_engine():
    widget = forms.RadioSelect(choices=[("a", "A & B")], attrs={"class": "form-check-input"})

    slow, fast = _both(widget, "x", "a")

    assert fast == slow  # radio.html is not one of the fast templates: the engine renders it


def test_aware_datetimes_are_shown_in_the_current_zone_like_the_template():
    from django.utils import timezone

    moment = datetime(2026, 12, 6, 1, 30, tzinfo=UTC)
    widget = forms.Textarea()
    with timezone.override("Asia/Makassar"):
        slow, fast = _both(widget, "note", moment)
    assert fast == slow


@settings(max_examples=150, deadline=None)
@given(value=st.text(), label=st.text(), name=st.text(min_size=1, max_size=20))
def test_any_text_renders_the_same(value, label, name):
    for widget in (forms.TextInput(), forms.Textarea(), forms.Select(choices=[(value, label), ("z", label)])):
        slow, fast = _both(widget, name, value)
        assert fast == slow


def test_the_project_uses_it():
    from django.conf import settings as django_settings

    assert django_settings.FORM_RENDERER == "pamong.core.form_renderer.FastRenderer"
