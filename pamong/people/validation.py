"""Validation of employee data shared by forms, the API, the services and the importer.

``employee_field_errors`` is pure (no queries) so the importer can check
50,000 rows without 50,000 round trips; uniqueness is checked by the caller.
"""

from collections.abc import Mapping
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.core.text import PHONE_INVALID, TEXT_CONTROL_CHARACTERS, phone_problem, text_problem

from . import errors as codes_
from .choices import EmploymentStatus, Gender
from .rules import NipError, is_pppk, nip_mismatches, parse_employee_number, validate_nik

REQUIRED_FIELDS = ("nip", "name", "birth_date", "gender", "status", "first_appointment_date")
# UNVERIFIED: not in rules.md. A plausibility check (nobody is appointed as a
# child), not a citation of the recruitment rules; adjust once they are sourced.
MIN_AGE_AT_APPOINTMENT = 18
# Built once: ``Choices.values`` builds a new list on every access, three per row of a 50,000-row import.
_STATUS_VALUES = frozenset(EmploymentStatus.values)
_GENDER_VALUES = frozenset(Gender.values)


SINGLE_LINE_FIELDS = ("nip", "nik", "front_title", "name", "back_title", "birth_place", "phone", "email")
MULTI_LINE_FIELDS = ("address",)


def employee_text_errors(data: Mapping[str, object]) -> tuple[dict[str, list[str]], str | None]:
    """``({field: [messages]}, code)`` for typed text that is not what it claims to be (pamong.core.text).

    Invisible/bidi/control characters in names, places and addresses (core.text_control_characters) and
    malformed phone numbers (people.phone_invalid). The code is the first problem's. Callers pass only the
    values being written, so a legacy value already stored never blocks an unrelated change.
    """
    errors: dict[str, list[str]] = {}
    code = None
    for field in SINGLE_LINE_FIELDS + MULTI_LINE_FIELDS:
        value = data.get(field)
        if isinstance(value, str) and (message := text_problem(value, multiline=field in MULTI_LINE_FIELDS)):
            errors.setdefault(field, []).append(str(message))
            code = code or TEXT_CONTROL_CHARACTERS
    phone = data.get("phone")
    if isinstance(phone, str) and "phone" not in errors and (message := phone_problem(phone)):
        errors["phone"] = [str(message)]
        code = code or PHONE_INVALID
    return errors, code


def employee_field_errors(data: Mapping[str, object], *, today: date | None = None) -> dict[str, list[str]]:
    """Return ``{field: [messages]}`` for everything wrong with one employee's data (see employee_field_problems)."""
    return employee_field_problems(data, today=today)[0]


def employee_field_problems(
    data: Mapping[str, object], *, today: date | None = None
) -> tuple[dict[str, list[str]], str | None]:
    """Return ``({field: [messages]}, code)`` for everything wrong with one employee's data.

    Checks presence, the NIP/NI PPPK layout (Perka BKN 22/2007, rules.md
    §9.1) and its agreement with birth date, gender and TMT, the NIK form,
    the status enum and the date order. An empty dict means valid. The code
    is the first problem's specific code (``people.nip_invalid_gender``, …).
    """
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    codes: list[str] = []

    def add(field: str, message: str, code: str) -> None:
        errors.setdefault(field, []).append(str(message))
        codes.append(code)

    for field in REQUIRED_FIELDS:
        if data.get(field) in (None, ""):
            add(field, _("This field is required."), codes_.FIELD_REQUIRED)

    status = data.get("status") or ""
    if status and status not in _STATUS_VALUES:
        add("status", _("Unknown employment status."), codes_.INVALID_STATUS)
    gender = data.get("gender") or ""
    if gender and gender not in _GENDER_VALUES:
        add("gender", _("Gender must be male or female."), codes_.INVALID_GENDER)

    birth_date = data.get("birth_date")
    first_date = data.get("first_appointment_date")
    pns_date = data.get("pns_appointment_date")
    if isinstance(birth_date, date) and birth_date > today:
        add("birth_date", _("The date of birth cannot be in the future."), codes_.BIRTH_DATE_IN_FUTURE)
    if isinstance(first_date, date) and isinstance(birth_date, date):
        age = first_date.year - birth_date.year - ((first_date.month, first_date.day) < (birth_date.month, birth_date.day))
        if age < MIN_AGE_AT_APPOINTMENT:
            add("first_appointment_date", _("The employee would have been under 18 at first appointment."),
                codes_.APPOINTED_UNDER_AGE)
    if pns_date:
        if status != EmploymentStatus.PNS:
            add("pns_appointment_date", _("Only a PNS has a TMT PNS."), codes_.PNS_DATE_NOT_PNS)
        elif isinstance(first_date, date) and pns_date < first_date:
            add("pns_appointment_date", _("TMT PNS cannot be before TMT CPNS."), codes_.PNS_DATE_BEFORE_CPNS)
    if data.get("contract_end_date") and status and not is_pppk(status):
        add("contract_end_date", _("Only PPPK have a contract end date."), codes_.CONTRACT_END_NOT_PPPK)

    nip = str(data.get("nip") or "")
    if nip and status in _STATUS_VALUES:
        try:
            parts = parse_employee_number(nip, status)
        except NipError as exc:
            add("nip", exc.message, exc.code)
        else:
            for field, message in nip_mismatches(
                parts,
                birth_date=birth_date if isinstance(birth_date, date) else None,
                gender=gender or None,
                appointment_date=first_date if isinstance(first_date, date) else None,
            ).items():
                add(field, message, codes_.NIP_MISMATCH[field])

    nik = str(data.get("nik") or "")
    if nik:
        message = validate_nik(nik)
        if message:
            add("nik", message, codes_.NIK_INVALID)
    return errors, (codes[0] if codes else None)
