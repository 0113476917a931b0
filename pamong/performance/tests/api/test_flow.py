"""The SKP cycle end to end through the API: plan → agree → report with evidence → rate (derived predikat)."""

import pytest
import time_machine
from django.core.files.storage import default_storage

from pamong.audit.models import AuditEvent
from pamong.performance.audit import PerformanceAudit
from pamong.performance.choices import PlanStatus, Predikat
from pamong.performance.models import Evaluation, Evidence, Realisation, Skp

from .conftest import REPORTING, agreed, draft, ok, pdf_evidence, rate

pytestmark = pytest.mark.django_db


def test_the_skp_cycle_from_draft_to_a_derived_predikat(api_as, world):
    # given the supervisor's agreed SKP, whose result the employee's result supports (cascading)
    supervisor_plan = agreed(api_as, world.supervisor, world.unit_head, text="Mutu layanan SD meningkat")
    employee_api = api_as(world.employee)

    # when the employee drafts an SKP: the appraiser's results are offered to support
    plan = ok(employee_api.post("/performance/plans", {"year": 2026}), 201)
    assert plan["status"] == PlanStatus.DRAFT
    assert plan["appraiser"]["id"] == str(world.supervisor.public_id)
    assert [v["value"] for v in plan["behaviours"]][:1] == ["berorientasi_pelayanan"]
    assert len(plan["behaviours"]) == 7
    assert all(len(v["guides"]) == 3 for v in plan["behaviours"])
    parent_id = supervisor_plan["results"][0]["id"]
    assert [option["id"] for option in plan["cascade_options"]] == [parent_id]
    result = ok(employee_api.post(f"/performance/plans/{plan['id']}/results",
                                  {"text": "Data pokok SD mutakhir", "kind": "utama", "parent_result_id": parent_id}),
                201)
    indicator = ok(employee_api.post(f"/performance/results/{result['id']}/indicators",
                                     {"name": "Sekolah dengan data lengkap", "aspect": "quantity", "target_value": 40,
                                      "unit": "sekolah"}), 201)
    submitted = ok(employee_api.post(f"/performance/plans/{plan['id']}/submit"))

    # then the appraiser agrees and the plan is locked
    approved = ok(api_as(world.supervisor).post(f"/performance/plans/{plan['id']}/approve",
                                                {"outcome": "approve", "comment": "Setuju"}))
    assert submitted["status"] == PlanStatus.SUBMITTED
    assert approved["status"] == PlanStatus.APPROVED
    assert approved["approved_at"]
    assert approved["results"][0]["parent_result_id"] == parent_id
    assert approved["results"][0]["indicators"][0] == indicator
    assert indicator["target_value"] == "40.00"

    # when the employee reports January with a link as evidence
    with time_machine.travel(REPORTING, tick=False):
        reported = employee_api.post(f"/performance/plans/{plan['id']}/realisations", {
            "indicator_id": indicator["id"], "period": "2026-01", "value": "30", "note": "Rekap Januari",
            "evidence": [{"kind": "link", "url": "https://dapo.example.go.id/rekap/2026-01",
                          "description": "Rekap Dapodik"}],
        })
    realisation = ok(reported, 201)
    assert realisation["achievement"] == "75.0"
    assert [(e["kind"], e["url"]) for e in realisation["evidence"]] == [
        ("link", "https://dapo.example.go.id/rekap/2026-01")]

    # then the supervisor sees it, gives feedback, and rates the period: the predikat is derived
    listed = ok(api_as(world.supervisor).get(f"/performance/plans/{plan['id']}/realisations"))
    assert [item["id"] for item in listed["items"]] == [realisation["id"]]
    feedback = ok(api_as(world.supervisor).post(f"/performance/plans/{plan['id']}/feedback", {
        "period": "2026-01", "text": "Percepat verifikasi data", "result_id": result["id"]}), 201)
    assert feedback["result_id"] == result["id"]
    assert feedback["author"]["id"] == str(world.supervisor.public_id)
    evaluation = ok(rate(api_as, plan, world.supervisor, work_result="above", behaviour="above"), 201)
    assert evaluation["predikat"] == Predikat.SANGAT_BAIK
    assert evaluation["evaluator"]["id"] == str(world.supervisor.public_id)
    assert evaluation["objection_deadline"] == "2026-02-16"
    stored = Evaluation.objects.get(public_id=evaluation["id"])
    assert (stored.work_result, stored.behaviour, stored.predikat) == ("above", "above", Predikat.SANGAT_BAIK)
    assert AuditEvent.objects.filter(action=PerformanceAudit.EVALUATION_RECORDED).count() == 1
    detail = ok(employee_api.get(f"/performance/plans/{plan['id']}"))
    assert [e["id"] for e in detail["evaluations"]] == [evaluation["id"]]


