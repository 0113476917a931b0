"""The performance demo: idempotent, consistent with what the services write, something to see for every account."""

import pytest
import time_machine

from pamong.approvals.choices import Outcome, ProcessStatus, StepState
from pamong.approvals.models import ApprovalProcess, ApprovalStep
from pamong.approvals.selectors import steps_awaiting
from pamong.audit.models import AuditEvent
from pamong.people import demo as people_demo
from pamong.people.models import Employee
from pamong.performance import demo, rules
from pamong.performance.choices import PlanStatus
from pamong.performance.library import STARTER_LIBRARY
from pamong.performance.models import (
    BehaviourExpectation,
    Evaluation,
    Feedback,
    IndicatorTemplate,
    Objection,
    OrganisationRatingRecord,
    Realisation,
    Skp,
    SkpIndicator,
    SkpResult,
)
from pamong.performance.permissions import can_decide_objection
from pamong.performance.selectors import distribution, team_progress

TODAY = "2026-12-02 09:00+08:00"
CLOSED = [f"2026-{m:02d}" for m in range(1, 11)]  # windows closed by 2 December: January–October


@pytest.fixture
def seeded(db):
    with time_machine.travel(TODAY, tick=False):
        people_demo.seed_demo(employees=240, seed=2)
        yield demo.seed_performance_demo(seed=1)


def _snapshot() -> tuple:
    return tuple(model.objects.count() for model in (
        Skp, SkpResult, SkpIndicator, BehaviourExpectation, Realisation, Evaluation, Objection,
        OrganisationRatingRecord, ApprovalProcess, ApprovalStep, IndicatorTemplate, Feedback, AuditEvent))


def _accounts() -> dict[str, Employee]:
    pemda = Employee.objects.first().pemda
    names = {a["role"]: a["username"] for a in people_demo.demo_accounts(pemda)}
    return {role: Employee.objects.select_related("user", "current_position", "current_unit")
            .get(user__username=username) for role, username in names.items() if role != "superadmin"}


def test_the_periods_of_the_demo_follow_today():
    from datetime import date

    reported, closed, still_open = demo.demo_periods(2026, date(2026, 12, 2))

    assert reported == [f"2026-{m:02d}" for m in range(1, 12)]
    assert closed == CLOSED
    assert still_open == ["2026-11"]
    assert demo.demo_year(date(2027, 1, 10)) == 2026


@pytest.mark.django_db
def test_without_the_people_demo_it_refuses():
    with pytest.raises(demo.DemoMissing):
        demo.seed_performance_demo()


def test_a_second_run_writes_nothing(seeded):
    assert seeded.created
    before = _snapshot()

    with time_machine.travel(TODAY, tick=False):
        again = demo.seed_performance_demo(seed=1)

    assert not again.created
    assert _snapshot() == before
    assert again.counts == seeded.counts
    assert AuditEvent.objects.filter(action=demo.PERFORMANCE_DEMO_ACTION).count() == 1


def test_a_few_hundred_plans_with_the_library(seeded):
    counts = seeded.counts
    assert counts["plans"] >= 50
    assert counts["library"] == len(STARTER_LIBRARY)
    assert counts["by_status"][PlanStatus.APPROVED] >= counts["plans"] - 2
    assert counts["objections"] == 1
    assert SkpIndicator.objects.filter(template__isnull=True).count() == 0


def test_agreed_plans_carry_the_approval_the_engine_would_leave(seeded):
    for skp in Skp.objects.filter(status=PlanStatus.APPROVED).select_related("process"):
        assert skp.process is not None
        assert skp.process.status == ProcessStatus.APPROVED
        assert skp.process.target_id == skp.pk
        assert skp.process.flow == "skp"
        step = skp.process.steps.get()
        assert (step.state, step.outcome, step.approver_id, step.acted_by_id) == (
            StepState.DONE, Outcome.APPROVE, skp.appraiser_id, skp.appraiser_id)
        assert skp.submitted_at <= skp.approved_at
        assert skp.behaviours.count() == 7


