"""Account life-cycle services: activation/reset codes, forgotten password, backup codes, two-admin MFA reset."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.accounts import lifecycle
from pamong.accounts.audit import AccountsAction
from pamong.accounts.errors import AccountsError
from pamong.accounts.models import AccountCode, CodePurpose, MfaResetRequest, MfaResetStatus
from pamong.audit.models import AuditEvent
from pamong.people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kopi#Manakarra2026"


def _raw(code: str) -> str:
    return code.replace("-", "")


def _issue(actor, employee, purpose=CodePurpose.ACTIVATION):
    return lifecycle.account_codes_issue(actor=actor.user, users=[employee.user], purpose=purpose)[0]


@pytest.fixture
def fresh(employee):
    """The employee's login as an import leaves it: no usable password."""
    employee.user.set_unusable_password()
    employee.user.save()
    return employee


@pytest.fixture
def second_hr(world):
    return EmployeeFactory(position=world.hr_admin.current_position, name="Yohana Pasanda", gender="f",
                           roles=["hr_admin"])


# --- Activation and reset codes ---------------------------------------------------------------------


def test_activation_code_sets_a_password_once(fresh, hr_admin):
    issued = _issue(hr_admin, fresh)
    stored = AccountCode.objects.get(user=fresh.user)
    assert issued.code not in stored.code_hash
    assert _raw(issued.code) not in stored.code_hash
    assert stored.expires_at - timezone.now() > timedelta(days=13)

    user = lifecycle.account_activate(username=fresh.nip, code=issued.code.lower(), password=NEW_PASSWORD)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AccountCode.objects.get(pk=stored.pk).used_at is not None
    events = AuditEvent.objects.filter(target_id=str(fresh.user.pk), action=AccountsAction.ACCOUNT_ACTIVATED)
    assert events.count() == 1
    # Never the code in the trail.
    assert not AuditEvent.objects.filter(changes__icontains=_raw(issued.code)).exists()

    with pytest.raises(AccountsError) as exc:
        lifecycle.account_activate(username=fresh.nip, code=issued.code, password="Lain#Sandi2026xx")
    assert exc.value.code == lifecycle.CODE_INVALID
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_activation_code_expires(fresh, hr_admin, settings):
    issued = _issue(hr_admin, fresh)
    AccountCode.objects.filter(user=fresh.user).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(AccountsError) as exc:
        lifecycle.account_activate(username=fresh.nip, code=issued.code, password=NEW_PASSWORD)
    assert exc.value.code == lifecycle.CODE_INVALID
    fresh.user.refresh_from_db()
    assert not fresh.user.has_usable_password()


def test_validity_follows_the_setting(fresh, hr_admin, settings):
    settings.PAMONG_ACTIVATION_DAYS = 3
    issued = _issue(hr_admin, fresh)
    assert timedelta(days=2, hours=23) < issued.expires_at - timezone.now() <= timedelta(days=3)


def test_reissue_invalidates_the_previous_code(fresh, hr_admin):
    first = _issue(hr_admin, fresh)
    second = _issue(hr_admin, fresh)
    with pytest.raises(AccountsError):
        lifecycle.account_activate(username=fresh.nip, code=first.code, password=NEW_PASSWORD)
    lifecycle.account_activate(username=fresh.nip, code=second.code, password=NEW_PASSWORD)
    assert AccountCode.objects.filter(user=fresh.user, revoked_at__isnull=False).count() == 1


def test_a_code_works_only_with_its_own_nip(fresh, peer, hr_admin):
    issued = _issue(hr_admin, fresh)
    with pytest.raises(AccountsError) as exc:
        lifecycle.account_activate(username=peer.nip, code=issued.code, password=NEW_PASSWORD)
    assert exc.value.code == lifecycle.CODE_INVALID
    with pytest.raises(AccountsError) as unknown:
        lifecycle.account_activate(username="199001012020011999", code=issued.code, password=NEW_PASSWORD)
    # Same message and code for an unknown NIP as for a wrong code: nothing to learn.
    assert unknown.value.code == exc.value.code
    assert unknown.value.message == exc.value.message


def test_password_policy_applies_and_the_code_survives_a_weak_password(fresh, hr_admin):
    issued = _issue(hr_admin, fresh)
    with pytest.raises(AccountsError) as exc:
        lifecycle.account_activate(username=fresh.nip, code=issued.code, password="short")
    assert exc.value.code == "accounts.password_invalid"
    assert "new_password1" in exc.value.field_errors
    assert AccountCode.objects.usable().filter(user=fresh.user).count() == 1


