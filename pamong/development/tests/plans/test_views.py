"""The plan pages: scope (own, line, agency), drafting, items, the supervisor's review, the overview."""

import pytest
from django.urls import reverse

from pamong.development.choices import PlanOrigin, PlanStatus
from pamong.development.models import DevelopmentPlan
from pamong.development.services import plans as svc
from pamong.people.inbox import tasks_for
from pamong.performance.choices import Predikat

from .conftest import open_activity, rated

pytestmark = pytest.mark.django_db


def detail_url(plan):
    return reverse("development:plan-detail", args=[plan.public_id])


def test_my_plan_drafts_from_gaps_and_shows_the_items(world, gaps, login, client):
    login(world.employee)
    page = client.get(reverse("development:plan-mine"))
    assert page.status_code == 200
    assert "Pengelolaan data" in page.content.decode()
    response = client.post(reverse("development:plan-draft"), {"year": 2026})
    plan = DevelopmentPlan.objects.get(employee=world.employee)
    assert response.status_code == 302
    assert response.url == detail_url(plan)
    assert client.get(reverse("development:plan-mine")).url == detail_url(plan)
    page = client.get(detail_url(plan))
    assert page.status_code == 200
    assert 'id="plan-submit-form"' in page.content.decode()


@pytest.mark.parametrize(("persona", "status"), [
    ("employee", 200), ("supervisor", 200), ("unit_head", 200), ("hr_admin", 200), ("executive", 200),
    ("auditor", 200), ("peer", 404), ("outsider", 404), ("other_pemda_admin", 404)])
def test_who_sees_a_plan(world, gaps, login, client, persona, status):
    plan = svc.plan_draft(actor=world.employee.user, employee=world.employee, year=2026)
    login(getattr(world, persona))
    assert client.get(detail_url(plan)).status_code == status


def test_items_are_edited_with_an_activity_chosen_by_search(world, gaps, login, client):
    activity = open_activity(world, gaps["data"], 3, title="Bimtek Dapodik", jp=20)
    plan = svc.plan_draft(actor=world.employee.user, employee=world.employee, year=2026)
    item = plan.items.get()
    login(world.employee)
    options = client.get(reverse("development:plan-activity-options"), {"q": "dapodik"})
    assert "Bimtek Dapodik" in options.content.decode()
    assert "Bimtek Dapodik" not in client.get(reverse("development:plan-activity-options"),
                                              {"q": "zzz"}).content.decode()
    url = reverse("development:plan-item-edit", args=[plan.public_id, item.public_id])
    response = client.post(url, {"description": "Ikut bimtek", "competency": gaps["data"].public_id,
                                 "target_level": 3, "activity": activity.public_id, "form": "", "target_date": "",
                                 "planned_jp": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.activity, item.planned_jp, item.description) == (activity, 20, "Ikut bimtek")
    bad = client.post(url, {"description": "", "target_level": 3})
    assert bad.status_code == 422


def test_a_peer_cannot_edit(world, gaps, login, client):
    plan = svc.plan_draft(actor=world.employee.user, employee=world.employee, year=2026)
    login(world.peer)
    response = client.post(reverse("development:plan-item-add", args=[plan.public_id]), {"description": "x"})
    assert response.status_code == 404
    assert plan.items.count() == 1


def test_submit_then_the_supervisor_agrees_from_tugas_saya(world, gaps, login, client):
    plan = svc.plan_draft(actor=world.employee.user, employee=world.employee, year=2026)
    login(world.employee)
    assert client.post(reverse("development:plan-submit", args=[plan.public_id])).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    review = reverse("development:plan-review", args=[plan.public_id])
    # the requester cannot answer their own plan
    assert client.post(review, {"outcome": "approve"}).status_code == 403
    tasks = [t for t in tasks_for(world.supervisor.user) if t.kind == "development.plan_agree"]
    assert [t.url for t in tasks] == [review]
    login(world.supervisor)
    assert 'id="plan-review-form"' in client.get(review).content.decode()
    assert client.post(review, {"outcome": "change", "reason": ""}).status_code == 422
    assert client.post(review, {"outcome": "approve"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED


def test_the_employee_sees_their_plan_to_submit_in_tugas_saya(world, gaps):
    rated(world, world.employee, Predikat.KURANG)
    plan = svc.plan_draft(actor=world.supervisor.user, employee=world.employee, year=2026)
    task = next(t for t in tasks_for(world.employee.user) if t.kind == "development.plan")
    assert task.due == plan.due_date
    assert task.url == detail_url(plan)


def test_the_overview_for_hr_with_follow_ups_and_a_run_button(world, gaps, login, client):
    rated(world, world.employee, Predikat.KURANG)
    login(world.hr_admin)
    assert client.post(reverse("development:plan-follow-up-run")).status_code == 302
    plan = DevelopmentPlan.objects.get()
    assert plan.origin == PlanOrigin.FOLLOW_UP
    page = client.get(reverse("development:plan-overview"), {"unit": world.division.public_id})
    body = page.content.decode()
    assert page.status_code == 200
    assert f'id="plan-{plan.public_id}" class="table-warning"' in body
    other = client.get(reverse("development:plan-overview"), {"unit": world.health.public_id}).content.decode()
    assert f'id="plan-{plan.public_id}"' not in other


@pytest.mark.parametrize(("persona", "status"), [("employee", 403), ("peer", 403), ("supervisor", 200),
                                                 ("auditor", 200)])
def test_who_opens_the_overview(world, login, client, persona, status):
    login(getattr(world, persona))
    assert client.get(reverse("development:plan-overview")).status_code == status


@pytest.mark.parametrize("persona", ["supervisor", "auditor", "employee"])
def test_only_hr_runs_the_follow_up(world, login, client, persona):
    login(getattr(world, persona))
    assert client.post(reverse("development:plan-follow-up-run")).status_code == 403


def _many_plans(world, n: int):
    from pamong.people.tests.factories import EmployeeFactory

    for i in range(n):
        employee = EmployeeFactory(position=world.staff_position)
        DevelopmentPlan.objects.create(pemda=world.pemda, employee=employee, year=2026, created_by=world.hr_admin.user,
                                       origin=PlanOrigin.FOLLOW_UP if i % 2 else PlanOrigin.GAPS)


def test_the_overview_reads_a_constant_number_of_queries(world, login, client, django_assert_max_num_queries):
    login(world.hr_admin)
    url = reverse("development:plan-overview")
    _many_plans(world, 2)
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    _many_plans(world, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_home_partial_shows_my_plan_and_the_team_plans_awaiting(world, gaps, login, client):
    login(world.employee)
    assert 'id="home-plan-draft-form"' in client.get(reverse("development:home")).content.decode()
    plan = svc.plan_draft(actor=world.employee.user, employee=world.employee, year=2026)
    svc.plan_submit(actor=world.employee.user, plan=plan)
    assert 'id="home-plan-open"' in client.get(reverse("development:home")).content.decode()
    login(world.supervisor)
    body = client.get(reverse("development:home")).content.decode()
    assert reverse("development:plan-review", args=[plan.public_id]) in body