def test_request_changes_needs_a_comment_and_sends_the_plan_back(api_as, world):
    plan = draft(api_as(world.employee))
    ok(api_as(world.employee).post(f"/performance/plans/{plan['id']}/submit"))

    silent = api_as(world.supervisor).post(f"/performance/plans/{plan['id']}/approve", {"outcome": "request_changes"})
    assert silent.status_code == 422
    assert silent.json()["code"] == "performance.reason_required"
    assert "comment" in silent.json()["extra"]["fields"]
    assert Skp.objects.get(public_id=plan["id"]).status == PlanStatus.SUBMITTED

    back = ok(api_as(world.supervisor).post(f"/performance/plans/{plan['id']}/approve",
                                            {"outcome": "request_changes", "comment": "Tambahkan indikator mutu"}))
    assert back["status"] == PlanStatus.CHANGES_REQUESTED
    assert back["supervisor_comment"] == "Tambahkan indikator mutu"
    # the employee may edit again
    ok(api_as(world.employee).post(f"/performance/plans/{plan['id']}/results", {"text": "Mutu data terjaga"}), 201)


def test_approving_a_plan_that_awaits_nothing_conflicts(api_as, world):
    plan = draft(api_as(world.employee))

    mine = api_as(world.supervisor).post(f"/performance/plans/{plan['id']}/approve", {"outcome": "approve"})
    not_mine = api_as(world.hr_admin).post(f"/performance/plans/{plan['id']}/approve", {"outcome": "approve"})
    own = api_as(world.employee).post(f"/performance/plans/{plan['id']}/approve", {"outcome": "approve"})

    assert (mine.status_code, mine.json()["code"]) == (409, "performance.plan_not_submitted")
    assert not_mine.status_code == 403
    assert own.status_code == 403


def test_only_the_appraiser_agrees_and_a_second_answer_conflicts(api_as, world):
    plan = draft(api_as(world.employee))
    ok(api_as(world.employee).post(f"/performance/plans/{plan['id']}/submit"))

    by_owner = api_as(world.employee).post(f"/performance/plans/{plan['id']}/approve", {"outcome": "approve"})
    by_hr = api_as(world.hr_admin).post(f"/performance/plans/{plan['id']}/approve", {"outcome": "approve"})
    first = api_as(world.supervisor).post(f"/performance/plans/{plan['id']}/approve", {"outcome": "approve"})
    again = api_as(world.supervisor).post(f"/performance/plans/{plan['id']}/approve", {"outcome": "approve"})

    assert by_owner.status_code == 403
    assert by_hr.status_code == 403
    assert first.status_code == 200
    assert (again.status_code, again.json()["code"]) == (409, "performance.plan_not_submitted")


def test_a_locked_plan_refuses_new_results_and_revise_opens_a_new_version(api_as, world):
    plan = agreed(api_as, world.employee, world.supervisor)
    employee_api = api_as(world.employee)

    locked = employee_api.post(f"/performance/plans/{plan['id']}/results", {"text": "Hasil baru"})
    no_reason = employee_api.post(f"/performance/plans/{plan['id']}/revise", {"reason": "  "})
    revised = ok(employee_api.post(f"/performance/plans/{plan['id']}/revise", {"reason": "Pindah tugas"}), 201)

    assert (locked.status_code, locked.json()["code"]) == (409, "performance.plan_locked")
    assert no_reason.status_code == 422
    assert no_reason.json()["code"] == "performance.reason_required"
    assert revised["version"] == 2
    assert revised["status"] == PlanStatus.DRAFT
    assert revised["supersedes"] == plan["id"]
    assert revised["revision_reason"] == "Pindah tugas"
    assert [r["text"] for r in revised["results"]] == [r["text"] for r in plan["results"]]
    assert ok(employee_api.get(f"/performance/plans/{plan['id']}"))["status"] == PlanStatus.SUPERSEDED


def test_a_second_plan_for_the_year_conflicts(api_as, world):
    ok(api_as(world.employee).post("/performance/plans", {"year": 2026}), 201)

    again = api_as(world.employee).post("/performance/plans", {"year": 2026})
    no_record = api_as(world.superadmin).post("/performance/plans", {"year": 2026})
    bad_year = api_as(world.peer).post("/performance/plans", {"year": 1999})

    assert (again.status_code, again.json()["code"]) == (409, "performance.plan_exists")
    assert no_record.status_code == 403
    assert bad_year.status_code == 422
    assert "year" in bad_year.json()["extra"]["fields"]
    assert Skp.objects.count() == 1


