"""The talent and succession pages: HR computes a review and reads the 9-box, each persona sees their scope, the
settings refuse bad input, HR builds a plan; constant queries as the agency grows."""

from datetime import date

import pytest
from django.urls import reverse

from pamong.audit.models import AuditEvent
from pamong.mobility.models import SuccessionCandidate, SuccessionPlan, TalentReview, TalentSettings
from pamong.mobility.services import talent as services
from pamong.mobility.talent_audit import TalentAudit
from pamong.people.tests.factories import EmployeeFactory

from .conftest import assess, rate

pytestmark = pytest.mark.django_db


def review(world, year=2026):
    return services.talent_review_compute(actor=world.hr_admin.user, pemda=world.pemda, year=year,
                                          today=date(2026, 12, 7))


def test_hr_computes_the_review_and_reads_the_nine_box(client, login, world, rated):
    login(world.hr_admin)

    response = client.post(reverse("mobility:talent-review"), {"review-year": "2026"})

    assert response.status_code == 302
    assert TalentReview.objects.get(pemda=world.pemda).year == 2026
    page = client.get(reverse("mobility:talent-boxes"), {"year": "2026"}).content.decode()
    assert 'id="talent-grid"' in page
    assert 'id="talent-table"' in page
    assert world.employee.name in page
    assert world.peer.name in page
    assert 'data-reason="no_predikat"' in page


def test_a_bad_year_is_refused_with_a_message(client, login, world):
    login(world.hr_admin)

    response = client.post(reverse("mobility:talent-review"), {"review-year": "2999"}, follow=True)

    assert not TalentReview.objects.exists()
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize(("persona", "sees"), [
    ("employee", {"employee"}), ("peer", {"peer"}), ("supervisor", {"employee", "peer"}),
    ("executive", {"employee", "peer"}), ("auditor", {"employee", "peer"}), ("outsider", set()),
])
def test_each_persona_sees_their_scope(client, login, world, rated, persona, sees):
    review(world)
    login(getattr(world, persona))

    page = client.get(reverse("mobility:talent-boxes")).content.decode()

    assert {name for name in ("employee", "peer") if getattr(world, name).name in page} == sees
    assert ('id="movement-table"' in page) is False  # one year only


def test_the_unit_filter_and_an_out_of_scope_unit(client, login, world, rated):
    review(world)
    login(world.supervisor)

    assert world.employee.name not in client.get(reverse("mobility:talent-boxes"),
                                                 {"unit": str(world.health.public_id)}).content.decode()
    response = client.get(reverse("mobility:talent-boxes"), {"unit": str(world.health.public_id)})
    assert response.status_code == 422  # health is not in the head of the division's tree
    login(world.hr_admin)
    page = client.get(reverse("mobility:talent-boxes"), {"unit": str(world.health.public_id)}).content.decode()
    assert world.employee.name not in page


def test_movement_shows_after_two_years(client, login, world, rated):
    rate(world, world.employee, 2024, "baik")
    review(world, 2025)
    review(world, 2026)
    login(world.hr_admin)

    page = client.get(reverse("mobility:talent-boxes"), {"year": "2026"}).content.decode()

    assert 'id="movement-table"' in page
    assert f"{world.employee.name}: — → 9" in page


def test_the_nine_box_reads_a_constant_number_of_queries(client, login, world, rated, scenario,
                                                         django_assert_max_num_queries):
    review(world, 2025)
    review(world, 2026)
    login(world.hr_admin)
    client.get(reverse("mobility:talent-boxes"))
    with django_assert_max_num_queries(40) as first:
        assert client.get(reverse("mobility:talent-boxes")).status_code == 200
    for index in range(8):
        person = EmployeeFactory(position=world.staff_position, name=f"Pegawai {index}")
        rate(world, person, 2026, "baik")
        assess(world, person, scenario.c1, 3)
    review(world, 2025)
    review(world, 2026)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(reverse("mobility:talent-boxes")).status_code == 200
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(reverse("mobility:talent-pool")).status_code == 200


def test_the_pool_lists_boxes_seven_to_nine(client, login, world, rated):
    review(world)
    login(world.executive)

    page = client.get(reverse("mobility:talent-pool"), {"box": "8"}).content.decode()

    assert world.peer.name in page
    assert world.employee.name not in page


def test_settings_save_audited_and_refuse_bad_input(client, login, world):
    login(world.hr_admin)
    form = {"performance_years": "1", "performance_high": "90", "performance_medium": "75",
            "potential_method": "standard_met", "potential_high": "80", "potential_medium": "60",
            "retirement_margin_months": "12", "score_sangat_baik": "100", "score_baik": "80",
            "score_butuh_perbaikan": "60", "score_kurang": "40", "score_sangat_kurang": "20"}

    bad = client.post(reverse("mobility:talent-settings"), {**form, "potential_high": "50"})
    assert bad.status_code == 422
    assert not TalentSettings.objects.exists()
    assert client.post(reverse("mobility:talent-settings"), form).status_code == 302

    saved = TalentSettings.objects.get(pemda=world.pemda)
    assert (saved.performance_years, saved.potential_method, saved.retirement_margin_months) == (1, "standard_met", 12)
    assert AuditEvent.objects.filter(action=TalentAudit.SETTINGS_CHANGED).count() == 1
    login(world.executive)
    assert client.get(reverse("mobility:talent-settings")).status_code == 403


