"""Rating a period: the two official scales, the predikat derived from the matrix."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pamong.approvals.services import notice_language, notify_user, person_name
from pamong.audit.services import audit_record
from pamong.core.dateranges import day_text
from pamong.people.selectors import actor_employee

from .. import errors, rules
from ..audit import PerformanceAudit
from ..choices import OrganisationRating, PeriodKind, PlanStatus, Rating
from ..errors import PerformanceError
from ..models import Evaluation, Skp
from ..permissions import can_rate
from ..selectors import organisation_rating, settings_for
from ..wording import period_text
from ._common import _field_error, _period_in_year, _url


@transaction.atomic
def evaluation_record(*, actor, skp: Skp, period: str, work_result: str, behaviour: str, note: str = "",
                      today: date | None = None) -> Evaluation:
    """Rate a period on the two official scales; the predikat is derived from the matrix.

    A unit head's work-result rating is their unit's organisation rating
    (SE 3/2023). Raises PermissionDenied outside the line or for oneself;
    PerformanceError when the window is closed, the period is already rated,
    or a unit head's unit has no organisation rating yet.
    """
    if not can_rate(actor, skp):
        raise PermissionDenied
    today = today or timezone.localdate()
    if skp.status not in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED):
        raise PerformanceError(_("Only an agreed SKP can be rated."), code=errors.NOT_APPROVED, http_status=409)
    _period_in_year(period, skp.year)
    _ratings_valid(work_result, behaviour)
    agency = settings_for(skp.pemda_id)
    if period_kind(period) not in ("annual", agency.period_kind):
        raise _field_error("period", _("Your agency rates %(kind)s periods and the year (PermenPANRB 6/2022: the "
                                       "periodic evaluation follows the agency's needs).")
                           % {"kind": PeriodKind(agency.period_kind).label.lower()}, errors.INVALID_PERIOD)
    opens, closes = rules.evaluation_window(period, agency.evaluation_window_days)
    if today < opens:
        raise _field_error("period", _("%(period)s can be rated from %(date)s, its last day (PermenPANRB 6/2022).")
                           % {"period": period, "date": opens.isoformat()}, errors.EVALUATION_NOT_OPEN)
    if today > closes:
        raise _field_error("period", str(rules.WINDOW_CLOSED_MESSAGE) % {"period": period, "date": closes.isoformat()},
                           errors.WINDOW_CLOSED)
    employee = skp.employee
    from_organisation = False
    position = employee.current_position
    if position is not None and position.is_unit_head and employee.current_unit is not None:
        record = organisation_rating(employee.current_unit, period)
        if record is None or record.org_unit_id != employee.current_unit_id:
            raise PerformanceError(
                _("%(unit)s has no organisation rating for %(period)s yet: a unit head's work result follows it "
                  "(SE MenPANRB 3/2023).") % {"unit": employee.current_unit.name, "period": period},
                code=errors.ORGANISATION_RATING_MISSING)
        work_result = rules.UNIT_HEAD_WORK_RESULT[OrganisationRating(record.rating)]
        from_organisation = True
    predikat = rules.predikat_for(work_result, behaviour)
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                pemda_id=skp.pemda_id, skp=skp, employee=employee, org_unit=employee.current_unit, period=period,
                work_result=work_result, behaviour=behaviour, predikat=predikat,
                work_result_from_organisation=from_organisation, evaluator=actor_employee(actor), rated_on=today,
                note=(note or "").strip())
    except IntegrityError:
        raise PerformanceError(_("%(period)s is already rated.") % {"period": period}, code=errors.ALREADY_RATED,
                               http_status=409) from None
    audit_record(actor=actor, action=PerformanceAudit.EVALUATION_RECORDED, target=evaluation, pemda_id=skp.pemda_id,
                 changes={"period": [None, period], "work_result": [None, work_result], "behaviour": [None, behaviour],
                          "predikat": [None, predikat], "work_result_from_organisation": [None, from_organisation]})
    with notice_language():
        text = _("%(name)s rated your performance for %(period)s: %(predikat)s. You may object until %(date)s.") % {
            "name": person_name(actor), "period": period_text(period), "predikat": evaluation.get_predikat_display(),
            "date": day_text(rules.objection_deadline(today, agency.objection_window_days))}
    notify_user(user=employee.user, kind="performance.rated", pemda_id=skp.pemda_id, text=text,
                url=_url("performance:evaluation-detail", evaluation.public_id))
    return evaluation


def period_kind(code: str) -> str:
    """"annual", or the PeriodKind of a period code."""
    if len(code) == 4:
        return "annual"
    part = code[5:6]
    return {"Q": PeriodKind.QUARTERLY, "S": PeriodKind.SEMESTER}.get(part, PeriodKind.MONTHLY)


def _ratings_valid(work_result: str, behaviour: str) -> None:
    for name, rating in (("work_result", work_result), ("behaviour", behaviour)):
        if rating not in Rating.values:
            raise _field_error(name, _("Choose above, meets or below expectations."), "performance.invalid_rating")


def _organisation_work_result_kept(evaluation: Evaluation, work_result: str) -> None:
    """A unit head's work result is the unit's organisation rating (SE MenPANRB 3/2023): not re-rated by hand."""
    if evaluation.work_result_from_organisation and work_result != evaluation.work_result:
        raise _field_error("work_result", _("A unit head's work result follows the unit's organisation rating "
                                            "(SE MenPANRB 3/2023); correct the organisation rating instead."),
                           errors.ORGANISATION_WORK_RESULT)


def _rerate(evaluation: Evaluation, work_result: str, behaviour: str) -> tuple[str, str, str]:
    before = (evaluation.work_result, evaluation.behaviour, evaluation.predikat)
    evaluation.work_result, evaluation.behaviour = work_result, behaviour
    evaluation.predikat = rules.predikat_for(work_result, behaviour)
    evaluation.save(update_fields=["work_result", "behaviour", "predikat", "updated_at"])
    return before
