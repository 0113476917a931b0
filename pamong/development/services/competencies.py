"""Development services: the competency dictionary, job competency standards and assessed levels."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from pamong.audit.services import audit_record
from pamong.people.models import Employee

from .. import rules
from ..audit import DevelopmentAudit
from ..choices import AssessmentSource
from ..errors import INVALID_LEVEL, SELF_ASSESSMENT, DevelopmentError, field_error
from ..models import Competency, CompetencyAssessment, CurrentCompetency, Enrolment
from ..permissions import can_assess, can_manage, is_self


def _refresh_current(employee: Employee, competency: Competency) -> None:
    """Keep CurrentCompetency = the latest assessment (by date, then by entry) of this employee and competency."""
    latest = (CompetencyAssessment.objects.filter(employee=employee, competency=competency)
              .order_by("-assessed_on", "-pk").first())
    if latest is None:
        CurrentCompetency.objects.filter(employee=employee, competency=competency).delete()
        return
    CurrentCompetency.objects.update_or_create(
        employee=employee, competency=competency,
        defaults={"pemda_id": employee.pemda_id, "level": latest.level, "assessment": latest,
                  "assessed_on": latest.assessed_on, "valid_until": latest.valid_until})


@transaction.atomic
def assessment_record(*, actor, employee: Employee, competency: Competency, level: int, source: str,
                      assessed_on: date, valid_until: date | None = None, reference: str = "", note: str = "",
                      enrolment: Enrolment | None = None) -> CompetencyAssessment:
    """Record a dated level (1–5) of one competency of one employee, with its source; never about oneself.

    HR of the agency may record any source; a supervisor up the line records "supervisor" assessments only.
    Training-proven levels (source "training") are recorded by the completion of an activity (HR).
    """
    if is_self(actor, employee):
        raise DevelopmentError(_("Nobody records a level of their own competency."), code=SELF_ASSESSMENT)
    if not can_assess(actor, employee) or competency.pemda_id != employee.pemda_id:
        raise PermissionDenied
    if source not in AssessmentSource.values:
        raise field_error("source", _("Choose the source of the assessment."), "development.invalid_source")
    if source != AssessmentSource.SUPERVISOR and not can_manage(actor, employee.pemda_id):
        raise PermissionDenied
    if not isinstance(level, int) or not rules.LEVEL_MIN <= level <= rules.LEVEL_MAX:
        raise field_error("level", _("A level is a whole number from 1 to 5."), INVALID_LEVEL)
    if valid_until is not None and valid_until < assessed_on:
        raise field_error("valid_until", _("The validity ends before the assessment date."),
                          "development.invalid_date")
    assessment = CompetencyAssessment.objects.create(
        pemda_id=employee.pemda_id, employee=employee, competency=competency, level=level, source=source,
        assessed_on=assessed_on, valid_until=valid_until, reference=(reference or "").strip()[:200],
        note=(note or "").strip(), enrolment=enrolment, recorded_by=actor)
    previous = CurrentCompetency.objects.filter(employee=employee, competency=competency).values_list(
        "level", flat=True).first()
    _refresh_current(employee, competency)
    audit_record(actor=actor, action=DevelopmentAudit.ASSESSMENT_RECORDED, target=employee,
                 pemda_id=employee.pemda_id,
                 changes={"competency": [None, competency.code], "level": [previous, level],
                          "source": [None, source], "assessed_on": [None, assessed_on]})
    return assessment


def register() -> None:
    """Fill the lower contexts' registries (approval flows, task sources…) for this sub-domain."""
