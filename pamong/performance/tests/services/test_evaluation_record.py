"""Rating a period: the two official scales, the predikat derived from the matrix (rules.md §1.4, never typed),
the evaluation window (§1.6), the appraiser only and never oneself (reliability-security.md §2.2), and the unit
head's work result following the organisation rating (SE MenPANRB 3/2023)."""

import inspect
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.errors import PerformanceError
from pamong.performance.models import Evaluation, PerformanceSettings

from ..test_rules import MATRIX_TABLE
from .builders import plan, rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("work_result", "behaviour", "expected"), MATRIX_TABLE)
def test_the_predikat_is_derived_from_the_matrix_for_each_cell_permenpanrb_6_2022(world, plans, work_result,
                                                                                  behaviour, expected):
    # when the supervisor rates January on the two scales
    evaluation = rate(world, plans[2], work_result=work_result, behaviour=behaviour)

    # then the stored predikat is the matrix cell
    evaluation.refresh_from_db()
    assert (evaluation.work_result, evaluation.behaviour, evaluation.predikat) == (work_result, behaviour, expected)
    assert evaluation.evaluator_id == world.supervisor.pk
    assert evaluation.org_unit_id == world.division.pk
    assert evaluation.rated_on == date(2026, 2, 2)
    assert evaluation.work_result_from_organisation is False


def test_the_rating_is_audited_and_the_employee_is_told_of_the_objection_window(world, plans):
    evaluation = rate(world, plans[2], work_result="above", behaviour="above")
    event = AuditEvent.objects.for_target(evaluation).get(action=PerformanceAudit.EVALUATION_RECORDED)
    assert event.changes == {"period": [None, "2026-01"], "work_result": [None, "above"],
                             "behaviour": [None, "above"], "predikat": [None, "sangat_baik"],
                             "work_result_from_organisation": [None, False]}
    assert Notification.objects.filter(recipient=world.employee.user, kind="performance.rated").exists()


def test_a_client_cannot_pass_a_predikat_the_service_takes_none():
    assert "predikat" not in inspect.signature(services.evaluation_record).parameters
    with pytest.raises(TypeError):
        services.evaluation_record(actor=None, skp=None, period="2026-01", work_result="meets", behaviour="meets",
                                   predikat="sangat_baik")


@pytest.mark.parametrize(("field", "value"), [("work_result", "excellent"), ("behaviour", ""), ("behaviour", None)])
def test_a_rating_off_the_three_level_scale_is_refused(world, plans, field, value):
    ratings = {"work_result": "meets", "behaviour": "meets", field: value}
    with pytest.raises(PerformanceError) as refused:
        rate(world, plans[2], **ratings)
    assert refused.value.code == "performance.invalid_rating"
    assert field in refused.value.field_errors
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize("today", [date(2026, 1, 31), date(2026, 2, 14)])
def test_a_period_is_rated_from_its_last_day_to_the_close_of_the_window(world, plans, today):
    assert rate(world, plans[2], today=today).rated_on == today


def test_after_the_window_closed_the_rating_is_refused_with_the_closing_date(world, plans):
    # when the supervisor rates January on 15 February (the default window closed on the 14th)
    with pytest.raises(PerformanceError) as refused:
        rate(world, plans[2], today=date(2026, 2, 15))

    # then it is refused with a message naming the period and the closing date, and nothing is written
    assert refused.value.code == errors.WINDOW_CLOSED
    assert "2026-01" in refused.value.message
    assert "2026-02-14" in refused.value.message
    assert refused.value.field_errors["period"] == [refused.value.message]
    assert not Evaluation.objects.exists()


def test_a_period_is_not_rated_before_its_last_day(world, plans):
    with pytest.raises(PerformanceError) as refused:
        rate(world, plans[2], today=date(2026, 1, 30))
    assert refused.value.code == errors.EVALUATION_NOT_OPEN
    assert "2026-01-31" in refused.value.message
    assert not Evaluation.objects.exists()


def test_the_agencys_own_window_applies(world, plans):
    PerformanceSettings.objects.create(pemda=world.pemda, evaluation_window_days=7)
    with pytest.raises(PerformanceError) as refused:
        rate(world, plans[2], today=date(2026, 2, 8))
    assert "2026-02-07" in refused.value.message


def test_the_annual_rating_closes_on_31_january_of_the_next_year(world, plans):
    assert rate(world, plans[2], period="2026", today=date(2027, 1, 31)).period == "2026"


def test_the_annual_rating_is_refused_after_31_january(world, plans):
    with pytest.raises(PerformanceError) as refused:
        rate(world, plans[2], period="2026", today=date(2027, 2, 1))
    assert refused.value.code == errors.WINDOW_CLOSED


