"""HR screens of the account life-cycle: activation sheets per unit and import, codes for one employee, MFA reset."""

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pypdf import PdfReader

from pamong.accounts import lifecycle
from pamong.accounts.audit import AccountsAction
from pamong.accounts.models import AccountCode, CodePurpose, MfaResetRequest, MfaResetStatus
from pamong.audit.models import AuditEvent
from pamong.people.models import ImportJob
from pamong.people.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

SHEET = reverse("people:activation-sheet")


def _unusable(*employees):
    for employee in employees:
        employee.user.set_unusable_password()
        employee.user.save()


def test_unit_sheet_issues_codes_to_the_subtree_not_yet_activated(world, login):
    _unusable(world.employee, world.peer, world.outsider)  # outsider: Dinas Kesehatan, another unit
    client = login(world.hr_admin)
    response = client.post(SHEET, {"scope": "unit", "target": str(world.education.public_id), "only_new": "on"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    issued = set(AccountCode.objects.filter(purpose=CodePurpose.ACTIVATION).values_list("user_id", flat=True))
    assert issued == {world.employee.user_id, world.peer.user_id}
    batch = AuditEvent.objects.get(action=AccountsAction.ACTIVATION_BULK_ISSUED)
    assert batch.changes["issued_count"][1] == 2
    assert AuditEvent.objects.filter(action=AccountsAction.ACTIVATION_ISSUED).count() == 2

    # The sheet lists name, NIP and a working code for each; the codes exist nowhere else.
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "DAFTAR KODE AKTIVASI AKUN PAMONG" in text
    assert world.division.name in text
    for person in (world.employee, world.peer):
        assert person.nip in text
        assert person.name in text
    codes = re.findall(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\b", text)
    assert len(codes) == 2
    activated = {lifecycle.account_activate(username=nip, code=code, password="Kopi#Manakarra2026").pk
                 for nip, code in _nip_code_pairs(text)}
    assert activated == {world.employee.user_id, world.peer.user_id}


def _nip_code_pairs(text: str) -> list[tuple[str, str]]:
    return re.findall(r"\b(\d{18})\s+([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b", text)


def test_unit_sheet_can_include_activated_accounts_but_never_the_hr_admin_themself(world, login):
    client = login(world.hr_admin)
    bkpsdm = world.hr_admin.current_unit
    colleague = EmployeeFactory(position=world.hr_admin.current_position, name="Yohana Pasanda", gender="f")
    response = client.post(SHEET, {"scope": "unit", "target": str(bkpsdm.public_id)})
    assert response.status_code == 200
    issued = set(AccountCode.objects.values_list("user_id", flat=True))
    assert issued == {colleague.user_id}


def test_import_sheet_covers_the_batch(world, login):
    _unusable(world.employee, world.outsider)
    job = ImportJob.objects.create(
        pemda=world.pemda, created_by=world.hr_admin.user, original_name="pegawai.xlsx", file="imports/x.xlsx",
        status="applied", report=[{"row": 2, "nip": world.employee.nip, "action": "create"},
                                  {"row": 3, "nip": world.outsider.nip, "action": "create"}],
    )
    client = login(world.hr_admin)
    response = client.post(SHEET, {"scope": "import", "target": str(job.public_id), "only_new": "on"})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert set(AccountCode.objects.values_list("user_id", flat=True)) == {world.employee.user_id, world.outsider.user_id}


def test_import_sheet_of_a_large_batch_reads_the_nips_in_chunks(world, login):
    _unusable(world.employee)
    report = [{"row": n + 2, "nip": f"19900101202001{n:04d}", "action": "create"} for n in range(1500)]
    report.append({"row": 1502, "nip": world.employee.nip, "action": "create"})
    job = ImportJob.objects.create(pemda=world.pemda, created_by=world.hr_admin.user, original_name="besar.xlsx",
                                   file="imports/b.xlsx", status="applied", report=report)
    response = login(world.hr_admin).post(SHEET, {"scope": "import", "target": str(job.public_id), "only_new": "on"})
    assert response.status_code == 200
    assert list(AccountCode.objects.values_list("user_id", flat=True)) == [world.employee.user_id]


def test_import_that_is_not_applied_is_refused(world, login):
    job = ImportJob.objects.create(pemda=world.pemda, created_by=world.hr_admin.user, original_name="x.xlsx",
                                   file="imports/x.xlsx", status="validated", report=[{"nip": world.employee.nip}])
    response = login(world.hr_admin).post(SHEET, {"scope": "import", "target": str(job.public_id)})
    assert response.status_code == 409
    assert not AccountCode.objects.exists()


def test_sheet_with_nobody_to_activate_says_so(world, login):
    client = login(world.hr_admin)
    response = client.post(SHEET, {"scope": "unit", "target": str(world.health.public_id), "only_new": "on"})
    assert response.status_code == 409
    assert not AccountCode.objects.exists()


def test_sheet_refuses_another_agencys_unit_and_bad_input(world, login):
    client = login(world.other_pemda_admin)
    response = client.post(SHEET, {"scope": "unit", "target": str(world.education.public_id)})
    assert response.status_code == 404
    assert client.post(SHEET, {"scope": "unit", "target": "not-a-uuid"}).status_code == 422
    assert client.post(SHEET, {"scope": "planet", "target": str(world.education.public_id)}).status_code == 422
    assert not AccountCode.objects.exists()


def test_activation_codes_are_emailed_when_configured(world, login, settings, django_capture_on_commit_callbacks):
    settings.PAMONG_ACCOUNT_EMAIL = True
    world.employee.email = "budi@mamujukab.go.id"
    world.employee.save()
    client = login(world.hr_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("people:employee-activation", args=[world.employee.public_id]))
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["budi@mamujukab.go.id"]
    code = response.content.decode().split('id="issued-code-value">', 1)[1].split("<", 1)[0]
    assert code in mail.outbox[0].body
    assert f"/accounts/activate/?nip={world.employee.nip}" in mail.outbox[0].body


def test_hr_may_not_issue_a_reset_code_for_themself(world, login):
    client = login(world.hr_admin)
    for route in ("people:employee-reset-code", "people:employee-activation"):
        response = client.post(reverse(route, args=[world.hr_admin.public_id]))
        assert response.status_code == 403
        assert 'data-code="accounts.self_not_allowed"' in response.content.decode()
    assert not AccountCode.objects.exists()


def test_reset_code_for_another_agency_is_not_found(world, login):
    client = login(world.other_pemda_admin)
    response = client.post(reverse("people:employee-reset-code", args=[world.employee.public_id]))
    assert response.status_code == 404
    assert not AccountCode.objects.exists()


def test_account_card_on_the_employee_page(world, login):
    client = login(world.hr_admin)
    html = client.get(reverse("people:employee-detail", args=[world.employee.public_id])).content.decode()
    assert 'id="account-card"' in html
    assert reverse("people:employee-reset-code", args=[world.employee.public_id]) in html
    own = client.get(reverse("people:employee-detail", args=[world.hr_admin.public_id])).content.decode()
    assert reverse("people:employee-reset-code", args=[world.hr_admin.public_id]) not in own
    assert 'id="account-card"' not in login(world.employee).get(
        reverse("people:employee-detail", args=[world.employee.public_id])
    ).content.decode()


def test_mfa_reset_through_the_screens_needs_a_second_admin(world, login, client):
    user = world.executive.user
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    second = EmployeeFactory(position=world.hr_admin.current_position, name="Yohana Pasanda", gender="f",
                             roles=["hr_admin"])
    first_client = login(world.hr_admin)
    asked = first_client.post(reverse("people:employee-mfa-reset", args=[world.executive.public_id]),
                              {"reason": "HP hilang, identitas dicek langsung"})
    assert asked.status_code == 302
    reset = MfaResetRequest.objects.get(user=user, status=MfaResetStatus.PENDING)

    same = first_client.post(reverse("people:mfa-reset-confirm", args=[reset.public_id]))
    assert same.status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()

    from django.test import Client

    from conftest import _verified_login

    second_client = _verified_login(Client(), second.user)
    home = second_client.get(reverse("people:activation-home"))
    assert f'id="mfa-reset-{reset.public_id}"' in home.content.decode()
    done = second_client.post(reverse("people:mfa-reset-confirm", args=[reset.public_id]))
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action=AccountsAction.MFA_RESET_CONFIRMED, actor=second.user).exists()

    # At the next sign-in the executive (an MFA role) must enrol again.
    client.force_login(user)
    response = client.get(reverse("people:home"))
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302
    assert reverse("accounts:mfa-setup") in follow["Location"]


def test_mfa_reset_of_own_factor_is_refused(world, login):
    client = login(world.hr_admin)  # conftest gave the HR admin a device
    response = client.post(reverse("people:employee-mfa-reset", args=[world.hr_admin.public_id]), {"reason": "x"})
    assert response.status_code == 403
    assert not MfaResetRequest.objects.exists()


def test_mfa_reset_request_without_reason_is_422(world, login):
    TOTPDevice.objects.create(user=world.executive.user, name="authenticator", confirmed=True)
    client = login(world.hr_admin)
    response = client.post(reverse("people:employee-mfa-reset", args=[world.executive.public_id]), {"reason": " "})
    assert response.status_code == 422
    assert not MfaResetRequest.objects.exists()


def test_no_code_is_issued_when_the_sheet_cannot_be_built(world, login, monkeypatch):
    _unusable(world.employee)

    def broken(**kwargs):
        raise RuntimeError("reportlab failed")

    monkeypatch.setattr("pamong.people.activation_views.activation_sheet_pdf", broken)
    client = login(world.hr_admin)
    with pytest.raises(RuntimeError):
        client.post(SHEET, {"scope": "unit", "target": str(world.division.public_id), "only_new": "on"})
    assert not AccountCode.objects.exists()
    assert not AuditEvent.objects.filter(action=AccountsAction.ACTIVATION_ISSUED).exists()


def test_an_applied_import_offers_its_activation_sheet(world, login):
    job = ImportJob.objects.create(pemda=world.pemda, created_by=world.hr_admin.user, original_name="x.xlsx",
                                   file="imports/x.xlsx", status="applied", report=[], summary={"applied": True})
    html = login(world.hr_admin).get(reverse("people:import-detail", args=[job.public_id])).content.decode()
    assert 'id="import-activation-form"' in html
    assert f'value="{job.public_id}"' in html


def test_activation_sheet_command_for_a_large_rollout(world, tmp_path):
    from django.core.management import CommandError, call_command

    _unusable(world.employee, world.peer)
    out = tmp_path / "kode.pdf"
    call_command("activation_sheet", "--actor", world.hr_admin.nip, "--unit", str(world.division.public_id),
                 "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert AccountCode.objects.count() == 2
    with pytest.raises(CommandError):  # never overwrites the only copy of earlier codes
        call_command("activation_sheet", "--actor", world.hr_admin.nip, "--unit", str(world.division.public_id),
                     "--out", str(out))
    with pytest.raises(CommandError):
        call_command("activation_sheet", "--actor", world.auditor.nip, "--unit", str(world.division.public_id),
                     "--out", str(tmp_path / "b.pdf"))
    assert AccountCode.objects.count() == 2
