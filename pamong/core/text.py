"""Text that people type is checked for what it is (reliability-security.md G20 spirit, applied to fields).

* Free text (names, places, addresses, reasons) may not carry invisible or direction-changing characters:
  bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+061C), zero-width characters and
  marks (U+200B–U+200F), the byte-order mark (U+FEFF), line/paragraph separators (U+2028/U+2029) and C0/C1
  control characters. Newline and tab are allowed only where the field is multi-line. Such characters make
  "Budi\u202eirdauB" look like another name in a list, a sheet or an audit trail.
* A phone number is a phone number: digits, spaces, "+", "-", "." and one pair of parentheses, starting with
  "+", "0" or "(", 8 to 15 digits (ITU-T E.164 allows at most 15). Indonesian forms: +62 812-3456-7890,
  0812 3456 7890, (0426) 21234, 021-5551234.

One module used by the people forms and services, the API schemas, the employee import and the leave and
performance free-text fields. Django form validators, pydantic annotated types and a plain function share
the same checks and messages.
"""

from __future__ import annotations

import re
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator

TEXT_CONTROL_CHARACTERS = "core.text_control_characters"
PHONE_INVALID = "people.phone_invalid"

_INVISIBLE = (
    "\u061c"  # Arabic letter mark
    "\u200b\u200c\u200d\u200e\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\u2028\u2029"  # line and paragraph separators
    "\ufeff"  # byte-order mark / zero-width no-break space
)
_C0_C1 = "".join(chr(code) for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)))
_SINGLE_LINE = re.compile("[" + re.escape(_INVISIBLE + _C0_C1) + "]")
_MULTI_LINE = re.compile("[" + re.escape(_INVISIBLE + _C0_C1.replace("\n", "").replace("\t", "").replace("\r", "")) + "]")
_PHONE_CHARS = re.compile(r"^\+?[0-9 ().\-]+$")
_PHONE_DIGITS = (8, 15)


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """The message for a forbidden character in *value*, or None when the text is acceptable."""
    if not value:
        return None
    match = (_MULTI_LINE if multiline else _SINGLE_LINE).search(value)
    if match is None:
        return None
    if match[0] in "\n\r\t":
        return _("This field must be a single line.")
    return _("The text contains invisible or control characters (U+%(code)04X); type it again without them.") % {
        "code": ord(match[0])
    }


def phone_problem(value: str) -> str | None:
    """The message for a malformed phone number, or None ("" is not a number and is not checked here)."""
    text = (value or "").strip()
    if not text:
        return None
    message = _("Enter a phone number such as +62 812-3456-7890, 0812 3456 7890 or (0426) 21234.")
    if not _PHONE_CHARS.match(text) or text[0] not in "+0(":
        return message
    if text.count("(") != text.count(")") or text.count("(") > 1:
        return message
    if "(" in text and (text.index("(") > text.index(")") or not text[text.index("(") + 1:text.index(")")].strip()):
        return message
    digits = sum(ch.isdigit() for ch in text)
    if not _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1]:
        return message
    return None


# --- Django form validators ------------------------------------------------------------------------


def validate_single_line_text(value: str) -> None:
    if message := text_problem(str(value), multiline=False):
        raise ValidationError(message, code=TEXT_CONTROL_CHARACTERS)


def validate_multiline_text(value: str) -> None:
    if message := text_problem(str(value), multiline=True):
        raise ValidationError(message, code=TEXT_CONTROL_CHARACTERS)


def validate_phone(value: str) -> None:
    if message := phone_problem(str(value)):
        raise ValidationError(message, code=PHONE_INVALID)


# --- Pydantic (API schemas) ------------------------------------------------------------------------


def single_line(value: str) -> str:
    if message := text_problem(value, multiline=False):
        raise ValueError(message)
    return value


def multi_line(value: str) -> str:
    if message := text_problem(value, multiline=True):
        raise ValueError(message)
    return value


def phone(value: str) -> str:
    if message := phone_problem(value):
        raise ValueError(message)
    return value


SingleLineText = Annotated[str, AfterValidator(single_line)]
MultiLineText = Annotated[str, AfterValidator(multi_line)]
PhoneText = Annotated[str, AfterValidator(phone)]
