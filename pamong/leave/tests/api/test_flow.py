"""consider → decide → balance; who may answer which step; cancel and revoke (POST sub-resources)."""

import pytest

from pamong.approvals.models import ApprovalStep
from pamong.leave.choices import LeaveStatus
from pamong.leave.models import LeaveApplication, LeaveLedgerEntry

from .conftest import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(api_as, leave_world):
    """The employee's CT (3 working days) waiting for the supervisor's consideration."""
    response = api_as(leave_world.employee).post("/leave/applications", body())
    assert response.status_code == 201, response.content
    return response.json()["id"]


def _consider(api_as, world, application_id, outcome="approve", **extra):
    return api_as(world.supervisor).post(
        f"/leave/applications/{application_id}/consider", {"outcome": outcome, **extra}
    )


def test_consider_then_decide_approves_and_the_balance_shows_the_usage(api_as, leave_world, submitted):
    # when the supervisor considers and the head of the Dinas decides
    considered = _consider(api_as, leave_world, submitted)
    decided = api_as(leave_world.unit_head).post(f"/leave/applications/{submitted}/decide", {"outcome": "approve"})

    # then the application is approved, both steps are recorded, and the ledger has the usage line
    assert considered.status_code == 200, considered.content
    assert considered.json()["status"] == LeaveStatus.CONSIDERED
    assert decided.status_code == 200, decided.content
    detail = decided.json()
    assert detail["status"] == LeaveStatus.APPROVED
    assert [(s["is_binding"], s["state"], s["outcome"]) for s in detail["steps"]] == [
        (False, "done", "approve"), (True, "done", "approve")
    ]
    balance = api_as(leave_world.employee).get("/leave/balance", {"year": 2026}).json()
    usage = [line for line in balance["lines"] if line["kind"] == "usage"]
    assert usage == [{"entry_date": "2026-06-01", "pot_year": 2026, "kind": "usage", "days": -3, "note": usage[0]["note"],
                      "application": submitted}]
    assert balance["pots"]["n"] == 9
    assert balance["available"] == 9
    assert balance["pending_days"] == 0


def test_the_supervisor_cannot_decide_the_binding_step(api_as, leave_world, submitted):
    assert _consider(api_as, leave_world, submitted).status_code == 200

    response = api_as(leave_world.supervisor).post(f"/leave/applications/{submitted}/decide", {"outcome": "approve"})

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert LeaveApplication.objects.get().status == LeaveStatus.CONSIDERED


def test_a_second_answer_conflicts(api_as, leave_world, submitted):
    assert _consider(api_as, leave_world, submitted).status_code == 200
    again = _consider(api_as, leave_world, submitted, outcome="reject", reason="Beban kerja")
    decide = api_as(leave_world.unit_head).post
    assert decide(f"/leave/applications/{submitted}/decide", {"outcome": "approve"}).status_code == 200
    decided_again = decide(f"/leave/applications/{submitted}/decide", {"outcome": "reject", "reason": "Salah"})

    assert (again.status_code, again.json()["code"]) == (409, "approvals.step_not_active")
    assert (decided_again.status_code, decided_again.json()["code"]) == (409, "approvals.step_not_active")
    assert LeaveApplication.objects.get().status == LeaveStatus.APPROVED


def test_the_official_waits_for_the_consideration(api_as, leave_world, submitted):
    response = api_as(leave_world.unit_head).post(f"/leave/applications/{submitted}/decide", {"outcome": "approve"})

    assert (response.status_code, response.json()["code"]) == (409, "leave.awaiting_consideration")
    assert api_as(leave_world.supervisor).post(
        f"/leave/applications/{submitted}/decide", {"outcome": "approve"}
    ).json()["code"] == "leave.use_consider"


def test_one_merged_step_is_decided_not_considered(api_as, leave_world):
    # The Kepala Bidang's atasan langsung is the Kepala Dinas, who also grants: one binding step.
    created = api_as(leave_world.supervisor).post("/leave/applications", body())
    assert created.status_code == 201, created.content
    application_id = created.json()["id"]
    assert [s["is_binding"] for s in created.json()["steps"]] == [True]
    official = api_as(leave_world.unit_head)

    considered = official.post(f"/leave/applications/{application_id}/consider", {"outcome": "approve"})
    decided = official.post(f"/leave/applications/{application_id}/decide", {"outcome": "approve"})

    assert (considered.status_code, considered.json()["code"]) == (409, "leave.use_decide")
    assert decided.status_code == 200
    assert decided.json()["status"] == LeaveStatus.APPROVED


