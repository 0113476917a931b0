"""Rows the award tests build: ratings with evidence (performance rows, written directly: the rating rules are
performance's own and tested there) and awards through the service."""

from datetime import date
from decimal import Decimal

from pamong.development.services.awards import AwardInput, award_record
from pamong.people.models import Employee
from pamong.performance.choices import EvidenceKind, PlanStatus, Predikat, Rating
from pamong.performance.models import Evaluation, Evidence, Realisation, Skp, SkpIndicator, SkpResult

TODAY = date(2026, 6, 15)
NOW = "2026-06-15 09:00+08:00"


def rate(employee, *, period: str = "2026-05", predikat: str = Predikat.SANGAT_BAIK, evidence: int = 0,
         evaluator=None, evidence_period: str | None = None) -> Evaluation:
    """*employee* rated *predikat* in *period*, with *evidence* pieces of evidence reported within it."""
    year = int(period[:4])
    skp = Skp.objects.filter(employee=employee, year=year).first() or Skp.objects.create(
        pemda=employee.pemda, employee=employee, year=year, org_unit=employee.current_unit,
        position=employee.current_position, status=PlanStatus.APPROVED)
    if evidence:
        result = SkpResult.objects.create(skp=skp, text="Data pokok pendidikan mutakhir")
        indicator = SkpIndicator.objects.create(result=result, name="Laporan", aspect="quantity",
                                                target_value=Decimal(12), unit="laporan")
        realisation = Realisation.objects.create(indicator=indicator, period=evidence_period or period,
                                                 value=Decimal(1), reported_by=employee.user)
        Evidence.objects.bulk_create(Evidence(realisation=realisation, kind=EvidenceKind.LINK,
                                              url=f"https://example.org/bukti/{n}", uploaded_by=employee.user)
                                     for n in range(evidence))
    above = Rating.ABOVE if predikat == Predikat.SANGAT_BAIK else Rating.MEETS
    if evaluator is None:  # anyone else of the agency (nobody rates themselves: a constraint)
        evaluator = Employee.objects.filter(pemda=employee.pemda).exclude(pk=employee.pk).first()
    return Evaluation.objects.create(
        pemda=employee.pemda, skp=skp, employee=employee, org_unit=employee.current_unit, period=period,
        work_result=above, behaviour=above, predikat=predikat, evaluator=evaluator, rated_on=TODAY)


def award(actor, employee, kind: str, *, on: date = TODAY, **fields):
    return award_record(actor=actor.user, employee=employee, data=AwardInput(kind=kind, awarded_on=on, **fields))