def test_hr_builds_a_plan_through_the_pages(client, login, world, rated):
    review(world)
    login(world.hr_admin)

    created = client.post(reverse("mobility:succession-create"), {"position": str(world.head_position.public_id),
                                                                  "note": "Kepala Dinas pensiun 2028"})
    plan = SuccessionPlan.objects.get(position=world.head_position)
    assert created.url == reverse("mobility:succession-detail", args=[plan.public_id])
    page = client.get(created.url).content.decode()
    assert 'id="suggestion-table"' in page
    assert world.employee.name in page

    added = client.post(reverse("mobility:succession-candidate-add", args=[plan.public_id]),
                        {"nip": world.peer.nip, "readiness": "one_two_years"})
    assert added.status_code == 302
    candidate = SuccessionCandidate.objects.get(plan=plan)
    assert (candidate.employee_id, candidate.readiness) == (world.peer.pk, "one_two_years")

    own = client.post(reverse("mobility:succession-candidate-add", args=[plan.public_id]),
                      {"nip": world.hr_admin.nip, "readiness": "later"})
    holder = client.post(reverse("mobility:succession-candidate-add", args=[plan.public_id]),
                         {"nip": world.unit_head.nip, "readiness": "later"})
    foreign = client.post(reverse("mobility:succession-candidate-add", args=[plan.public_id]),
                          {"nip": world.other_pemda_employee.nip, "readiness": "later"})
    assert (own.status_code, holder.status_code, foreign.status_code) == (422, 422, 422)
    assert SuccessionCandidate.objects.filter(plan=plan).count() == 1

    client.post(reverse("mobility:succession-candidate-develop", args=[plan.public_id, candidate.public_id]))
    candidate.refresh_from_db()
    assert candidate.development_item is not None
    client.post(reverse("mobility:succession-candidate-update", args=[plan.public_id, candidate.public_id]),
                {"readiness": "ready_now"})
    assert SuccessionCandidate.objects.get(pk=candidate.pk).readiness == "ready_now"
    client.post(reverse("mobility:succession-candidate-remove", args=[plan.public_id, candidate.public_id]))
    assert not SuccessionCandidate.objects.filter(plan=plan).exists()


def test_plans_are_read_by_the_agency_and_written_by_hr_only(client, login, world, rated):
    review(world)
    plan = services.succession_plan_create(actor=world.hr_admin.user, pemda=world.pemda, position=world.head_position)
    for persona, status in (("executive", 200), ("auditor", 200), ("employee", 403), ("other_pemda_admin", 404)):
        login(getattr(world, persona))
        assert client.get(reverse("mobility:succession-detail", args=[plan.public_id])).status_code == status
    login(world.executive)
    assert client.post(reverse("mobility:succession-candidate-add", args=[plan.public_id]),
                       {"nip": world.peer.nip, "readiness": "later"}).status_code == 403
    assert client.get(reverse("mobility:succession-create")).status_code == 403


@pytest.mark.parametrize(("persona", "shown"), [
    ("hr_admin", True), ("executive", True), ("auditor", True), ("unit_head", True), ("supervisor", True),
    ("employee", False),
])
def test_the_manage_menu_links_the_nine_box(client, login, world, persona, shown):
    login(getattr(world, persona))

    page = client.get(reverse("people:home")).content.decode()

    assert (f'href="{reverse("mobility:talent-boxes")}"' in page) is shown
    assert client.get(reverse("mobility:talent-boxes")).status_code == 200


def test_the_plan_page_reads_a_constant_number_of_queries(client, login, world, rated, scenario,
                                                          django_assert_max_num_queries):
    review(world)
    plan = services.succession_plan_create(actor=world.hr_admin.user, pemda=world.pemda, position=world.head_position)
    services.succession_candidate_add(actor=world.hr_admin.user, plan=plan, employee=world.peer, readiness="later")
    login(world.hr_admin)
    url = reverse("mobility:succession-detail", args=[plan.public_id])
    client.get(url)
    with django_assert_max_num_queries(60) as first:
        assert client.get(url).status_code == 200
    for index in range(6):  # six more in the pool, two more candidates
        person = EmployeeFactory(position=world.staff_position, name=f"Pegawai {index}")
        rate(world, person, 2026, "sangat_baik")
        assess(world, person, scenario.c1, 3)
        assess(world, person, scenario.c2, 3)
        if index < 2:
            review(world)
            services.succession_candidate_add(actor=world.hr_admin.user, plan=plan, employee=person,
                                              readiness="later")
    review(world)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('class="d-flex flex-wrap gap-1 suggestion-form"') == 5  # the employee and four newcomers
