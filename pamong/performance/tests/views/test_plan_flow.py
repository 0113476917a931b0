"""A plan built through the real forms, end to end: create, result (supporting the appraiser's), indicator from
the library, submit, agreement by the supervisor, realisation with evidence, rating with the derived predikat."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.performance.choices import PlanStatus
from pamong.performance.models import Evaluation, Evidence, Realisation, Skp, SkpIndicator, SkpResult

from .scenario import DRAFTED, MINIMAL_PDF, RATED, REALISED, agreed, at, template

pytestmark = pytest.mark.django_db
HOME = reverse("performance:home")


def _plan_url(name: str, skp) -> str:
    return reverse(f"performance:{name}", args=[skp.public_id])


def test_a_plan_goes_from_draft_to_rating_through_the_forms(login, world):
    # given: the appraiser's agreed SKP with one result, and an education indicator of the library
    with at(DRAFTED):
        boss_plan = agreed(world.supervisor, world.unit_head, text="Mutu layanan pendidikan dasar meningkat")
    boss_result = boss_plan.results.get()
    library = template()
    client = login(world.employee)

    with at(DRAFTED):
        # when: the employee starts the SKP from the home page
        response = client.post(reverse("performance:plan-create"), {"year": "2026"})
        skp = Skp.objects.get(employee=world.employee, year=2026)
        assert response.status_code == 302
        assert response["Location"] == _plan_url("plan-detail", skp)
        page = client.get(_plan_url("plan-detail", skp)).content.decode()
        assert 'id="result-form"' in page
        assert str(boss_result.public_id) in page

        # a result without the supported supervisor result is refused (PermenPANRB 6/2022 cascade)
        response = client.post(_plan_url("result-add", skp), {"result-text": "Data sekolah valid", "result-kind": "utama"})
        assert response.status_code == 422
        assert not SkpResult.objects.filter(skp=skp).exists()

        response = client.post(_plan_url("result-add", skp), {
            "result-text": "Data sekolah dasar valid", "result-kind": "utama", "result-parent": str(boss_result.public_id)})
        assert response.status_code == 302
        result = SkpResult.objects.get(skp=skp)
        assert result.parent_id == boss_result.pk

        # the indicator comes from the library: name, aspect and unit are the template's
        response = client.post(_plan_url("indicator-add", skp), {
            "indicator-result": str(result.public_id), "indicator-template": str(library.public_id),
            "indicator-target_value": "95", "indicator-direction": "higher"})
        assert response.status_code == 302
        indicator = SkpIndicator.objects.get(result=result)
        assert (indicator.template_id, indicator.name, indicator.unit) == (library.pk, library.name, "%")

        response = client.post(_plan_url("plan-submit", skp))
        assert response.status_code == 302
        skp.refresh_from_db()
        assert skp.status == PlanStatus.SUBMITTED

        # then: the plan is locked, without edit controls
        page = client.get(_plan_url("plan-detail", skp)).content.decode()
        assert 'id="result-form"' not in page
        assert 'id="plan-submit-form"' not in page

        # the supervisor finds it in the review queue and agrees through the form
        supervisor = login(world.supervisor)
        queue = supervisor.get(reverse("performance:reviews")).content.decode()
        assert f'id="review-{skp.public_id}"' in queue
        response = supervisor.post(_plan_url("plan-review", skp), {"review-outcome": "approve", "review-reason": ""})
        assert response.status_code == 302
        skp.refresh_from_db()
        assert skp.status == PlanStatus.APPROVED

    with at(REALISED):
        client = login(world.employee)
        response = client.post(_plan_url("realise", skp), {
            "indicator": str(indicator.public_id), "period": "2026-01", "value": "76", "note": "Rekap Januari"})
        assert response.status_code == 302
        realisation = Realisation.objects.get(indicator=indicator, period="2026-01")
        assert str(realisation.value) == "76.00"
        response = client.post(reverse("performance:evidence-add", args=[realisation.public_id]), {
            "kind": "file", "description": "Rekap Dapodik",
            "file": SimpleUploadedFile("rekap.pdf", MINIMAL_PDF, content_type="application/pdf")})
        assert response.status_code == 302
        assert Evidence.objects.get(realisation=realisation).original_name == "rekap.pdf"

    with at(RATED):
        supervisor = login(world.supervisor)
        page = supervisor.get(_plan_url("rate", skp) + "?period=2026-01").content.decode()
        assert 'data-achievement="80.0"' in page
        assert "rekap.pdf" in page
        assert 'name="predikat"' not in page
        response = supervisor.post(_plan_url("rate", skp), {
            "period": "2026-01", "work_result": "above", "behaviour": "above", "note": ""})
        evaluation = Evaluation.objects.get(employee=world.employee, period="2026-01")
        assert response.status_code == 302
        assert response["Location"] == reverse("performance:evaluation-detail", args=[evaluation.public_id])
        assert evaluation.predikat == "sangat_baik"
        assert AuditEvent.objects.filter(action="performance.evaluation_recorded").count() == 1


def test_a_predikat_sent_with_the_ratings_is_refused_and_nothing_is_written(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    with at(RATED):
        response = login(world.supervisor).post(_plan_url("rate", skp), {
            "period": "2026-01", "work_result": "below", "behaviour": "below", "predikat": "sangat_baik"})

    assert response.status_code == 422
    assert not Evaluation.objects.exists()


def test_nobody_rates_themself(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    client = login(world.employee)

    with at(RATED):
        assert client.get(_plan_url("rate", skp)).status_code == 403
        assert client.post(_plan_url("rate", skp), {"period": "2026-01", "work_result": "above",
                                                     "behaviour": "above"}).status_code == 403
    assert not Evaluation.objects.exists()


def test_the_window_closed_message_replaces_the_form(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)

    page = login(world.supervisor).get(_plan_url("rate", skp) + "?period=2026-01").content.decode()

    assert 'id="rate-window-closed"' in page
    assert "2026-02-14" in page
    assert 'id="rating-form"' not in page


def test_the_predikat_preview_is_a_partial_derived_from_the_matrix(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    client = login(world.supervisor)

    response = client.get(_plan_url("rate-preview", skp), {"work_result": "meets", "behaviour": "below"},
                          headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'data-predikat="kurang"' in body


def test_a_unit_heads_rating_page_explains_the_organisation_rule(login, world):
    # The supervisor heads Bidang Pembinaan SD: their work result is the unit's organisation rating.
    with at(DRAFTED):
        skp = agreed(world.supervisor, world.unit_head)

    with at(RATED):
        page = login(world.unit_head).get(_plan_url("rate", skp) + "?period=2026-01").content.decode()

    assert 'id="rate-unit-head-rule"' in page
    assert 'id="rating-form"' not in page  # no organisation rating yet: it is set first


def test_a_file_that_is_not_what_it_claims_is_refused(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    with at(REALISED):
        from .scenario import realise

        realisation = realise(skp)
        response = login(world.employee).post(
            reverse("performance:evidence-add", args=[realisation.public_id]),
            {"kind": "file", "file": SimpleUploadedFile("rekap.pdf", b"<html>not a pdf</html>")},
            headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 422
    assert f'id="indicator-{realisation.indicator.public_id}"' in body
    assert "<html" not in body
    assert not Evidence.objects.exists()


def test_realisation_is_refused_once_the_period_is_rated(login, world):
    from .scenario import rate, realise

    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    with at(REALISED):
        realise(skp)
    with at(RATED):
        rate(skp, world.supervisor)
        client = login(world.employee)
        page = client.get(_plan_url("realise", skp) + "?period=2026-01").content.decode()
        indicator = skp.results.get().indicators.get()
        response = client.post(_plan_url("realise", skp), {"indicator": str(indicator.public_id),
                                                           "period": "2026-01", "value": "99"})

    assert 'id="realise-rated"' in page
    assert 'name="value"' not in page
    assert response.status_code == 409
    assert str(Realisation.objects.get().value) == "80.00"


def test_realisation_is_only_for_an_agreed_plan(login, world):
    from .scenario import draft

    with at(DRAFTED):
        skp = draft(world.employee)
        page = login(world.employee).get(_plan_url("realise", skp)).content.decode()

    assert 'id="realise-not-agreed"' in page
    assert not re.search(r'name="value"', page)


def test_realisations_are_imported_from_a_sheet_all_rows_or_none(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    url = _plan_url("realisation-import", skp)
    name = skp.results.get().indicators.get().name

    def sheet(rows: str) -> SimpleUploadedFile:
        return SimpleUploadedFile("realisasi.csv", f"indicator,period,value,note\n{rows}".encode(), "text/csv")

    with at(REALISED):
        client = login(world.employee)
        refused = client.post(url, {"period": "2026-01",
                                    "file": sheet(f"{name},2026-01,70,ok\nTidak ada,2026-01,5,\n")})
        assert refused.status_code == 422
        assert 'id="realise-import-summary"' in refused.content.decode()
        assert not Realisation.objects.exists()

        response = client.post(url, {"period": "2026-01", "file": sheet(f"{name},2026-01,70,ok\n")})

    assert response.status_code == 302
    assert str(Realisation.objects.get(period="2026-01").value) == "70.00"
