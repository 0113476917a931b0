"""A citizen scans a service point's QR code and answers the satisfaction survey in Chromium at 1366 and 390 px
(issue #14): no sign-in, the nine questions answered by tapping their labels, the page's proof of work computed in
the browser, the thank-you page; then the same phone is thanked instead of asked again. Checked in the database:
one online questionnaire per phone with the answers and the comment as typed."""

import pytest
from playwright.sync_api import expect

from .test_performance_forms_e2e import DESKTOP, PHONE, shell

pytestmark = pytest.mark.browser

SETUP = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from pamong.feedback import services
from pamong.feedback.models import SurveyPeriod
from pamong.people.models import OrgUnit
hr = get_user_model().objects.get(username="{hr}")
today = timezone.localdate()
if not SurveyPeriod.objects.filter(pemda_id=hr.pemda_id, start_date__lte=today, end_date__gte=today).exists():
    services.period_create(actor=hr, pemda=hr.pemda, name="Semester uji", start_date=today - timedelta(days=3),
                           end_date=today + timedelta(days=30))
unit = OrgUnit.objects.filter(pemda_id=hr.pemda_id, parent__isnull=False).order_by("path").first()
points = [services.service_point_create(actor=hr, org_unit=unit, name=f"Loket Uji {{n}}").code for n in (1, 2)]
print(json.dumps({{"points": points}}))
"""


@pytest.fixture(scope="module")
def points(live_pamong):
    data = shell(live_pamong, SETUP.format(hr=live_pamong.demo_username("hr_admin")))
    return dict(zip(["desktop", "phone"], data["points"], strict=True))


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_citizen_answers_the_survey_without_signing_in(browser, live_pamong, points, width):
    context = browser.new_context(viewport=DESKTOP if width == "desktop" else PHONE)
    page = context.new_page()
    code = points[width]
    page.goto(f"{live_pamong.url}/skm/{code}/")
    expect(page.locator("#survey-form fieldset")).to_have_count(9)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Sending with a question unanswered keeps the answers and marks the question.
    for number in range(1, 9):
        page.locator(f"label[for='id_U{number}_{number % 4}']").click()
    page.locator("#survey-submit").click()
    expect(page.locator("#question-U9.border-danger")).to_be_visible()
    expect(page.locator("#id_U1_1")).to_be_checked()
    page.locator("label[for='id_U9_3']").click()  # the fourth answer: "Sangat baik"
    page.locator("#survey-profile summary").click()
    page.select_option("#id_occupation", "student")
    page.fill("#id_comment", "Petugas ramah <b>sekali</b>")
    page.locator("#survey-submit").click()
    expect(page.locator("#survey-thanks")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    rows = live_pamong.query(
        "SELECT r.u1, r.u4, r.u9, r.occupation, r.comment, r.channel FROM feedback_surveyresponse r "
        "JOIN feedback_servicepoint p ON p.id = r.service_point_id WHERE p.code = ?", (code,))
    assert rows == [(2, 1, 4, "student", "Petugas ramah <b>sekali</b>", "online")]
    # The same phone the same day: thanked, not asked again.
    page.goto(f"{live_pamong.url}/skm/{code}/")
    expect(page.locator("#survey-answered")).to_be_visible()
    context.close()
