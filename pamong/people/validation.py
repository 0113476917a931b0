"""Validation of employee data shared by forms, the API, the services and the importer.

``employee_field_errors`` is pure (no queries) so the importer can check
50,000 rows without 50,000 round trips; uniqueness is checked by the caller.
"""

from collections.abc import Mapping
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import EmploymentStatus, Gender
from .rules import NipError, is_pppk, nip_mismatches, parse_employee_number, validate_nik

REQUIRED_FIELDS = ("nip", "name", "birth_date", "gender", "status", "first_appointment_date")
# UNVERIFIED: not in rules.md. A plausibility check (nobody is appointed as a
# child), not a citation of the recruitment rules; adjust once they are sourced.
MIN_AGE_AT_APPOINTMENT = 18


def employee_field_errors(data: Mapping[str, object], *, today: date | None = None) -> dict[str, list[str]]:
    """Return ``{field: [messages]}`` for everything wrong with one employee's data.

    Checks presence, the NIP/NI PPPK layout (Perka BKN 22/2007, rules.md
    §9.1) and its agreement with birth date, gender and TMT, the NIK form,
    the status enum and the date order. An empty dict means valid.
    """
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(str(message))

    for field in REQUIRED_FIELDS:
        if data.get(field) in (None, ""):
            add(field, _("This field is required."))

    status = data.get("status") or ""
    if status and status not in EmploymentStatus.values:
        add("status", _("Unknown employment status."))
    gender = data.get("gender") or ""
    if gender and gender not in Gender.values:
        add("gender", _("Gender must be male or female."))

    birth_date = data.get("birth_date")
    first_date = data.get("first_appointment_date")
    pns_date = data.get("pns_appointment_date")
    if isinstance(birth_date, date) and birth_date > today:
        add("birth_date", _("The date of birth cannot be in the future."))
    if isinstance(first_date, date) and isinstance(birth_date, date):
        age = first_date.year - birth_date.year - ((first_date.month, first_date.day) < (birth_date.month, birth_date.day))
        if age < MIN_AGE_AT_APPOINTMENT:
            add("first_appointment_date", _("The employee would have been under 18 at first appointment."))
    if pns_date:
        if status != EmploymentStatus.PNS:
            add("pns_appointment_date", _("Only a PNS has a TMT PNS."))
        elif isinstance(first_date, date) and pns_date < first_date:
            add("pns_appointment_date", _("TMT PNS cannot be before TMT CPNS."))
    if data.get("contract_end_date") and status and not is_pppk(status):
        add("contract_end_date", _("Only PPPK have a contract end date."))

    nip = str(data.get("nip") or "")
    if nip and status in EmploymentStatus.values:
        try:
            parts = parse_employee_number(nip, status)
        except NipError as exc:
            add("nip", exc.message)
        else:
            for field, message in nip_mismatches(
                parts,
                birth_date=birth_date if isinstance(birth_date, date) else None,
                gender=gender or None,
                appointment_date=first_date if isinstance(first_date, date) else None,
            ).items():
                add(field, message)

    nik = str(data.get("nik") or "")
    if nik:
        message = validate_nik(nik)
        if message:
            add("nik", message)
    return errors
