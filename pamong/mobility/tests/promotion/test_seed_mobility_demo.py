"""seed_mobility_demo: ABK of several OPDs, a placement run over 30 vacancies, KP/KGB proposals in several states;
a second run adds nothing."""

import io

import pytest
import time_machine
from django.core.management import call_command

from pamong.approvals.models import ApprovalProcess
from pamong.audit.models import AuditEvent
from pamong.mobility.models import PlacementRun, WorkloadAnalysis
from pamong.mobility.promotion_models import PeriodicRaise, PromotionProposal, ProposalStatus
from pamong.people import demo as people_demo
from pamong.people.models import RankHistory

pytestmark = [pytest.mark.django_db]


def test_the_mobility_demo_is_seeded_once():
    with time_machine.travel("2026-12-07 09:00+08:00", tick=False):
        people_demo.seed_demo(employees=400, seed=3)
        out = io.StringIO()
        call_command("seed_mobility_demo", "--seed", "2", stdout=out)
        assert "Seeded the mobility demo" in out.getvalue()
        analyses = WorkloadAnalysis.objects.count()
        assert analyses >= 20
        assert WorkloadAnalysis.objects.filter(tasks__isnull=False).distinct().count() == analyses
        run = PlacementRun.objects.get()
        assert len(run.positions) == 30
        assert run.assignment
        statuses = set(PromotionProposal.objects.values_list("status", flat=True))
        assert statuses == {ProposalStatus.PENDING, ProposalStatus.APPROVED, ProposalStatus.REJECTED}
        approved_kp = PromotionProposal.objects.filter(status=ProposalStatus.APPROVED, rank_record__isnull=False)
        assert approved_kp.exists()
        assert RankHistory.objects.filter(pk__in=approved_kp.values("rank_record")).count() == approved_kp.count()
        assert PeriodicRaise.objects.exists()
        counts = (WorkloadAnalysis.objects.count(), PlacementRun.objects.count(), PromotionProposal.objects.count(),
                  ApprovalProcess.objects.count(), AuditEvent.objects.count())
        again = io.StringIO()
        call_command("seed_mobility_demo", "--seed", "2", stdout=again)
        assert "already exists" in again.getvalue()
        assert (WorkloadAnalysis.objects.count(), PlacementRun.objects.count(), PromotionProposal.objects.count(),
                ApprovalProcess.objects.count(), AuditEvent.objects.count()) == counts
