"""Objections (keberatan): by the employee within 14 days, once, decided by the appraiser's own supervisor, whose
decision is final (PP 30/2019 Pasal 59; rules.md §1.6)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.choices import ObjectionStatus
from pamong.performance.errors import PerformanceError
from pamong.performance.models import Objection

from .builders import RATING_DAY, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(world, plans):
    """January rated Kurang (meets / below) by the supervisor on 2 February 2026."""
    return rate(world, plans[2], work_result="meets", behaviour="below")


def _object(world, evaluation, today=date(2026, 2, 10), text="Perilaku saya sesuai ekspektasi; lihat bukti dukung"):
    return services.objection_submit(actor=world.employee.user, evaluation=evaluation, text=text, today=today)


def test_the_employee_objects_within_14_days_and_the_appraisers_supervisor_is_told(world, evaluation):
    # when the employee objects on the 14th day after the rating
    objection = _object(world, evaluation, today=date(2026, 2, 16))

    # then the objection awaits the Kepala Dinas (the appraiser's supervisor), audited
    assert objection.status == ObjectionStatus.PENDING
    event = AuditEvent.objects.for_target(evaluation).get(action=PerformanceAudit.OBJECTION_SUBMITTED)
    assert event.changes == {"objection": [None, "Perilaku saya sesuai ekspektasi; lihat bukti dukung"]}
    assert Notification.objects.filter(recipient=world.unit_head.user, kind="performance.objection").exists()


def test_on_the_15th_day_the_objection_window_is_closed_pp_30_2019_pasal_59(world, evaluation):
    assert evaluation.rated_on == RATING_DAY
    with pytest.raises(PerformanceError) as refused:
        _object(world, evaluation, today=date(2026, 2, 17))
    assert refused.value.code == errors.OBJECTION_WINDOW_CLOSED
    assert "2026-02-16" in refused.value.message
    assert not Objection.objects.exists()


def test_a_rating_is_objected_to_once(world, evaluation):
    _object(world, evaluation)
    with pytest.raises(PerformanceError) as refused:
        _object(world, evaluation, text="Sekali lagi")
    assert (refused.value.code, refused.value.http_status) == (errors.OBJECTION_EXISTS, 409)
    assert Objection.objects.count() == 1


def test_an_objection_gives_its_reasons(world, evaluation):
    with pytest.raises(PerformanceError) as refused:
        _object(world, evaluation, text=" ")
    assert refused.value.code == errors.REASON_REQUIRED


@pytest.mark.parametrize("persona", ["supervisor", "unit_head", "peer", "hr_admin"])
def test_only_the_rated_employee_objects(world, evaluation, persona):
    with pytest.raises(PermissionDenied):
        services.objection_submit(actor=getattr(world, persona).user, evaluation=evaluation, text="Keberatan",
                                  today=date(2026, 2, 10))
    assert not Objection.objects.exists()


def test_an_upheld_objection_re_rates_and_re_derives_the_predikat(world, evaluation):
    # given a pending objection to a Kurang
    objection = _object(world, evaluation)

    # when the Kepala Dinas upholds it with meets / meets
    decided = services.objection_decide(actor=world.unit_head.user, objection=objection, upheld=True,
                                        decision="Bukti dukung menunjukkan perilaku sesuai", work_result="meets",
                                        behaviour="meets")

    # then the objection is upheld, the rating changed and its predikat re-derived: Baik
    assert (decided.status, decided.decided_by_id) == (ObjectionStatus.UPHELD, world.unit_head.pk)
    evaluation.refresh_from_db()
    assert (evaluation.behaviour, evaluation.predikat) == ("meets", "baik")
    event = AuditEvent.objects.for_target(evaluation).get(action=PerformanceAudit.OBJECTION_DECIDED)
    assert event.changes == {"objection": ["pending", "upheld"],
                             "decision": [None, "Bukti dukung menunjukkan perilaku sesuai"],
                             "predikat": ["kurang", "baik"], "ratings": [["meets", "below"], ["meets", "meets"]]}


def test_a_rejected_objection_leaves_the_rating(world, evaluation):
    objection = _object(world, evaluation)
    decided = services.objection_decide(actor=world.unit_head.user, objection=objection, upheld=False,
                                        decision="Penilaian sesuai bukti")
    assert decided.status == ObjectionStatus.REJECTED
    evaluation.refresh_from_db()
    assert evaluation.predikat == "kurang"
    assert AuditEvent.objects.for_target(evaluation).get(action=PerformanceAudit.OBJECTION_DECIDED).changes == {
        "objection": ["pending", "rejected"], "decision": [None, "Penilaian sesuai bukti"]}


@pytest.mark.parametrize("persona", ["supervisor", "employee", "peer", "hr_admin", "executive", "outsider",
                                     "other_pemda_admin"])
def test_only_the_appraisers_supervisor_decides(world, evaluation, persona):
    """Not the appraiser (the supervisor) who rated, not the employee, not HR: the atasan of the pejabat penilai."""
    objection = _object(world, evaluation)
    with pytest.raises(PermissionDenied):
        services.objection_decide(actor=getattr(world, persona).user, objection=objection, upheld=True,
                                  decision="Diterima", work_result="above", behaviour="above")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING


def test_the_decision_is_final(world, evaluation):
    objection = _object(world, evaluation)
    services.objection_decide(actor=world.unit_head.user, objection=objection, upheld=False, decision="Ditolak")
    with pytest.raises(PerformanceError) as refused:
        services.objection_decide(actor=world.unit_head.user, objection=objection, upheld=True, decision="Ralat",
                                  work_result="above", behaviour="above")
    assert (refused.value.code, refused.value.http_status) == (errors.OBJECTION_DECIDED, 409)
    evaluation.refresh_from_db()
    assert evaluation.predikat == "kurang"


def test_a_decision_needs_reasons_and_an_upheld_one_valid_ratings(world, evaluation):
    objection = _object(world, evaluation)
    with pytest.raises(PerformanceError) as no_reason:
        services.objection_decide(actor=world.unit_head.user, objection=objection, upheld=False, decision="")
    with pytest.raises(PerformanceError) as no_rating:
        services.objection_decide(actor=world.unit_head.user, objection=objection, upheld=True, decision="Diterima",
                                  work_result="", behaviour="meets")
    assert (no_reason.value.code, no_rating.value.code) == (errors.REASON_REQUIRED, "performance.invalid_rating")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.PENDING
    assert not AuditEvent.objects.filter(action=PerformanceAudit.OBJECTION_DECIDED).exists()
