"""What a new employee's NIP already says: birth date, TMT CPNS and sex (rules.md §9.1, §9.6 item 1) [V-SEC].

Pure functions (no ORM). The new-employee form and the API fill the facts left empty from the NIP and refuse
a given fact the NIP contradicts, naming what the NIP says. The service checks agreement again
(validation.employee_field_problems): the NIP is the authority, these functions only spare the typing.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from .choices import Gender
from .rules import NipError, NipParts, is_pppk, nip_mismatches, parse_employee_number

DERIVED_FIELDS = ("birth_date", "first_appointment_date", "gender")


@dataclass(frozen=True, slots=True)
class NipFacts:
    """The facts an 18-digit number states; ``first_appointment_date`` is None for an NI PPPK (year only)."""

    birth_date: date
    first_appointment_date: date | None
    gender: Gender
    parts: NipParts


def nip_facts(number: str, status: str = "") -> NipFacts | None:
    """The facts *number* states, or None when it is not a valid NIP/NI PPPK (the form reports that itself).

    A NIP (PNS/CPNS, or no status chosen yet) gives the TMT CPNS as the first day of its month: digits 9–14
    carry only year and month (Perka BKN 22/2007). An NI PPPK carries only the year, so no TMT is derived.
    """
    try:
        parts = parse_employee_number(str(number or "").strip(), status)
    except NipError:
        return None
    tmt = date(parts.appointment_year, parts.appointment_month, 1) if parts.appointment_month else None
    return NipFacts(birth_date=parts.birth_date, first_appointment_date=tmt, gender=parts.gender, parts=parts)


def disagreements(facts: NipFacts, values: Mapping[str, object]) -> dict[str, str]:
    """``{field: message}`` for each given value the NIP contradicts; each message says what the NIP states.

    Which values disagree is the rule's answer (rules.nip_mismatches, the same check the service makes); only
    the wording differs: a person filling the form is told what the NIP says, not which digits.
    """
    def given(name: str):
        value = values.get(name)
        return value if isinstance(value, date) else None

    mismatches = nip_mismatches(facts.parts, birth_date=given("birth_date"), gender=values.get("gender") or None,
                                appointment_date=given("first_appointment_date"))
    problems: dict[str, str] = {}
    if "birth_date" in mismatches:
        problems["birth_date"] = _("The birth date does not match the NIP (the NIP says %(date)s).") % {
            "date": formats.date_format(facts.birth_date, "DATE_FORMAT")
        }
    if "gender" in mismatches:
        problems["gender"] = _("The gender does not match the NIP (the NIP says %(gender)s).") % {
            "gender": Gender(facts.gender).label.lower()
        }
    if "first_appointment_date" in mismatches:
        appointed = facts.first_appointment_date
        problems["first_appointment_date"] = _("The TMT CPNS does not match the NIP (the NIP says %(month)s).") % {
            "month": formats.date_format(appointed, "YEAR_MONTH_FORMAT") if appointed
            else str(facts.parts.appointment_year)
        }
    return problems


def fill_from_nip(values: Mapping[str, object], status: str = "") -> tuple[dict[str, object], dict[str, str]]:
    """``(values with the empty derived fields filled from the NIP, {field: disagreement})``.

    Values already given are kept as given (and reported when the NIP contradicts them); an invalid NIP fills
    nothing and reports nothing: its own error comes from the NIP check.
    """
    filled = dict(values)
    facts = nip_facts(str(values.get("nip") or ""), status)
    if facts is None:
        return filled, {}
    problems = disagreements(facts, values)
    for field in DERIVED_FIELDS:
        derived = getattr(facts, field)
        if filled.get(field) in (None, "") and derived is not None:
            filled[field] = derived
    return filled, problems


def derives_appointment(status: str) -> bool:
    """Whether the number of an employee of *status* states the TMT (a NIP does, an NI PPPK does not)."""
    return not is_pppk(status)