def test_results_cascade_from_the_appraisers_results(seeded):
    results = SkpResult.objects.select_related("skp", "parent__skp")
    cascading = [r for r in results if r.parent_id]
    assert len(cascading) >= seeded.counts["plans"] - 2
    for result in cascading:
        assert result.parent.skp.employee_id == result.skp.appraiser_id
        assert result.parent.skp.year == result.skp.year
    # the top of the tree: the Sekretaris Daerah's plan, whose results follow the agency's targets
    top = Skp.objects.get(appraiser__isnull=True)
    assert top.results.get().organisation_target is not None


def test_ratings_are_derived_in_the_windows_and_never_self(seeded):
    for evaluation in Evaluation.objects.select_related("skp"):
        assert evaluation.predikat == rules.predikat_for(evaluation.work_result, evaluation.behaviour)
        assert evaluation.evaluator_id != evaluation.employee_id
        opens, closes = rules.evaluation_window(evaluation.period)
        assert opens <= evaluation.rated_on <= closes
        assert evaluation.skp.status == PlanStatus.APPROVED
    periods = set(Evaluation.objects.values_list("period", flat=True))
    assert periods == {*CLOSED, "2026-11"}


def test_a_unit_heads_work_result_follows_the_unit_rating(seeded):
    heads = Evaluation.objects.filter(work_result_from_organisation=True)
    assert heads.exists()
    for evaluation in heads:
        record = OrganisationRatingRecord.objects.get(org_unit_id=evaluation.org_unit_id, period=evaluation.period)
        assert evaluation.work_result == rules.UNIT_HEAD_WORK_RESULT[record.rating]


def test_realisations_are_for_ended_months_and_never_after_a_rating_closed_them(seeded):
    periods = set(Realisation.objects.values_list("period", flat=True))
    assert periods == {f"2026-{m:02d}" for m in range(1, 12)}
    assert not Realisation.objects.filter(period="2026-12").exists()


def test_the_demo_employee_has_a_history_and_november_still_to_report(seeded):
    employee = _accounts()["employee"]
    skp = Skp.objects.get(employee=employee)

    assert skp.status == PlanStatus.APPROVED
    assert set(Evaluation.objects.filter(employee=employee).values_list("period", flat=True)) == set(CLOSED)
    reported = set(Realisation.objects.filter(indicator__result__skp=skp).values_list("period", flat=True))
    assert reported == set(CLOSED)  # November is the employee's to report
    assert Feedback.objects.filter(skp=skp).count() == 2
    assert skp.dialogues.count() == 1


def test_the_demo_supervisor_has_a_team_to_follow_rate_and_a_plan_to_agree(seeded):
    supervisor = _accounts()["supervisor"]
    team = Employee.objects.filter(current_position__supervisor_position=supervisor.current_position_id)

    rows = team_progress(supervisor.user, employees=team, year=2026, period="2026-11")

    assert len(rows) >= 3
    assert any(row["reported"] for row in rows)
    assert any(not row["reported"] for row in rows)
    assert not any(row["predikat"] for row in rows)  # November is still to rate
    awaiting = steps_awaiting(supervisor.user).filter(process__flow="skp")
    assert awaiting.count() == 1


def test_the_demo_unit_head_has_an_objection_to_decide(seeded):
    unit_head = _accounts()["unit_head"]
    objection = Objection.objects.select_related("evaluation__evaluator").get()

    assert objection.status == "pending"
    assert can_decide_objection(unit_head.user, objection)


def test_hr_sees_the_distribution_of_an_opd_against_its_organisation_rating(seeded):
    accounts = _accounts()
    opd = accounts["unit_head"].current_unit

    found = distribution(accounts["hr_admin"].user, unit=opd, period="2026-10")

    assert found.headcount >= 20
    assert found.organisation_rating is not None
    assert found.ranges
