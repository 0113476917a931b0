"""GET /leave/applications/{id}/letter.pdf: the official leave letter of approved leave only."""

import pytest

from pamong.audit.models import AuditEvent

from .conftest import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(api_as, leave_world):
    return api_as(leave_world.employee).post("/leave/applications", body()).json()["id"]


def test_no_letter_before_approval(api_as, leave_world, submitted):
    response = api_as(leave_world.employee).get(f"/leave/applications/{submitted}/letter.pdf")

    assert (response.status_code, response.json()["code"]) == (409, "leave.not_approved")


@pytest.mark.parametrize("persona", ["employee", "supervisor", "unit_head", "hr_admin"])
def test_the_letter_of_approved_leave_is_a_pdf_attachment_and_the_download_is_logged(
    api_as, leave_world, submitted, persona
):
    api_as(leave_world.supervisor).post(f"/leave/applications/{submitted}/consider", {"outcome": "approve"})
    api_as(leave_world.unit_head).post(f"/leave/applications/{submitted}/decide", {"outcome": "approve"})

    response = api_as(getattr(leave_world, persona)).get(f"/leave/applications/{submitted}/letter.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="surat-izin-cuti-{leave_world.employee.nip}-20260706.pdf"')
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="leave.document_downloaded").count() == 1
