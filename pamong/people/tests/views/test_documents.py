import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pamong.audit.models import AuditEvent
from pamong.people.models import EmployeeDocument
from pamong.people.services import document_upload

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_hr_uploads_a_valid_png(login, hr_admin, employee):
    # given
    url = reverse("people:document-upload", args=[employee.public_id])
    upload = SimpleUploadedFile("Kartu Keluarga.png", _png(), content_type="image/png")

    # when
    response = login(hr_admin).post(url, {"kind": "identity", "title": "Kartu keluarga", "file": upload},
                                    headers={"HX-Request": "true"})

    # then
    assert response.status_code == 200
    document = EmployeeDocument.objects.get(employee=employee)
    assert document.content_type == "image/png"
    assert document.original_name == "Kartu Keluarga.png"
    assert "Kartu keluarga" in response.content.decode()
    assert AuditEvent.objects.filter(action="people.document_uploaded").count() == 1


def test_html_disguised_as_pdf_is_refused(login, hr_admin, employee):
    url = reverse("people:document-upload", args=[employee.public_id])
    upload = SimpleUploadedFile("sk.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")

    response = login(hr_admin).post(url, {"kind": "sk_pns", "title": "SK PNS", "file": upload},
                                    headers={"HX-Request": "true"})

    assert response.status_code == 422
    assert 'id="document-form"' in response.content.decode()
    assert not EmployeeDocument.objects.exists()
    assert not AuditEvent.objects.filter(action="people.document_uploaded").exists()


@pytest.fixture
def document(hr_admin, employee):
    return document_upload(actor=hr_admin.user, employee=employee, kind="identity", title="KTP",
                           name='ktp "asli".png', content=_png())


def test_owner_downloads_as_an_attachment_and_the_read_is_audited(login, employee, document):
    response = login(employee).get(reverse("people:document-download", args=[document.public_id]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert document.original_name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == _png()
    assert AuditEvent.objects.filter(action="people.document_downloaded", actor=employee.user).count() == 1


@pytest.mark.parametrize("persona", ["peer", "supervisor", "other_pemda_admin"])
def test_others_cannot_download(login, world, document, persona):
    response = login(getattr(world, persona)).get(reverse("people:document-download", args=[document.public_id]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="people.document_downloaded").exists()
