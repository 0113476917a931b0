"""Development's section of the people profile (issue #12): the employee's awards (Penghargaan), for those who may
see the employee's development (the person, their line, the agency's readers). One query."""

from pamong.people.profile_sections import register_profile_section

from .permissions import can_view_development
from .selectors.awards import awards_of

TEMPLATE = "development/awards/_award_list.html"


def awards_section(actor, employee):
    """The awards list, or None when *actor* may not see the employee's development."""
    if not can_view_development(actor, employee):
        return None
    return TEMPLATE, {"awards": list(awards_of(employee))}


def register() -> None:
    register_profile_section("development.awards", awards_section, order=50)
