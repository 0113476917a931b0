"""Approving several requests from the queue: each one through step_act, in its own transaction, audited alone."""

import uuid
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pamong.approvals.audit import ApprovalAudit
from pamong.approvals.services import step_act
from pamong.audit.models import AuditEvent
from pamong.leave.audit import LeaveAudit
from pamong.leave.bulk_approval import BULK_APPROVE_LIMIT, leave_applications_bulk_approve
from pamong.leave.choices import LeaveStatus, LedgerKind
from pamong.leave.errors import LeaveError
from pamong.leave.models import LeaveLedgerEntry
from pamong.leave.tests.factories import open_years, submit
from pamong.people.tests.factories import EmployeeFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-06-01 09:00+08:00", tick=False):
        yield


def _considered(world, application):
    step_act(actor=world.supervisor.user, step=application.process.steps.get(order=0), outcome="approve")
    application.refresh_from_db()
    return application


def _statuses(*applications):
    for application in applications:
        application.refresh_from_db()
    return [application.status for application in applications]


def test_the_supervisor_considers_two_requests_at_once_each_audited(leave_world):
    # given two subordinates' requests in the supervisor's queue
    world = leave_world
    first = submit(world.employee)
    second = submit(world.peer)

    # when
    results = leave_applications_bulk_approve(actor=world.supervisor.user,
                                              public_ids=[first.public_id, second.public_id])

    # then both passed to the official, one audit trail per request
    assert [(r.public_id, r.approved) for r in results] == [(first.public_id, True), (second.public_id, True)]
    assert _statuses(first, second) == [LeaveStatus.CONSIDERED, LeaveStatus.CONSIDERED]
    considered = AuditEvent.objects.filter(action=LeaveAudit.APPLICATION_CONSIDERED)
    assert sorted(considered.values_list("target_id", flat=True)) == sorted([str(first.public_id), str(second.public_id)])
    assert AuditEvent.objects.filter(action=ApprovalAudit.STEP_ACTED, actor=world.supervisor.user).count() == 2


def test_the_official_decides_several_and_each_books_its_own_balance(leave_world):
    world = leave_world
    first = _considered(world, submit(world.employee))
    second = _considered(world, submit(world.peer))

    results = leave_applications_bulk_approve(actor=world.unit_head.user,
                                              public_ids=[first.public_id, second.public_id])

    assert all(result.approved for result in results)
    assert _statuses(first, second) == [LeaveStatus.APPROVED, LeaveStatus.APPROVED]
    assert AuditEvent.objects.filter(action=LeaveAudit.APPLICATION_DECIDED).count() == 2
    for application in (first, second):
        assert LeaveLedgerEntry.objects.filter(application=application, kind=LedgerKind.USAGE).exists()


def test_refused_items_carry_their_reason_and_the_others_still_succeed(leave_world):
    # given: one request the official may decide, one whose balance is gone, one still at the supervisor's
    # step, one of another agency and an id that does not exist
    world = leave_world
    good = _considered(world, submit(world.employee))
    short = _considered(world, submit(world.peer))
    LeaveLedgerEntry.objects.create(employee=world.peer, pot_year=2026, entry_date=date(2026, 6, 1),
                                    kind=LedgerKind.OPENING, days=-12, note="used elsewhere")
    not_yet = submit(EmployeeFactory(position=PositionFactory(
        org_unit=world.division, supervisor_position=world.division_head_position)))
    ids = [good.public_id, short.public_id, not_yet.public_id, uuid.uuid4()]
    events_before = AuditEvent.objects.count()

    # when
    results = {r.public_id: r for r in leave_applications_bulk_approve(actor=world.unit_head.user, public_ids=ids)}

    # then
    assert results[good.public_id].approved
    assert results[short.public_id].code == "leave.insufficient_balance"
    assert results[not_yet.public_id].code == "leave.not_your_step"
    assert results[ids[3]].code == "leave.not_found"
    assert all(not results[i].approved for i in ids[1:])
    assert all(results[i].reason for i in ids[1:])
    assert _statuses(good, short, not_yet) == [LeaveStatus.APPROVED, LeaveStatus.CONSIDERED, LeaveStatus.SUBMITTED]
    # only the approved request wrote audit rows: the refused ones rolled back with nothing left behind
    written = AuditEvent.objects.order_by("pk")[events_before:]
    assert {event.target_id for event in written if event.action == LeaveAudit.APPLICATION_DECIDED} == {
        str(good.public_id)}
    assert not LeaveLedgerEntry.objects.filter(application=short).exists()


