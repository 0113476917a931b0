"""The public survey page a QR code opens (issue #14): anonymous, apart from the staff surface, abuse-limited;
checked by what it saves."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pamong.feedback import proof_of_work
from pamong.feedback.models import SurveyPeriod, SurveyResponse
from pamong.feedback.public_views import DEVICE_COOKIE
from pamong.feedback.tests.factories import ServicePointFactory, SurveyPeriodFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("easy_public_forms")]


@pytest.fixture
def point(world):
    today = timezone.localdate()
    SurveyPeriodFactory(pemda=world.pemda, created_by=world.hr_admin.user, name="Semester ini",
                        start_date=today - timedelta(days=30), end_date=today + timedelta(days=150))
    return ServicePointFactory(org_unit=world.staff_position.org_unit, name="Loket Dapodik",
                               created_by=world.hr_admin.user)


def url(point) -> str:
    return reverse("feedback-public:survey", args=[point.code])


def token_of(response) -> str:
    return re.search(r'name="pow_token" value="([^"]+)"', response.content.decode()).group(1)


def filled(response, **overrides) -> dict:
    token = token_of(response)
    data = {f"U{n}": str(n % 4 + 1) for n in range(1, 10)}
    data.update({"pow_token": token, "pow_counter": proof_of_work.solve(token), "gender": "f", "age_band": "30_39",
                 "education": "sma", "occupation": "self_employed", "service_type": "Legalisir ijazah",
                 "comment": "Antrean <script>alert(1)</script> cepat", "website": ""})
    data.update(overrides)
    return data


def test_a_citizen_answers_the_nine_questions_and_the_answers_are_saved(client, point):
    page = client.get(url(point))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Loket Dapodik" in body
    assert body.count('type="radio"') == 36
    assert page.cookies[DEVICE_COOKIE]["httponly"]
    response = client.post(url(point), filled(page))
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback-public:thanks", args=[point.code])
    saved = SurveyResponse.objects.get(service_point=point)
    assert [saved.u1, saved.u2, saved.u3, saved.u9] == [2, 3, 4, 2]
    assert (saved.channel, saved.gender, saved.occupation, saved.service_type) == (
        "online", "f", "self_employed", "Legalisir ijazah")
    assert saved.comment == "Antrean <script>alert(1)</script> cepat"  # stored as typed, shown escaped
    assert client.get(response["Location"]).status_code == 200


def test_the_same_phone_is_thanked_instead_of_asked_again_today(client, point):
    client.post(url(point), filled(client.get(url(point))))
    again = client.get(url(point))
    assert 'id="survey-answered"' in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_a_second_submission_of_the_same_page_from_the_same_phone_is_refused(client, point):
    page = client.get(url(point))
    first = filled(page)
    assert client.post(url(point), first).status_code == 302
    token = proof_of_work.challenge(f"survey:{point.code}")
    second = client.post(url(point), {**first, "pow_token": token, "pow_counter": proof_of_work.solve(token)})
    assert second.status_code == 409
    assert SurveyResponse.objects.count() == 1


def test_an_unanswered_question_keeps_the_answers_and_says_which(client, point):
    page = client.get(url(point))
    data = filled(page)
    del data["U4"]
    response = client.post(url(point), data)
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="question-U4"' in body
    assert "border-danger" in body
    assert 'value="2" autocomplete="off" checked' in body  # U1's answer kept
    assert token_of(response) != data["pow_token"]  # a fresh challenge
    assert not SurveyResponse.objects.exists()


@pytest.mark.parametrize("change", [{"pow_counter": ""}, {"pow_token": "forged"}, {"U1": "5"},
                                    {"gender": "x"}, {"comment": "x" * 1001}])
def test_bad_input_is_refused_with_nothing_written(client, point, change):
    page = client.get(url(point))
    response = client.post(url(point), filled(page, **change))
    assert response.status_code in (400, 422)
    assert not SurveyResponse.objects.exists()


def test_a_spent_challenge_cannot_be_replayed_from_another_phone(client, point):
    page = client.get(url(point))
    data = filled(page)
    assert client.post(url(point), data).status_code == 302
    other = Client()
    other.get(url(point))
    assert other.post(url(point), data).status_code == 400
    assert SurveyResponse.objects.count() == 1


def test_the_honeypot_and_the_size_cap_refuse(client, point):
    page = client.get(url(point))
    assert client.post(url(point), filled(page, website="http://spam.example")).status_code == 400
    assert client.post(url(point), filled(page, comment="x" * 20000)).status_code == 413
    assert not SurveyResponse.objects.exists()


def test_an_address_is_limited_per_hour(client, point, settings):
    settings.PAMONG_SKM_SUBMISSIONS_PER_ADDRESS_HOUR = 2
    page = client.get(url(point))
    statuses = [client.post(url(point), filled(page, U1="9")).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]


def test_unknown_inactive_and_closed_points(client, point):
    assert client.get(reverse("feedback-public:survey", args=["doesnotexist1"])).status_code == 404
    point.is_active = False
    point.save(update_fields=["is_active"])
    assert client.get(url(point)).status_code == 404
    point.is_active = True
    point.save(update_fields=["is_active"])
    SurveyPeriod.objects.update(is_open=False)
    assert 'id="survey-closed"' in client.get(url(point)).content.decode()


def test_the_public_page_shows_nothing_of_a_signed_in_visitor_and_cannot_call_endpoints(client, point, login,
                                                                                           world):
    anonymous = client.get(url(point))
    staff = login(world.hr_admin)
    signed_in = staff.get(url(point))
    strip = lambda body: re.sub(r'name="pow_token" value="[^"]+"', "", body.decode())  # noqa: E731
    assert strip(signed_in.content) == strip(anonymous.content)
    assert world.hr_admin.full_name not in signed_in.content.decode()
    assert "csrftoken" not in signed_in.cookies
    assert "sessionid" not in signed_in.cookies
    policy = signed_in["Content-Security-Policy"]
    assert "connect-src 'none'" in policy
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert "no-store" in signed_in["Cache-Control"] or "max-age=0" in signed_in["Cache-Control"]
    assert "<script>" not in strip(signed_in.content).split("</head>", 1)[1]  # no inline script in the body
