"""Consideration and decision through the real forms: outcomes, reasons, refusals, Plt/Plh, conflicts."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from pamong.approvals.audit import ApprovalAudit
from pamong.approvals.models import ActingAssignment
from pamong.audit.models import AuditEvent
from pamong.leave.choices import LeaveStatus
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.selectors import balances_for
from pamong.leave.tests.factories import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def act_url(application) -> str:
    return reverse("leave:application-act", args=[application.public_id])


def step_of(application, order: int):
    return application.process.steps.get(order=order)


def answer(client, application, order: int, **fields):
    data = {"step": str(step_of(application, order).public_id), "outcome": "approve", **fields}
    return client.post(act_url(application), data)


def test_a_consideration_then_a_decision_approve_and_book_the_ledger(login, leave_world):
    # given
    world = leave_world
    application = submit(world.employee)
    assert balances_for([world.employee.pk], 2026) == {world.employee.pk: 12}

    # when the atasan langsung considers and the official decides, through the forms
    supervisor = login(world.supervisor)
    form_page = supervisor.get(act_url(application))
    considered = answer(supervisor, application, 0)
    decided = answer(login(world.unit_head), application, 1)

    # then
    assert form_page.status_code == 200
    assert str(step_of(application, 0).public_id) in form_page.content.decode()
    assert considered.status_code == 302
    assert considered["Location"] == reverse("leave:queue")
    assert decided.status_code == 302
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    assert balances_for([world.employee.pk], 2026) == {world.employee.pk: 9}
    assert LeaveLedgerEntry.objects.filter(application=application, kind="usage").count() == 1


def test_the_decision_page_shows_the_earlier_consideration_and_the_balance(login, leave_world):
    world = leave_world
    application = submit(world.employee)
    answer(login(world.supervisor), application, 0)

    body = login(world.unit_head).get(act_url(application)).content.decode()

    assert 'data-step-outcome="approve"' in body
    # The one balance (issue #9): 12 days before this request, as in the queue; 9 left after its 3 days.
    assert 'data-available="12"' in body
    assert 'data-after="9"' in body


def test_an_approval_with_changes_moves_the_dates_and_books_the_new_length(login, leave_world):
    world = leave_world
    application = submit(world.employee)  # Mon 6 – Wed 8 July 2026, 3 working days
    answer(login(world.supervisor), application, 0)

    response = answer(login(world.unit_head), application, 1, outcome="change", reason="Rapat dinas tanggal 6 Juli",
                      start_date="2026-07-07", end_date="2026-07-08")

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    assert (application.start_date, application.end_date, application.working_days) == (
        date(2026, 7, 7), date(2026, 7, 8), 2)
    assert application.original_start_date == date(2026, 7, 6)
    assert balances_for([world.employee.pk], 2026) == {world.employee.pk: 10}


def test_a_change_without_new_dates_is_refused_on_the_form(login, leave_world):
    world = leave_world
    application = submit(world.employee)

    response = answer(login(world.supervisor), application, 0, outcome="change", reason="Lain waktu")

    assert response.status_code == 422
    assert response.context["form"].errors["start_date"]
    assert step_of(application, 0).state == "active"


@pytest.mark.parametrize("outcome", ["reject", "defer", "change"])
def test_a_refusal_deferral_or_change_without_a_reason_is_422_and_changes_nothing(login, leave_world, outcome):
    # given
    world = leave_world
    application = submit(world.employee)
    before = AuditEvent.objects.count()
    dates = {"start_date": "2026-07-07", "end_date": "2026-07-08"} if outcome == "change" else {}

    # when
    response = answer(login(world.supervisor), application, 0, outcome=outcome, reason="  ", **dates)

    # then the service's field error is on the form, and nothing moved
    assert response.status_code == 422
    assert response.context["form"].errors["reason"]
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == LeaveStatus.SUBMITTED
    assert step_of(application, 0).state == "active"
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["outsider", "other_pemda_admin"])
def test_outsiders_get_404_on_the_form_and_the_post(login, leave_world, persona):
    application = submit(leave_world.employee)
    client = login(getattr(leave_world, persona))

    assert client.get(act_url(application)).status_code == 404
    assert answer(client, application, 0).status_code == 404
    assert step_of(application, 0).state == "active"


def test_a_visible_application_without_the_actors_turn_is_403(login, leave_world):
    # The unit head sees the request (their unit) but the consideration is the supervisor's.
    application = submit(leave_world.employee)
    client = login(leave_world.unit_head)

    assert client.get(act_url(application)).status_code == 403
    assert answer(client, application, 0).status_code == 403
    assert answer(client, application, 1).status_code == 409  # their own step, not active yet


def test_nobody_answers_their_own_request_even_as_acting_official_of_their_supervisors_post(login, leave_world):
    # given the employee is (wrongly) made Plh of the supervisor's post
    world = leave_world
    application = submit(world.employee)
    ActingAssignment.objects.create(
        pemda=world.pemda, position=world.division_head_position, acting=world.employee, kind="plh",
        start_date=date(2026, 6, 1), end_date=date(2026, 6, 30), created_by=world.hr_admin.user,
    )
    client = login(world.employee)

    # when they try to consider their own request
    form_page = client.get(act_url(application))
    posted = answer(client, application, 0)
    queue = client.get(reverse("leave:queue")).content.decode()

    # then
    assert form_page.status_code == 403
    assert posted.status_code == 403
    assert str(application.public_id) not in queue
    assert step_of(application, 0).state == "active"


def test_an_acting_official_of_the_unit_heads_post_decides_and_the_audit_says_so(login, leave_world):
    # given the head of Dinas Kesehatan is Plt of the Kepala Dinas Pendidikan post
    world = leave_world
    assignment = ActingAssignment.objects.create(
        pemda=world.pemda, position=world.head_position, acting=world.outsider, kind="plt",
        start_date=date(2026, 6, 1), end_date=date(2026, 6, 30), decree_number="800/12/BKPSDM/2026",
        created_by=world.hr_admin.user,
    )
    application = submit(world.employee)
    answer(login(world.supervisor), application, 0)

    # when
    client = login(world.outsider)
    form_page = client.get(act_url(application))
    response = answer(client, application, 1)

    # then
    assert 'data-acting="plt"' in form_page.content.decode()
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == LeaveStatus.APPROVED
    step = step_of(application, 1)
    assert step.acting_as_id == assignment.pk
    assert step.acted_by_id == world.outsider.pk
    event = AuditEvent.objects.filter(action=ApprovalAudit.STEP_ACTED).order_by("-pk").first()
    assert event.changes["acting_as"][1].startswith("Plt Kepala Dinas Pendidikan")
    assert event.changes["on_behalf_of"][1] == world.unit_head.full_name


def test_a_second_answer_to_the_same_step_is_a_409_already_answered(login, leave_world):
    application = submit(leave_world.employee)
    client = login(leave_world.supervisor)
    answer(client, application, 0)

    again = answer(client, application, 0, outcome="reject", reason="Salah klik")

    assert again.status_code == 409
    assert again.context["form"].non_field_errors()
    assert step_of(application, 0).outcome == "approve"


def test_approving_from_the_queue_row_with_htmx_swaps_the_row(login, leave_world):
    application = submit(leave_world.employee)

    response = login(leave_world.supervisor).post(
        act_url(application), {"step": str(step_of(application, 0).public_id), "outcome": "approve"},
        headers={"HX-Request": "true", "HX-Target": f"leave-application-{application.public_id}"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.strip().startswith(f'<tr id="leave-application-{application.public_id}"')
    assert 'data-answered="approve"' in body
    assert "HX-Trigger" in response.headers
    application.refresh_from_db()
    assert application.status == LeaveStatus.CONSIDERED


def test_an_htmx_refusal_keeps_the_row_and_says_why(login, leave_world):
    application = submit(leave_world.employee)

    response = login(leave_world.supervisor).post(
        act_url(application), {"step": str(step_of(application, 0).public_id), "outcome": "reject"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 422
    assert "invalid-feedback" in response.content.decode()
    assert "notice" in response.headers["HX-Trigger"]
