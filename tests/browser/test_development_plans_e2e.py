"""The development plan flow in Chromium at 1366 and 390 px: an employee drafts their plan from the competency
gaps, links an item to a catalogue activity found by searching, submits it; their supervisor agrees from
"Tugas saya". Each step is checked by what the database holds afterwards.

The gap (a competency the employee's position requires, never assessed) and an open activity developing it are
written through the server's own ``manage.py shell``; each round first cancels the plan a previous one left.
"""

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, LiveServer, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _env(server: LiveServer) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "PAMONG_VAR_DIR": str(server.db_path.parent), "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager"}
    env.pop("DATABASE_URL", None)
    return env


def shell(server: LiveServer, code: str) -> dict:
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=_env(server),
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


SETUP = """
import json
from django.utils import timezone
from pamong.accounts.models import User
from pamong.development.models import (ActivityCompetency, Competency, CompetencyStandard, DevelopmentPlan,
                                       LearningActivity)
from pamong.people.models import Employee
from pamong.people.selectors import supervisor_of
employee = Employee.objects.get(user__username={username!r})
boss = supervisor_of(employee)
year = timezone.localdate().year
DevelopmentPlan.objects.filter(employee=employee, year=year).update(status="cancelled")
competency, _ = Competency.objects.get_or_create(pemda_id=employee.pemda_id, code="E2E-DATA",
    defaults={{"name": "Pengelolaan data E2E", "kind": "teknis"}})
CompetencyStandard.objects.get_or_create(position_id=employee.current_position_id, competency=competency,
    defaults={{"pemda_id": employee.pemda_id, "required_level": 3}})
hr = User.objects.filter(pemda_id=employee.pemda_id, is_active=True).first()
activity, _ = LearningActivity.objects.get_or_create(pemda_id=employee.pemda_id, title="Bimtek Dapodik E2E",
    defaults={{"mode": "klasikal", "form": "bimtek", "jp": 18, "status": "open", "created_by": hr}})
ActivityCompetency.objects.get_or_create(activity=activity, competency=competency, defaults={{"level": 2}})
print(json.dumps({{"boss": boss.user.username, "activity": str(activity.public_id)}}))
"""

STATE = """
import json
from django.utils import timezone
from pamong.development.models import DevelopmentPlan
plan = DevelopmentPlan.objects.exclude(status="cancelled").get(employee__user__username={username!r},
                                                               year=timezone.localdate().year)
print(json.dumps({{"status": plan.status, "items": [[i.activity.title if i.activity_id else None, i.planned_jp]
                                                    for i in plan.items.order_by("pk")]}}))
"""


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_employee_drafts_and_submits_and_the_supervisor_agrees(page, live_pamong, viewport):
    server = live_pamong
    page.set_viewport_size(viewport)
    employee = server.demo_username("employee")
    setup = shell(server, SETUP.format(username=employee))

    # the employee drafts the plan from the gap: the activity only develops level 2, so none is suggested
    _login(page, server, employee)
    page.goto(f"{server.url}/development/plans/")
    assert "Pengelolaan data E2E" in page.locator("#plan-gaps").inner_text()
    page.locator("#plan-draft-form button[type=submit]").click()
    page.wait_for_url("**/development/plans/*-*/")
    row = page.locator("#plan-items tbody tr", has_text="Pengelolaan data E2E")
    assert row.count() == 1

    # link the item to the activity found by the search (htmx swaps the options), then save
    row.get_by_role("link").first.click()
    with page.expect_response(lambda response: "/development/plans/activities/" in response.url):
        page.fill("#item-activity-search", "Dapodik")
    page.wait_for_timeout(200)  # the swap settles
    option = page.locator(f"#activity-{setup['activity']}")
    option.wait_for()
    page.locator(f"label[for=activity-{setup['activity']}]").click()
    assert option.is_checked()
    page.locator("#item-save").click()
    page.wait_for_url("**/development/plans/*-*/")
    state = shell(server, STATE.format(username=employee))
    assert ["Bimtek Dapodik E2E", 18] in state["items"]

    page.locator("#plan-submit-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#plan-status").get_attribute("data-status") == "submitted"
    assert shell(server, STATE.format(username=employee))["status"] == "submitted"

    # the supervisor finds it in Tugas saya and agrees
    _login(page, server, setup["boss"])
    page.goto(f"{server.url}/")
    page.locator("a[href*='/development/plans/'][href$='/review/']").first.click()
    page.locator("#plan-review-form label", has_text="Agree").or_(
        page.locator("#plan-review-form label", has_text="Setuju")).first.click()
    page.locator("#plan-review-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#plan-status").get_attribute("data-status") == "agreed"
    assert shell(server, STATE.format(username=employee))["status"] == "agreed"
