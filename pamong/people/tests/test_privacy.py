"""The field-level privacy policy (pamong.people.privacy) as a matrix: persona × field group, on every surface.

Surfaces: the policy itself, the profile page, the directory export, the
people API and document downloads. Sensitive reads are audited.
"""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.people import imports
from pamong.people.models import Employee, EmployeeDocument, FamilyMember
from pamong.people.privacy import POLICY, FieldGroup, Relationship, groups_for, visible_fields, visible_groups

ALL = frozenset(FieldGroup)
EMPLOYMENT = frozenset({FieldGroup.EMPLOYMENT})
NOTHING = frozenset()
# persona → what they see of world.employee (None: the row itself is out of their scope)
EXPECTED = {
    "employee": ALL,
    "hr_admin": ALL,
    "superadmin": ALL - {FieldGroup.HEALTH},
    "supervisor": EMPLOYMENT,
    "unit_head": EMPLOYMENT,
    "executive": EMPLOYMENT,
    "auditor": EMPLOYMENT,
    "peer": NOTHING,
    "outsider": NOTHING,
    "other_pemda_admin": NOTHING,
}
SEES_PERSONAL = {persona for persona, groups in EXPECTED.items() if FieldGroup.PERSONAL in groups}
PROFILE_VIEWERS = ("employee", "hr_admin", "superadmin", "supervisor", "unit_head", "executive", "auditor")

PHONE = "081355512345"
ADDRESS = "Jl. Ahmad Yani No. 7, Mamuju"


def _user(world, persona):
    value = getattr(world, persona)
    return getattr(value, "user", value)


@pytest.fixture
def subject(world):
    """world.employee with personal data and a family member on record."""
    Employee.objects.filter(pk=world.employee.pk).update(
        religion="islam", marital_status="married", phone=PHONE, address=ADDRESS, birth_place="Majene",
        nik="7604010101900001",
    )
    FamilyMember.objects.create(employee=world.employee, relation="spouse", name="Sitti Rahmah")
    world.employee.refresh_from_db()
    return world.employee


# --- The policy -------------------------------------------------------------------------------------------


def test_policy_names_every_group_and_keeps_private_groups_private():
    assert set(POLICY) == set(FieldGroup)
    officials = {Relationship.EXECUTIVE, Relationship.AUDITOR, Relationship.SUPERIOR}
    for group in (FieldGroup.NIK, FieldGroup.PERSONAL, FieldGroup.FAMILY, FieldGroup.DOCUMENTS, FieldGroup.HEALTH):
        assert not POLICY[group] & officials, group
    assert groups_for({Relationship.APPROVER}) == {FieldGroup.EMPLOYMENT, FieldGroup.HEALTH}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_visible_groups_matrix(world, subject, persona):
    assert visible_groups(_user(world, persona), subject) == EXPECTED[persona]


@pytest.mark.parametrize("persona", ["executive", "auditor", "unit_head"])
def test_visible_fields_of_officials_hold_what_the_job_needs_only(world, subject, persona):
    fields = visible_fields(_user(world, persona), subject)

    assert {"nip", "name", "current_position", "current_unit", "current_golongan", "status"} <= fields
    assert not {"nik", "religion", "marital_status", "address", "phone", "birth_place", "family"} & fields


# --- Profile page -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PROFILE_VIEWERS)
def test_profile_page_shows_personal_data_and_family_to_the_person_and_hr_only(world, subject, login, persona):
    response = login(getattr(world, persona)).get(reverse("people:employee-detail", args=[subject.public_id]))

    page = response.content.decode()
    assert response.status_code == 200
    assert subject.nip in page
    shown = persona in SEES_PERSONAL
    assert (PHONE in page) is shown
    assert (ADDRESS in page) is shown
    assert ('id="employee-religion"' in page) is shown
    assert ("Sitti Rahmah" in page) is shown
    assert ('id="family-section"' in page) is shown
    assert (subject.nik in page) is shown
    if not shown:
        assert subject.masked_nik in page


