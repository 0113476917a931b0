"""Health data of leave (doctor's letters, sick-leave reasons): the applicant, the approvers at their step and HR.

Before this policy the Sekda (executive), the Inspektorat (auditor) and every
unit head above the applicant downloaded doctor's letters.
"""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from pamong.approvals.models import ActingAssignment
from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave import documents
from pamong.leave.tests.factories import pdf_upload, submit
from pamong.leave.tests.test_documents import flat, text_of

pytestmark = pytest.mark.django_db
REASON = "Demam berdarah, rawat inap"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.fixture
def sick(leave_world):
    """The employee's sick leave with a doctor's letter, awaiting the supervisor (then the unit head)."""
    return submit(leave_world.employee, leave_type="CS", ground="illness", start_date=date(2026, 6, 2),
                  end_date=date(2026, 6, 3), reason=REASON, uploads=[pdf_upload()])


def _download(application) -> str:
    return reverse("leave:attachment-download", args=[application.attachments.get().public_id])


def _detail(application) -> str:
    return reverse("leave:application-detail", args=[application.public_id])


# persona → may read the letter and the reason while the supervisor's step is active
MATRIX = {
    "employee": True,
    "supervisor": True,
    "hr_admin": True,
    "unit_head": False,  # the second step is not reached yet
    "executive": False,
    "auditor": False,
    "peer": False,
    "outsider": False,
    "other_pemda_admin": False,
}


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_letter_download_matrix(login, leave_world, sick, persona):
    response = login(getattr(leave_world, persona)).get(_download(sick))

    assert response.status_code == (200 if MATRIX[persona] else 404)
    logged = AuditEvent.objects.filter(action="leave.attachment_downloaded").count()
    assert logged == (1 if MATRIX[persona] else 0)


def test_the_superadmin_does_not_read_doctors_letters(client, leave_world, sick, login):
    assert login(leave_world.superadmin).get(_download(sick)).status_code == 404


def test_the_unit_head_reads_the_letter_once_their_step_is_reached(login, leave_world, sick):
    client = login(leave_world.unit_head)
    assert client.get(_download(sick)).status_code == 404

    step_act(actor=leave_world.supervisor.user, step=sick.process.steps.get(state="active"), outcome="approve")

    assert client.get(_download(sick)).status_code == 200


def test_an_acting_official_of_the_active_step_reads_the_letter(login, leave_world, sick):
    # given: the auditor is Plh of the supervisor's post, whose step is active
    ActingAssignment.objects.create(
        pemda=leave_world.pemda, position=leave_world.supervisor.current_position, acting=leave_world.auditor,
        kind="plh", start_date=date(2026, 6, 1), end_date=date(2026, 6, 5), created_by=leave_world.hr_admin.user,
    )

    response = login(leave_world.auditor).get(_download(sick))

    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["employee", "supervisor", "hr_admin", "unit_head", "executive", "auditor"])
def test_the_sick_leave_reason_on_the_detail_page(login, leave_world, sick, persona):
    response = login(getattr(leave_world, persona)).get(_detail(sick))

    page = response.content.decode()
    assert response.status_code == 200
    assert (REASON in page) is MATRIX[persona]
    assert ('id="leave-attachments"' in page) is MATRIX[persona]
    reads = AuditEvent.objects.filter(action="people.sensitive_viewed", target_id=str(sick.public_id))
    # the applicant reading their own reason is not a disclosure
    assert reads.count() == (1 if MATRIX[persona] and persona != "employee" else 0)


def test_an_annual_leave_reason_is_not_health_data(login, leave_world):
    annual = submit(leave_world.employee, start_date=date(2026, 6, 8), end_date=date(2026, 6, 9),
                    reason="Acara keluarga di Makassar")

    page = login(leave_world.executive).get(_detail(annual)).content.decode()

    assert "Acara keluarga di Makassar" in page
    assert not AuditEvent.objects.filter(action="people.sensitive_viewed").exists()


def test_the_form_pdf_withholds_the_sick_leave_reason_from_the_executive(login, leave_world, sick):
    for official, step_state in ((leave_world.supervisor, "active"), (leave_world.unit_head, "active")):
        step_act(actor=official.user, step=sick.process.steps.get(state=step_state), outcome="approve")
    form = reverse("leave:application-form", args=[sick.public_id])

    executive_pdf = login(leave_world.executive).get(form)
    hr_pdf = login(leave_world.hr_admin).get(form)

    assert executive_pdf.status_code == hr_pdf.status_code == 200
    assert "Demam berdarah" not in flat(text_of(executive_pdf.content))
    assert "Demam berdarah" in flat(text_of(hr_pdf.content))
    assert "Demam berdarah" in flat(text_of(documents.leave_form_pdf(sick)))


def test_letters_of_applicants_past_retention_are_purged_with_the_trail_intact(login, leave_world, sick, settings):
    import io

    from django.core.management import call_command

    from pamong.people.models import Employee

    # given: the applicant left service six years ago (retention 5 years)
    settings.PAMONG_RETENTION_YEARS_AFTER_SERVICE = 5
    Employee.objects.filter(pk=leave_world.employee.pk).update(is_active=False, end_date=date(2020, 5, 1),
                                                               end_reason="resigned")
    attachment = sick.attachments.get()
    trail = list(AuditEvent.objects.order_by("pk").values_list("pk", "hash"))

    out = io.StringIO()
    call_command("purge_retained_documents", stdout=out)

    attachment.refresh_from_db()
    assert attachment.purged_at is not None
    assert not attachment.file.storage.exists(attachment.file.name)
    assert f"leave attachment {attachment.public_id}" in out.getvalue()
    event = AuditEvent.objects.get(action="leave.attachment_purged")
    assert event.target_id == str(sick.public_id)
    assert list(AuditEvent.objects.order_by("pk").values_list("pk", "hash")[: len(trail)]) == trail
    assert login(leave_world.hr_admin).get(_download(sick)).status_code == 404
