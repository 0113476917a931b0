"""Each page for the right persona and refused to the wrong one; htmx partials alone; versions; the cascade tree;
the year view."""

import pytest
from django.urls import reverse

from pamong.performance.choices import PlanStatus
from pamong.performance.models import Skp

from .scenario import DRAFTED, OBJECTED, RATED, REALISED, agreed, at, draft, rate, realise, template

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated_plan(world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    with at(REALISED):
        realise(skp)
    with at(RATED):
        evaluation = rate(skp, world.supervisor)
    return skp, evaluation


def _pages(world, skp, evaluation):
    return {
        "plan": reverse("performance:plan-detail", args=[skp.public_id]),
        "realise": reverse("performance:realise", args=[skp.public_id]),
        "rate": reverse("performance:rate", args=[skp.public_id]),
        "evaluation": reverse("performance:evaluation-detail", args=[evaluation.public_id]),
        "history": reverse("performance:history", args=[world.employee.public_id]),
        "dashboard": reverse("performance:dashboard"),
    }


ALLOWED = {
    "plan": {"employee", "supervisor", "unit_head", "hr_admin", "auditor"},
    "realise": {"employee"},
    "rate": {"supervisor"},
    "evaluation": {"employee", "supervisor", "unit_head", "hr_admin"},
    "history": {"employee", "supervisor", "unit_head", "hr_admin"},
    "dashboard": {"supervisor", "unit_head", "hr_admin", "outsider", "other_pemda_admin"},
}
REFUSED = {  # persona → expected status: 404 when the object is out of scope, 403 when visible but not allowed
    "plan": {"peer": 404, "outsider": 404, "other_pemda_admin": 404},
    "realise": {"supervisor": 403, "peer": 404, "outsider": 404, "other_pemda_admin": 404, "hr_admin": 403},
    "rate": {"employee": 403, "unit_head": 403, "peer": 404, "outsider": 404, "other_pemda_admin": 404},
    "evaluation": {"peer": 404, "outsider": 404, "other_pemda_admin": 404},
    "history": {"peer": 404, "outsider": 404, "other_pemda_admin": 404},
    "dashboard": {"employee": 403, "peer": 403},
}


@pytest.mark.parametrize("page", sorted(ALLOWED))
def test_each_page_admits_the_right_personas_and_refuses_the_others(login, world, rated_plan, page):
    url = _pages(world, *rated_plan)[page]
    for persona in ALLOWED[page]:
        assert login(getattr(world, persona)).get(url).status_code == 200, persona
    for persona, status in REFUSED[page].items():
        assert login(getattr(world, persona)).get(url).status_code == status, persona


def test_adding_a_result_with_htmx_returns_only_the_results_section(login, world):
    with at(DRAFTED):
        skp = draft(world.employee)
        response = login(world.employee).post(
            reverse("performance:result-add", args=[skp.public_id]),
            {"result-text": "Layanan data cepat", "result-kind": "tambahan"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="plan-results"')
    assert "<html" not in body
    assert "Layanan data cepat" in body
    assert "HX-Trigger" in response.headers


def test_an_invalid_indicator_with_htmx_re_renders_the_section_with_422(login, world):
    with at(DRAFTED):
        skp = draft(world.employee)
        result = skp.results.get()
        response = login(world.employee).post(
            reverse("performance:indicator-add", args=[skp.public_id]),
            {"indicator-result": str(result.public_id), "indicator-target_value": "abc"},
            headers={"HX-Request": "true"})

    assert response.status_code == 422
    assert response.content.decode().lstrip().startswith('<section id="plan-results"')
    assert result.indicators.count() == 1


def test_the_library_partial_lists_the_sector_with_the_agencys_own_templates(login, world):
    template(name="Angka partisipasi murni SD")
    template(pemda=world.pemda, name="Sekolah ramah anak Mamuju")
    template(pemda=world.other_pemda, name="Indikator Palu")
    template(sector="health", name="Cakupan imunisasi")

    body = login(world.employee).get(reverse("performance:indicator-library"),
                                     {"indicator-sector": "education"}, headers={"HX-Request": "true"}).content.decode()

    assert body.lstrip().startswith('<div id="indicator-template-field"')
    assert "Angka partisipasi murni SD" in body
    assert "Sekolah ramah anak Mamuju" in body
    assert "Indikator Palu" not in body
    assert "Cakupan imunisasi" not in body


def test_a_new_version_needs_a_reason_and_keeps_the_old_one(login, world):
    with at(DRAFTED):
        skp = agreed(world.employee, world.supervisor)
    client = login(world.employee)

    refused = client.post(reverse("performance:plan-revise", args=[skp.public_id]), {"revise-reason": ""})
    response = client.post(reverse("performance:plan-revise", args=[skp.public_id]),
                           {"revise-reason": "Pindah tugas ke seksi kurikulum"})

    assert refused.status_code == 422
    new = Skp.objects.get(employee=world.employee, version=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("performance:plan-detail",
                                                                            args=[new.public_id])
    skp.refresh_from_db()
    assert skp.status == PlanStatus.SUPERSEDED
    assert new.revision_reason == "Pindah tugas ke seksi kurikulum"
    page = client.get(reverse("performance:plan-detail", args=[new.public_id])).content.decode()
    assert reverse("performance:plan-detail", args=[skp.public_id]) in page  # the version history links v1


def test_the_cascade_hangs_each_result_under_the_one_it_supports(login, world):
    # given: three levels, and the supervisor's plan revised after the employee chose its result
    from pamong.performance import services

    with at(DRAFTED):
        head = draft(world.unit_head, text="Mutu pendidikan meningkat")
        boss = agreed(world.supervisor, world.unit_head, text="Layanan SD bermutu", parent=head.results.get())
        mine = draft(world.employee, text="Data SD valid", parent=boss.results.get())
        boss_v2 = services.skp_revise(actor=world.supervisor.user, skp=boss, reason="Perubahan renstra")

    response = login(world.unit_head).get(reverse("performance:cascade"),
                                          {"unit": str(world.education.public_id), "year": "2026"},
                                          headers={"HX-Request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="cascade-results"')
    boss_result = boss_v2.results.get()
    assert f'data-result="{boss.results.get().public_id}"' not in body  # the replaced version is not shown
    head_at = body.index(f'data-result="{head.results.get().public_id}"')
    boss_at = body.index(f'data-result="{boss_result.public_id}"')
    mine_at = body.index(f'data-result="{mine.results.get().public_id}"')
    assert head_at < boss_at < mine_at
    # nested: the employee's result sits in the list under the supervisor's (current) result
    between = body[boss_at:mine_at]
    assert "<ul" in between
    assert "</li>" not in between


def test_an_employee_sees_only_their_own_part_of_the_cascade(login, world):
    with at(DRAFTED):
        boss = draft(world.supervisor, text="Layanan SD bermutu")
        draft(world.peer, text="Hasil rekan kerja", parent=boss.results.get())

    body = login(world.employee).get(reverse("performance:cascade")).content.decode()

    assert "Hasil rekan kerja" not in body
    assert "Layanan SD bermutu" not in body


def test_the_year_view_shows_periodic_and_annual_predikat(login, world, rated_plan):
    skp, evaluation = rated_plan
    with at(OBJECTED):
        body = login(world.employee).get(reverse("performance:history", args=[world.employee.public_id])
                                         ).content.decode()

    assert 'id="year-2026"' in body
    assert 'data-period="2026-01"' in body
    assert reverse("performance:evaluation-detail", args=[evaluation.public_id]) in body


def test_the_unit_head_sets_a_target_that_heads_the_cascade(login, world):
    from pamong.performance.models import OrganisationTarget

    client = login(world.supervisor)
    url = reverse("performance:organisation-target-add", args=[world.division.public_id])

    refused = client.post(url, {"year": "2026", "text": ""})
    response = client.post(url, {"year": "2026", "text": "Seluruh SD memiliki data lengkap", "indicator": "Cakupan",
                                 "target_value": "100", "unit_label": "%"})

    assert refused.status_code == 422
    target = OrganisationTarget.objects.get(org_unit=world.division)
    assert response.status_code == 302
    page = client.get(reverse("performance:cascade"), {"unit": str(world.division.public_id),
                                                       "year": "2026"}).content.decode()
    assert f'data-target="{target.public_id}"' in page
    assert login(world.employee).post(url, {"year": "2026", "text": "x"}).status_code == 403
    assert OrganisationTarget.objects.count() == 1
