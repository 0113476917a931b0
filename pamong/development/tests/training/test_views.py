"""Training pages: the catalogue (constant queries), scope, the activity form, enrolment, decision, completion,
certificate download."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pamong.audit.models import AuditEvent
from pamong.development.choices import EnrolmentStatus
from pamong.development.models import Enrolment, LearningActivity, LearningRecord
from pamong.development.tests.factories import CompetencyFactory

from .conftest import MINIMAL_PDF, approved, make_activity

pytestmark = pytest.mark.django_db


def _add_activities(world, n, competency):
    for _i in range(n):
        activity = make_activity(world, quota=5)
        activity.competencies.create(competency=competency, level=2)
        Enrolment.objects.create(pemda=world.pemda, activity=activity, employee=world.peer,
                                 requested_by=world.peer.user)


def test_catalogue_queries_do_not_grow(world, login, client, django_assert_max_num_queries):
    competency = CompetencyFactory(pemda=world.pemda)
    login(world.employee)
    _add_activities(world, 2, competency)
    client.get(reverse("development:activity-list"))  # warm the per-user caches
    with django_assert_max_num_queries(40) as small:
        assert client.get(reverse("development:activity-list")).status_code == 200
    _add_activities(world, 20, competency)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("development:activity-list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card mb-2"') == 22


def test_catalogue_shows_open_first_and_filters(world, login, client):
    closed = make_activity(world, title="Diklat lama", status="closed")
    later = timezone.localdate() + timedelta(days=90)
    open_ = make_activity(world, title="Bimtek baru", start_date=later, end_date=later)
    make_activity(world, title="Draf rahasia", status="draft")
    login(world.employee)
    body = client.get(reverse("development:activity-list")).content.decode()
    assert body.index(open_.title) < body.index(closed.title)
    assert "Draf rahasia" not in body
    body = client.get(reverse("development:activity-list"), {"q": "lama"}).content.decode()
    assert closed.title in body
    assert open_.title not in body


def test_other_pemda_gets_404(world, login, client, activity):
    login(world.other_pemda_admin)
    assert client.get(reverse("development:activity-detail", args=[activity.public_id])).status_code == 404
    assert client.get(reverse("development:activity-participants", args=[activity.public_id])).status_code == 404


def test_hr_creates_an_activity_with_competencies(world, login, client):
    competency = CompetencyFactory(pemda=world.pemda, code="T777")
    login(world.hr_admin)
    response = client.post(reverse("development:activity-create"), {
        "title": "Bimtek Dapodik", "form": "bimtek", "jp": 16, "cost": 0, "status": "open", "quota": 20,
        "start_date": "10-01-2030", "end_date": "12-01-2030", "competencies": "T777:3"})
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = LearningActivity.objects.get(title="Bimtek Dapodik")
    assert activity.mode == "klasikal"
    assert activity.competencies.get().competency == competency


def test_bad_activity_shows_errors(world, login, client):
    login(world.hr_admin)
    response = client.post(reverse("development:activity-create"), {
        "title": "Bimtek", "form": "bimtek", "jp": 4, "cost": 0, "status": "finished"})
    assert response.status_code in (409, 422)
    assert not LearningActivity.objects.exists()


def test_employee_cannot_open_the_activity_form(world, login, client):
    login(world.employee)
    assert client.get(reverse("development:activity-create")).status_code == 403


def test_enrol_decide_and_complete_through_pages(world, login, client, activity):
    login(world.employee)
    response = client.post(reverse("development:activity-enrol", args=[activity.public_id]), {"reason": "Perlu"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    detail = reverse("development:enrolment-detail", args=[enrolment.public_id])
    assert client.post(reverse("development:enrolment-decide", args=[enrolment.public_id]),
                       {"outcome": "approve"}).status_code == 403
    login(world.supervisor)
    assert "decision" in client.get(detail).content.decode()
    assert client.post(reverse("development:enrolment-decide", args=[enrolment.public_id]),
                       {"outcome": "approve"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.APPROVED


def test_completion_row_with_htmx_and_upload(world, login, client):
    today = timezone.localdate()
    enrolment = approved(world, make_activity(world, start_date=today, end_date=today, enrolment_deadline=None))
    login(world.hr_admin)
    prefix = str(enrolment.public_id)
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("sttpp.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    url = reverse("development:enrolment-record", args=[enrolment.public_id])
    data = {f"{prefix}-result": "completed", f"{prefix}-completed_on": today.strftime("%d-%m-%Y"),
            f"{prefix}-minutes": 450, f"{prefix}-certificate": fake}
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert not LearningRecord.objects.exists()
    data[f"{prefix}-certificate"] = SimpleUploadedFile("sttpp.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f"enrolment-{prefix}" in response.content.decode()
    assert LearningRecord.objects.get().jp == 10
    download = client.get(reverse("development:certificate-download", args=[enrolment.public_id]))
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    assert AuditEvent.objects.for_target(enrolment).filter(action="development.certificate_downloaded").exists()
    login(world.peer)
    assert client.get(reverse("development:certificate-download", args=[enrolment.public_id])).status_code == 404


def test_my_enrolments_and_home(world, login, client, activity):
    approved(world, activity)
    login(world.employee)
    assert activity.title in client.get(reverse("development:my-enrolments")).content.decode()
    assert activity.title in client.get(reverse("development:home")).content.decode()
