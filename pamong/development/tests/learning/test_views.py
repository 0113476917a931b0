"""The ledger's pages: My JP with the add form, verification queue, evaluation forms, settings, home card."""

from datetime import date

import pytest
from django.urls import reverse

from pamong.development.models import DevelopmentSettings, LearningRecord, TrainingEvaluation

from .conftest import activity, enrolment, record

pytestmark = pytest.mark.django_db


def test_my_jp_add_and_errors(world, login):
    client = login(world.employee)
    page = client.get(reverse("development:jp-mine"))
    assert page.status_code == 200
    assert b"record-form" in page.content
    bad = client.post(reverse("development:learning-record-add"), {"title": "", "form": "seminar",
                                                                   "completed_on": "2026-03-01", "minutes": "90"})
    assert bad.status_code == 422
    assert not LearningRecord.objects.exists()
    ok = client.post(reverse("development:learning-record-add"), {
        "title": "Bimtek <b>SPBE</b>", "form": "bimtek", "completed_on": "2026-03-01", "minutes": "90"})
    assert ok.status_code == 302
    assert LearningRecord.objects.get().jp == 2
    assert b"Bimtek &lt;b&gt;SPBE&lt;/b&gt;" in client.get(reverse("development:jp-mine") + "?year=2026").content


def test_verification_queue(world, login):
    entry = record(world.employee, verified=False)
    own = record(world.hr_admin, verified=False, title="Milik sendiri")
    client = login(world.hr_admin)
    page = client.get(reverse("development:jp-verification"))
    assert page.status_code == 200
    assert str(entry.public_id).encode() in page.content
    assert str(own.public_id).encode() not in page.content
    client.post(reverse("development:learning-record-verify", args=[entry.public_id]))
    assert LearningRecord.objects.get(pk=entry.pk).verified
    assert login(world.employee).get(reverse("development:jp-verification")).status_code == 403


def test_evaluation_forms_by_role(world, login):
    act = activity(world.pemda, world.hr_admin, has_tests=True, passing_score=70)
    taken = enrolment(world.employee, act, completed_on=date(2026, 1, 5))
    url = reverse("development:enrolment-evaluation", args=[taken.public_id])
    page = login(world.employee).get(url)
    assert b"reaction-form" in page.content
    assert b"tests-form" not in page.content
    data = {"reaction": "4", "comment": "ok", **{f"answer_{k}": "4" for k in
                                                  ("relevance", "facilitator", "organisation", "usefulness")}}
    assert login(world.employee).post(reverse("development:evaluation-reaction", args=[taken.public_id]),
                                      data).status_code == 302
    assert TrainingEvaluation.objects.get(enrolment=taken).reaction == 4
    hr = login(world.hr_admin).get(url)
    assert b"tests-form" in hr.content
    assert b"reaction-form" not in hr.content
    assert b"follow-up-form" in login(world.supervisor).get(url).content
    assert login(world.peer).get(url).status_code == 404


def test_settings_page(world, login):
    client = login(world.hr_admin)
    assert client.get(reverse("development:development-settings")).status_code == 200
    response = client.post(reverse("development:development-settings"), {
        "pns_target_jp": "22", "pppk_cap_jp": "24", "pppk_cap_mode": "warn", "alert_from_month": "8"})
    assert response.status_code == 302
    assert DevelopmentSettings.objects.get(pemda=world.pemda).pns_target_jp == 22
    assert login(world.employee).get(reverse("development:development-settings")).status_code == 403


def test_home_card(world, login):
    record(world.employee, jp=6)
    page = login(world.employee).get(reverse("development:home"))
    assert page.status_code == 200
    assert b"home-learning" in page.content
