"""Data saya: the archive of everything held about an employee, the retention purge and the privacy notice."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from pamong.audit.models import AuditEvent
from pamong.people.models import Employee, EmployeeDocument, FamilyMember
from pamong.people.personal_data import personal_data_sources
from pamong.people.retention import documents_past_retention

pytestmark = pytest.mark.django_db

# Models pointing at Employee that are not the employee's own personal data, and why.
NOT_PERSONAL_DATA = {
    "approvals.approvalprocess": "the workflow of an application, exported with the application",
    "approvals.approvalstep": "approvers' steps; exported with the application they belong to",
    "approvals.actingassignment": "a Plt/Plh appointment is an official act of the agency, not the person's data",
    # TODO(B): register personnel_changes' part with people.personal_data (an HR admin's own record changes) (#8)
    "personnel_changes.selfchangerequest": "not yet registered by its context",
}


def _archive(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_every_model_pointing_at_an_employee_is_in_the_personal_data_inventory():
    covered = {label for source in personal_data_sources() for label in source.models}
    missing = []
    for model in apps.get_models():
        label = model._meta.label_lower
        points_at_employee = any(
            field.is_relation and field.related_model is Employee and field.name != "employee_ptr"
            for field in model._meta.get_fields() if getattr(field, "concrete", False)
        )
        if points_at_employee and label not in covered and label not in NOT_PERSONAL_DATA:
            missing.append(label)

    assert not missing, f"add these to a personal-data source (register_personal_data_source): {missing}"


def test_the_archive_holds_only_the_requesters_data(world, login):
    FamilyMember.objects.create(employee=world.peer, relation="spouse", name="Orang Lain")

    archive = _archive(login(world.employee).post(reverse("people:my-data-export")))

    assert "Orang Lain" not in "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_a_login_without_an_employee_record_has_nothing_to_export(world, login):
    response = login(world.superadmin).post(reverse("people:my-data-export"))

    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="people.personal_data_exported").exists()


def test_the_export_is_post_only(world, login):
    assert login(world.employee).get(reverse("people:my-data-export")).status_code == 405


# --- Retention --------------------------------------------------------------------------------------------


def _with_document(employee, title="SK CPNS") -> EmployeeDocument:
    document = EmployeeDocument(employee=employee, kind="sk_cpns", title=title, original_name="sk.pdf",
                                content_type="application/pdf", size=4, sha256="1" * 64)
    document.file.save("sk.pdf", ContentFile(b"%PDF"), save=False)
    document.save()
    return document


def test_purge_deletes_files_of_people_past_retention_and_keeps_the_trail(world, login, settings):
    settings.PAMONG_RETENTION_YEARS_AFTER_SERVICE = 5
    today = timezone.localdate()
    Employee.objects.filter(pk=world.peer.pk).update(is_active=False, end_date=today - timedelta(days=5 * 366 + 1),
                                                     end_reason="retired")
    Employee.objects.filter(pk=world.outsider.pk).update(is_active=False, end_date=today - timedelta(days=365),
                                                         end_reason="retired")
    old, recent, active = _with_document(world.peer), _with_document(world.outsider), _with_document(world.employee)
    trail_before = list(AuditEvent.objects.values_list("pk", "hash"))

    # dry run: nothing changes
    out = io.StringIO()
    call_command("purge_retained_documents", "--dry-run", stdout=out)
    old.refresh_from_db()
    assert "1 document(s) due" in out.getvalue()
    assert old.purged_at is None
    assert old.file.storage.exists(old.file.name)
    assert AuditEvent.objects.count() == len(trail_before)

    call_command("purge_retained_documents", stdout=io.StringIO())

    for document in (old, recent, active):
        document.refresh_from_db()
    assert old.purged_at is not None
    assert not old.file.storage.exists(old.file.name)
    assert recent.purged_at is None
    assert recent.file.storage.exists(recent.file.name)
    assert active.purged_at is None
    assert list(AuditEvent.objects.order_by("pk").values_list("pk", "hash")[: len(trail_before)]) == trail_before
    event = AuditEvent.objects.get(action="people.document_purged")
    assert event.actor is None
    assert event.target_id == str(world.peer.public_id)
    assert not documents_past_retention().exists()
    # the row stays, the download says it is gone
    assert EmployeeDocument.objects.filter(pk=old.pk).exists()
    assert login(world.hr_admin).get(reverse("people:document-download", args=[old.public_id])).status_code == 404

    # a second run has nothing left to do
    call_command("purge_retained_documents", stdout=io.StringIO())
    assert AuditEvent.objects.filter(action="people.document_purged").count() == 1


# --- Privacy notice ---------------------------------------------------------------------------------------


def test_the_privacy_notice_is_public_and_configurable(client, settings, db):
    settings.PAMONG_PRIVACY_NOTICE = "Pemerintah Kabupaten Mamuju memproses data pribadi ASN.\n\nHak Anda: akses."
    settings.PAMONG_DPO_NAME = "Ir. Andi Pabbicara"
    settings.PAMONG_DPO_EMAIL = "ppdp@mamujukab.go.id"

    page = client.get(reverse("people:privacy-notice")).content.decode()

    assert "memproses data pribadi ASN" in page
    assert "Ir. Andi Pabbicara" in page
    assert "mailto:ppdp@mamujukab.go.id" in page


def test_the_login_page_and_the_footer_link_the_notice(client, world, login):
    notice = reverse("people:privacy-notice")

    assert notice in client.get(reverse("accounts:login")).content.decode()
    assert f'href="{notice}"' in login(world.employee).get(reverse("people:home")).content.decode()


def test_the_profile_part_holds_the_career_dates_not_the_lists_sort_keys(world, login):
    archive = _archive(login(world.employee).post(reverse("people:my-data-export")))
    profile = next(name for name in archive.namelist() if "profile" in name)
    text = archive.read(profile).decode("utf-8")
    assert "rank_tmt" in text
    assert "kp_period" in text
    assert "duk_key" not in text
    assert "kgb_month" not in text