@pytest.mark.parametrize("persona", ["employee", "hr_admin", "executive", "auditor", "superadmin"])
def test_who_sees_the_application_but_has_no_step_is_forbidden(api_as, leave_world, submitted, persona):
    client = api_as(getattr(leave_world, persona))

    for transition in ("consider", "decide"):
        response = client.post(f"/leave/applications/{submitted}/{transition}", {"outcome": "approve"})
        assert response.status_code == 403, (transition, response.content)
    assert ApprovalStep.objects.filter(state="done").count() == 0


@pytest.mark.parametrize("persona", ["peer", "outsider", "other_pemda_admin"])
def test_out_of_scope_application_is_not_found(api_as, leave_world, submitted, persona):
    client = api_as(getattr(leave_world, persona))

    assert client.get(f"/leave/applications/{submitted}").status_code == 404
    for transition, payload in (("consider", {"outcome": "approve"}), ("decide", {"outcome": "approve"}),
                                ("cancel", {}), ("revoke", {"reason": "x"})):
        response = client.post(f"/leave/applications/{submitted}/{transition}", payload)
        assert (response.status_code, response.json()["code"]) == (404, "not_found"), transition
    assert client.get(f"/leave/applications/{submitted}/letter.pdf").status_code == 404


def test_a_refusal_needs_a_reason(api_as, leave_world, submitted):
    response = _consider(api_as, leave_world, submitted, outcome="reject")

    assert (response.status_code, response.json()["code"]) == (422, "approvals.reason_required")
    assert "reason" in response.json()["extra"]["fields"]


def test_rejection_books_nothing(api_as, leave_world, submitted):
    _consider(api_as, leave_world, submitted)
    response = api_as(leave_world.unit_head).post(
        f"/leave/applications/{submitted}/decide", {"outcome": "reject", "reason": "Akhir tahun anggaran"}
    )

    assert response.json()["status"] == LeaveStatus.REJECTED
    assert response.json()["decision_reason"] == "Akhir tahun anggaran"
    assert not LeaveLedgerEntry.objects.filter(kind="usage").exists()


def test_approval_with_changed_dates(api_as, leave_world, submitted):
    _consider(api_as, leave_world, submitted)
    official = api_as(leave_world.unit_head)

    response = official.post(f"/leave/applications/{submitted}/decide", {
        "outcome": "change", "reason": "Rapat kerja pada 8 Juli", "start_date": "2026-07-06", "end_date": "2026-07-07",
    })

    assert response.status_code == 200, response.content
    detail = response.json()
    assert detail["status"] == LeaveStatus.APPROVED
    assert (detail["start_date"], detail["end_date"], detail["working_days"]) == ("2026-07-06", "2026-07-07", 2)
    assert (detail["original_start_date"], detail["original_end_date"]) == ("2026-07-06", "2026-07-08")
    assert LeaveLedgerEntry.objects.get(kind="usage").days == -2


@pytest.mark.parametrize(
    "payload",
    [
        {"outcome": "change", "reason": "Rapat", "start_date": "2026-07-06"},
        {"outcome": "approve", "start_date": "2026-07-06", "end_date": "2026-07-07"},
    ],
)
def test_dates_go_with_a_change_only(api_as, leave_world, submitted, payload):
    _consider(api_as, leave_world, submitted)

    response = api_as(leave_world.unit_head).post(f"/leave/applications/{submitted}/decide", payload)

    assert (response.status_code, response.json()["code"]) == (422, "leave.invalid_change")
    assert LeaveApplication.objects.get().status == LeaveStatus.CONSIDERED


