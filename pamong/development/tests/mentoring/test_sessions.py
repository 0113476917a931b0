"""session_record / session_change / session_confirm and the JP ledger entry of a session confirmed by both."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.approvals.models import Notification
from pamong.audit.models import AuditEvent
from pamong.development.choices import ActivityForm, GuidanceKind, LearningSource
from pamong.development.errors import DevelopmentError
from pamong.development.models import LearningRecord, MentoringSession
from pamong.development.services import mentoring as services

from .conftest import make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world, skills):
    return make_pair(world, competency=skills["data"])


def record(world, pair, actor=None, **values):
    fields = {"held_on": date(2026, 3, 2), "minutes": 100, "topic": "Validasi data Dapodik",
              "notes": "Membahas langkah validasi.", "agreed_actions": "Mencoba validasi sendiri."}
    return services.session_record(actor=(actor or world.supervisor).user, pair=pair, **{**fields, **values})


def test_the_mentor_records_and_confirms_at_once(world, pair):
    session = record(world, pair)
    assert session.mentor_confirmed_at is not None
    assert session.mentee_confirmed_at is None
    assert session.recorded_by == world.supervisor
    assert Notification.objects.filter(recipient=world.employee.user, kind="development.mentoring_session").exists()
    assert AuditEvent.objects.filter(action=services.MentoringAudit.SESSION_RECORDED).count() == 1
    assert not LearningRecord.objects.exists()


@pytest.mark.parametrize(("values", "field"), [
    ({"held_on": date(2026, 3, 11)}, "held_on"),  # tomorrow
    ({"held_on": date(2026, 1, 31)}, "held_on"),  # before the pair started
    ({"minutes": 14}, "minutes"),
    ({"minutes": 481}, "minutes"),
    ({"topic": "   "}, "topic"),
])
def test_bad_sessions_are_refused(world, pair, values, field):
    with pytest.raises(DevelopmentError) as refused:
        record(world, pair, **values)
    assert field in refused.value.field_errors
    assert not MentoringSession.objects.exists()


@pytest.mark.parametrize("persona", ["peer", "hr_admin", "unit_head", "outsider"])
def test_only_the_two_parties_record(world, pair, persona):
    with pytest.raises(PermissionDenied):
        record(world, pair, actor=getattr(world, persona))
    assert not MentoringSession.objects.exists()


def test_no_session_on_an_ended_pair(world, pair):
    services.pair_end(actor=world.hr_admin.user, pair=pair)
    with pytest.raises(DevelopmentError) as refused:
        record(world, pair)
    assert refused.value.code == services.PAIR_NOT_ACTIVE


def test_the_second_confirmation_writes_one_verified_jp_record(world, pair):
    # given a session of 100 minutes recorded by the mentor
    session = record(world, pair, minutes=100, held_on=date(2026, 3, 2))
    # when the mentee confirms it
    session = services.session_confirm(actor=world.employee.user, session=session)
    # then exactly one verified ledger entry of 2 JP (whole 45-minute units) for the mentee, in 2026
    entry = LearningRecord.objects.get()
    assert (entry.employee, entry.source, entry.source_id, entry.form) == (
        world.employee, LearningSource.MENTORING, session.pk, ActivityForm.MENTORING)
    assert (entry.minutes, entry.jp, entry.year, entry.completed_on) == (100, 2, 2026, date(2026, 3, 2))
    assert entry.verified
    assert entry.verified_by == world.employee.user
    assert entry.certificate_jp is None
    # and confirming again is refused, with no second entry
    with pytest.raises(DevelopmentError) as refused:
        services.session_confirm(actor=world.employee.user, session=session)
    assert refused.value.code == services.ALREADY_CONFIRMED
    with pytest.raises(DevelopmentError):
        services.session_confirm(actor=world.supervisor.user, session=session)
    assert LearningRecord.objects.count() == 1


def test_a_coaching_session_recorded_by_the_mentee_is_confirmed_by_the_mentor(world, skills):
    pair = make_pair(world, kind=GuidanceKind.COACHING)
    session = record(world, pair, actor=world.employee, minutes=45, held_on=date(2026, 2, 1))
    assert session.mentee_confirmed_at is not None
    assert session.mentor_confirmed_at is None
    # the recorder cannot confirm for the other party
    with pytest.raises(DevelopmentError) as refused:
        services.session_confirm(actor=world.employee.user, session=session)
    assert refused.value.code == services.ALREADY_CONFIRMED
    assert not LearningRecord.objects.exists()
    services.session_confirm(actor=world.supervisor.user, session=session)
    entry = LearningRecord.objects.get()
    assert (entry.form, entry.jp, entry.employee) == (ActivityForm.COACHING, 1, world.employee)


@pytest.mark.parametrize("persona", ["hr_admin", "unit_head", "peer"])
def test_a_third_person_cannot_confirm(world, pair, persona):
    session = record(world, pair)
    with pytest.raises(PermissionDenied):
        services.session_confirm(actor=getattr(world, persona).user, session=session)
    session.refresh_from_db()
    assert session.mentee_confirmed_at is None
    assert not LearningRecord.objects.exists()


def test_the_jp_year_is_the_year_the_session_was_held(world, skills):
    pair = make_pair(world, started_on=date(2025, 12, 1))
    session = record(world, pair, held_on=date(2025, 12, 30), minutes=480)
    services.session_confirm(actor=world.employee.user, session=session)
    entry = LearningRecord.objects.get()
    assert (entry.year, entry.jp) == (2025, 10)


def test_a_change_asks_the_other_party_again_and_is_locked_once_both_confirmed(world, pair):
    session = record(world, pair, minutes=60)
    session = services.session_change(actor=world.employee.user, session=session, held_on=session.held_on,
                                      minutes=90, topic=session.topic)
    assert session.minutes == 90
    assert session.mentee_confirmed_at is not None
    assert session.mentor_confirmed_at is None
    services.session_confirm(actor=world.supervisor.user, session=session)
    assert LearningRecord.objects.get().jp == 2
    with pytest.raises(DevelopmentError) as refused:
        services.session_change(actor=world.supervisor.user, session=session, held_on=session.held_on,
                                minutes=200, topic="Lain")
    assert refused.value.code == services.SESSION_LOCKED
    session.refresh_from_db()
    assert session.minutes == 90