def test_hr_reading_a_profile_is_logged_with_what_was_read(world, subject, login):
    login(world.hr_admin).get(reverse("people:employee-detail", args=[subject.public_id]))

    event = AuditEvent.objects.get(action="people.sensitive_viewed")
    assert event.actor == world.hr_admin.user
    assert event.target_id == str(subject.public_id)
    assert event.changes["fields"] == ["family", "nik"]
    assert subject.nik not in str(event.changes)


@pytest.mark.parametrize("persona", ["employee", "executive", "auditor", "unit_head"])
def test_reads_without_sensitive_data_or_of_ones_own_record_are_not_logged(world, subject, login, persona):
    login(getattr(world, persona)).get(reverse("people:employee-detail", args=[subject.public_id]))

    assert not AuditEvent.objects.filter(action="people.sensitive_viewed").exists()


# --- Directory export -------------------------------------------------------------------------------------


def _export_row(client, nip: str) -> dict[str, str]:
    response = client.get(reverse("people:employee-export"), {"format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return dict(zip(imports.HEADERS, next(row for row in rows if row[0] == nip), strict=True))


def _personal_columns() -> list[str]:
    keys = {"birth_place", "religion", "marital_status", "phone", "address"}
    return [column.header for column in imports.COLUMNS if column.key in keys]


def test_the_executive_exports_the_directory_without_personal_columns(world, subject, login):
    row = _export_row(login(world.executive), subject.nip)

    assert row[imports.HEADERS[3]] == subject.name
    assert all(row[header] == "" for header in _personal_columns())
    assert subject.nik not in row.values()


def test_hr_exports_the_directory_with_personal_columns(world, subject, login):
    row = _export_row(login(world.hr_admin), subject.nip)

    values = set(row.values())
    assert {PHONE, ADDRESS, "Majene", "Islam", subject.nik} <= values


# --- Documents --------------------------------------------------------------------------------------------


def _document(employee, kind: str) -> EmployeeDocument:
    document = EmployeeDocument(employee=employee, kind=kind, title=f"Dokumen {kind}", original_name="d.pdf",
                                content_type="application/pdf", size=4, sha256="0" * 64)
    document.file.save("d.pdf", ContentFile(b"%PDF"), save=False)
    document.save()
    return document


DOCUMENT_MATRIX = {
    # persona: (other document, medical document) → may download
    "employee": (True, True),
    "hr_admin": (True, True),
    "superadmin": (True, False),
    "supervisor": (False, False),
    "unit_head": (False, False),
    "executive": (False, False),
    "auditor": (False, False),
    "peer": (False, False),
    "other_pemda_admin": (False, False),
}


@pytest.mark.parametrize("persona", sorted(DOCUMENT_MATRIX))
def test_document_download_matrix(world, login, persona):
    other, medical = _document(world.employee, "other"), _document(world.employee, "medical")
    client = login(getattr(world, persona))

    for document, allowed in zip((other, medical), DOCUMENT_MATRIX[persona], strict=True):
        before = AuditEvent.objects.filter(action="people.document_downloaded").count()
        response = client.get(reverse("people:document-download", args=[document.public_id]))
        assert response.status_code == (200 if allowed else 404), document.kind
        after = AuditEvent.objects.filter(action="people.document_downloaded").count()
        assert after == before + (1 if allowed else 0)


def test_the_profile_lists_medical_documents_only_to_the_person_and_hr(world, login):
    _document(world.employee, "medical")
    url = reverse("people:employee-detail", args=[world.employee.public_id])

    assert "Dokumen medical" in login(world.hr_admin).get(url).content.decode()
    assert "Dokumen medical" in login(world.employee).get(url).content.decode()
    assert "Dokumen medical" not in login(world.superadmin).get(url).content.decode()
