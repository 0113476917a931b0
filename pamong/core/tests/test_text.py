"""Typed text is checked for what it is: no invisible/bidi/control characters; a phone is a phone."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from pydantic import TypeAdapter
from pydantic import ValidationError as PydanticError

from pamong.core.text import (
    PHONE_INVALID,
    TEXT_CONTROL_CHARACTERS,
    MultiLineText,
    PhoneText,
    SingleLineText,
    phone_problem,
    text_problem,
    validate_multiline_text,
    validate_phone,
    validate_single_line_text,
)

HOSTILE = {
    "right-to-left override": "Budi\u202eidub",
    "left-to-right override": "Budi\u202d",
    "embedding": "\u202aBudi\u202c",
    "isolate": "Budi\u2066x\u2069",
    "first strong isolate": "\u2068Budi",
    "zero-width space": "Bu\u200bdi",
    "zero-width joiner": "Bu\u200ddi",
    "right-to-left mark": "Budi\u200f",
    "byte-order mark": "\ufeffBudi",
    "arabic letter mark": "Budi\u061c",
    "NUL": "Budi\x00",
    "bell": "Budi\x07",
    "escape": "\x1b[31mBudi",
    "DEL": "Budi\x7f",
    "C1 control": "Budi\x85",
    "line separator": "Budi\u2028Santoso",
}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_invisible_and_control_characters_are_refused_everywhere(value):
    assert text_problem(value) is not None
    assert text_problem(value, multiline=True) is not None
    with pytest.raises(ValidationError) as refused:
        validate_single_line_text(value)
    assert refused.value.code == TEXT_CONTROL_CHARACTERS
    with pytest.raises(ValidationError):
        validate_multiline_text(value)
    with pytest.raises(PydanticError):
        TypeAdapter(SingleLineText).validate_python(value)
    with pytest.raises(PydanticError):
        TypeAdapter(MultiLineText).validate_python(value)


@pytest.mark.parametrize("value", ["Andi Muhammad Rahman", "Ni Luh Putu Ayu", "Sitti Nur'aini", "Ö. Çelik-Smith",
                                   "dr. H. La Ode Muh. Ali, M.Kes.", "", "مُحَمَّد", "王小明"])
def test_ordinary_names_in_any_script_pass(value):
    assert text_problem(value) is None
    validate_single_line_text(value)
    assert TypeAdapter(SingleLineText).validate_python(value) == value


def test_newlines_and_tabs_only_where_the_field_is_multi_line():
    address = "Jl. Yos Sudarso No. 1\r\nKel. Binanga\tMamuju"
    assert text_problem(address, multiline=True) is None
    with translation.override("en"):
        assert text_problem(address) == "This field must be a single line."
    validate_multiline_text(address)
    with pytest.raises(ValidationError):
        validate_single_line_text(address)


@pytest.mark.parametrize("value", ["+62 812-3456-7890", "+6281234567890", "0812 3456 7890", "081234567890",
                                   "(0426) 21234", "021-5551234", "0426.21234", "+62 (426) 21234", ""])
def test_indonesian_phone_numbers_pass(value):
    assert phone_problem(value) is None
    validate_phone(value)
    assert TypeAdapter(PhoneText).validate_python(value) == value


@pytest.mark.parametrize("value", ["hubungi saya", "0812-ABCD-7890", "=1+1", "+62 812 ++34", "12345678",
                                   "0812", "0812345678901234567", "(0426 21234", "0426) (21234", "()0812345678",
                                   "0812;DROP", "+62 812\u202e3456"])
def test_things_that_are_not_phone_numbers_are_refused(value):
    assert phone_problem(value) is not None
    with pytest.raises(ValidationError) as refused:
        validate_phone(value)
    assert refused.value.code == PHONE_INVALID
    with pytest.raises(PydanticError):
        TypeAdapter(PhoneText).validate_python(value)
