"""Versions of an agreed SKP: a change during the year is a new version with a reason; the agreed one is kept
(rules.md §1.6: a new SKP on a job change, PermenPANRB 8/2021 E.6; issue #4 "agreed SKP locked and versioned")."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.choices import CoreValue, PlanStatus
from pamong.performance.errors import PerformanceError
from pamong.performance.models import Evidence, Realisation, Skp
from pamong.performance.selectors import current_skp

from .builders import MINIMAL_PDF, PLANNED_ON, approve, plan, report

pytestmark = pytest.mark.django_db


def test_a_new_version_copies_the_content_and_realisations_and_supersedes_the_agreed_one(world, plans):
    # given the peer's SKP, agreed with an expectation, and a realisation with its evidence
    skp = plan(world.peer, parent=plans[1].results.first())
    with time_machine.travel(PLANNED_ON, tick=False):
        services.skp_submit(actor=world.peer.user, skp=skp)
        services.skp_expectation_set(actor=world.supervisor.user, skp=skp, value=CoreValue.LOYAL,
                                     expectation="Menjaga rahasia jabatan")
        approve(skp, world.supervisor)
    skp.refresh_from_db()
    realisation = report(world.peer, skp, value="10")
    services.evidence_add(actor=world.peer.user, realisation=realisation, kind="file",
                          upload=("rekap.pdf", MINIMAL_PDF))

    # when the peer opens a new version with a reason
    new = services.skp_revise(actor=world.peer.user, skp=skp, reason="Tambahan tugas pendataan PAUD")

    # then the agreed version is superseded and kept, the new one is an editable draft v2 pointing back to it
    skp.refresh_from_db()
    assert skp.status == PlanStatus.SUPERSEDED
    assert (new.version, new.status, new.supersedes_id, new.revision_reason) == (
        2, PlanStatus.DRAFT, skp.pk, "Tambahan tugas pendataan PAUD")
    assert current_skp(world.peer, 2026) == new

    # and the results, indicators, expectations, realisations and evidence were copied
    assert list(new.results.values_list("text", "parent_id")) == list(skp.results.values_list("text", "parent_id"))
    assert new.behaviours.get(value=CoreValue.LOYAL).expectation == "Menjaga rahasia jabatan"
    copied = Realisation.objects.get(indicator__result__skp=new)
    assert (copied.period, copied.value) == ("2026-01", 10)
    assert copied.pk != realisation.pk
    evidence = Evidence.objects.get(realisation=copied)
    assert evidence.file.name == Evidence.objects.get(realisation=realisation).file.name
    assert Realisation.objects.filter(pk=realisation.pk).exists()  # the old version keeps its own

    # and it is audited with the reason
    event = AuditEvent.objects.for_target(new).get(action=PerformanceAudit.PLAN_REVISED)
    assert event.changes == {"version": [1, 2], "reason": [None, "Tambahan tugas pendataan PAUD"]}


def test_the_new_version_is_agreed_like_the_first(world, plans):
    new = services.skp_revise(actor=world.employee.user, skp=plans[2], reason="Mutasi tugas")
    services.skp_result_add(actor=world.employee.user, skp=new, text="Data PAUD mutakhir",
                            parent=plans[1].results.first())
    services.skp_submit(actor=world.employee.user, skp=new)
    approve(new, world.supervisor)
    new.refresh_from_db()
    assert new.status == PlanStatus.APPROVED
    assert new.results.count() == 2


def test_a_new_version_needs_a_reason(world, plans):
    skp = plans[2]
    with pytest.raises(PerformanceError) as refused:
        services.skp_revise(actor=world.employee.user, skp=skp, reason="  ")
    assert refused.value.code == errors.REASON_REQUIRED
    skp.refresh_from_db()
    assert skp.status == PlanStatus.APPROVED
    assert Skp.objects.filter(employee=world.employee).count() == 1


def test_only_an_agreed_skp_gets_a_new_version(world):
    skp = plan(world.employee)
    with pytest.raises(PerformanceError) as refused:
        services.skp_revise(actor=world.employee.user, skp=skp, reason="Ralat")
    assert (refused.value.code, refused.value.http_status) == (errors.NOT_APPROVED, 409)


def test_a_superseded_version_is_not_revised_twice(world, plans):
    skp = plans[2]
    services.skp_revise(actor=world.employee.user, skp=skp, reason="Ralat")
    skp.refresh_from_db()
    with pytest.raises(PerformanceError):
        services.skp_revise(actor=world.employee.user, skp=skp, reason="Ralat lagi")
    assert Skp.objects.filter(employee=world.employee).count() == 2


@pytest.mark.parametrize("persona", ["supervisor", "hr_admin", "peer"])
def test_only_the_owner_opens_a_new_version(world, plans, persona):
    with pytest.raises(PermissionDenied):
        services.skp_revise(actor=getattr(world, persona).user, skp=plans[2], reason="Ralat")


def test_the_database_keeps_one_current_skp_per_year(world, plans):
    """The skp_one_current_per_year constraint is the backstop behind the services' checks."""
    skp = plans[2]
    with pytest.raises(IntegrityError), transaction.atomic():
        Skp.objects.create(pemda=world.pemda, employee=world.employee, year=2026, version=2)
    assert Skp.objects.filter(employee=world.employee, year=2026).exclude(status=PlanStatus.SUPERSEDED).get() == skp
