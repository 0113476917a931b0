"""Monthly JP alerts: from the alert month, PNS/CPNS behind the pro-rated target and one digest per supervisor."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from pamong.approvals.models import Notification
from pamong.development.learning_inbox import _count, _tasks
from pamong.development.models import DevelopmentSettings
from pamong.development.services.learning import jp_alerts_send, prorated_behind
from pamong.people.choices import EmploymentStatus
from pamong.people.inbox import tasks_for

from .conftest import activity, enrolment, record

pytestmark = pytest.mark.django_db


def notices(user, prefix="development.jp"):
    return Notification.objects.filter(recipient=user, kind__startswith=prefix)


def test_prorated():
    assert prorated_behind(9, 20, date(2026, 7, 1))  # 6 months ended: 10 JP due
    assert not prorated_behind(10, 20, date(2026, 7, 31))
    assert not prorated_behind(0, 20, date(2026, 1, 15))


def test_none_before_the_alert_month(world):
    result = jp_alerts_send(today=date(2026, 6, 30))
    assert result.employees == 0
    assert not Notification.objects.exists()


def test_alerts_once_a_month_with_a_supervisor_digest(world):
    record(world.employee, jp=12)  # 12 ≥ 20 × 7 / 12: on track in August
    out = StringIO()
    call_command("jp_alerts", "--today", "2026-08-03", stdout=out)
    assert notices(world.employee.user).count() == 0
    assert notices(world.peer.user, "development.jp_behind").count() == 1
    digest = notices(world.supervisor.user, "development.jp_team").get()
    assert world.peer.full_name in digest.text
    assert world.employee.full_name not in digest.text
    again = jp_alerts_send(today=date(2026, 8, 20))
    assert (again.employees, again.supervisors) == (0, 0)
    assert notices(world.peer.user).count() == 1
    jp_alerts_send(today=date(2026, 9, 1))
    assert notices(world.peer.user, "development.jp_behind").count() == 2


def test_pppk_not_alerted_for_the_target(world):
    world.peer.status = EmploymentStatus.PPPK
    world.peer.save(update_fields=["status"])
    jp_alerts_send(today=date(2026, 8, 3))
    assert not notices(world.peer.user).exists()


def test_alert_month_from_settings(world):
    DevelopmentSettings.objects.create(pemda=world.pemda, alert_from_month=10)
    jp_alerts_send(today=date(2026, 9, 3))
    assert not Notification.objects.filter(pemda=world.pemda).exists()
    assert Notification.objects.filter(pemda=world.other_pemda).exists()  # Palu keeps the default (July)


def test_task_source_shortfall_and_follow_ups(world, settings):
    import time_machine

    with time_machine.travel("2026-08-10 09:00+08:00", tick=False):
        record(world.employee, jp=5)
        own = tasks_for(world.employee.user, include={"development_learning"})
        assert [t.kind for t in own] == ["development.jp_shortfall"]
        assert "15" in own[0].title
        act = activity(world.pemda, world.hr_admin)
        enrolment(world.employee, act, completed_on=date(2026, 4, 1))
        enrolment(world.peer, act, completed_on=date(2026, 6, 1))  # not yet due (1 September)
        boss = tasks_for(world.supervisor.user, include={"development_learning"})
        assert sorted(t.kind for t in boss) == ["development.follow_up", "development.jp_shortfall"]
        boss = [t for t in boss if t.kind == "development.follow_up"]
        assert boss[0].due == date(2026, 7, 1)
        assert _count(world.supervisor.user) == 2
        assert [t.kind for t in _tasks(world.unit_head.user)] == ["development.jp_shortfall"]  # no follow-up
    with time_machine.travel("2026-03-10 09:00+08:00", tick=False):
        assert tasks_for(world.peer.user, include={"development_learning"}) == []  # before the alert month
