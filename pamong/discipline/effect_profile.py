"""Discipline's section of the people profile (issue #12: "a running sanction shows on the profile"): running and
past sanctions and the restrictions in force with their rule — for the agency's discipline readers (HR admin,
executive, auditor) and the employee themself; nobody else learns of it. One query (plus the audit of the read when
someone else's sanctions are shown)."""

from django.utils import timezone

from pamong.audit.services import audit_read
from pamong.people.profile_sections import register_profile_section

from .choices import Sanction
from .selectors import effects as selectors

TEMPLATE = "discipline/effects/_profile_section.html"


def discipline_section(actor, employee):
    if not selectors.can_view_discipline_of(actor, employee):
        return None
    from .services.effects import EFFECTS_VIEWED, restrictions_of_cases

    today = timezone.localdate()
    cases = list(selectors.cases_of_employee(employee))
    decided = [case for case in cases if selectors.sanction_in_force(case) and case.status in
               selectors.SANCTIONED_STATUSES]
    running = [case for case in decided if selectors.is_running(case, today)]
    past = [case for case in decided if case not in running]
    restrictions = restrictions_of_cases(cases, today).get(employee.pk, [])
    if cases and not selectors.is_self(actor, employee):
        audit_read(actor=actor, action=EFFECTS_VIEWED, target=employee, fields=["discipline"])
    return TEMPLATE, {
        "running": [_row(case) for case in running],
        "past": [_row(case) for case in past],
        "restrictions": restrictions,
        "today": today,
        "can_manage": selectors.can_manage_agency_discipline(actor, employee.pemda_id),
    }


def _row(case) -> dict:
    return {"case": case, "sanction": Sanction(selectors.sanction_in_force(case)).label}


def register() -> None:
    register_profile_section("discipline", discipline_section, order=60)