def test_hr_may_not_issue_a_code_for_themself(hr_admin):
    with pytest.raises(AccountsError) as exc:
        _issue(hr_admin, hr_admin, purpose=CodePurpose.RESET)
    assert exc.value.code == lifecycle.SELF_NOT_ALLOWED
    assert exc.value.http_status == 403
    assert not AccountCode.objects.exists()
    assert not AuditEvent.objects.filter(action=AccountsAction.RESET_CODE_ISSUED).exists()


@pytest.mark.parametrize("actor_name", ["other_pemda_admin", "executive", "auditor", "supervisor", "peer"])
def test_only_hr_of_the_agency_issues_codes(world, actor_name):
    actor = getattr(world, actor_name)
    with pytest.raises(PermissionDenied):
        _issue(actor, world.employee, purpose=CodePurpose.RESET)
    assert not AccountCode.objects.exists()


def test_reset_code_by_hr_is_audited_and_replaces_the_password(employee, hr_admin):
    issued = _issue(hr_admin, employee, purpose=CodePurpose.RESET)
    event = AuditEvent.objects.get(action=AccountsAction.RESET_CODE_ISSUED)
    assert event.actor_id == hr_admin.user.pk
    assert event.target_id == str(employee.user.pk)
    lifecycle.account_activate(username=employee.nip, code=issued.code, password=NEW_PASSWORD)
    assert AuditEvent.objects.filter(action=AccountsAction.PASSWORD_RESET, target_id=str(employee.user.pk)).exists()


def test_hr_may_not_act_for_a_superadmin_of_their_agency(world):
    world.superadmin.pemda = world.pemda
    world.superadmin.save()
    with pytest.raises(PermissionDenied):
        lifecycle.account_codes_issue(actor=world.hr_admin.user, users=[world.superadmin], purpose=CodePurpose.RESET)
    _enrol(world.superadmin)
    with pytest.raises(PermissionDenied):
        lifecycle.mfa_reset_request(actor=world.hr_admin.user, user=world.superadmin, reason="x")
    assert not AccountCode.objects.exists()


def test_superadmin_issues_for_any_agency(world):
    issued = lifecycle.account_codes_issue(actor=world.superadmin, users=[world.other_pemda_employee.user],
                                           purpose=CodePurpose.ACTIVATION)
    assert len(issued) == 1


def test_bulk_issue_writes_one_event_per_user_and_one_for_the_batch(world):
    users = [world.employee.user, world.peer.user, world.supervisor.user]
    lifecycle.account_codes_issue(actor=world.hr_admin.user, users=users, purpose=CodePurpose.ACTIVATION,
                                  scope="unit:x Bidang")
    assert AuditEvent.objects.filter(action=AccountsAction.ACTIVATION_ISSUED).count() == 3
    batch = AuditEvent.objects.get(action=AccountsAction.ACTIVATION_BULK_ISSUED)
    assert batch.changes["issued_count"][1] == 3


def test_deactivated_login_cannot_be_activated(fresh, hr_admin):
    issued = _issue(hr_admin, fresh)
    fresh.user.is_active = False
    fresh.user.save()
    with pytest.raises(AccountsError):
        lifecycle.account_activate(username=fresh.nip, code=issued.code, password=NEW_PASSWORD)


# --- Forgotten password --------------------------------------------------------------------------------


def test_reset_by_email_token_single_use(employee):
    employee.user.email = "budi@mamujukab.go.id"
    employee.user.save()
    user, token = lifecycle.password_reset_request(identifier=employee.nip)
    assert user == employee.user
    assert AuditEvent.objects.filter(action=AccountsAction.PASSWORD_RESET_REQUESTED).count() == 1
    lifecycle.password_reset_complete(token=token, password=NEW_PASSWORD)
    employee.user.refresh_from_db()
    assert employee.user.check_password(NEW_PASSWORD)
    with pytest.raises(AccountsError):
        lifecycle.password_reset_complete(token=token, password="Lain#Sandi2026xx")


def test_reset_token_expires_and_a_new_request_replaces_it(employee, settings):
    employee.user.email = "budi@mamujukab.go.id"
    employee.user.save()
    _user, first = lifecycle.password_reset_request(identifier="BUDI@mamujukab.go.id")
    _user, second = lifecycle.password_reset_request(identifier=employee.nip)
    assert lifecycle.email_reset_token_valid(first) is None
    assert lifecycle.email_reset_token_valid(second) is not None
    AccountCode.objects.filter(purpose=CodePurpose.EMAIL_RESET).update(expires_at=timezone.now())
    assert lifecycle.email_reset_token_valid(second) is None


