"""The appraiser's review of a submitted SKP, expectations, feedback and dialogue on the plan page, and
objections decided by the appraiser's supervisor."""

import pytest
from django.urls import reverse

from pamong.performance.choices import ObjectionStatus, PlanStatus
from pamong.performance.models import BehaviourExpectation, Dialogue, Feedback, Objection

from .scenario import DRAFTED, OBJECTED, RATED, agreed, at, draft, rate, submitted

pytestmark = pytest.mark.django_db


def _url(name: str, obj) -> str:
    return reverse(f"performance:{name}", args=[obj.public_id])


def test_asking_for_changes_needs_a_reason_then_sends_the_plan_back(login, world):
    with at(DRAFTED):
        skp = submitted(world.employee)
        client = login(world.supervisor)

        refused = client.post(_url("plan-review", skp), {"review-outcome": "reject", "review-reason": ""})
        skp.refresh_from_db()
        assert refused.status_code == 422
        assert skp.status == PlanStatus.SUBMITTED

        response = client.post(_url("plan-review", skp), {"review-outcome": "reject",
                                                           "review-reason": "Target terlalu rendah"})
    skp.refresh_from_db()
    assert response.status_code == 302
    assert skp.status == PlanStatus.CHANGES_REQUESTED
    assert skp.supervisor_comment == "Target terlalu rendah"
    page = login(world.employee).get(_url("plan-detail", skp)).content.decode()
    assert 'id="plan-supervisor-comment"' in page
    assert 'id="result-form"' in page


def test_only_the_appraiser_answers(login, world):
    with at(DRAFTED):
        skp = submitted(world.employee)
        response = login(world.unit_head).post(_url("plan-review", skp), {"review-outcome": "approve"})

    assert response.status_code == 403
    skp.refresh_from_db()
    assert skp.status == PlanStatus.SUBMITTED


def test_the_appraiser_sets_an_expectation_with_the_guides_shown(login, world):
    with at(DRAFTED):
        skp = submitted(world.employee)
        client = login(world.supervisor)
        page = client.get(_url("plan-detail", skp)).content.decode()
        response = client.post(_url("expectation-set", skp), {"value": "akuntabel",
                                                               "expectation": "Laporan tepat waktu"},
                               headers={"HX-Request": "true"})

    assert "Tidak menyalahgunakan kewenangan jabatan" in page  # a panduan perilaku of Akuntabel
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="plan-behaviours"')
    assert BehaviourExpectation.objects.get(skp=skp, value="akuntabel").expectation == "Laporan tepat waktu"


def test_the_employee_does_not_set_expectations(login, world):
    with at(DRAFTED):
        skp = draft(world.employee)
        response = login(world.employee).post(_url("expectation-set", skp), {"value": "akuntabel",
                                                                             "expectation": "Saya sendiri"})

    assert response.status_code == 403
    assert BehaviourExpectation.objects.get(skp=skp, value="akuntabel").expectation == ""


def test_feedback_per_result_and_per_value_and_a_dialogue(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    result = skp.results.get()
    client = login(world.supervisor)

    on_result = client.post(_url("feedback-give", skp), {"feedback-period": "2026-01",
                                                         "feedback-about": f"result:{result.public_id}",
                                                         "feedback-text": "Perbaiki validasi"},
                            headers={"HX-Request": "true"})
    on_value = client.post(_url("feedback-give", skp), {"feedback-period": "2026-01",
                                                        "feedback-about": "value:kolaboratif",
                                                        "feedback-text": "Bagus"})
    dialogue = client.post(_url("dialogue-record", skp), {"dialogue-held_on": "2026-01-20",
                                                          "dialogue-notes": "Membahas target",
                                                          "dialogue-agreed_actions": "Rapat mingguan"})

    assert on_result.status_code == 200
    assert 'id="plan-feedback"' in on_result.content.decode()
    assert "<html" not in on_result.content.decode()
    assert on_value.status_code == 302
    assert dialogue.status_code == 302
    assert Feedback.objects.get(result=result).text == "Perbaiki validasi"
    assert Feedback.objects.get(value="kolaboratif").result is None
    assert Dialogue.objects.get(skp=skp).agreed_actions == "Rapat mingguan"


def test_a_peer_does_not_give_feedback_and_an_outsider_does_not_see_the_plan(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)

    assert login(world.peer).post(_url("feedback-give", skp), {"feedback-text": "x"}).status_code == 404
    assert login(world.outsider).get(_url("plan-detail", skp)).status_code == 404
    assert login(world.other_pemda_admin).get(_url("plan-detail", skp)).status_code == 404
    assert not Feedback.objects.exists()


def test_an_objection_is_decided_by_the_appraisers_supervisor(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    with at(RATED):
        evaluation = rate(skp, world.supervisor, work_result="below", behaviour="meets")
    with at(OBJECTED):
        response = login(world.employee).post(_url("objection-submit", evaluation),
                                              {"objection-text": "Bukti dukung belum dilihat"})
        assert response.status_code == 302
        objection = Objection.objects.get(evaluation=evaluation)

        # the appraiser does not decide the objection to their own rating
        assert login(world.supervisor).post(_url("objection-decide", objection), {
            "decision-decision_kind": "reject", "decision-decision": "Tetap"}).status_code == 403

        client = login(world.unit_head)
        reviews = client.get(reverse("performance:reviews")).content.decode()
        assert _url("evaluation-detail", evaluation) in reviews
        missing = client.post(_url("objection-decide", objection), {"decision-decision_kind": "uphold",
                                                                    "decision-decision": "Bukti cukup"})
        assert missing.status_code == 422  # upholding needs the new ratings
        response = client.post(_url("objection-decide", objection), {
            "decision-decision_kind": "uphold", "decision-work_result": "meets", "decision-behaviour": "meets",
            "decision-decision": "Bukti dukung cukup"})

    assert response.status_code == 302
    objection.refresh_from_db()
    evaluation.refresh_from_db()
    assert objection.status == ObjectionStatus.UPHELD
    assert evaluation.predikat == "baik"


def test_the_objection_window_closes(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    with at(RATED):
        evaluation = rate(skp, world.supervisor)

    client = login(world.employee)
    page = client.get(_url("evaluation-detail", evaluation)).content.decode()
    response = client.post(_url("objection-submit", evaluation), {"objection-text": "Terlambat"})

    assert 'id="objection-window-closed"' in page
    assert 'id="objection-form"' not in page
    assert response.status_code == 422
    assert not Objection.objects.exists()
