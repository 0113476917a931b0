"""The unit types in a stack of paper questionnaires and reads the SKM results in Chromium at 1366 and 390 px
(issue #14): the HR admin fills two rows of the paper grid and saves them; the results page of the point then shows
the two respondents, the IKM they give and its category. Checked in the database: two paper questionnaires entered
by the HR admin."""

import pytest
from playwright.sync_api import expect

from .test_development_elearning_e2e import _login
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
period = SurveyPeriod.objects.filter(pemda_id=hr.pemda_id, start_date__lte=today, end_date__gte=today).first()
if period is None:
    period = services.period_create(actor=hr, pemda=hr.pemda, name="Semester uji", start_date=today - timedelta(days=3),
                                    end_date=today + timedelta(days=30))
unit = OrgUnit.objects.filter(pemda_id=hr.pemda_id, parent__isnull=False).order_by("path").first()
points = [str(services.service_point_create(actor=hr, org_unit=unit, name=f"Loket Kertas {{n}}").public_id)
          for n in (1, 2)]
print(json.dumps({{"points": points, "period": str(period.public_id)}}))
"""


@pytest.fixture(scope="module")
def survey(live_pamong):
    data = shell(live_pamong, SETUP.format(hr=live_pamong.demo_username("hr_admin")))
    return {"period": data["period"], "points": dict(zip(["desktop", "phone"], data["points"], strict=True))}


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_hr_enters_paper_questionnaires_and_reads_the_results(page, live_pamong, survey, width):
    page.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    username = live_pamong.demo_username("hr_admin")
    _login(page, live_pamong, username)
    point = survey["points"][width]
    page.goto(f"{live_pamong.url}/feedback/points/{point}/paper/")
    expect(page.locator("#paper-row-1")).to_be_visible()
    for row, answer in ((0, "4"), (1, "3")):
        for n in range(1, 10):
            page.fill(f"#id_rows-{row}-u{n}", answer)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("#paper-save").click()
    expect(page.locator("#paper-entered")).to_contain_text("2")
    rows = live_pamong.query(
        "SELECT COUNT(*), MIN(r.channel), MIN(u.username), SUM(r.u1) FROM feedback_surveyresponse r "
        "JOIN feedback_servicepoint p ON p.id = r.service_point_id JOIN accounts_user u ON u.id = r.entered_by_id "
        "WHERE p.public_id = ?", (point.replace("-", ""),))
    assert rows == [(2, "paper", username, 7)]
    page.goto(f"{live_pamong.url}/feedback/?period={survey['period']}&point={point}")
    expect(page.locator("#results-respondents")).to_have_text("2")
    expect(page.locator("#results-nik")).to_have_attribute("data-value", "87.50")  # (4 + 3) / 2 × 25
    expect(page.locator("#results-category")).to_have_attribute("data-letter", "B")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
