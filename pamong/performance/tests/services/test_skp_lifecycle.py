"""The SKP from draft to agreement: results cascading from the appraiser's, indicators, behaviour expectations,
submission through the approval engine, the appraiser's agreement or request for changes (rules.md §1.2, §1.6,
§1.8 item 1: draft → submitted → approved; PermenPANRB 6/2022 "RHK atasan yang diintervensi")."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import Notification
from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.choices import CoreValue, PlanStatus
from pamong.performance.errors import PerformanceError
from pamong.performance.models import BehaviourExpectation, Skp, SkpIndicator, SkpResult

from .builders import PLANNED_ON, active_step, approve, plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _january():
    with time_machine.travel(PLANNED_ON, tick=False):
        yield


def _add_indicator(person, result, target="10"):
    return services.skp_indicator_add(actor=person.user, result=result, name="Dokumen tersusun", aspect="quantity",
                                      target_value=target, unit="dokumen")


def test_an_employee_drafts_their_own_skp_with_the_seven_berakhlak_values_and_their_supervisor_as_appraiser(world):
    # when the employee starts the 2026 SKP
    skp = services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)

    # then it is a draft version 1 for the current position, appraised by the atasan langsung
    skp.refresh_from_db()
    assert (skp.status, skp.version, skp.appraiser_id) == (PlanStatus.DRAFT, 1, world.supervisor.pk)
    assert skp.position_id == world.staff_position.pk
    assert skp.org_unit_id == world.division.pk
    assert set(skp.behaviours.values_list("value", flat=True)) == set(CoreValue.values)
    event = AuditEvent.objects.for_target(skp).get(action=PerformanceAudit.PLAN_CREATED)
    assert event.changes == {"year": [None, 2026], "appraiser": [None, world.supervisor.full_name]}


@pytest.mark.parametrize("persona", ["supervisor", "peer", "hr_admin", "other_pemda_admin"])
def test_nobody_drafts_another_employees_skp(world, persona):
    with pytest.raises(PermissionDenied):
        services.skp_create(actor=getattr(world, persona).user, employee=world.employee, year=2026)
    assert not Skp.objects.exists()


def test_a_second_current_skp_for_the_same_year_is_refused(world):
    services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)
    with pytest.raises(PerformanceError) as refused:
        services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)
    assert (refused.value.code, refused.value.http_status) == (errors.PLAN_EXISTS, 409)
    assert Skp.objects.count() == 1


@pytest.mark.parametrize("year", [1999, 2200, "2026"])
def test_an_implausible_year_is_refused(world, year):
    with pytest.raises(PerformanceError) as refused:
        services.skp_create(actor=world.employee.user, employee=world.employee, year=year)
    assert refused.value.code == "performance.invalid_year"


def test_a_ja_jf_result_must_name_the_appraisers_result_it_supports_permenpanrb_6_2022(world):
    # given the supervisor (the appraiser) has a work result, and the peer too
    supervisor_skp = plan(world.supervisor, parent=plan(world.unit_head).results.first())
    peer_skp = plan(world.peer, parent=supervisor_skp.results.first())
    skp = services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)

    # when the employee adds a result without a parent, then it is refused
    with pytest.raises(PerformanceError) as missing:
        services.skp_result_add(actor=world.employee.user, skp=skp, text="Data pokok pendidikan mutakhir")
    assert missing.value.code == errors.PARENT_REQUIRED
    assert "parent" in missing.value.field_errors

    # and a result of someone who is not the appraiser is no valid parent
    with pytest.raises(PerformanceError) as invalid:
        services.skp_result_add(actor=world.employee.user, skp=skp, text="Data pokok pendidikan mutakhir",
                                parent=peer_skp.results.first())
    assert invalid.value.code == errors.INVALID_PARENT
    assert not skp.results.exists()

    # but the appraiser's result is
    result = services.skp_result_add(actor=world.employee.user, skp=skp, text="Data pokok pendidikan mutakhir",
                                     parent=supervisor_skp.results.first())
    assert result.parent_id == supervisor_skp.results.first().pk
    assert AuditEvent.objects.for_target(skp).get(action=PerformanceAudit.PLAN_CHANGED).changes == {
        "result_added": [None, "Data pokok pendidikan mutakhir"]}


def test_a_parent_result_of_another_year_is_refused(world):
    supervisor_2025 = plan(world.supervisor, year=2025)
    skp = services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)
    with pytest.raises(PerformanceError) as refused:
        services.skp_result_add(actor=world.employee.user, skp=skp, text="Data",
                                parent=supervisor_2025.results.first())
    assert refused.value.code == errors.INVALID_PARENT


def test_without_results_of_the_appraiser_no_parent_is_required(world):
    skp = services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)
    result = services.skp_result_add(actor=world.employee.user, skp=skp, text="Data pokok pendidikan mutakhir")
    assert result.parent_id is None


def test_a_jpt_result_needs_no_parent_and_carries_a_perspective(world):
    skp = services.skp_create(actor=world.unit_head.user, employee=world.unit_head, year=2026)
    result = services.skp_result_add(actor=world.unit_head.user, skp=skp, text="Angka partisipasi sekolah naik",
                                     perspective="Penerima Layanan")
    assert (result.parent_id, result.perspective) == (None, "Penerima Layanan")


def test_a_result_needs_text_and_a_known_kind(world):
    skp = services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)
    with pytest.raises(PerformanceError) as no_text:
        services.skp_result_add(actor=world.employee.user, skp=skp, text="  ")
    with pytest.raises(PerformanceError) as bad_kind:
        services.skp_result_add(actor=world.employee.user, skp=skp, text="Data", kind="sampingan")
    assert (no_text.value.code, bad_kind.value.code) == ("performance.text_required", "performance.invalid_kind")
    assert not skp.results.exists()


def test_only_the_owner_adds_results_and_indicators(world):
    skp = services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)
    result = services.skp_result_add(actor=world.employee.user, skp=skp, text="Data")
    for persona in (world.supervisor, world.peer, world.hr_admin):
        with pytest.raises(PermissionDenied):
            services.skp_result_add(actor=persona.user, skp=skp, text="Data lain")
        with pytest.raises(PermissionDenied):
            _add_indicator(persona, result)
    assert skp.results.count() == 1
    assert not SkpIndicator.objects.exists()


@pytest.mark.parametrize(("field", "value", "code"), [
    ("aspect", "beauty", "performance.invalid_aspect"),
    ("direction", "sideways", "performance.invalid_direction"),
    ("target_value", "banyak", "performance.invalid_number"),
    ("target_value", "-1", "performance.invalid_number"),
    ("target_value", "NaN", "performance.invalid_number"),
])
def test_an_indicator_needs_a_known_aspect_and_direction_and_a_non_negative_target(world, field, value, code):
    skp = services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)
    result = services.skp_result_add(actor=world.employee.user, skp=skp, text="Data")
    values = {"name": "Dokumen", "aspect": "quantity", "target_value": "10", "unit": "dokumen", field: value}
    with pytest.raises(PerformanceError) as refused:
        services.skp_indicator_add(actor=world.employee.user, result=result, **values)
    assert refused.value.code == code
    assert field in refused.value.field_errors
    assert not SkpIndicator.objects.exists()


def test_submitting_needs_at_least_one_measurable_indicator(world):
    # given a draft with a result but no indicator
    skp = services.skp_create(actor=world.employee.user, employee=world.employee, year=2026)
    services.skp_result_add(actor=world.employee.user, skp=skp, text="Data")

    # when it is submitted, then it is refused and stays a draft with no approval process
    with pytest.raises(PerformanceError) as refused:
        services.skp_submit(actor=world.employee.user, skp=skp)
    assert refused.value.code == errors.PLAN_INCOMPLETE
    skp.refresh_from_db()
    assert (skp.status, skp.process_id) == (PlanStatus.DRAFT, None)


def test_submitting_starts_one_binding_step_for_the_appraiser(world):
    # given a complete draft
    skp = plan(world.employee)

    # when the employee submits it
    services.skp_submit(actor=world.employee.user, skp=skp)

    # then it is submitted and awaits the supervisor, who is notified
    skp.refresh_from_db()
    assert skp.status == PlanStatus.SUBMITTED
    assert skp.submitted_at is not None
    steps = list(skp.process.steps.all())
    assert [(s.approver_id, s.is_binding, s.state) for s in steps] == [(world.supervisor.pk, True, "active")]
    assert AuditEvent.objects.for_target(skp).get(action=PerformanceAudit.PLAN_SUBMITTED).changes == {
        "status": [PlanStatus.DRAFT, PlanStatus.SUBMITTED]}
    assert Notification.objects.filter(recipient=world.supervisor.user, kind="approvals.awaiting").exists()


def test_a_submitted_skp_cannot_be_submitted_again_or_changed(world):
    skp = plan(world.employee)
    services.skp_submit(actor=world.employee.user, skp=skp)
    with pytest.raises(PerformanceError) as again:
        services.skp_submit(actor=world.employee.user, skp=skp)
    with pytest.raises(PerformanceError) as change:
        services.skp_result_add(actor=world.employee.user, skp=skp, text="Tambahan")
    assert (again.value.code, change.value.code) == (errors.PLAN_LOCKED, errors.PLAN_LOCKED)


def test_the_supervisors_agreement_locks_the_skp(world):
    # given a submitted SKP
    skp = plan(world.employee)
    services.skp_submit(actor=world.employee.user, skp=skp)

    # when the supervisor agrees on the approval step
    result = approve(skp, world.supervisor, reason="Sesuai")

    # then the process ends approved and the SKP is agreed (locked)
    assert result.finished is True
    skp.refresh_from_db()
    assert (skp.status, skp.process.status) == (PlanStatus.APPROVED, "approved")
    assert skp.approved_at is not None
    assert skp.supervisor_comment == "Sesuai"
    assert AuditEvent.objects.for_target(skp).get(action=PerformanceAudit.PLAN_DECIDED).changes == {
        "status": [PlanStatus.SUBMITTED, PlanStatus.APPROVED], "comment": [None, "Sesuai"]}
    assert Notification.objects.filter(recipient=world.employee.user, kind="performance.plan").exists()

    # and adding a result or an indicator is refused: performance.plan_locked
    with pytest.raises(PerformanceError) as locked:
        services.skp_result_add(actor=world.employee.user, skp=skp, text="Tambahan")
    assert (locked.value.code, locked.value.http_status) == (errors.PLAN_LOCKED, 409)
    with pytest.raises(PerformanceError) as locked_indicator:
        _add_indicator(world.employee, skp.results.first())
    assert locked_indicator.value.code == errors.PLAN_LOCKED
    assert skp.results.count() == 1
    assert SkpIndicator.objects.count() == 1


@pytest.mark.parametrize("outcome", ["change", "reject"])
def test_asking_for_changes_returns_the_skp_and_a_resubmission_starts_a_second_process(world, outcome):
    # given a submitted SKP
    skp = plan(world.employee)
    services.skp_submit(actor=world.employee.user, skp=skp)
    first_process = skp.process

    # when the supervisor asks for changes, with a comment
    approve(skp, world.supervisor, outcome=outcome, reason="Tambahkan indikator kualitas")

    # then the SKP is back with the employee, editable, carrying the comment
    skp.refresh_from_db()
    assert skp.status == PlanStatus.CHANGES_REQUESTED
    assert skp.supervisor_comment == "Tambahkan indikator kualitas"
    services.skp_indicator_add(actor=world.employee.user, result=skp.results.first(), name="Akurasi data",
                               aspect="quality", target_value="95", unit="%")

    # and the resubmission starts a new approval process, which the supervisor agrees
    services.skp_submit(actor=world.employee.user, skp=skp)
    skp.refresh_from_db()
    assert skp.status == PlanStatus.SUBMITTED
    assert skp.process_id != first_process.pk
    first_process.refresh_from_db()
    assert first_process.status != "pending"
    approve(skp, world.supervisor)
    skp.refresh_from_db()
    assert skp.status == PlanStatus.APPROVED
    assert SkpIndicator.objects.filter(result__skp=skp).count() == 2


def test_asking_for_changes_needs_a_comment(world):
    skp = plan(world.employee)
    services.skp_submit(actor=world.employee.user, skp=skp)
    with pytest.raises(ApprovalError) as refused:
        approve(skp, world.supervisor, outcome="change", reason="")
    assert refused.value.code == "approvals.reason_required"
    skp.refresh_from_db()
    assert skp.status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["employee", "peer", "unit_head", "hr_admin", "outsider"])
def test_only_the_appraiser_answers_the_approval_step(world, persona):
    skp = plan(world.employee)
    services.skp_submit(actor=world.employee.user, skp=skp)
    with pytest.raises(PermissionDenied):
        step_act(actor=getattr(world, persona).user, step=active_step(skp), outcome="approve")
    skp.refresh_from_db()
    assert skp.status == PlanStatus.SUBMITTED


def test_a_second_answer_on_the_same_step_is_refused_with_409(world):
    skp = plan(world.employee)
    services.skp_submit(actor=world.employee.user, skp=skp)
    step = active_step(skp)
    step_act(actor=world.supervisor.user, step=step, outcome="approve")
    with pytest.raises(ApprovalError) as again:
        step_act(actor=world.supervisor.user, step=step, outcome="change", reason="Ralat")
    assert (again.value.code, again.value.http_status) == ("approvals.step_not_active", 409)
    skp.refresh_from_db()
    assert skp.status == PlanStatus.APPROVED


def test_the_appraiser_sets_behaviour_expectations_while_reviewing_the_draft(world):
    # given a submitted SKP
    skp = plan(world.employee)
    services.skp_submit(actor=world.employee.user, skp=skp)

    # when the supervisor sets the specific expectation for Akuntabel
    services.skp_expectation_set(actor=world.supervisor.user, skp=skp, value=CoreValue.ACCOUNTABLE,
                                 expectation="Laporan tepat waktu")

    # then it is recorded and audited before → after
    row = BehaviourExpectation.objects.get(skp=skp, value=CoreValue.ACCOUNTABLE)
    assert row.expectation == "Laporan tepat waktu"
    event = AuditEvent.objects.for_target(skp).filter(action=PerformanceAudit.PLAN_CHANGED).latest("pk")
    assert event.changes == {"expectation.akuntabel": ["", "Laporan tepat waktu"]}

    # and once agreed, the expectations are locked too
    approve(skp, world.supervisor)
    skp.refresh_from_db()
    with pytest.raises(PerformanceError) as locked:
        services.skp_expectation_set(actor=world.supervisor.user, skp=skp, value=CoreValue.LOYAL, expectation="x")
    assert locked.value.code == errors.PLAN_LOCKED


@pytest.mark.parametrize("persona", ["employee", "peer", "outsider", "other_pemda_admin"])
def test_behaviour_expectations_are_set_by_the_line_only(world, persona):
    skp = plan(world.employee)
    with pytest.raises(PermissionDenied):
        services.skp_expectation_set(actor=getattr(world, persona).user, skp=skp, value=CoreValue.LOYAL,
                                     expectation="Menjaga rahasia jabatan")
    assert not BehaviourExpectation.objects.filter(skp=skp).exclude(expectation="").exists()


def test_an_unknown_behaviour_value_is_refused(world):
    skp = plan(world.employee)
    with pytest.raises(PerformanceError) as refused:
        services.skp_expectation_set(actor=world.supervisor.user, skp=skp, value="jujur", expectation="x")
    assert refused.value.code == "performance.invalid_value"


def test_the_skp_of_the_agency_head_without_a_supervisor_cannot_be_submitted(world):
    """PermenPANRB 8/2021: a JPT's SKP is set by the Kepala Daerah, who is not in the hierarchy; nothing is started."""
    skp = plan(world.unit_head)
    with pytest.raises(ApprovalError) as refused:
        services.skp_submit(actor=world.unit_head.user, skp=skp)
    assert refused.value.code == "approvals.no_approver"
    skp.refresh_from_db()
    assert (skp.status, skp.process_id) == (PlanStatus.DRAFT, None)
    assert SkpResult.objects.filter(skp=skp).count() == 1
