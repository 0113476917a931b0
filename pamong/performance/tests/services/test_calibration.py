"""Calibration against the distribution curve (SE MenPANRB 3/2023 steps 2–3): by the authorised official, with a
recorded reason, never silently and never on one's own rating (reliability-security.md §2.2)."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from pamong.accounts.models import User
from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.errors import PerformanceError
from pamong.performance.models import Calibration

from .builders import rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(world, plans):
    """January: above / above → Sangat Baik."""
    return rate(world, plans[2], work_result="above", behaviour="above")


def _calibrate(actor, evaluation, work_result="meets", behaviour="above", reason="Kuota Sangat Baik terlampaui"):
    return services.evaluation_calibrate(actor=actor, evaluation=evaluation, work_result=work_result,
                                         behaviour=behaviour, reason=reason)


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "unit_head"])
def test_the_authorised_official_calibrates_with_a_reason_recorded(world, evaluation, persona):
    # when the official (HR, the executive, or the head of the OPD) calibrates Sangat Baik down to Baik
    actor = getattr(world, persona).user
    calibration = _calibrate(actor, evaluation)

    # then the rating and its derived predikat changed, with a Calibration row old → new
    evaluation.refresh_from_db()
    assert (evaluation.work_result, evaluation.predikat) == ("meets", "baik")
    assert (calibration.old_work_result, calibration.old_behaviour, calibration.old_predikat) == (
        "above", "above", "sangat_baik")
    assert (calibration.new_work_result, calibration.new_behaviour, calibration.new_predikat) == (
        "meets", "above", "baik")
    assert (calibration.reason, calibration.calibrated_by) == ("Kuota Sangat Baik terlampaui", actor)

    # and an audit event with old → new and the reason; the employee is told
    event = AuditEvent.objects.for_target(evaluation).get(action=PerformanceAudit.CALIBRATED)
    assert event.changes == {"predikat": ["sangat_baik", "baik"], "ratings": [["above", "above"], ["meets", "above"]],
                             "reason": [None, "Kuota Sangat Baik terlampaui"]}
    assert Notification.objects.filter(recipient=world.employee.user, kind="performance.calibrated").exists()


def test_a_calibration_needs_a_reason(world, evaluation):
    with pytest.raises(PerformanceError) as refused:
        _calibrate(world.hr_admin.user, evaluation, reason="  ")
    assert refused.value.code == errors.REASON_REQUIRED
    evaluation.refresh_from_db()
    assert evaluation.predikat == "sangat_baik"
    assert not Calibration.objects.exists()


def test_a_calibration_that_changes_nothing_is_refused(world, evaluation):
    with pytest.raises(PerformanceError) as refused:
        _calibrate(world.hr_admin.user, evaluation, work_result="above", behaviour="above")
    assert refused.value.code == errors.CALIBRATION_UNCHANGED
    assert not Calibration.objects.exists()


def test_nobody_calibrates_their_own_rating_even_with_the_right(world, evaluation):
    # given the employee has become an HR administrator (holds calibrate_performance)
    world.employee.user.groups.add(Group.objects.get(name="hr_admin"))
    actor = User.objects.get(pk=world.employee.user.pk)  # fresh permission cache
    assert actor.has_perm("performance.calibrate_performance")

    # when they calibrate their own rating, then it is refused
    with pytest.raises(PermissionDenied):
        _calibrate(actor, evaluation, work_result="above", behaviour="above", reason="Koreksi")
    assert not Calibration.objects.exists()


@pytest.mark.parametrize("persona", ["supervisor", "peer", "auditor", "outsider", "other_pemda_admin"])
def test_nobody_else_calibrates(world, evaluation, persona):
    """The appraiser rates but does not calibrate; the auditor sees; another OPD head or Pemda has no say."""
    with pytest.raises(PermissionDenied):
        _calibrate(getattr(world, persona).user, evaluation)
    evaluation.refresh_from_db()
    assert evaluation.predikat == "sangat_baik"


def test_a_unit_heads_work_result_is_not_calibrated_by_hand_only_the_behaviour(world, plans):
    # given the division head rated on the division's Baik organisation rating: meets / above → Baik
    services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01",
                                     rating="baik")
    evaluation = rate(world, plans[1], behaviour="above", appraiser=world.unit_head)

    # when HR calibrates the work result, then it is refused (SE 3/2023: it follows the organisation)
    with pytest.raises(PerformanceError) as refused:
        _calibrate(world.hr_admin.user, evaluation, work_result="above", behaviour="above")
    assert refused.value.code == errors.ORGANISATION_WORK_RESULT

    # but the behaviour rating can be calibrated
    _calibrate(world.hr_admin.user, evaluation, work_result="meets", behaviour="below")
    evaluation.refresh_from_db()
    assert evaluation.predikat == "kurang"