def test_reset_request_for_unknown_or_mailless_account_issues_nothing(employee, peer):
    assert lifecycle.password_reset_request(identifier="199001012020011999") is None
    assert lifecycle.password_reset_request(identifier=employee.nip) is None  # no e-mail address
    assert not AccountCode.objects.exists()


def test_email_token_is_not_an_activation_code(employee):
    employee.user.email = "budi@mamujukab.go.id"
    employee.user.save()
    _user, token = lifecycle.password_reset_request(identifier=employee.nip)
    with pytest.raises(AccountsError):
        lifecycle.account_activate(username=employee.nip, code=token[:20], password=NEW_PASSWORD)


# --- Backup codes -------------------------------------------------------------------------------------------


def _enrol(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_backup_codes_are_hashed_single_use_and_regenerated(employee):
    user = employee.user
    _enrol(user)
    codes = lifecycle.backup_codes_generate(user=user)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert not stored & {c.replace("-", "") for c in codes}
    assert not stored & set(codes)
    device = lifecycle.backup_device(user)
    value = lifecycle.backup_token_value(codes[0])
    assert device.verify_token(value)
    assert not StaticDevice.objects.get(pk=device.pk).verify_token(value)
    assert lifecycle.backup_codes_remaining(user) == 9

    fresh_codes = lifecycle.backup_codes_generate(user=user)
    device = lifecycle.backup_device(user)
    assert not device.verify_token(lifecycle.backup_token_value(codes[1]))
    device.throttle_reset()
    assert device.verify_token(lifecycle.backup_token_value(fresh_codes[1].lower()))
    assert AuditEvent.objects.filter(action=AccountsAction.BACKUP_CODES_GENERATED).count() == 2


def test_backup_codes_need_an_authenticator(employee):
    with pytest.raises(AccountsError) as exc:
        lifecycle.backup_codes_generate(user=employee.user)
    assert exc.value.code == lifecycle.MFA_NOT_ENROLLED


# --- MFA reset by two administrators -------------------------------------------------------------------


def test_two_admin_mfa_reset(executive, hr_admin, second_hr):
    user = executive.user
    _enrol(user)
    lifecycle.backup_codes_generate(user=user)
    request = lifecycle.mfa_reset_request(actor=hr_admin.user, user=user, reason="HP hilang, dicek langsung")
    assert TOTPDevice.objects.filter(user=user).exists()  # nothing removed yet

    with pytest.raises(AccountsError) as same:
        lifecycle.mfa_reset_confirm(actor=hr_admin.user, request=request)
    assert same.value.code == lifecycle.MFA_RESET_SAME_ADMIN
    assert TOTPDevice.objects.filter(user=user).exists()

    lifecycle.mfa_reset_confirm(actor=second_hr.user, request=request)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    request.refresh_from_db()
    assert request.status == MfaResetStatus.DONE
    assert request.decided_by == second_hr.user
    actions = list(AuditEvent.objects.filter(target_id=str(user.pk)).values_list("action", "actor_id"))
    assert (AccountsAction.MFA_RESET_REQUESTED, hr_admin.user.pk) in actions
    assert (AccountsAction.MFA_RESET_CONFIRMED, second_hr.user.pk) in actions

    with pytest.raises(AccountsError) as again:
        lifecycle.mfa_reset_confirm(actor=second_hr.user, request=request)
    assert again.value.code == lifecycle.MFA_RESET_NOT_PENDING


def test_nobody_requests_or_confirms_a_reset_of_their_own_factor(hr_admin, second_hr, world):
    _enrol(hr_admin.user)
    with pytest.raises(AccountsError) as own:
        lifecycle.mfa_reset_request(actor=hr_admin.user, user=hr_admin.user, reason="lupa")
    assert own.value.code == lifecycle.SELF_NOT_ALLOWED
    request = lifecycle.mfa_reset_request(actor=second_hr.user, user=hr_admin.user, reason="HP rusak")
    with pytest.raises(AccountsError) as own_confirm:
        lifecycle.mfa_reset_confirm(actor=hr_admin.user, request=request)
    assert own_confirm.value.code == lifecycle.SELF_NOT_ALLOWED
    assert TOTPDevice.objects.filter(user=hr_admin.user).exists()
    # The superadmin, as a second administrator, may confirm.
    lifecycle.mfa_reset_confirm(actor=world.superadmin, request=request)
    assert not TOTPDevice.objects.filter(user=hr_admin.user).exists()


def test_mfa_reset_refuses_other_agency_and_other_roles(world):
    _enrol(world.executive.user)
    for actor in (world.other_pemda_admin, world.auditor, world.unit_head):
        with pytest.raises(PermissionDenied):
            lifecycle.mfa_reset_request(actor=actor.user, user=world.executive.user, reason="x")
    request = lifecycle.mfa_reset_request(actor=world.hr_admin.user, user=world.executive.user, reason="x")
    with pytest.raises(PermissionDenied):
        lifecycle.mfa_reset_confirm(actor=world.other_pemda_admin.user, request=request)
    assert TOTPDevice.objects.filter(user=world.executive.user).exists()


def test_mfa_reset_needs_a_reason_and_one_pending_request(world, second_hr):
    _enrol(world.executive.user)
    with pytest.raises(AccountsError) as exc:
        lifecycle.mfa_reset_request(actor=world.hr_admin.user, user=world.executive.user, reason="  ")
    assert exc.value.code == lifecycle.REASON_REQUIRED
    lifecycle.mfa_reset_request(actor=world.hr_admin.user, user=world.executive.user, reason="HP hilang")
    with pytest.raises(AccountsError) as dup:
        lifecycle.mfa_reset_request(actor=second_hr.user, user=world.executive.user, reason="HP hilang")
    assert dup.value.code == lifecycle.MFA_RESET_PENDING


def test_database_refuses_a_self_confirmed_reset(world):
    user = world.executive.user
    with pytest.raises(IntegrityError), transaction.atomic():
        MfaResetRequest.objects.create(user=user, requested_by=world.hr_admin.user, reason="x",
                                       status=MfaResetStatus.DONE, decided_by=world.hr_admin.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        MfaResetRequest.objects.create(user=user, requested_by=user, reason="x")


def test_a_password_set_with_a_code_revokes_the_api_tokens(employee, hr_admin):
    from pamong.accounts.models import ApiToken, hash_token

    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=employee.user, name="sync", key_hash=hash_token(raw), prefix=raw[:8])
    issued = _issue(hr_admin, employee, purpose=CodePurpose.RESET)
    lifecycle.account_activate(username=employee.nip, code=issued.code, password=NEW_PASSWORD)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_confirmed_mfa_reset_revokes_the_users_api_tokens(executive, hr_admin, second_hr):
    from pamong.accounts.models import ApiToken, hash_token

    user = executive.user
    _enrol(user)
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name="sinkron", key_hash=hash_token(raw), prefix=raw[:12],
                                    expires_at=timezone.now() + timedelta(days=20))
    request = lifecycle.mfa_reset_request(actor=hr_admin.user, user=user, reason="HP hilang")

    lifecycle.mfa_reset_confirm(actor=second_hr.user, request=request)

    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_admin_who_issued_a_sign_in_code_cannot_also_have_the_second_factor_reset(executive, hr_admin, second_hr):
    # given HR admin A issued a reset code for the executive (A now knows how to set their password)
    user = executive.user
    _enrol(user)
    lifecycle.account_codes_issue(actor=hr_admin.user, users=[user], purpose=CodePurpose.RESET)
    request = lifecycle.mfa_reset_request(actor=hr_admin.user, user=user, reason="HP hilang")

    # when a second admin confirms A's reset request, then it is refused: A alone could take the account over
    with pytest.raises(AccountsError) as refused:
        lifecycle.mfa_reset_confirm(actor=second_hr.user, request=request)
    assert refused.value.code == lifecycle.MFA_RESET_AFTER_OWN_CODE
    assert TOTPDevice.objects.filter(user=user).exists()


def test_nobody_withdraws_a_reset_of_their_own_factor(hr_admin, second_hr):
    _enrol(hr_admin.user)
    request = lifecycle.mfa_reset_request(actor=second_hr.user, user=hr_admin.user, reason="HP rusak")

    with pytest.raises(AccountsError) as own:
        lifecycle.mfa_reset_cancel(actor=hr_admin.user, request=request)

    assert own.value.code == lifecycle.SELF_NOT_ALLOWED
    request.refresh_from_db()
    assert request.status == MfaResetStatus.PENDING


def test_the_django_admin_has_no_second_factor_pages_and_its_login_is_the_apps(client):
    from django.contrib import admin

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