@pytest.mark.parametrize("persona", ["other_pemda_admin", "outsider", "peer"])
def test_someone_outside_the_line_gets_not_found_and_nothing_changes(leave_world, persona):
    # another agency's HR admin, another OPD's head, a colleague: none of them sees the request to answer it
    world = leave_world
    application = submit(world.employee)

    (result,) = leave_applications_bulk_approve(actor=getattr(world, persona).user,
                                                public_ids=[application.public_id])

    assert result.approved is False
    assert result.code in {"leave.not_found", "leave.not_your_step"}
    assert _statuses(application) == [LeaveStatus.SUBMITTED]
    assert not AuditEvent.objects.filter(action=ApprovalAudit.STEP_ACTED).exists()


def test_a_request_answered_meanwhile_is_reported_already_decided_or_not_waiting(leave_world):
    world = leave_world
    application = submit(world.employee)
    leave_applications_bulk_approve(actor=world.supervisor.user, public_ids=[application.public_id])

    (again,) = leave_applications_bulk_approve(actor=world.supervisor.user, public_ids=[application.public_id])

    assert again.approved is False
    assert again.code == "leave.not_your_step"
    assert AuditEvent.objects.filter(action=LeaveAudit.APPLICATION_CONSIDERED).count() == 1


def test_an_approver_never_approves_their_own_request(leave_world):
    # given the supervisor (who has a queue of their own) asks for leave; the Kepala Dinas answers it
    world = leave_world
    application = submit(world.supervisor)

    (result,) = leave_applications_bulk_approve(actor=world.supervisor.user, public_ids=[application.public_id])

    assert result.code == "leave.own_request"
    assert _statuses(application) == [LeaveStatus.SUBMITTED]


@pytest.mark.parametrize(("count", "code"), [(0, "leave.bulk_nothing_selected"),
                                             (BULK_APPROVE_LIMIT + 1, "leave.bulk_too_many")])
def test_nothing_or_too_many_selected_is_refused_before_anything_is_written(leave_world, count, code):
    world = leave_world
    application = submit(world.employee)
    ids = [application.public_id] + [uuid.uuid4() for _ in range(count - 1)] if count else []
    events_before = AuditEvent.objects.count()

    with pytest.raises(LeaveError) as refused:
        leave_applications_bulk_approve(actor=world.supervisor.user, public_ids=ids)

    assert refused.value.code == code
    assert AuditEvent.objects.count() == events_before
    assert _statuses(application) == [LeaveStatus.SUBMITTED]


def test_queries_grow_by_a_fixed_amount_per_request_not_with_the_queue(leave_world):
    world = leave_world

    def requests(count):
        made = []
        for _ in range(count):
            report = EmployeeFactory(position=PositionFactory(
                org_unit=world.division, supervisor_position=world.division_head_position))
            open_years(report, 2026)
            made.append(submit(report).public_id)
        return made

    def queries_for(ids):
        with CaptureQueriesContext(connection) as captured:
            results = leave_applications_bulk_approve(actor=world.supervisor.user, public_ids=ids)
        assert all(result.approved for result in results)
        return len(captured.captured_queries)

    queries_for(requests(1))  # warm per-process caches
    one, two, four = queries_for(requests(1)), queries_for(requests(2)), queries_for(requests(4))

    per_request = two - one
    assert four - two == 2 * per_request
    assert per_request < 60
