"""Sign-in, failed sign-in, lockout and sign-out become audit events (issue #8 §5)."""

import pytest

from pamong.audit.auth_events import AuthAudit
from pamong.audit.chain import verify_chain
from pamong.audit.models import AuditEvent

LOGIN = "/accounts/login/"
WRONG = "Wrong#Password123"


def _post_login(client, username, password, ip="10.1.2.3"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _events(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_sign_in_is_recorded_with_ip(client, employee, world):
    response = _post_login(client, employee.user.username, world.password)

    assert response.status_code == 302
    [event] = _events(AuthAudit.SIGNED_IN)
    assert event.actor_id == employee.user.pk
    assert event.target_type == "accounts.user"
    assert event.target_id == str(employee.user.pk)
    assert event.pemda_id == world.pemda.pk
    assert event.ip_address == "10.1.2.3"
    assert verify_chain()[0]


def test_failed_sign_in_records_the_username_but_never_the_password(client, employee):
    _post_login(client, employee.user.username, WRONG)

    [event] = _events(AuthAudit.SIGN_IN_FAILED)
    assert event.actor_id is None
    assert event.actor_label == "anonymous"
    assert event.target_type == "accounts.user"
    assert event.target_id == str(employee.user.pk)
    assert event.pemda_id == employee.user.pemda_id  # the agency's auditor sees attacks on its accounts
    assert event.changes == {"username": [None, employee.user.username]}
    assert WRONG not in str(AuditEvent.objects.values_list("changes", "target_label", "actor_label"))
    assert not _events(AuthAudit.SIGNED_IN)


def test_failed_sign_in_with_an_unknown_username(client, db):
    _post_login(client, "nobody-here", WRONG)

    [event] = _events(AuthAudit.SIGN_IN_FAILED)
    assert event.target_type == "auth.username"
    assert event.target_id == "nobody-here"
    assert event.pemda_id is None  # platform level: superadmins read it


def test_lockout_is_recorded(client, employee):
    for _ in range(5):
        _post_login(client, employee.user.username, WRONG)

    [event] = _events(AuthAudit.LOCKED_OUT)
    assert event.target_id == str(employee.user.pk)
    assert event.changes == {"username": [None, employee.user.username]}
    assert len(_events(AuthAudit.SIGN_IN_FAILED)) == 5


def test_sign_out_is_recorded(client, login, employee):
    login(employee)

    client.post("/accounts/logout/")

    [event] = _events(AuthAudit.SIGNED_OUT)
    assert event.actor_id == employee.user.pk


@pytest.mark.django_db
def test_anonymous_sign_out_records_nothing(client):
    client.post("/accounts/logout/")

    assert not AuditEvent.objects.exists()


def test_failed_mfa_verification_signal_is_recorded(employee):
    from django_otp.forms import otp_verification_failed

    otp_verification_failed.send(sender=object, user=employee.user)

    [event] = _events(AuthAudit.MFA_VERIFY_FAILED)
    assert event.actor_id == employee.user.pk


def test_the_login_fixture_is_not_a_sign_in_but_real_sign_ins_stay_audited(client, login, employee, peer, world):
    login(employee)
    assert not _events(AuthAudit.SIGNED_IN)

    client.logout()
    _post_login(client, peer.user.username, world.password)

    [event] = _events(AuthAudit.SIGNED_IN)
    assert event.actor_id == peer.user.pk
