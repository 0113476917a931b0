"""The distribution (SE MenPANRB 3/2023): organisation ratings and the calibration of individual ratings."""


from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from pamong.approvals.services import notice_language, notify_user, person_name
from pamong.audit.services import audit_record
from pamong.people.models import OrgUnit

from .. import errors, rules
from ..audit import PerformanceAudit
from ..choices import OrganisationRating, Predikat
from ..errors import PerformanceError
from ..models import Calibration, Evaluation, OrganisationRatingRecord
from ..permissions import can_calibrate, can_set_organisation_rating
from ..wording import period_text
from ._common import _field_error, _url
from .evaluations import _organisation_work_result_kept, _ratings_valid, _rerate


@transaction.atomic
def organisation_rating_set(*, actor, unit: OrgUnit, period: str, rating: str, reason: str = "") -> OrganisationRatingRecord:
    """Set (or correct, audited before → after) a unit's capaian kinerja organisasi for a period.

    SE MenPANRB 3/2023 step 1: by the head one level up, or the agency's
    authorised official. A correction re-derives the unit head's rating for
    that period, whose work result follows the organisation rating.
    """
    if not can_set_organisation_rating(actor, unit):
        raise PermissionDenied
    if not rules.is_valid_period(period):
        raise _field_error("period", _("Unknown period."), errors.INVALID_PERIOD)
    if rating not in OrganisationRating.values:
        raise _field_error("rating", _("Choose istimewa, baik, butuh perbaikan, kurang or sangat kurang."),
                           "performance.invalid_rating")
    reason = (reason or "").strip()
    record = OrganisationRatingRecord.objects.select_for_update().filter(org_unit=unit, period=period).first()
    before = record.rating if record else None
    if record is None:
        try:
            with transaction.atomic():
                record = OrganisationRatingRecord.objects.create(pemda_id=unit.pemda_id, org_unit=unit, period=period,
                                                                 rating=rating, reason=reason, set_by=actor)
        except IntegrityError:
            raise PerformanceError(_("This unit was rated for %(period)s a moment ago; reload to correct it.")
                                   % {"period": period}, code="performance.organisation_rating_exists",
                                   http_status=409) from None
    else:
        record.rating, record.reason, record.set_by = rating, reason, actor
        record.save(update_fields=["rating", "reason", "set_by", "updated_at"])
    audit_record(actor=actor, action=PerformanceAudit.ORGANISATION_RATED, target=record, pemda_id=unit.pemda_id,
                 changes={"unit": [None, unit.name], "period": [None, period], "rating": [before, rating],
                          "reason": [None, reason]})
    if before is not None and before != rating:
        _rederive_unit_heads(actor, record)
    return record


def _rederive_unit_heads(actor, record: OrganisationRatingRecord) -> None:
    work_result = rules.UNIT_HEAD_WORK_RESULT[OrganisationRating(record.rating)]
    evaluations = Evaluation.objects.select_for_update().filter(
        org_unit_id=record.org_unit_id, period=record.period, work_result_from_organisation=True)
    for evaluation in evaluations:
        if evaluation.work_result == work_result:
            continue
        before = _rerate(evaluation, work_result, evaluation.behaviour)
        audit_record(actor=actor, action=PerformanceAudit.EVALUATION_REDERIVED, target=evaluation,
                     pemda_id=evaluation.pemda_id,
                     changes={"work_result": [before[0], work_result], "predikat": [before[2], evaluation.predikat],
                              "organisation_rating": [None, record.rating]})


@transaction.atomic
def evaluation_calibrate(*, actor, evaluation: Evaluation, work_result: str, behaviour: str,
                         reason: str) -> Calibration:
    """Calibrate a rating against the distribution, with a recorded reason; never silent."""
    if not can_calibrate(actor, evaluation):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason", _("Give the reason for the calibration."), errors.REASON_REQUIRED)
    _ratings_valid(work_result, behaviour)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    _organisation_work_result_kept(evaluation, work_result)
    if (evaluation.work_result, evaluation.behaviour) == (work_result, behaviour):
        raise _field_error("behaviour", _("The calibration changes nothing: choose different ratings."),
                           errors.CALIBRATION_UNCHANGED)
    old = _rerate(evaluation, work_result, behaviour)
    calibration = Calibration.objects.create(
        evaluation=evaluation, old_work_result=old[0], old_behaviour=old[1], old_predikat=old[2],
        new_work_result=work_result, new_behaviour=behaviour, new_predikat=evaluation.predikat, reason=reason,
        calibrated_by=actor)
    audit_record(actor=actor, action=PerformanceAudit.CALIBRATED, target=evaluation, pemda_id=evaluation.pemda_id,
                 changes={"predikat": [old[2], evaluation.predikat], "ratings": [list(old[:2]), [work_result, behaviour]],
                          "reason": [None, reason]})
    with notice_language():
        text = _("%(name)s calibrated your rating for %(period)s from %(old)s to %(new)s: %(reason)s.") % {
            "name": person_name(actor), "period": period_text(evaluation.period), "old": Predikat(old[2]).label,
            "new": Predikat(evaluation.predikat).label, "reason": reason.rstrip(". ")}
    notify_user(user=evaluation.employee.user, kind="performance.calibrated", pemda_id=evaluation.pemda_id,
                text=text, url=_url("performance:evaluation-detail", evaluation.public_id))
    return calibration
