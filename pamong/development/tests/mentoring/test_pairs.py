"""pair_create / pair_end: who pairs, the seniority and level rules, one active pair."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.development.choices import GuidanceKind, PairStatus
from pamong.development.errors import DevelopmentError
from pamong.development.models import MentoringPair
from pamong.development.services import mentoring as services
from pamong.people.tests.factories import EmployeeFactory

from .conftest import make_pair

pytestmark = pytest.mark.django_db


def test_hr_pairs_a_senior_mentor_with_the_level_needed(world, skills):
    pair = make_pair(world, competency=skills["data"], kind=GuidanceKind.COACHING)

    pair.refresh_from_db()
    assert (pair.mentor, pair.mentee, pair.status, pair.kind) == (
        world.supervisor, world.employee, PairStatus.ACTIVE, GuidanceKind.COACHING)
    event = AuditEvent.objects.get(action=services.MentoringAudit.PAIR_CREATED)
    assert event.changes["mentee"] == [None, world.employee.nip]
    assert Notification.objects.filter(recipient=world.supervisor.user, kind="development.mentoring_pair").exists()
    assert Notification.objects.filter(recipient=world.employee.user, kind="development.mentoring_pair").exists()


def test_the_unit_head_pairs_within_their_unit_subtree(world, skills):
    pair = make_pair(world, actor=world.unit_head.user, competency=skills["data"])
    assert pair.created_by == world.unit_head.user


def test_a_unit_head_cannot_pair_outside_their_subtree(world, skills):
    health_staff = EmployeeFactory(position=world.outsider.current_position, name="Staf Kesehatan")
    with pytest.raises(PermissionDenied):
        make_pair(world, actor=world.unit_head.user, mentor=world.supervisor, mentee=health_staff)
    assert not MentoringPair.objects.exists()


@pytest.mark.parametrize("persona", ["employee", "peer", "outsider", "executive", "auditor", "other_pemda_admin"])
def test_others_cannot_pair(world, skills, persona):
    with pytest.raises((PermissionDenied, DevelopmentError)):
        make_pair(world, actor=getattr(world, persona).user)
    assert not MentoringPair.objects.exists()


def test_nobody_chooses_their_own_mentor(world, skills):
    with pytest.raises(DevelopmentError) as refused:
        make_pair(world, actor=world.hr_admin.user, mentor=world.executive, mentee=world.hr_admin)
    assert refused.value.code == "development.self_decision"


def test_mentor_and_mentee_are_two_people(world, skills):
    with pytest.raises(DevelopmentError) as refused:
        make_pair(world, mentor=world.employee)
    assert refused.value.code == services.MENTOR_IS_MENTEE
    assert not MentoringPair.objects.exists()


def test_a_peer_of_the_same_golongan_is_not_senior(world, skills):
    with pytest.raises(DevelopmentError) as refused:
        make_pair(world, mentor=world.peer)
    assert refused.value.code == services.MENTOR_NOT_SENIOR
    assert "not senior" in refused.value.message or "senior" in refused.value.message


def test_a_higher_job_class_makes_a_mentor_senior(world, skills):
    junior = EmployeeFactory(position=world.staff_position, name="Yunior", golongan_code="III/d")
    world.staff_position.class_level = 7
    world.staff_position.save()
    world.division_head_position.class_level = 9
    world.division_head_position.save()
    classed = EmployeeFactory(position=world.division_head_position, name="Kelas Tinggi", golongan_code="III/c")
    pair = make_pair(world, mentor=classed, mentee=junior)
    assert pair.mentor == classed


def test_the_mentor_of_another_pemda_is_refused(world, skills):
    with pytest.raises(DevelopmentError) as refused:
        make_pair(world, mentor=world.other_pemda_admin)
    assert refused.value.code == services.OTHER_PEMDA


def test_an_inactive_mentor_is_refused(world, skills):
    world.unit_head.is_active = False
    world.unit_head.save()
    with pytest.raises(DevelopmentError) as refused:
        make_pair(world, mentor=world.unit_head)
    assert refused.value.code == services.EMPLOYEE_INACTIVE


def test_the_mentor_holds_the_required_level(world, skills):
    # The unit head holds TDATA at 3 (the staff requirement): enough. TLAP never assessed: refused.
    assert make_pair(world, mentor=world.unit_head, competency=skills["data"]).pk
    with pytest.raises(DevelopmentError) as refused:
        make_pair(world, mentor=world.unit_head, competency=skills["report"])
    assert refused.value.code == services.MENTOR_LEVEL_TOO_LOW


def test_without_a_standard_the_mentor_needs_level_3(world, skills):
    from pamong.development.tests.factories import CompetencyFactory

    from .conftest import assess

    other = CompetencyFactory(pemda=world.pemda, code="TKOM", name="Komunikasi publik")
    assess(world, world.supervisor, other, 2)
    with pytest.raises(DevelopmentError) as refused:
        make_pair(world, competency=other)
    assert refused.value.code == services.MENTOR_LEVEL_TOO_LOW
    assess(world, world.supervisor, other, 3)
    assert make_pair(world, competency=other).competency == other


def test_one_active_pair_per_mentor_mentee_and_competency(world, skills):
    make_pair(world, competency=skills["data"])
    with pytest.raises(DevelopmentError) as refused:
        make_pair(world, competency=skills["data"])
    assert refused.value.code == services.PAIR_EXISTS
    assert refused.value.http_status == 409
    make_pair(world)  # without a competency: another pair
    with pytest.raises(DevelopmentError):
        make_pair(world)  # NULL competency: still one active pair
    assert MentoringPair.objects.count() == 2


def test_a_start_in_the_future_is_refused(world, skills):
    with pytest.raises(DevelopmentError) as refused:
        make_pair(world, started_on=date(2026, 4, 1))
    assert refused.value.code == services.INVALID_DATE


def test_ending_a_pair_lets_a_new_one_start(world, skills):
    pair = make_pair(world, competency=skills["data"])
    services.pair_end(actor=world.hr_admin.user, pair=pair)
    pair.refresh_from_db()
    assert pair.status == PairStatus.ENDED
    assert pair.ended_on == date(2026, 3, 10)
    with pytest.raises(DevelopmentError) as refused:
        services.pair_end(actor=world.employee.user, pair=pair)
    assert refused.value.code == services.PAIR_NOT_ACTIVE
    assert make_pair(world, competency=skills["data"]).status == PairStatus.ACTIVE


def test_a_peer_cannot_end_a_pair(world, skills):
    pair = make_pair(world)
    with pytest.raises(PermissionDenied):
        services.pair_end(actor=world.peer.user, pair=pair)
