"""KP/KGB proposals (rules.md §8.1, §9.2): propose one or a due list, the refusals, the decision writing the dated
rank history (KP) or the raise (KGB), and the due lists moving on."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess
from pamong.audit.models import AuditEvent
from pamong.mobility import careers
from pamong.mobility.promotion_audit import PromotionAudit, PromotionError
from pamong.mobility.promotion_models import PeriodicRaise, PromotionProposal, ProposalKind, ProposalStatus
from pamong.mobility.selectors import lists
from pamong.mobility.services import promotion as services
from pamong.people.models import RankHistory
from pamong.people.tasks import refresh_current_projections
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

from .conftest import PERIOD, ranked

pytestmark = [pytest.mark.django_db]


def test_hr_proposes_the_kp_of_an_eligible_pns_with_its_snapshot(world, due, hr2, today):
    proposal = services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kp")
    assert proposal.status == ProposalStatus.PENDING
    assert proposal.kind == ProposalKind.KP_REGULAR
    assert (proposal.from_golongan.code, proposal.to_golongan.code, proposal.tmt) == ("III/b", "III/c", PERIOD)
    assert proposal.verdict == "eligible"
    assert {check["code"] for check in proposal.checks} >= {careers.MIN_TIME_IN_RANK, careers.RESTRICTED}
    process = ApprovalProcess.objects.get(flow=services.FLOW, target_id=proposal.pk)
    assert process.requester == world.hr_admin  # the proposer: the engine never lets them decide
    assert [step.state for step in process.steps.all()] == ["active"]
    event = AuditEvent.objects.get(action=PromotionAudit.PROPOSED)
    assert event.actor_id == world.hr_admin.user_id
    assert event.changes["golongan"] == ["III/b", "III/c"]


def test_a_running_sanction_refuses_the_kp_mobility_restricted(world, due, blocked, hr2, today):
    blocked.add(due.pk)
    with pytest.raises(PromotionError) as caught:
        services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kp")
    assert caught.value.code == "mobility.restricted"
    assert "PP 94/2021" in caught.value.message
    assert not PromotionProposal.objects.exists()


def test_the_education_ceiling_refuses_the_kp(world, hr2, today):
    employee = ranked(world.peer, "III/b", date(2023, 3, 15), education="sma")  # SLTA: III/b at most
    with pytest.raises(PromotionError) as caught:
        services.promotion_propose(actor=world.hr_admin.user, employee=employee, kind="kp")
    assert caught.value.code == "mobility.education_ceiling"
    assert not PromotionProposal.objects.exists()


def test_other_agency_wrong_role_and_self_are_refused(world, due, hr2, today):
    with pytest.raises(PermissionDenied):
        services.promotion_propose(actor=world.other_pemda_admin.user, employee=due, kind="kp")
    for persona in (world.executive, world.auditor, world.supervisor, world.employee):
        with pytest.raises(PermissionDenied):
            services.promotion_propose(actor=persona.user, employee=due, kind="kp")
    with pytest.raises(PromotionError) as caught:
        services.promotion_propose(actor=world.hr_admin.user, employee=world.hr_admin, kind="kp")
    assert caught.value.code == "mobility.self_decision"
    assert caught.value.http_status == 403
    assert not PromotionProposal.objects.exists()


def test_a_second_proposal_of_the_same_kind_is_409(world, due, hr2, today):
    services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kp")
    with pytest.raises(PromotionError) as caught:
        services.promotion_propose(actor=hr2.user, employee=due, kind="kp")
    assert (caught.value.code, caught.value.http_status) == ("mobility.already_proposed", 409)
    services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kgb")  # a KGB is another kind
    assert PromotionProposal.objects.count() == 2


def test_without_another_hr_admin_nobody_can_decide(world, due, today):
    with pytest.raises(ApprovalError) as caught:
        services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kp")
    assert caught.value.code == "approvals.no_approver"
    assert not PromotionProposal.objects.exists()


def test_bulk_proposes_every_eligible_row_and_skips_the_others_with_their_reason(world, due, blocked, hr2, today):
    ceiling = ranked(world.peer, "III/b", date(2023, 3, 2), education="sma")
    barred = ranked(world.outsider, "III/b", date(2023, 3, 3))
    blocked.add(barred.pk)
    result = services.promotions_propose_bulk(actor=world.hr_admin.user, kind="kp", period=PERIOD)
    assert [proposal.employee for proposal in result.created] == [due]
    skipped = {row["employee"].pk: row for row in result.skipped}
    assert skipped[ceiling.pk]["code"] == "mobility.education_ceiling"
    assert skipped[barred.pk]["code"] == "mobility.restricted"
    assert skipped[world.hr_admin.pk]["code"] == "mobility.self_decision"  # the actor's own row (overdue III/a)
    # Rows whose checks Pamong cannot decide (no predikat) are not proposed in bulk: "to check".
    assert skipped[world.supervisor.pk]["code"] == "mobility.not_eligible"
    assert all(row["reason"] for row in result.skipped)
    assert PromotionProposal.objects.count() == 1
    assert AuditEvent.objects.filter(action=PromotionAudit.BULK_PROPOSED).count() == 1
    again = services.promotions_propose_bulk(actor=world.hr_admin.user, kind="kp", period=PERIOD)
    assert not again.created
    assert {row["employee"].pk: row["code"] for row in again.skipped}[due.pk] == "mobility.already_proposed"


def test_bulk_refuses_a_past_month_and_a_wrong_role(world, due, hr2, today):
    with pytest.raises(PromotionError):
        services.promotions_propose_bulk(actor=world.hr_admin.user, kind="kp", period=date(2027, 2, 1))
    with pytest.raises(PermissionDenied):
        services.promotions_propose_bulk(actor=world.executive.user, kind="kp", period=PERIOD)


def test_approval_records_the_rank_on_its_tmt_and_moves_the_kp_list(world, due, hr2, today):
    proposal = services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kp")
    decided = services.promotion_decide(actor=hr2.user, proposal=proposal, outcome="approve")
    assert decided.status == ProposalStatus.APPROVED
    assert decided.decided_by == hr2.user
    record = RankHistory.objects.get(pk=decided.rank_record_id)
    assert (record.employee, record.golongan.code, record.effective_date) == (due, "III/c", PERIOD)
    # the SK kenaikan pangkat is numbered in its own series and carried by the rank record
    assert decided.decree_number.startswith("800.1.3.2/001/SK-KP/")
    assert (record.decree_number, record.decree_date) == (decided.decree_number, decided.decree_date)
    assert AuditEvent.objects.filter(action=PromotionAudit.APPROVED, actor_id=hr2.user_id).exists()
    due.refresh_from_db()
    assert due.current_golongan.code == "III/b"  # the TMT is not reached yet
    window = lists.ListFilters(month_from=PERIOD, month_to=PERIOD)
    with time_machine.travel("2027-04-01 08:00+08:00", tick=False):
        assert refresh_current_projections(since=date(2027, 3, 31)) >= 1  # the nightly task, on the TMT
        due.refresh_from_db()
        assert due.current_golongan.code == "III/c"
        rows = lists.upcoming_kp(world.hr_admin.user, window, today=date(2027, 4, 1))
        assert due.pk not in {row.employee.pk for row in rows}
        later = lists.eligibility(world.hr_admin.user, due, today=date(2027, 4, 1))
        assert later.due == date(2031, 4, 1)  # 4 years in III/c


def test_the_proposer_and_the_promoted_employee_never_decide(world, due, hr2, today):
    proposal = services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kp")
    with pytest.raises(PromotionError) as caught:
        services.promotion_decide(actor=world.hr_admin.user, proposal=proposal, outcome="approve")
    assert (caught.value.code, caught.value.http_status) == ("mobility.self_decision", 403)
    own = services.promotion_propose(actor=world.hr_admin.user, employee=hr2, kind="kp")  # hr2's own KP
    with pytest.raises(PromotionError) as caught:
        services.promotion_decide(actor=hr2.user, proposal=own, outcome="approve")
    assert caught.value.code == "mobility.self_decision"
    for persona in (world.executive, world.other_pemda_admin, world.employee):
        with pytest.raises(PermissionDenied):
            services.promotion_decide(actor=persona.user, proposal=proposal, outcome="approve")
    assert PromotionProposal.objects.filter(status=ProposalStatus.PENDING).count() == 2
    assert not RankHistory.objects.filter(golongan__code="III/c", employee=due).exists()


def test_a_rejection_needs_a_reason_and_writes_no_rank(world, due, hr2, today):
    proposal = services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kp")
    with pytest.raises(ApprovalError) as caught:
        services.promotion_decide(actor=hr2.user, proposal=proposal, outcome="reject")
    assert caught.value.code == "approvals.reason_required"
    decided = services.promotion_decide(actor=hr2.user, proposal=proposal, outcome="reject", reason="Berkas belum lengkap")
    assert decided.status == ProposalStatus.REJECTED
    assert decided.rank_record is None
    with pytest.raises(PromotionError) as caught:
        services.promotion_decide(actor=hr2.user, proposal=proposal, outcome="approve")
    assert (caught.value.code, caught.value.http_status) == ("mobility.not_pending", 409)


def test_a_sanction_started_after_the_proposal_stops_the_approval(world, due, hr2, blocked, today):
    proposal = services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kp")
    blocked.add(due.pk)
    with pytest.raises(PromotionError) as caught:
        services.promotion_decide(actor=hr2.user, proposal=proposal, outcome="approve")
    assert caught.value.code == "mobility.restricted"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
    assert not RankHistory.objects.filter(employee=due, golongan__code="III/c").exists()


def test_an_approved_kgb_moves_the_kgb_list_two_years_on(world, due, hr2, today):
    proposal = services.promotion_propose(actor=world.hr_admin.user, employee=due, kind="kgb")
    assert proposal.kind == ProposalKind.KGB
    assert proposal.tmt == date(2029, 3, 1)  # first appointment 1 Mar 2005: every 2 years, the next after today
    assert proposal.masa_kerja_years == 24
    month = lists.ListFilters(month_from=date(2029, 3, 1), month_to=date(2029, 3, 1))
    assert due.pk in {row.employee.pk for row in lists.upcoming_kgb(world.hr_admin.user, month, today=today)}
    services.promotion_decide(actor=hr2.user, proposal=proposal, outcome="approve")
    raise_row = PeriodicRaise.objects.get(employee=due)
    assert (raise_row.tmt, raise_row.masa_kerja_years) == (date(2029, 3, 1), 24)
    proposal.refresh_from_db()
    assert proposal.decree_number.startswith("800.1.4.3/001/KGB/")
    assert due.pk not in {row.employee.pk for row in lists.upcoming_kgb(world.hr_admin.user, month, today=today)}
    assert services.next_kgb(due, today=today) == date(2031, 3, 1)
    assert AuditEvent.objects.filter(action=PromotionAudit.KGB_RECORDED).exists()


def test_a_jf_gets_a_kp_pilihan_and_a_pppk_no_kgb(world, hr2, today):
    jf = EmployeeFactory(position=PositionFactory(org_unit=world.education, name="Guru Ahli Pertama",
                                                  kind="fungsional"), golongan_code="III/a")
    ranked(jf, "III/b", date(2025, 3, 15))
    proposal = services.promotion_propose(actor=world.hr_admin.user, employee=jf, kind="kp")
    assert proposal.kind == ProposalKind.KP_CHOICE
    assert proposal.verdict == "to_check"  # the angka kredit: Pamong holds none
    pppk = EmployeeFactory(position=PositionFactory(org_unit=world.education, name="Penata Layanan"),
                           status="pppk", golongan_code="IX")
    with pytest.raises(PromotionError) as caught:
        services.promotion_propose(actor=world.hr_admin.user, employee=pppk, kind="kgb")
    assert caught.value.code == "mobility.not_applicable"
