"""Competencies in Chromium at 1366 and 390 px: HR sets a position's required level (htmx save) and records an
assessed level on the employee's competency profile; the employee then sees the gap on their profile. Each step is
checked in the database.

The starter dictionary (``seed_competency_dictionary``) is added to the seeded server once.
"""

import subprocess
import sys
import uuid
from datetime import date

import pytest

from .conftest import ROOT, LiveServer
from .test_performance_forms_e2e import DESKTOP, PHONE, _env, _login

pytestmark = pytest.mark.browser

ROUNDS = {"desktop": (DESKTOP, 3, 1), "phone": (PHONE, 4, 2)}  # viewport, required level, recorded level


@pytest.fixture(scope="module")
def competencies(live_pamong):
    subprocess.run([sys.executable, "manage.py", "seed_competency_dictionary"], cwd=ROOT, env=_env(live_pamong),
                   check=True, stdout=subprocess.DEVNULL)
    return live_pamong


def _uuid(value) -> str:
    return str(uuid.UUID(str(value)))


def _no_horizontal_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_hr_sets_a_standard_records_a_level_and_the_employee_sees_the_gap(page, competencies: LiveServer, width):
    viewport, required, recorded = ROUNDS[width]
    server = competencies
    employee_name = server.demo_username("employee")
    employee_id, employee_public, position_id, position_public = server.query(
        "SELECT e.id, e.public_id, p.id, p.public_id FROM people_employee e JOIN accounts_user u ON u.id = e.user_id "
        "JOIN people_position p ON p.id = e.current_position_id WHERE u.username = ?", (employee_name,))[0]
    competency_id, competency_public = server.query(
        "SELECT c.id, c.public_id FROM development_competency c JOIN people_employee e ON e.pemda_id = c.pemda_id "
        "WHERE e.id = ? AND c.code = 'M4'", (employee_id,))[0]
    page.set_viewport_size(viewport)

    # HR sets the required level of Orientasi pada Hasil for the employee's position (saved by htmx)
    _login(page, server, server.demo_username("hr_admin"))
    page.goto(f"{server.url}/development/standards/{_uuid(position_public)}/")
    field = page.locator(f"select[name='level_{_uuid(competency_public)}']")
    field.select_option(str(required))
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.locator("#standards-form button[name=save]").click()
    page.wait_for_selector("#standards-form")
    assert server.query("SELECT required_level FROM development_competencystandard WHERE position_id = ? "
                        "AND competency_id = ?", (position_id, competency_id)) == [(required,)]
    _no_horizontal_overflow(page)

    # HR records an assessment-centre level on the employee's competency profile
    page.goto(f"{server.url}/development/employees/{_uuid(employee_public)}/competencies/")
    form = page.locator("#assessment-form")
    form.locator("select[name=competency]").select_option(_uuid(competency_public))
    form.locator("select[name=level]").select_option(str(recorded))
    form.locator("select[name=source]").select_option("assessment_centre")
    form.locator("input[name=assessed_on]").fill(date.today().strftime("%d-%m-%Y"))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/development/employees/{_uuid(employee_public)}/competencies/")
    assert server.query("SELECT c.level, a.source FROM development_currentcompetency c "
                        "JOIN development_competencyassessment a ON a.id = c.assessment_id "
                        "WHERE c.employee_id = ? AND c.competency_id = ?",
                        (employee_id, competency_id)) == [(recorded, "assessment_centre")]
    _no_horizontal_overflow(page)

    # the employee sees the gap on their own profile, with no form to record a level
    _login(page, server, employee_name)
    page.goto(f"{server.url}/development/")
    page.locator("#home-competencies a[href*='/competencies/']").first.click()
    row = page.locator("#competency-gaps tr[data-competency='M4']")
    assert row.locator("[data-current]").inner_text().strip() == str(recorded)
    assert row.locator("[data-gap]").inner_text().strip() == str(required - recorded)
    assert page.locator("#assessment-form").count() == 0
    _no_horizontal_overflow(page)
