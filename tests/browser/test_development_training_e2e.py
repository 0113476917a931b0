"""Training catalogue end to end, at 1366 and 390 px: HR creates an open activity, the demo employee requests
enrolment, their supervisor approves it from "Tugas saya", HR records the completion on the participants page, and
the employee sees it completed. Each step is checked in the database the server writes."""

import re
import uuid
from datetime import date, timedelta

import pytest

from .conftest import LiveServer, log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _login(page, server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    has_totp = server.query(
        "SELECT COUNT(*) FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
        "WHERE u.username = ? AND d.confirmed", (username,))[0][0]
    log_in(page, server, username, with_totp=bool(has_totp))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_activity_enrolment_approval_completion(page, live_pamong, viewport):
    page.set_viewport_size(viewport)
    server = live_pamong
    title = f"Bimtek Dapodik {uuid.uuid4().hex[:6]}"
    start = date.today()  # under way: its completion can be recorded today

    # HR creates an open activity.
    _login(page, server, server.demo_username("hr_admin"))
    page.goto(f"{server.url}/development/activities/new/")
    page.fill("input[name=title]", title)
    page.select_option("select[name=form]", "bimtek")
    page.fill("input[name=jp]", "16")
    page.fill("input[name=start_date]", start.strftime("%d-%m-%Y"))
    page.fill("input[name=end_date]", (start + timedelta(days=1)).strftime("%d-%m-%Y"))
    page.fill("input[name=quota]", "10")
    page.select_option("select[name=status]", "open")
    page.locator("#activity-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/development/activities/[0-9a-f-]{36}/$"))
    activity_url = page.url
    (status, jp, mode) = server.query(
        "SELECT status, jp, mode FROM development_learningactivity WHERE title = ?", (title,))[0]
    assert (status, jp, mode) == ("open", 16, "klasikal")

    # The employee finds it in the catalogue and requests enrolment.
    _login(page, server, server.demo_username("employee"))
    page.goto(f"{server.url}/development/activities/?q={title.split()[-1]}")
    page.get_by_role("link", name=title).click()
    page.wait_for_url(activity_url)
    page.fill("textarea[name=reason]", "Mendukung pemutakhiran data sekolah")
    page.locator("#enrol-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/development/enrolments/[0-9a-f-]{36}/$"))
    enrolment_path = page.url.removeprefix(server.url)
    rows = server.query(
        "SELECT e.status, e.reason FROM development_enrolment e JOIN development_learningactivity a "
        "ON a.id = e.activity_id WHERE a.title = ?", (title,))
    assert rows == [("requested", "Mendukung pemutakhiran data sekolah")]

    # The supervisor approves it from "Tugas saya".
    _login(page, server, server.demo_username("supervisor"))
    page.goto(f"{server.url}/")
    page.locator(f"a[href='{enrolment_path}']").first.click()
    page.wait_for_url(f"**{enrolment_path}")
    page.locator("#decision label", has_text=re.compile("Setujui|Approve")).first.click()
    page.locator("#decision button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert server.query(
        "SELECT e.status FROM development_enrolment e JOIN development_learningactivity a "
        "ON a.id = e.activity_id WHERE a.title = ?", (title,)) == [("approved",)]

    # HR records the completion on the participants page (the row is swapped in place).
    _login(page, server, server.demo_username("hr_admin"))
    page.goto(f"{activity_url}participants/")
    row = page.locator("article", has=page.locator(".completion-form"))
    row.locator("summary").click()
    row.locator("input[name$=-completed_on]").fill(date.today().strftime("%d-%m-%Y"))
    row.locator("input[name$=-minutes]").fill("720")
    row.locator("input[name$=-certificate_number]").fill("800/77/BKPSDM")
    row.locator("input[name$=-issue_certificate]").check()
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".enrolment-status >> text=/Selesai|Completed/")
    (status, minutes, number, code) = server.query(
        "SELECT e.status, e.minutes, e.certificate_number, e.verification_code FROM development_enrolment e "
        "JOIN development_learningactivity a ON a.id = e.activity_id WHERE a.title = ?", (title,))[0]
    assert (status, minutes, number) == ("completed", 720, "800/77/BKPSDM")
    assert code
    assert server.query(
        "SELECT r.jp, r.verified FROM development_learningrecord r WHERE r.title = ?", (title,)) == [(16, 1)]

    # The employee sees it completed.
    _login(page, server, server.demo_username("employee"))
    page.goto(f"{server.url}/development/enrolments/mine/")
    item = page.locator("#my-enrolments li", has_text=title)
    assert item.count() == 1
    assert re.search("Selesai|Completed", item.inner_text())
    # Nothing overflows the phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
