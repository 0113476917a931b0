"""Development's part of an employee's personal-data archive: the awards register (UU 27/2022 Pasal 7; G27).

Registered from services.awards.register(); the other sub-domains add their rows to this module's register().
"""

from pamong.people.personal_data import register_personal_data_source, rows

from .models import Award


def _awards(employee) -> list[dict]:
    return rows(Award.objects.filter(employee=employee).select_related("pemda", "recorded_by").order_by(
        "awarded_on", "pk"))


def register() -> None:
    register_personal_data_source("development_awards", build=_awards, models=("development.award",))