def test_only_the_agencys_period_kind_and_the_year_are_rated(world, plans):
    """PermenPANRB 6/2022: the periodic evaluation is monthly, quarterly or half-yearly, as the agency chose."""
    PerformanceSettings.objects.create(pemda=world.pemda, period_kind="quarterly")
    with pytest.raises(PerformanceError) as refused:
        rate(world, plans[2], period="2026-01")
    assert refused.value.code == errors.INVALID_PERIOD
    assert rate(world, plans[2], period="2026-Q1", today=date(2026, 4, 1)).period == "2026-Q1"


def test_a_period_of_another_year_is_refused(world, plans):
    with pytest.raises(PerformanceError) as refused:
        rate(world, plans[2], period="2025-12", today=date(2026, 1, 5))
    assert refused.value.code == errors.INVALID_PERIOD


def test_a_period_is_rated_once(world, plans):
    rate(world, plans[2])
    with pytest.raises(PerformanceError) as refused:
        rate(world, plans[2], work_result="above")
    assert (refused.value.code, refused.value.http_status) == (errors.ALREADY_RATED, 409)
    assert Evaluation.objects.get().work_result == "meets"


def test_only_an_agreed_skp_is_rated(world):
    skp = plan(world.employee)
    with pytest.raises(PerformanceError) as refused:
        rate(world, skp)
    assert refused.value.code == errors.NOT_APPROVED


def test_nobody_rates_themselves(world, plans):
    # the employee on their own SKP, the supervisor on theirs
    with pytest.raises(PermissionDenied):
        rate(world, plans[2], appraiser=world.employee)
    with pytest.raises(PermissionDenied):
        rate(world, plans[1], appraiser=world.supervisor)
    assert not Evaluation.objects.exists()


def test_the_database_refuses_a_self_rating_as_a_backstop(world, plans):
    skp = plans[2]
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(pemda=world.pemda, skp=skp, employee=world.employee, period="2026-01",
                                  work_result="above", behaviour="above", predikat="sangat_baik",
                                  evaluator=world.employee, rated_on=date(2026, 2, 2))


@pytest.mark.parametrize("persona", ["peer", "unit_head", "outsider", "hr_admin", "executive", "other_pemda_admin"])
def test_nobody_outside_the_appraisers_seat_rates(world, plans, persona):
    """The appraiser rates; someone higher up, a colleague, an outsider, HR or another Pemda does not."""
    with pytest.raises(PermissionDenied):
        rate(world, plans[2], appraiser=getattr(world, persona))
    assert not Evaluation.objects.exists()


def test_when_the_appraiser_has_gone_the_new_supervisor_rates(world, plans):
    # given the appraiser left the service (deactivated)
    world.supervisor.is_active = False
    world.supervisor.save(update_fields=["is_active"])
    skp = plans[2]
    skp.refresh_from_db()

    # then the next supervisor up rates, and the former appraiser no longer can
    evaluation = rate(world, skp, appraiser=world.unit_head)
    assert evaluation.evaluator_id == world.unit_head.pk


def test_a_unit_heads_work_result_needs_the_units_organisation_rating_se_3_2023(world, plans):
    # given the supervisor heads Bidang Pembinaan SD, which has no organisation rating for January
    supervisor_skp = plans[1]

    # when the Kepala Dinas rates the supervisor, then it is refused
    with pytest.raises(PerformanceError) as refused:
        rate(world, supervisor_skp, appraiser=world.unit_head)
    assert refused.value.code == errors.ORGANISATION_RATING_MISSING
    assert world.division.name in refused.value.message

    # and the rating of the parent OPD is not the division's own
    services.organisation_rating_set(actor=world.executive.user, unit=world.education, period="2026-01",
                                     rating="istimewa")
    with pytest.raises(PerformanceError) as still:
        rate(world, supervisor_skp, appraiser=world.unit_head)
    assert still.value.code == errors.ORGANISATION_RATING_MISSING
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(("org_rating", "work_result", "predikat"), [
    ("istimewa", "above", "sangat_baik"), ("baik", "meets", "baik"), ("kurang", "below", "butuh_perbaikan"),
])
def test_a_unit_heads_work_result_follows_the_organisation_rating_whatever_is_passed(world, plans, org_rating,
                                                                                    work_result, predikat):
    # given the Kepala Dinas rated the division for January
    services.organisation_rating_set(actor=world.unit_head.user, unit=world.division, period="2026-01",
                                     rating=org_rating)

    # when they rate the division head "below" on work result and "above" on behaviour
    evaluation = rate(world, plans[1], work_result="below", behaviour="above", appraiser=world.unit_head)

    # then the work result is the organisation's, and the predikat follows from it
    assert (evaluation.work_result, evaluation.predikat) == (work_result, predikat)
    assert evaluation.work_result_from_organisation is True
