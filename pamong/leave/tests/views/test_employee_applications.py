"""My applications, one application, cancelling it, downloading its documents."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.choices import LeaveStatus
from pamong.leave.models import LeaveApplication
from pamong.leave.tests.factories import MINIMAL_PDF, pdf_upload, submit

pytestmark = pytest.mark.django_db
LIST = reverse("leave:application-list")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


@pytest.fixture
def application(leave_world):
    """The employee's sick leave with a doctor's letter, awaiting the supervisor."""
    return submit(leave_world.employee, leave_type="CS", ground="illness", start_date=date(2026, 6, 2),
                  end_date=date(2026, 6, 3), uploads=[pdf_upload()])


def _detail(application) -> str:
    return reverse("leave:application-detail", args=[application.public_id])


def _cancel(application) -> str:
    return reverse("leave:application-cancel", args=[application.public_id])


# --- My applications ----------------------------------------------------------------------------


def test_my_list_shows_only_my_own_applications(login, leave_world, application):
    theirs = submit(leave_world.peer, start_date=date(2026, 7, 6), end_date=date(2026, 7, 8))

    mine = login(leave_world.employee).get(LIST).content.decode()
    # The supervisor sees the employee's application elsewhere (the queue), not in their own list.
    supervisors = login(leave_world.supervisor).get(LIST).content.decode()

    assert f'id="leave-application-{application.public_id}"' in mine
    assert f'id="leave-application-{theirs.public_id}"' not in mine
    assert f'id="leave-application-{application.public_id}"' not in supervisors


def test_list_filters_by_type_status_and_year(login, leave_world, application):
    annual = submit(leave_world.employee, start_date=date(2026, 7, 6), end_date=date(2026, 7, 8))
    client = login(leave_world.employee)

    by_type = client.get(LIST, {"leave_type": "CT"}).content.decode()
    by_year = client.get(LIST, {"year": "2025"}).content.decode()
    by_status = client.get(LIST, {"status": "cancelled"}).content.decode()

    assert f"leave-application-{annual.public_id}" in by_type
    assert f"leave-application-{application.public_id}" not in by_type
    assert "leave-application-" not in by_year.split('id="leave-application-results"')[1]
    assert f"leave-application-{annual.public_id}" not in by_status


def test_htmx_request_renders_only_the_results_partial(login, leave_world, application):
    response = login(leave_world.employee).get(LIST, {"year": "2026"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.strip().startswith('<section id="leave-application-results"')
    assert f'id="leave-application-{application.public_id}"' in body


def test_list_queries_do_not_grow_with_rows(login, leave_world):
    client = login(leave_world.employee)

    def add_applications(count: int, first_day: int) -> None:
        # One-day leaves on distinct working days of July–August 2026 (no overlap, balance 12).
        days = [date(2026, 7, 6), date(2026, 7, 7), date(2026, 7, 8), date(2026, 7, 9), date(2026, 7, 10),
                date(2026, 7, 13), date(2026, 7, 14), date(2026, 7, 15), date(2026, 7, 16), date(2026, 7, 17)]
        for day in days[first_day:first_day + count]:
            submit(leave_world.employee, start_date=day, end_date=day)

    add_applications(1, 0)
    client.get(LIST)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as one_row:
        client.get(LIST)

    add_applications(9, 1)
    with CaptureQueriesContext(connection) as ten_rows:
        response = client.get(LIST)

    assert response.content.decode().count('<tr id="leave-application-') == 10
    assert len(ten_rows.captured_queries) == len(one_row.captured_queries)


# --- One application ------------------------------------------------------------------------------


def test_the_applicant_sees_every_field_the_timeline_and_the_documents(login, leave_world, application):
    response = login(leave_world.employee).get(_detail(application))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="leave-status" data-status="submitted"' in body
    assert 'id="leave-working-days">2<' in body
    assert application.address in body
    assert 'id="leave-timeline"' in body
    assert leave_world.supervisor.full_name in body
    assert leave_world.unit_head.full_name in body
    attachment = application.attachments.get()
    assert reverse("leave:attachment-download", args=[attachment.public_id]) in body
    assert 'id="leave-cancel-form"' in body


def test_the_supervisor_sees_it_without_the_cancel_button(login, leave_world, application):
    response = login(leave_world.supervisor).get(_detail(application))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="leave-cancel-form"' not in body


def test_the_timeline_shows_who_acted_and_how(login, leave_world, application):
    step = application.process.steps.order_by("order").first()
    step_act(actor=leave_world.supervisor.user, step=step, outcome="approve", reason="Silakan")

    body = login(leave_world.employee).get(_detail(application)).content.decode()

    assert f'id="leave-step-{step.public_id}" data-state="done"' in body
    assert 'data-outcome="approve"' in body
    assert "Silakan" in body
    assert 'data-status="considered"' in body


def test_only_the_approver_whose_turn_it_is_gets_the_link_to_act(login, leave_world, application):
    try:
        act_url = reverse("leave:application-act", args=[application.public_id])
    except NoReverseMatch:
        pytest.skip("the approvers' pages are not routed")

    supervisor = login(leave_world.supervisor).get(_detail(application)).content.decode()
    unit_head = login(leave_world.unit_head).get(_detail(application)).content.decode()  # second step, waiting
    applicant = login(leave_world.employee).get(_detail(application)).content.decode()

    assert f'href="{act_url}"' in supervisor
    assert f'href="{act_url}"' not in unit_head
    assert f'href="{act_url}"' not in applicant


@pytest.mark.parametrize("persona", ["outsider", "peer", "other_pemda_admin"])
def test_out_of_scope_application_is_not_found(login, leave_world, application, persona):
    response = login(getattr(leave_world, persona)).get(_detail(application))

    assert response.status_code == 404


# --- Cancelling ---------------------------------------------------------------------------------


def test_the_applicant_cancels_an_open_application(login, leave_world, application):
    response = login(leave_world.employee).post(_cancel(application), {"reason": "Sudah sembuh"})

    application.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == _detail(application)
    assert application.status == LeaveStatus.CANCELLED
    event = AuditEvent.objects.get(action="leave.application_cancelled")
    assert event.changes["reason"] == [None, "Sudah sembuh"]


def test_cancelling_needs_a_reason(login, leave_world, application):
    response = login(leave_world.employee).post(_cancel(application), {"reason": ""})

    application.refresh_from_db()
    assert response.status_code == 422
    assert 'id="leave-cancel-form"' in response.content.decode()
    assert application.status == LeaveStatus.SUBMITTED


@pytest.mark.parametrize(("persona", "status"), [
    ("supervisor", 403),  # sees it, may not withdraw someone else's request
    ("hr_admin", 403),
    ("peer", 404),
    ("outsider", 404),
    ("other_pemda_admin", 404),
])
def test_others_cannot_cancel(login, leave_world, application, persona, status):
    audit_before = AuditEvent.objects.count()

    response = login(getattr(leave_world, persona)).post(_cancel(application), {"reason": "x"})

    application.refresh_from_db()
    assert response.status_code == status
    assert application.status == LeaveStatus.SUBMITTED
    assert AuditEvent.objects.count() == audit_before


def test_a_decided_application_can_no_longer_be_cancelled(login, leave_world, application):
    for official in (leave_world.supervisor, leave_world.unit_head):
        step = application.process.steps.get(state="active")
        assert step.approver == official
        step_act(actor=official.user, step=step, outcome="approve")
    client = login(leave_world.employee)

    assert 'id="leave-cancel-form"' not in client.get(_detail(application)).content.decode()
    response = client.post(_cancel(application), {"reason": "Batal"}, follow=True)

    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    assert 'class="alert alert-danger' in response.content.decode()


# --- Documents ------------------------------------------------------------------------------------


def _download(application) -> str:
    return reverse("leave:attachment-download", args=[application.attachments.get().public_id])


# The unit head (second step) reads the letter once their step is reached: pamong/leave/tests/test_privacy.py.
@pytest.mark.parametrize("persona", ["employee", "supervisor", "hr_admin"])
def test_the_applicant_officials_and_hr_download_and_the_read_is_audited(login, leave_world, application, persona):
    response = login(getattr(leave_world, persona)).get(_download(application))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    event = AuditEvent.objects.get(action="leave.attachment_downloaded")
    assert event.target_id == str(application.public_id)
    assert event.actor == getattr(leave_world, persona).user


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_others_cannot_download(login, leave_world, application, persona):
    response = login(getattr(leave_world, persona)).get(_download(application))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="leave.attachment_downloaded").exists()


def test_nothing_is_created_by_reading(login, leave_world, application):
    client = login(leave_world.employee)

    client.get(_detail(application))
    client.get(LIST)

    assert LeaveApplication.objects.count() == 1
