"""The development demo: something to see for every role, written through the services, and idempotent."""

import pytest
import time_machine
from django.test import Client

from pamong.audit.models import AuditEvent
from pamong.development import demo
from pamong.development.choices import EnrolmentStatus, LearningSource
from pamong.development.models import (
    Award,
    CourseProgress,
    CurrentCompetency,
    DevelopmentPlan,
    Enrolment,
    LearningActivity,
    LearningRecord,
    MentoringPair,
)
from pamong.development.selectors.competencies import employee_gaps
from pamong.people import demo as people_demo
from pamong.people.models import Employee

TODAY = "2026-12-02 09:00+08:00"


@pytest.fixture
def seeded(db):
    with time_machine.travel(TODAY, tick=False):
        people_demo.seed_demo(employees=240, seed=2)
        yield demo.seed_development_demo(seed=1)


def persona(role: str) -> Employee:
    pemda = Employee.objects.first().pemda
    username = {a["role"]: a["username"] for a in people_demo.demo_accounts(pemda)}[role]
    return Employee.objects.select_related("user").get(user__username=username)


def test_every_role_has_something_to_see(seeded):
    assert seeded.created
    teacher, supervisor = persona("employee"), persona("supervisor")
    # the teacher: gaps, a plan drafted from them, a completed bimtek on the ledger, the course half done
    gaps = [gap for gap in employee_gaps(teacher) if gap.gap > 0]
    assert gaps
    plan = DevelopmentPlan.objects.get(employee=teacher)
    assert {item.competency_id for item in plan.items.all()} == {gap.competency.pk for gap in gaps}
    completed = Enrolment.objects.get(employee=teacher, status=EnrolmentStatus.COMPLETED)
    assert LearningRecord.objects.get(source=LearningSource.ENROLMENT, source_id=completed.pk).jp == 16
    progress = CourseProgress.objects.get(employee=teacher)
    assert progress.completed_at is None
    assert 0 < len(progress.lessons_done) < progress.course.lessons.count()
    # the supervisor mentors two colleagues whose sessions count on their ledgers
    pairs = MentoringPair.objects.filter(mentor=supervisor)
    assert pairs.count() == 2
    assert LearningRecord.objects.filter(source=LearningSource.MENTORING, verified=True,
                                         employee__in=[pair.mentee for pair in pairs]).exists()
    # HR: a catalogue, assessed levels across the agency, awards
    assert LearningActivity.objects.filter(status="open").count() >= 5
    assert CurrentCompetency.objects.values("employee").distinct().count() > 50
    assert Award.objects.filter(employee=teacher, kind="employee_of_month").exists()
    # every write of the personas' steps is audited, and the demo once
    assert AuditEvent.objects.filter(action=demo.DEVELOPMENT_DEMO_ACTION).count() == 1
    assert AuditEvent.objects.filter(action="development.assessment_recorded").exists()


def test_seeding_again_changes_nothing(seeded):
    before = demo.demo_counts(Employee.objects.first().pemda)
    with time_machine.travel(TODAY, tick=False):
        again = demo.seed_development_demo(seed=1)
    assert not again.created
    assert again.counts == before


def test_the_teacher_sees_the_demo_on_the_development_home(seeded):
    teacher = persona("employee")
    client = Client()
    client.force_login(teacher.user)
    with time_machine.travel(TODAY, tick=False):
        html = client.get("/development/").content.decode()
    assert "Integritas dan Antikorupsi" in html  # the course under way
    awards = html.split('id="home-awards"', 1)[1]
    assert "Pegawai Teladan Bulan Ini" in awards  # the award HR recorded for the teacher
    assert str(DevelopmentPlan.objects.get(employee=teacher).year) in html