def test_a_parent_result_outside_the_appraisers_plans_is_refused(api_as, world):
    peer_plan = draft(api_as(world.peer))
    plan = ok(api_as(world.employee).post("/performance/plans", {"year": 2026}), 201)

    response = api_as(world.employee).post(f"/performance/plans/{plan['id']}/results", {
        "text": "Hasil", "parent_result_id": peer_plan["results"][0]["id"]})

    assert response.status_code == 422
    assert response.json()["code"] == "performance.unknown_reference"
    assert set(response.json()["extra"]["fields"]) == {"parent_result_id"}
    assert Skp.objects.get(public_id=plan["id"]).results.count() == 0


def _stored_evidence_files() -> set[str]:
    try:
        return set(default_storage.listdir("evidence")[1])
    except FileNotFoundError:
        return set()


def test_file_evidence_is_stored_and_a_bad_item_writes_nothing(api_as, world):
    files_before = _stored_evidence_files()
    plan = agreed(api_as, world.employee, world.supervisor)
    indicator = plan["results"][0]["indicators"][0]["id"]
    url = f"/performance/plans/{plan['id']}/realisations"
    employee_api = api_as(world.employee)

    with time_machine.travel(REPORTING, tick=False):
        # a valid file with an invalid link: refused, and neither the realisation nor the file is written
        refused = employee_api.post(url, {"indicator_id": indicator, "period": "2026-01", "value": 5,
                                          "evidence": [pdf_evidence(), {"kind": "link", "url": "javascript:alert(1)"}]})
        not_base64 = employee_api.post(url, {"indicator_id": indicator, "period": "2026-01", "value": 5,
                                             "evidence": [{**pdf_evidence(), "content_base64": "%%%"}]})
        created = ok(employee_api.post(url, {"indicator_id": indicator, "period": "2026-01", "value": 5,
                                             "evidence": [pdf_evidence(), {"kind": "number", "number": "5"}]}), 201)
        corrected = ok(employee_api.post(url, {"indicator_id": indicator, "period": "2026-01", "value": 6}))

    assert refused.status_code == 422
    assert refused.json()["code"] == "performance.invalid_url"
    assert set(refused.json()["extra"]["fields"]) == {"evidence.1.url"}
    assert not_base64.status_code == 422
    assert set(not_base64.json()["extra"]["fields"]) == {"evidence.0.content_base64"}
    # files are stored last (a refused link or figure stops the request before any file is written)
    assert [e["kind"] for e in created["evidence"]] == ["number", "file"]
    assert created["evidence"][1]["filename"] == "bukti.pdf"
    assert created["evidence"][1]["sha256"]
    assert corrected["id"] == created["id"]
    assert corrected["value"] == "6.00"
    assert len(corrected["evidence"]) == 2
    assert Realisation.objects.count() == 1
    assert Evidence.objects.count() == 2
    stored = Evidence.objects.get(kind="file").file.name
    assert _stored_evidence_files() - files_before == {stored.removeprefix("evidence/")}


def test_an_indicator_of_another_plan_is_an_unknown_reference(api_as, world):
    plan = agreed(api_as, world.employee, world.supervisor)
    other = draft(api_as(world.peer))

    response = api_as(world.employee).post(f"/performance/plans/{plan['id']}/realisations", {
        "indicator_id": other["results"][0]["indicators"][0]["id"], "period": "2026-01", "value": 1})

    assert response.status_code == 422
    assert response.json()["code"] == "performance.unknown_reference"
    assert set(response.json()["extra"]["fields"]) == {"indicator_id"}


def test_feedback_names_exactly_one_target(api_as, world):
    plan = agreed(api_as, world.employee, world.supervisor)
    url = f"/performance/plans/{plan['id']}/feedback"

    neither = api_as(world.supervisor).post(url, {"period": "2026-01", "text": "Bagus"})
    both = api_as(world.supervisor).post(url, {"period": "2026-01", "text": "Bagus", "value": "akuntabel",
                                               "result_id": plan["results"][0]["id"]})
    on_value = ok(api_as(world.supervisor).post(url, {"period": "2026-01", "text": "Tepat waktu",
                                                      "value": "akuntabel"}), 201)
    by_self = api_as(world.employee).post(url, {"period": "2026-01", "text": "Saya hebat", "value": "akuntabel"})
    listed = ok(api_as(world.employee).get(url, {"period": "2026-01"}))

    assert neither.status_code == 422
    assert neither.json()["code"] == "performance.feedback_target"
    assert both.status_code == 422
    assert on_value["value"] == "akuntabel"
    assert on_value["result_id"] is None
    assert by_self.status_code == 403
    assert [item["id"] for item in listed["items"]] == [on_value["id"]]
