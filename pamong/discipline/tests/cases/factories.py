"""Factories and shortcuts of the discipline case tests. Rows only, except ``advance()``, which walks a case
through the services to a stage."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from pamong.discipline.choices import CaseStatus, ExaminationMode, Sanction, ViolationKind
from pamong.discipline.models import Case
from pamong.discipline.services import cases as services

MONDAY = date(2026, 3, 2)  # no national holiday in the first half of March 2026 in the test calendar


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    pemda = factory.SelfAttribute("employee.pemda")
    org_unit = factory.SelfAttribute("employee.current_unit")
    position = factory.SelfAttribute("employee.current_position")
    kind = ViolationKind.OTHER
    description = "Meninggalkan tugas tanpa izin"
    reported_on = MONDAY
    reported_by = factory.SelfAttribute("employee.user")  # overridden by the tests that care
    status = CaseStatus.REPORTED


def open_case(hr, employee, **kwargs) -> Case:
    data = services.CaseInput(kind=kwargs.pop("kind", ViolationKind.OTHER), description="Tidak masuk kerja",
                              occurred_from=kwargs.pop("occurred_from", MONDAY),
                              occurred_to=kwargs.pop("occurred_to", MONDAY), reported_on=MONDAY)
    return services.case_open(actor=hr.user, employee=employee, data=data, **kwargs)


def summon(hr, case, *, issued_on=MONDAY, examination_on=date(2026, 3, 5)):
    return services.summons_issue(actor=hr.user, case=case, issued_on=issued_on, examination_on=examination_on,
                                  place="Ruang rapat BKPSDM")


def examine(hr, case, *, held_on=date(2026, 3, 5), examiners=(), expected_level="", signed=True):
    return services.examination_record(actor=hr.user, case=case, data=services.ExaminationInput(
        held_on=held_on, mode=ExaminationMode.IN_PERSON, questions_answers="T: Mengapa? J: Sakit.",
        findings="Tidak masuk tanpa keterangan.", examinee_signed=signed, expected_level=expected_level,
        examiners=tuple(examiners)))


def to_examined(hr, employee) -> Case:
    case = open_case(hr, employee)
    summon(hr, case)
    examine(hr, case)
    case.refresh_from_db()
    return case


def to_decided(hr, official, employee, sanction=Sanction.TEGURAN_TERTULIS, on=date(2026, 3, 9)) -> Case:
    case = to_examined(hr, employee)
    return services.case_decide(actor=official.user, case=case, sanction=sanction, reason="Terbukti.", decided_on=on)
