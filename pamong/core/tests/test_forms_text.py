"""Every HTML form built on the shared BootstrapForm refuses invisible/control characters in typed text."""

import pytest
from django import forms

from pamong.core.forms import BootstrapForm
from pamong.core.text import TEXT_CONTROL_CHARACTERS


class _Form(BootstrapForm):
    title = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)
    password = forms.CharField(widget=forms.PasswordInput, required=False)
    key = forms.CharField(widget=forms.HiddenInput, required=False)


@pytest.mark.parametrize(("field", "value"), [("title", "Laporan\u202e"), ("title", "a\nb"), ("notes", "x\u200by")])
def test_typed_text_with_hidden_characters_is_refused_on_its_field(field, value):
    form = _Form({"title": "ok", **{field: value}})

    assert not form.is_valid()
    assert form.errors.as_data()[field][0].code == TEXT_CONTROL_CHARACTERS


def test_multi_line_notes_passwords_and_hidden_keys_are_left_alone():
    form = _Form({"title": "Laporan bulanan", "notes": "baris 1\nbaris 2", "password": "p\u200bw", "key": "k"})

    assert form.is_valid(), form.errors
