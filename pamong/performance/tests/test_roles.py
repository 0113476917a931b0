import pytest
from django.contrib.auth.models import Group

from pamong.people.roles import ensure_role_groups

pytestmark = pytest.mark.django_db


def _codes(role: str) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=role).permissions.all()}


def test_a_later_run_of_the_role_setup_keeps_every_contexts_rights():
    # when: the people context's role setup runs again on its own (as any app's post_migrate may)
    ensure_role_groups()

    # then: HR still holds the leave, calendar, acting and performance rights registered by those contexts
    hr = _codes("hr_admin")
    assert {"people.manage_employee", "leave.manage_leave", "workcalendar.manage_calendar",
            "approvals.manage_acting", "performance.calibrate_performance"} <= hr
    assert "performance.manage_performance" not in _codes("executive")
    assert "leave.manage_leave" not in _codes("auditor")
