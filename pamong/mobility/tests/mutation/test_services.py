"""Mutation proposals through the services: the route per kind, the decision (history, decree, development plan),
and the refusals (another agency, oneself, wrong role, the proposer, a closed proposal, a filled post)."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from pamong.approvals.models import ApprovalStep
from pamong.audit.models import AuditEvent
from pamong.letters.models import IssuedLetter
from pamong.mobility.mutation_audit import MutationError
from pamong.mobility.mutation_models import MutationKind, MutationProposal, MutationStatus
from pamong.mobility.selectors.mutation import eligibility
from pamong.mobility.services.mutation import mutation_create, mutation_decide, mutation_submit
from pamong.people.models import PositionHistory
from pamong.people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def propose(actor, employee, extra, **kwargs):
    values = {"kind": MutationKind.INTRA, "position": extra.target, "effective_date": extra.tmt}
    values.update(kwargs)
    return mutation_create(actor=actor.user, employee=employee, **values)


def steps(proposal):
    return list(ApprovalStep.objects.filter(process__target_id=proposal.pk, process__flow="mobility_mutation")
                .order_by("order").values_list("label", "approver__name", "is_binding"))


def decide_all(proposal, *actors, outcome="approve", reason=""):
    for actor in actors:
        proposal = mutation_decide(actor=actor.user, proposal=proposal, outcome=outcome, reason=reason)
    return proposal


def test_route_within_the_agency(world, extra):
    proposal = propose(world.hr_admin, world.employee, extra)
    assert proposal.status == MutationStatus.PENDING
    assert steps(proposal)[:3] == [
        ("kepala perangkat daerah asal", "Andi Rahman", False),
        ("kepala perangkat daerah tujuan", "Yusuf Hamzah", False),
        ("Sekretaris Daerah (Tim Penilai Kinerja)", "Muhammad Idris", False),
    ]
    final = ApprovalStep.objects.get(process__target_id=proposal.pk, is_binding=True)
    # a pooled step: any HR admin of the agency acts, never the subject, never the proposer (refused on acting)
    assert (final.label, final.approver_permission) == ("keputusan PPK (dicatat BKPSDM)", "mobility.manage_mobility")


@pytest.mark.parametrize(("kind", "final"), [
    (MutationKind.INTER_REGIONAL, "Gubernur"), (MutationKind.INTER_PROVINCE, "Mendagri"),
    (MutationKind.CENTRAL, "Kepala BKN")])
def test_route_to_another_agency(world, extra, kind, final):
    proposal = propose(world.hr_admin, world.employee, extra, kind=kind, position=None,
                       destination_agency="Pemerintah Kabupaten Polewali Mandar", destination_position="Analis Data")
    labels = [label for label, _name, _binding in steps(proposal)]
    assert labels[:2] == ["kepala perangkat daerah asal", "Sekretaris Daerah (Tim Penilai Kinerja)"]
    assert final in labels[-1]
    assert proposal.destination_text == "Analis Data — Pemerintah Kabupaten Polewali Mandar"


def _approved_outgoing(world, extra, tmt):
    proposal = propose(world.hr_admin, world.employee, extra, kind=MutationKind.INTER_REGIONAL, position=None,
                       effective_date=tmt, destination_agency="Pemerintah Kabupaten Polewali Mandar",
                       destination_position="Analis Data")
    for _turn in range(6):
        step = ApprovalStep.objects.filter(process__target_id=proposal.pk, process__flow="mobility_mutation",
                                           state="active").select_related("approver").first()
        if step is None:
            break
        actor = extra.hr2.user if step.approver_permission else step.approver.user
        proposal = mutation_decide(actor=actor, proposal=proposal, outcome="approve")
    return proposal


def test_an_outgoing_move_ends_service_on_its_tmt_by_the_nightly_run(world, extra):
    from django.core.management import call_command

    from pamong.mobility.services.mutation import departures_due

    # given an approved move to another regional government from a TMT two weeks away
    proposal = _approved_outgoing(world, extra, extra.tmt)
    assert (proposal.status, proposal.onboarding["departure"]) == (MutationStatus.APPROVED, "on_tmt")
    # the day before the TMT nothing happens
    assert departures_due(today=extra.tmt - timedelta(days=1)).recorded == []
    world.employee.refresh_from_db()
    assert world.employee.is_active
    # on the TMT the nightly run ends the employee's service, as the HR admin who recorded the decision
    call_command("mobility_departures", "--today", extra.tmt.isoformat(), stdout=io.StringIO())
    world.employee.refresh_from_db()
    proposal.refresh_from_db()
    assert (world.employee.is_active, world.employee.end_reason, world.employee.end_date) == (
        False, "transferred_out", extra.tmt)
    assert proposal.onboarding["departure"] == "recorded"
    event = AuditEvent.objects.filter(action="people.employee_deactivated").latest("pk")
    assert event.actor_id == extra.hr2.user_id
    # and a second run changes nothing
    assert departures_due(today=extra.tmt + timedelta(days=1)).recorded == []


def test_a_departure_the_decider_may_no_longer_record_is_left_for_hr(world, extra):
    from pamong.mobility.services.mutation import departures_due

    proposal = _approved_outgoing(world, extra, extra.tmt)
    extra.hr2.user.groups.clear()  # the HR admin who recorded the decision has left the role
    extra.hr2.user.user_permissions.clear()
    result = departures_due(today=extra.tmt)
    assert [item.pk for item, _reason in result.skipped] == [proposal.pk]
    world.employee.refresh_from_db()
    proposal.refresh_from_db()
    assert world.employee.is_active
    assert proposal.onboarding["departure"] == "on_tmt"


def test_unit_head_proposal_skips_their_own_consideration(world, extra):
    proposal = propose(world.unit_head, world.employee, extra)
    assert [name for _l, name, _b in steps(proposal)][:2] == ["Yusuf Hamzah", "Muhammad Idris"]


def test_decision_writes_history_decree_and_audit(world, extra):
    # given a proposal considered by the line
    proposal = propose(world.hr_admin, world.employee, extra, effective_date=timezone.localdate())
    proposal = decide_all(proposal, world.unit_head, world.outsider, world.executive)
    assert proposal.status == MutationStatus.PENDING
    # when the second HR admin decides
    proposal = decide_all(proposal, extra.hr2)
    # then the history, the decree and the audit are written
    assert proposal.status == MutationStatus.APPROVED
    record = PositionHistory.objects.get(pk=proposal.position_record_id)
    assert (record.position_id, record.effective_date, record.decree_number) == (
        extra.target.pk, proposal.effective_date, proposal.decree_number)
    world.employee.refresh_from_db()
    assert (world.employee.current_position_id, world.employee.current_unit_id) == (extra.target.pk, world.health.pk)
    assert IssuedLetter.objects.filter(number=proposal.decree_number, target_id=str(proposal.pk)).exists()
    assert proposal.decree_number.startswith("800.1.3.3/")  # the SK mutasi series, not the generic one
    assert AuditEvent.objects.for_target(proposal).filter(action="mobility.mutation_decided").exists()
    assert proposal.onboarding["activities"] == "assigned_on_tmt"


def test_future_tmt_keeps_current_post_until_then(world, extra):
    proposal = decide_all(propose(world.hr_admin, world.employee, extra), world.unit_head, world.outsider,
                          world.executive, extra.hr2)
    world.employee.refresh_from_db()
    assert proposal.status == MutationStatus.APPROVED
    assert world.employee.current_position_id == world.staff_position.pk
    assert PositionHistory.objects.filter(employee=world.employee, position=extra.target,
                                          effective_date=extra.tmt).exists()


def test_a_decided_move_waiting_for_its_tmt_blocks_a_second_one_and_holds_its_place(world, extra):
    # given a mutation decided with a TMT two weeks away (the employee still holds their old post)
    decide_all(propose(world.hr_admin, world.employee, extra), world.unit_head, world.outsider, world.executive,
               extra.hr2)
    # when HR previews moving them again, even to the very same post on the same TMT
    checks = {item["code"]: item for item in eligibility(world.hr_admin.user, world.employee,
                                                         position=extra.target, reference=extra.tmt)}
    # then the checklist says a placement is waiting, and a proposal is refused with that code (not a 500)
    assert checks["mobility.move_scheduled"]["passed"] is False
    assert "Pengelola Data Kesehatan" in checks["mobility.move_scheduled"]["detail"]
    with pytest.raises(MutationError) as refused:
        propose(world.hr_admin, world.employee, extra)
    assert refused.value.code == "mobility.move_scheduled"
    # and the post's only place is promised: another employee sees it full
    other = EmployeeFactory(position=world.staff_position, name="Rina Lestari")
    checks = {item["code"]: item for item in eligibility(world.hr_admin.user, other, position=extra.target,
                                                         reference=extra.tmt)}
    assert (checks["mobility.no_capacity"]["passed"], checks["mobility.no_capacity"]["detail"]) == (
        False, "1 dari 1 formasi terisi.")


def test_rejection_records_the_reason(world, extra):
    proposal = propose(world.hr_admin, world.employee, extra)
    proposal = decide_all(proposal, world.unit_head, world.outsider, world.executive)
    with pytest.raises(MutationError) as refused:
        mutation_decide(actor=extra.hr2.user, proposal=proposal, outcome="reject")
    assert refused.value.code == "mobility.reason_required"
    proposal = mutation_decide(actor=extra.hr2.user, proposal=proposal, outcome="reject", reason="Formasi ditunda")
    assert (proposal.status, proposal.decision_reason, proposal.decree_number) == (
        MutationStatus.REJECTED, "Formasi ditunda", "")
    assert not PositionHistory.objects.filter(employee=world.employee, position=extra.target).exists()


def test_capacity_is_checked_again_at_decision(world, extra):
    proposal = decide_all(propose(world.hr_admin, world.employee, extra, effective_date=timezone.localdate()),
                          world.unit_head, world.outsider, world.executive)
    EmployeeFactory(position=extra.target, name="Penghuni Baru")
    with pytest.raises(MutationError) as refused:
        mutation_decide(actor=extra.hr2.user, proposal=proposal, outcome="approve")
    assert refused.value.code == "mobility.no_capacity"
    proposal.refresh_from_db()
    assert proposal.status == MutationStatus.PENDING
    assert ApprovalStep.objects.filter(process__target_id=proposal.pk, state="active").count() == 1


@pytest.mark.parametrize("who", ["other_pemda_admin", "peer", "outsider", "executive"])
def test_wrong_role_or_agency_cannot_propose(world, extra, who):
    with pytest.raises(MutationError) as refused:
        propose(getattr(world, who), world.employee, extra)
    assert refused.value.code == "mobility.not_authorised"
    assert not MutationProposal.objects.exists()


def test_own_request_never_decided_by_oneself(world, extra):
    proposal = propose(world.employee, world.employee, extra)
    assert proposal.proposer_role == "own_request"
    proposal = decide_all(proposal, world.unit_head, world.outsider, world.executive)
    with pytest.raises(MutationError) as refused:
        mutation_decide(actor=world.employee.user, proposal=proposal, outcome="approve")
    assert refused.value.code == "mobility.not_authorised"


def test_proposer_never_decides(world, extra):
    proposal = decide_all(propose(extra.hr2, world.employee, extra), world.unit_head, world.outsider,
                          world.executive)
    with pytest.raises(MutationError) as refused:
        mutation_decide(actor=extra.hr2.user, proposal=proposal, outcome="approve")
    assert refused.value.code == "mobility.not_authorised"
    assert mutation_decide(actor=world.hr_admin.user, proposal=proposal, outcome="approve").status == "approved"


def test_hr_cannot_propose_about_themselves_except_as_own_request(world, extra):
    proposal = propose(world.hr_admin, world.hr_admin, extra)
    assert proposal.proposer_role == "own_request"


def test_closed_and_not_yours(world, extra):
    proposal = propose(world.hr_admin, world.employee, extra)
    with pytest.raises(MutationError) as early:
        mutation_decide(actor=extra.hr2.user, proposal=proposal, outcome="approve")  # not their step yet
    assert early.value.code == "mobility.not_authorised"
    proposal = decide_all(proposal, world.unit_head, world.outsider, world.executive, extra.hr2)
    with pytest.raises(MutationError) as closed:
        mutation_decide(actor=world.hr_admin.user, proposal=proposal, outcome="approve")
    assert (closed.value.code, closed.value.http_status) == ("mobility.mutation_closed", 409)


def test_blocking_check_refuses_and_override_lifts_the_two_years(world, extra):
    recent = EmployeeFactory(position=world.staff_position, name="Baru Pindah")
    PositionHistory.objects.filter(employee=recent).update(effective_date=timezone.localdate() - timedelta(days=100))
    with pytest.raises(MutationError) as refused:
        propose(world.hr_admin, recent, extra)
    assert refused.value.code == "mobility.min_time_in_post"
    assert {c["code"] for c in refused.value.extra["checks"]} >= {"mobility.no_capacity", "mobility.restricted"}
    proposal = propose(world.hr_admin, recent, extra, override_reason="Kebutuhan organisasi: Puskesmas baru")
    assert proposal.override_reason.startswith("Kebutuhan")


def test_one_open_proposal_and_drafts(world, extra):
    draft = propose(world.hr_admin, world.employee, extra, submit=False)
    assert (draft.status, steps(draft)) == (MutationStatus.DRAFT, [])
    with pytest.raises(MutationError) as twice:
        propose(world.hr_admin, world.employee, extra)
    assert twice.value.code == "mobility.mutation_open_exists"
    submitted = mutation_submit(actor=world.hr_admin.user, proposal=draft)
    assert submitted.status == MutationStatus.PENDING
    with pytest.raises(MutationError) as again:
        mutation_submit(actor=world.hr_admin.user, proposal=draft)
    assert again.value.code == "mobility.mutation_closed"


def test_withdrawal_stops_the_approval_and_frees_the_employee(world, extra):
    from pamong.approvals.models import ApprovalProcess
    from pamong.mobility.services.mutation import mutation_cancel

    proposal = propose(world.unit_head, world.employee, extra)
    for who in (world.peer, world.executive):
        with pytest.raises(MutationError) as refused:
            mutation_cancel(actor=who.user, proposal=proposal, reason="Tidak jadi")
        assert refused.value.code == "mobility.not_authorised"
    with pytest.raises(MutationError) as bare:
        mutation_cancel(actor=world.unit_head.user, proposal=proposal, reason=" ")
    assert bare.value.code == "mobility.reason_required"
    proposal = mutation_cancel(actor=world.hr_admin.user, proposal=proposal, reason="Formasi dialihkan")
    assert (proposal.status, proposal.decision_reason) == ("cancelled", "Formasi dialihkan")
    assert ApprovalProcess.objects.get(target_id=proposal.pk, flow="mobility_mutation").status == "cancelled"
    assert AuditEvent.objects.for_target(proposal).filter(action="mobility.mutation_cancelled").exists()
    with pytest.raises(MutationError) as closed:
        mutation_cancel(actor=world.hr_admin.user, proposal=proposal, reason="lagi")
    assert closed.value.code == "mobility.mutation_closed"
    assert propose(world.hr_admin, world.employee, extra).status == "pending"  # free for a new proposal
