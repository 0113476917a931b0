"""Django admin writes become audit events, with before → after (issue #8 §5)."""

import pytest
from django.contrib.auth.models import Group, Permission

from pamong.audit.admin_audit import AdminAudit
from pamong.audit.chain import verify_chain
from pamong.audit.models import AuditEvent, target_key


@pytest.fixture
def admin_client(client, login, superadmin):
    login(superadmin)
    return client


def _events(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def _user_form(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "user_permissions": [str(pk) for pk in user.user_permissions.values_list("pk", flat=True)],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "pemda": str(user.pemda_id or ""),
        "display_name": getattr(user, "display_name", ""),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_granting_superuser_and_a_group_in_the_admin_is_recorded(admin_client, superadmin, employee):
    user = employee.user
    group = Group.objects.exclude(pk__in=user.groups.values("pk")).order_by("name").first()
    before_groups = sorted(g.name for g in user.groups.all())
    form = _user_form(user, is_superuser="on", is_staff="on")
    form["groups"] = [*form["groups"], str(group.pk)]

    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.is_superuser
    [event] = _events(AdminAudit.OBJECT_CHANGED)
    assert event.actor_id == superadmin.pk
    assert event.target_type == "accounts.user"
    assert event.changes["is_superuser"] == [False, True]
    assert event.changes["is_staff"] == [False, True]
    assert event.changes["groups"] == [before_groups, sorted([*before_groups, group.name])]
    assert "username" not in event.changes  # unchanged fields are not listed
    assert verify_chain()[0]


def test_group_permissions_change_is_recorded(admin_client):
    group = Group.objects.create(name="Uji")
    permission = Permission.objects.get(codename="view_auditevent")

    response = admin_client.post(
        f"/admin/auth/group/{group.pk}/change/", {"name": "Uji", "permissions": [str(permission.pk)]}
    )

    assert response.status_code == 302
    [event] = _events(AdminAudit.OBJECT_CHANGED)
    assert event.target_type == "auth.group"
    assert event.changes == {"permissions": [[], [str(permission)]]}


def test_adding_and_deleting_in_the_admin_is_recorded(admin_client):
    response = admin_client.post("/admin/auth/group/add/", {"name": "Baru"})
    assert response.status_code == 302
    group = Group.objects.get(name="Baru")
    [added] = _events(AdminAudit.OBJECT_ADDED)
    assert added.target_id == str(group.pk)
    assert added.changes == {"name": [None, "Baru"]}

    response = admin_client.post(f"/admin/auth/group/{group.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Group.objects.filter(pk=group.pk).exists()
    [deleted] = _events(AdminAudit.OBJECT_DELETED)
    assert deleted.target_id == str(group.pk)
    assert deleted.target_label == "Baru"


def test_bulk_delete_action_is_recorded_per_object(admin_client):
    groups = [Group.objects.create(name=f"Hapus {i}") for i in range(3)]

    response = admin_client.post(
        "/admin/auth/group/",
        {"action": "delete_selected", "_selected_action": [str(g.pk) for g in groups], "post": "yes"},
    )

    assert response.status_code == 302
    assert {e.target_id for e in _events(AdminAudit.OBJECT_DELETED)} == {str(g.pk) for g in groups}


def test_password_change_in_the_admin_records_no_password(admin_client, employee):
    user = employee.user
    new = "Lembayung#Senja2026qv"

    response = admin_client.post(
        f"/admin/accounts/user/{user.pk}/password/", {"password1": new, "password2": new, "usable_password": "true"}
    )

    assert response.status_code == 302
    [event] = _events(AdminAudit.OBJECT_CHANGED)
    assert event.target_id == str(user.pk)
    assert new not in str(event.changes)
    assert "fields" in event.changes


def test_refused_admin_write_records_nothing(client, login, hr_admin):
    login(hr_admin)
    before = AuditEvent.objects.exclude(action__startswith="auth.").count()

    response = client.post("/admin/auth/group/add/", {"name": "Nope"})

    assert response.status_code in (302, 403)
    assert not Group.objects.filter(name="Nope").exists()
    assert AuditEvent.objects.exclude(action__startswith="auth.").count() == before


def test_custom_admin_actions_are_recorded(admin_client, world, employee, hr_admin):
    from pamong.accounts.models import MfaResetRequest

    reset = MfaResetRequest.objects.create(user=employee.user, requested_by=hr_admin.user, reason="HP hilang")

    response = admin_client.post(
        "/admin/accounts/mfaresetrequest/", {"action": "confirm_reset", "_selected_action": [str(reset.pk)]}
    )

    assert response.status_code == 302
    [event] = _events(AdminAudit.ACTION_RUN)
    assert event.target_type == "accounts.mfaresetrequest"
    assert event.target_id == target_key(reset)
    assert event.changes == {"action": [None, "confirm_reset"]}