def test_a_change_that_breaks_a_rule_is_refused_with_the_violations(api_as, leave_world, submitted):
    _consider(api_as, leave_world, submitted)

    response = api_as(leave_world.unit_head).post(f"/leave/applications/{submitted}/decide", {
        "outcome": "change", "reason": "Geser", "start_date": "2026-07-06", "end_date": "2026-07-31",
    })

    assert "leave.insufficient_balance" in {v["code"] for v in response.json()["extra"]["violations"]}
    assert LeaveApplication.objects.get().status == LeaveStatus.CONSIDERED
    assert ApprovalStep.objects.filter(is_binding=True, state="active").exists()  # nothing half-written


def test_an_outcome_outside_the_four_is_invalid(api_as, leave_world, submitted):
    response = _consider(api_as, leave_world, submitted, outcome="maybe")

    assert (response.status_code, response.json()["code"]) == (422, "invalid")


# --- Cancel and revoke -------------------------------------------------------------------------


def test_the_applicant_cancels_an_undecided_application(api_as, leave_world, submitted):
    response = api_as(leave_world.employee).post(f"/leave/applications/{submitted}/cancel", {"reason": "Batal"})

    assert response.status_code == 200
    assert response.json()["status"] == LeaveStatus.CANCELLED
    assert {s["state"] for s in response.json()["steps"]} == {"cancelled"}
    assert _consider(api_as, leave_world, submitted).status_code == 409


def test_cancel_after_the_decision_conflicts(api_as, leave_world, submitted):
    _consider(api_as, leave_world, submitted)
    api_as(leave_world.unit_head).post(f"/leave/applications/{submitted}/decide", {"outcome": "approve"})

    response = api_as(leave_world.employee).post(f"/leave/applications/{submitted}/cancel", {})

    assert (response.status_code, response.json()["code"]) == (409, "leave.not_open")
    assert LeaveApplication.objects.get().status == LeaveStatus.APPROVED


def test_only_the_applicant_cancels(api_as, leave_world, submitted):
    for persona in ("supervisor", "unit_head", "hr_admin"):
        response = api_as(getattr(leave_world, persona)).post(f"/leave/applications/{submitted}/cancel", {})
        assert response.status_code == 403, persona


@pytest.fixture
def approved(api_as, leave_world, submitted):
    _consider(api_as, leave_world, submitted)
    response = api_as(leave_world.unit_head).post(f"/leave/applications/{submitted}/decide", {"outcome": "approve"})
    assert response.status_code == 200
    return submitted


@pytest.mark.parametrize("persona", ["hr_admin", "unit_head"])
def test_hr_or_the_deciding_official_revokes_and_the_days_come_back(api_as, leave_world, approved, persona):
    response = api_as(getattr(leave_world, persona)).post(
        f"/leave/applications/{approved}/revoke", {"reason": "Dipanggil tugas mendesak"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == LeaveStatus.REVOKED
    balance = api_as(leave_world.employee).get("/leave/balance", {"year": 2026}).json()
    assert [line["kind"] for line in balance["lines"]][-2:] == ["usage", "reversal"]
    assert balance["available"] == 12


def test_revoke_needs_a_reason_and_the_right_person(api_as, leave_world, approved):
    hr = api_as(leave_world.hr_admin)

    blank = hr.post(f"/leave/applications/{approved}/revoke", {"reason": "  "})
    missing = hr.post(f"/leave/applications/{approved}/revoke", {})
    by_applicant = api_as(leave_world.employee).post(f"/leave/applications/{approved}/revoke", {"reason": "x"})
    by_supervisor = api_as(leave_world.supervisor).post(f"/leave/applications/{approved}/revoke", {"reason": "x"})

    assert (blank.status_code, blank.json()["code"]) == (422, "leave.reason_required")
    assert (missing.status_code, list(missing.json()["extra"]["fields"])) == (422, ["reason"])
    assert by_applicant.status_code == 403
    assert by_supervisor.status_code == 403  # considered only; did not decide
    assert LeaveApplication.objects.get().status == LeaveStatus.APPROVED


def test_only_approved_leave_is_revoked(api_as, leave_world, submitted):
    response = api_as(leave_world.hr_admin).post(f"/leave/applications/{submitted}/revoke", {"reason": "x"})

    assert (response.status_code, response.json()["code"]) == (409, "leave.not_approved")
