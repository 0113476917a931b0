"""The PDF downloads: scoped like the plan, the rating or the employee (404 outside), attachments, audited."""

import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.performance.documents import DOCUMENT_DOWNLOADED
from pamong.performance.tests.test_documents import build_line, build_rated, text_of

pytestmark = pytest.mark.django_db
INSIDE = ["employee", "supervisor", "unit_head", "hr_admin", "executive", "auditor", "superadmin"]
OUTSIDE = ["peer", "outsider", "other_pemda_admin"]


@pytest.fixture
def line(world):
    return build_line(world)


@pytest.fixture
def rated(world, line):
    return build_rated(world, line)


def _urls(world, evaluation) -> dict[str, str]:
    return {
        "skp": reverse("performance:plan-pdf", args=[evaluation.skp.public_id]),
        "evaluation": reverse("performance:evaluation-pdf", args=[evaluation.public_id]),
        "annual": reverse("performance:annual-pdf", args=[world.employee.public_id, 2026]),
    }


@pytest.mark.parametrize("kind", ["skp", "evaluation", "annual"])
@pytest.mark.parametrize("persona", INSIDE)
def test_download_is_an_audited_pdf_attachment(world, rated, login, kind, persona):
    # given someone who may see the employee's performance
    client = login(getattr(world, persona))

    # when they download the document
    response = client.get(_urls(world, rated)[kind])

    # then a PDF attachment named after the NIP
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert world.employee.nip in response["Content-Disposition"]
    assert world.employee.nip in text_of(response.content)
    # and the download is in the audit trail
    event = AuditEvent.objects.get(action=DOCUMENT_DOWNLOADED)
    assert event.changes["document"] == [None, kind]
    target = {"skp": rated.skp, "evaluation": rated, "annual": world.employee}[kind]
    assert event.target_id == str(target.public_id)


@pytest.mark.parametrize("kind", ["skp", "evaluation", "annual"])
@pytest.mark.parametrize("persona", OUTSIDE)
def test_out_of_scope_is_not_found_and_not_audited(world, rated, login, kind, persona):
    response = login(getattr(world, persona)).get(_urls(world, rated)[kind])

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=DOCUMENT_DOWNLOADED).exists()


@pytest.mark.parametrize("year", [2025, 1999, 3000])
def test_annual_document_of_a_year_without_an_skp_is_not_found(world, rated, login, year):
    response = login(world.employee).get(reverse("performance:annual-pdf", args=[world.employee.public_id, year]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=DOCUMENT_DOWNLOADED).exists()


def test_unknown_ids_are_not_found(world, login):
    client = login(world.hr_admin)
    unknown = "00000000-0000-4000-8000-000000000000"

    for name in ("performance:plan-pdf", "performance:evaluation-pdf"):
        assert client.get(reverse(name, args=[unknown])).status_code == 404
    assert client.get(reverse("performance:annual-pdf", args=[unknown, 2026])).status_code == 404


def test_documents_are_get_only(world, rated, login):
    response = login(world.employee).post(_urls(world, rated)["skp"])

    assert response.status_code == 405
