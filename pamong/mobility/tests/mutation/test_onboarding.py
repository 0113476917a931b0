"""The decision's onboarding: the target post's competency gaps (its standard against the employee's assessed
levels) go into the employee's development plan of the TMT's year, once; the checklist shows them first."""

import pytest
from django.utils import timezone

from pamong.development.choices import AssessmentSource, CompetencyKind
from pamong.development.models import Competency, CompetencyStandard, DevelopmentPlan
from pamong.development.services.competencies import assessment_record
from pamong.mobility.mutation_models import MutationKind
from pamong.mobility.selectors.mutation import eligibility
from pamong.mobility.services.mutation import mutation_create, mutation_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard(world, extra):
    integrity = Competency.objects.create(pemda=world.pemda, code="M1", name="Integritas",
                                          kind=CompetencyKind.MANAGERIAL)
    data = Competency.objects.create(pemda=world.pemda, code="T1", name="Pengolahan Data Kesehatan",
                                     kind=CompetencyKind.TECHNICAL, field="Kesehatan")
    CompetencyStandard.objects.create(pemda=world.pemda, position=extra.target, competency=integrity,
                                      required_level=2)
    CompetencyStandard.objects.create(pemda=world.pemda, position=extra.target, competency=data, required_level=3)
    assessment_record(actor=world.hr_admin.user, employee=world.employee, competency=integrity, level=2,
                      source=AssessmentSource.ASSESSMENT_CENTRE, assessed_on=timezone.localdate())
    return data


def test_checklist_shows_the_target_gap(world, extra, standard):
    checks = {c["code"]: c for c in eligibility(world.hr_admin.user, world.employee, position=extra.target)}
    gap = checks["mobility.competency_gap"]
    assert (gap["passed"], gap["blocking"]) == (False, False)
    assert "Pengolahan Data Kesehatan 0→3" in gap["detail"]
    assert "Integritas" not in gap["detail"]


def test_decision_adds_the_gaps_to_the_development_plan(world, extra, standard):
    proposal = mutation_create(actor=world.hr_admin.user, employee=world.employee, kind=MutationKind.INTRA,
                               position=extra.target, effective_date=timezone.localdate())
    for actor in (world.unit_head, world.outsider, world.executive, extra.hr2):
        proposal = mutation_decide(actor=actor.user, proposal=proposal, outcome="approve")
    plan = DevelopmentPlan.objects.get(employee=world.employee, year=timezone.localdate().year)
    items = list(plan.items.values_list("competency__code", "target_level"))
    assert ("T1", 3) in items
    assert ("M1", 2) not in items
    assert proposal.onboarding["gaps"] == 1
    assert proposal.onboarding["plan"] == str(plan.public_id)


def test_decision_on_todays_tmt_enrols_the_onboarding_of_the_post(world, extra, django_capture_on_commit_callbacks):
    """Development's onboarding of the target post follows the position record (after commit), nothing faked."""
    from pamong.development.choices import ActivityForm, ActivityMode, ActivityStatus
    from pamong.development.models import Enrolment, LearningActivity

    activity = LearningActivity.objects.create(
        pemda=world.pemda, title="Orientasi Pengelola Data Kesehatan", mode=ActivityMode.NON_CLASSICAL,
        form=ActivityForm.SELF_STUDY, jp=2, status=ActivityStatus.OPEN, created_by=world.hr_admin.user)
    activity.onboarding_positions.add(extra.target)
    proposal = mutation_create(actor=world.hr_admin.user, employee=world.employee, kind=MutationKind.INTRA,
                               position=extra.target, effective_date=timezone.localdate())
    for actor in (world.unit_head, world.outsider, world.executive):
        proposal = mutation_decide(actor=actor.user, proposal=proposal, outcome="approve")
    with django_capture_on_commit_callbacks(execute=True):
        mutation_decide(actor=extra.hr2.user, proposal=proposal, outcome="approve")
    enrolment = Enrolment.objects.get(employee=world.employee, activity=activity)
    assert enrolment.origin == "onboarding"
