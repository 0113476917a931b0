"""Evidence (bukti dukung) on a realisation: files checked by content, http(s) links, figures (rules.md §1.6;
reliability-security.md G20 for uploads)."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from pamong.audit.models import AuditEvent
from pamong.performance import errors, services
from pamong.performance.audit import PerformanceAudit
from pamong.performance.errors import PerformanceError
from pamong.performance.models import Evidence

from .builders import MINIMAL_PDF, rate, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def realisation(world, plans):
    return report(world.employee, plans[2], value="10")


def test_a_pdf_is_stored_under_a_random_name_with_its_checksum_and_audited(world, realisation):
    # when the employee attaches a PDF
    evidence = services.evidence_add(actor=world.employee.user, realisation=realisation, kind="file",
                                     description="Rekap bulanan", upload=("../../Rekap Januari.pdf", MINIMAL_PDF))

    # then the file is stored by content, named safely, with its checksum
    evidence.refresh_from_db()
    assert evidence.kind == "file"
    assert evidence.original_name == "Rekap Januari.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert evidence.file.name.startswith("evidence/")
    assert evidence.file.name.endswith(".pdf")
    assert "Rekap" not in evidence.file.name
    assert evidence.file.read() == MINIMAL_PDF
    event = AuditEvent.objects.for_target(realisation).get(action=PerformanceAudit.EVIDENCE_ADDED)
    assert event.changes == {"evidence": [None, "Rekap Januari.pdf"], "kind": [None, "file"],
                             "sha256": [None, evidence.sha256]}


@pytest.mark.parametrize(("name", "content"), [
    ("laporan.pdf", b"<html><script>alert(1)</script></html>"),  # not what the extension claims
    ("laporan.exe", MINIMAL_PDF),  # a type that is not accepted
    ("laporan.pdf", b""),  # empty
    ("laporan.pdf", MINIMAL_PDF.replace(b"/Type/Catalog", b"/Type/Catalog/JavaScript")),  # a script inside
])
def test_a_file_that_is_not_a_genuine_pdf_jpg_or_png_is_refused_and_nothing_is_stored(world, realisation, name,
                                                                                     content):
    with pytest.raises(PerformanceError) as refused:
        services.evidence_add(actor=world.employee.user, realisation=realisation, kind="file", upload=(name, content))
    assert refused.value.code == errors.INVALID_DOCUMENT
    assert "upload" in refused.value.field_errors
    assert not Evidence.objects.exists()
    assert not AuditEvent.objects.filter(action=PerformanceAudit.EVIDENCE_ADDED).exists()


def test_a_file_evidence_needs_the_file(world, realisation):
    with pytest.raises(PerformanceError) as refused:
        services.evidence_add(actor=world.employee.user, realisation=realisation, kind="file")
    assert refused.value.code == errors.INVALID_EVIDENCE


def test_a_link_evidence_keeps_its_https_address(world, realisation):
    evidence = services.evidence_add(actor=world.employee.user, realisation=realisation, kind="link",
                                     url=" https://dapo.kemdikbud.go.id/rekap?bulan=1 ")
    assert evidence.url == "https://dapo.kemdikbud.go.id/rekap?bulan=1"
    assert not evidence.file


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.org/rekap.pdf", "data:text/html,x",
                                 "dapo.kemdikbud.go.id", "", "https://" + "a" * 500 + ".id"])
def test_a_link_must_be_an_http_or_https_address(world, realisation, url):
    with pytest.raises(PerformanceError) as refused:
        services.evidence_add(actor=world.employee.user, realisation=realisation, kind="link", url=url)
    assert refused.value.code == errors.INVALID_URL
    assert not Evidence.objects.exists()


def test_a_figure_evidence_keeps_its_number(world, realisation):
    evidence = services.evidence_add(actor=world.employee.user, realisation=realisation, kind="number",
                                     number="1250", description="Siswa terdata")
    assert evidence.number == 1250


@pytest.mark.parametrize("number", [None, "", "banyak"])
def test_a_figure_evidence_needs_a_number(world, realisation, number):
    with pytest.raises(PerformanceError):
        services.evidence_add(actor=world.employee.user, realisation=realisation, kind="number", number=number)
    assert not Evidence.objects.exists()


def test_an_unknown_kind_of_evidence_is_refused(world, realisation):
    with pytest.raises(PerformanceError) as refused:
        services.evidence_add(actor=world.employee.user, realisation=realisation, kind="video", url="https://x.id")
    assert refused.value.code == "performance.invalid_kind"


@pytest.mark.parametrize("persona", ["supervisor", "peer", "hr_admin", "other_pemda_admin"])
def test_only_the_owner_of_the_skp_adds_evidence(world, realisation, persona):
    with pytest.raises(PermissionDenied):
        services.evidence_add(actor=getattr(world, persona).user, realisation=realisation, kind="link",
                              url="https://example.org/rekap")
    assert not Evidence.objects.exists()


def test_no_evidence_is_added_once_the_period_is_rated(world, plans, realisation):
    rate(world, plans[2])
    with pytest.raises(PerformanceError) as refused:
        services.evidence_add(actor=world.employee.user, realisation=realisation, kind="link",
                              url="https://example.org/rekap")
    assert (refused.value.code, refused.value.http_status) == (errors.ALREADY_RATED, 409)
    assert not Evidence.objects.exists()


def test_a_realisation_has_a_bounded_number_of_evidence(world, realisation):
    for n in range(services.MAX_EVIDENCE_PER_REALISATION):
        services.evidence_add(actor=world.employee.user, realisation=realisation, kind="number", number=n)
    with pytest.raises(PerformanceError) as refused:
        services.evidence_add(actor=world.employee.user, realisation=realisation, kind="number", number=1)
    assert refused.value.code == errors.TOO_MANY_EVIDENCE
