"""Cases built straight with the model (the workflow is another slice's): a delivered decision with its dates."""

from datetime import date, timedelta

from pamong.discipline import rules
from pamong.discipline.choices import CaseStatus, ObjectionStatus, ViolationKind
from pamong.discipline.models import Case, DisciplineSettings, Objection

_counter = [0]


def months_later(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    from calendar import monthrange

    return date(year, month, min(day.day, monthrange(year, month)[1]))


def make_case(employee, *, sanction: str = "", status: str = CaseStatus.DELIVERED, effective_on: date | None = None,
              ends_on: date | None = None, reported_on: date = date(2026, 1, 5), reported_by=None,
              decision_number: str | None = None, source: dict | None = None) -> Case:
    """A case of *employee*; a sanction's end defaults to its catalogue period from *effective_on*."""
    _counter[0] += 1
    if sanction and ends_on is None and effective_on is not None:
        months = rules.CATALOGUE[sanction].months
        if months:
            ends_on = months_later(effective_on, months) - timedelta(days=1)
    return Case.objects.create(
        pemda_id=employee.pemda_id, employee=employee, org_unit_id=employee.current_unit_id,
        position_id=employee.current_position_id, kind=ViolationKind.ABSENCE, description="Tidak masuk kerja",
        reported_on=reported_on, reported_by=reported_by or _reporter(employee), status=status,
        sanction=sanction, level=rules.CATALOGUE[sanction].level if sanction else "",
        decided_on=effective_on - timedelta(days=30) if effective_on else None,
        decision_number=decision_number if decision_number is not None else f"800/{_counter[0]}/BKPSDM/2026",
        delivered_on=effective_on - timedelta(days=21) if effective_on else None,
        effective_on=effective_on, ends_on=ends_on, source=source or {},
    )


def _reporter(employee):
    from pamong.accounts.models import User

    found = User.objects.filter(pemda_id=employee.pemda_id).exclude(pk=employee.user_id).first()
    if found is None:
        from pamong.people.tests.factories import UserFactory

        found = UserFactory(pemda=employee.pemda)
    return found


def object_to(case: Case, *, status: str = ObjectionStatus.PENDING, new_sanction: str = "") -> Objection:
    return Objection.objects.create(case=case, filed_on=case.delivered_on or date(2026, 1, 10), text="Keberatan",
                                    status=status, new_sanction=new_sanction,
                                    decided_on=None if status == ObjectionStatus.PENDING else date(2026, 2, 1))


def salary_pp(pemda, in_force: bool = True) -> DisciplineSettings:
    found, _ = DisciplineSettings.objects.update_or_create(pemda=pemda, defaults={"salary_pp_in_force": in_force})
    return found
