"""Realisation per indicator and period (rules.md §1.6: "realisasi berdasarkan bukti dukung"; §1.8 item 2)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.errors import PerformanceError
from pamong.performance.models import Realisation

from .builders import indicator_of, plan, rate, report

pytestmark = pytest.mark.django_db


def test_the_owner_reports_a_realisation_against_the_agreed_skp(world, plans):
    # given the employee's agreed SKP
    _head, _supervisor, skp = plans

    # when the employee reports January
    realisation = report(world.employee, skp, value="10", note="Rekap Januari")

    # then it is stored and audited
    realisation.refresh_from_db()
    assert (realisation.period, realisation.value, realisation.note) == ("2026-01", 10, "Rekap Januari")
    assert realisation.reported_by == world.employee.user
    assert realisation.source == "manual"
    event = AuditEvent.objects.for_target(realisation).get(action=PerformanceAudit.REALISATION_REPORTED)
    assert event.changes == {"indicator": [None, indicator_of(skp).name], "period": [None, "2026-01"],
                             "value": [None, "10.00"]}


def test_a_correction_updates_the_same_row_and_is_audited_before_to_after(world, plans):
    skp = plans[2]
    first = report(world.employee, skp, value="10")
    corrected = report(world.employee, skp, value="11.5")
    assert corrected.pk == first.pk
    assert Realisation.objects.count() == 1
    corrected.refresh_from_db()
    assert corrected.value == 11.5
    changes = [e.changes["value"] for e in AuditEvent.objects.for_target(first).order_by("pk")]
    assert changes == [[None, "10.00"], ["10.00", "11.50"]]


@pytest.mark.parametrize("persona", ["supervisor", "unit_head", "peer", "hr_admin", "other_pemda_admin"])
def test_only_the_owner_reports_realisations(world, plans, persona):
    with pytest.raises(PermissionDenied):
        report(getattr(world, persona), plans[2])
    assert not Realisation.objects.exists()


def test_realisations_are_reported_only_against_an_agreed_skp(world):
    skp = plan(world.employee)  # a draft
    with pytest.raises(PerformanceError) as refused:
        report(world.employee, skp)
    assert (refused.value.code, refused.value.http_status) == (errors.NOT_APPROVED, 409)


@pytest.mark.parametrize("period", ["2025-12", "2027-01", "2026-1", "2026-13", "Januari"])
def test_a_period_outside_the_skp_year_or_not_a_period_is_refused(world, plans, period):
    with pytest.raises(PerformanceError) as refused:
        report(world.employee, plans[2], period=period)
    assert refused.value.code == errors.INVALID_PERIOD
    assert not Realisation.objects.exists()


@pytest.mark.parametrize("value", ["sepuluh", "", "1e15", "inf"])
def test_a_realisation_must_be_a_number(world, plans, value):
    with pytest.raises(PerformanceError) as refused:
        report(world.employee, plans[2], value=value)
    assert refused.value.code == "performance.invalid_number"
    assert "value" in refused.value.field_errors


def test_a_rated_period_can_no_longer_change(world, plans):
    # given January reported and rated
    skp = plans[2]
    report(world.employee, skp, value="10")
    rate(world, skp)

    # when the employee corrects January, then it is refused and the value stands
    with pytest.raises(PerformanceError) as refused:
        report(world.employee, skp, value="12")
    assert (refused.value.code, refused.value.http_status) == (errors.ALREADY_RATED, 409)
    assert Realisation.objects.get().value == 10

    # but February is still open
    report(world.employee, skp, value="4", period="2026-02")


def test_the_annual_rating_closes_every_period_of_the_year(world, plans):
    skp = plans[2]
    rate(world, skp, period="2026", today=date(2027, 1, 10))
    with pytest.raises(PerformanceError) as refused:
        report(world.employee, skp, period="2026-11")
    assert refused.value.code == errors.ALREADY_RATED


def test_the_skp_owner_cannot_report_on_a_superseded_version(world, plans):
    skp = plans[2]
    services.skp_revise(actor=world.employee.user, skp=skp, reason="Pindah tugas")
    skp.refresh_from_db()
    with pytest.raises(PerformanceError) as refused:
        report(world.employee, skp)
    assert refused.value.code == errors.NOT_APPROVED
