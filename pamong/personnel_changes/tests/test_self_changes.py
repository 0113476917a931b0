"""HR's change of their own record waits for a second HR admin of the agency (issue #8 §2).

Approving applies it through the normal people service, audited with both
actors; rejecting needs a reason; the requester, an ordinary employee and an
HR admin of another agency cannot decide.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from pamong.approvals.errors import ApprovalError
from pamong.approvals.models import ApprovalProcess, ApprovalStep
from pamong.approvals.selectors import steps_awaiting
from pamong.audit.models import AuditEvent
from pamong.people.errors import PeopleError
from pamong.people.models import Golongan, RankHistory
from pamong.people.self_changes import propose_self_change
from pamong.people.tests.factories import EmployeeFactory, PositionFactory
from pamong.personnel_changes.models import SelfChangeRequest
from pamong.personnel_changes.services import self_change_decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_admin(world):
    unit = world.hr_admin.current_unit
    return EmployeeFactory(position=PositionFactory(org_unit=unit, name="Analis SDM Aparatur Ahli Muda"),
                           name="Yohanes Patiung", roles=["hr_admin"])


def _propose_rank(world, code="III/b"):
    return propose_self_change(actor=world.hr_admin.user, employee=world.hr_admin, kind="rank",
                               params={"golongan": Golongan.objects.get(code=code),
                                       "effective_date": date(2024, 4, 1), "decree_number": "823/4/2024",
                                       "decree_date": date(2024, 3, 20), "note": "", "legal_basis": ""})


def test_hrs_own_rank_waits_for_the_second_admin_who_applies_it(world, second_admin):
    change = _propose_rank(world)
    assert change.status == "pending"
    assert RankHistory.objects.filter(employee=world.hr_admin).count() == 1
    process = ApprovalProcess.objects.get(flow="self_change", target_id=change.pk)
    [step] = process.steps.all()
    assert step.approver == second_admin
    assert step.approver_permission == "people.manage_employee"
    assert steps_awaiting(second_admin.user).filter(pk=step.pk).exists()
    assert not steps_awaiting(world.hr_admin.user).filter(pk=step.pk).exists()
    assert AuditEvent.objects.filter(action="personnel_changes.requested", actor=world.hr_admin.user).exists()

    self_change_decide(actor=second_admin.user, request=change, approve=True)

    change.refresh_from_db()
    assert (change.status, change.decided_by) == ("approved", second_admin.user)
    world.hr_admin.refresh_from_db()
    assert world.hr_admin.current_golongan.code == "III/b"
    record = RankHistory.objects.get(employee=world.hr_admin, golongan__code="III/b")
    assert record.recorded_by == second_admin.user
    applied = AuditEvent.objects.get(action="people.rank_recorded")
    assert applied.actor == second_admin.user
    approved = AuditEvent.objects.get(action="personnel_changes.approved")
    assert approved.changes["requested_by"][1] == world.hr_admin.user.username
    assert approved.changes["decided_by"][1] == second_admin.user.username


def test_the_requester_cannot_approve_their_own_change(world, second_admin):
    change = _propose_rank(world)
    with pytest.raises(PermissionDenied):
        self_change_decide(actor=world.hr_admin.user, request=change, approve=True)
    change.refresh_from_db()
    assert change.status == "pending"
    assert RankHistory.objects.filter(employee=world.hr_admin).count() == 1
    assert ApprovalStep.objects.get(process__target_id=change.pk, process__flow="self_change").state == "active"


@pytest.mark.parametrize("persona", ["employee", "unit_head", "other_pemda_admin", "auditor"])
def test_only_another_hr_admin_of_the_agency_decides(world, second_admin, persona):
    change = _propose_rank(world)
    with pytest.raises(PermissionDenied):
        self_change_decide(actor=getattr(world, persona).user, request=change, approve=True)
    change.refresh_from_db()
    assert change.status == "pending"


def test_the_second_admin_rejects_with_a_reason_and_nothing_changes(world, second_admin):
    change = _propose_rank(world)
    with pytest.raises(ApprovalError) as no_reason:
        self_change_decide(actor=second_admin.user, request=change, approve=False)
    assert no_reason.value.code == "approvals.reason_required"
    self_change_decide(actor=second_admin.user, request=change, approve=False, reason="SK belum terbit")
    change.refresh_from_db()
    assert (change.status, change.decision_reason) == ("rejected", "SK belum terbit")
    assert RankHistory.objects.filter(employee=world.hr_admin).count() == 1
    assert AuditEvent.objects.filter(action="personnel_changes.rejected", actor=second_admin.user).exists()


def test_a_people_rule_refusing_the_change_undoes_the_approval(world, second_admin):
    change = _propose_rank(world, code="IV/a")  # III/a → IV/a: a jump without legal basis
    with pytest.raises(PeopleError) as refused:
        self_change_decide(actor=second_admin.user, request=change, approve=True)
    assert refused.value.code == "people.rank_skips_ladder"
    change.refresh_from_db()
    assert change.status == "pending"
    assert ApprovalStep.objects.get(process__target_id=change.pk, process__flow="self_change").state == "active"


def test_without_a_second_admin_the_change_is_refused_and_nothing_is_written(world):
    with pytest.raises(PeopleError) as refused:
        _propose_rank(world)
    assert refused.value.code == "approvals.no_second_admin"
    assert not SelfChangeRequest.objects.exists()


def test_only_ones_own_record_goes_this_way(world, second_admin):
    with pytest.raises(PeopleError) as refused:
        propose_self_change(actor=world.hr_admin.user, employee=world.employee, kind="rank",
                            params={"golongan": Golongan.objects.get(code="III/b"),
                                    "effective_date": date(2024, 4, 1)})
    assert refused.value.code == "personnel_changes.not_own_record"


# --- Through the pages -----------------------------------------------------------------------


def test_hr_editing_their_own_rank_in_the_page_creates_a_pending_change(client, login, world, second_admin):
    login(world.hr_admin)
    response = client.post(f"/employees/{world.hr_admin.public_id}/ranks/",
                           {"golongan": Golongan.objects.get(code="III/b").pk, "effective_date": "2024-04-01",
                            "decree_number": "823/4/2024"})
    assert response.status_code == 302
    assert RankHistory.objects.filter(employee=world.hr_admin).count() == 1
    change = SelfChangeRequest.objects.get()
    assert (change.kind, change.params["golongan"], change.status) == ("rank", "III/b", "pending")


def test_hr_editing_their_own_status_in_the_page_creates_a_pending_change(client, login, world, second_admin):
    from pamong.people.services import EMPLOYEE_FIELDS  # the fields of the employee edit form

    hr = world.hr_admin
    login(hr)
    data = {name: getattr(hr, name) or "" for name in EMPLOYEE_FIELDS}
    data["first_appointment_date"] = "2005-03-01"
    data["pns_appointment_date"] = "2007-03-01"
    data["birth_date"] = hr.birth_date.isoformat()
    response = client.post(f"/employees/{hr.public_id}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = SelfChangeRequest.objects.get()
    assert change.params == {"pns_appointment_date": "2007-03-01"}
    hr.refresh_from_db()
    assert hr.pns_appointment_date == date(2006, 3, 1)


def test_the_second_admin_approves_in_the_page_and_the_requester_cannot(client, login, world, second_admin):
    change = _propose_rank(world)
    login(world.hr_admin)
    page = client.get("/hr/self-changes/")
    assert page.status_code == 200
    assert f"/hr/self-changes/{change.public_id}/decide/" not in page.content.decode()
    assert client.post(f"/hr/self-changes/{change.public_id}/decide/", {"outcome": "approve"}).status_code == 403
    change.refresh_from_db()
    assert change.status == "pending"

    login(second_admin)
    page = client.get("/hr/self-changes/")
    assert f"/hr/self-changes/{change.public_id}/decide/" in page.content.decode()
    response = client.post(f"/hr/self-changes/{change.public_id}/decide/", {"outcome": "approve"})
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "approved"


def test_other_agencies_do_not_see_the_change(client, login, world, second_admin):
    change = _propose_rank(world)
    login(world.other_pemda_admin)
    assert change.summary not in client.get("/hr/self-changes/?show=all").content.decode()
    assert client.post(f"/hr/self-changes/{change.public_id}/decide/", {"outcome": "approve"}).status_code == 404


def test_without_a_second_admin_the_page_says_so_and_writes_nothing(client, login, world):
    login(world.hr_admin)
    response = client.post(f"/employees/{world.hr_admin.public_id}/ranks/",
                           {"golongan": Golongan.objects.get(code="III/b").pk, "effective_date": "2024-04-01",
                            "decree_number": "823/4/2024"})
    assert response.status_code == 422
    assert not SelfChangeRequest.objects.exists()
    assert RankHistory.objects.filter(employee=world.hr_admin).count() == 1


def test_the_htmx_rank_form_on_ones_own_profile_reloads_it_with_the_notice(client, login, world, second_admin):
    login(world.hr_admin)
    response = client.post(f"/employees/{world.hr_admin.public_id}/ranks/",
                           {"golongan": Golongan.objects.get(code="III/b").pk, "effective_date": "2024-04-01",
                            "decree_number": "823/4/2024"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/employees/{world.hr_admin.public_id}/"
    assert SelfChangeRequest.objects.filter(status="pending").count() == 1
    page = client.get(response["HX-Redirect"])
    assert "another HR admin" in page.content.decode() or "admin BKPSDM lain" in page.content.decode()


def test_the_requester_withdraws_a_pending_change_and_nobody_else_can(client, login, world, second_admin):
    change = _propose_rank(world)
    login(second_admin)
    assert client.post(f"/hr/self-changes/{change.public_id}/cancel/").status_code == 403
    login(world.hr_admin)
    response = client.post(f"/hr/self-changes/{change.public_id}/cancel/")
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == "cancelled"
    process = ApprovalProcess.objects.get(flow="self_change", target_id=change.pk)
    assert process.status == "cancelled"
    assert not steps_awaiting(second_admin.user).filter(process=process).exists()
    assert AuditEvent.objects.filter(action="personnel_changes.cancelled", actor=world.hr_admin.user).exists()
    # A withdrawn change can no longer be decided.
    login(second_admin)
    client.post(f"/hr/self-changes/{change.public_id}/decide/", {"outcome": "approve"})
    change.refresh_from_db()
    assert change.status == "cancelled"
    assert RankHistory.objects.filter(employee=world.hr_admin).count() == 1
