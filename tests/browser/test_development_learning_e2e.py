"""The JP ledger's main flow in Chromium at 1366 and 390 px: an employee records an external activity on "My JP",
HR verifies it from the verification queue, and the employee's "My JP" then shows the new total — checked in the
database (unverified, then verified, with the JP of the rule) and on the page."""

import uuid
from datetime import date

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


def _total(page) -> int:
    return int(page.locator("#jp-total").inner_text().strip())


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_record_verify_and_see_the_total(live_pamong, page, viewport):
    server = live_pamong
    page.set_viewport_size(viewport)
    year = date.today().year
    title = f"Webinar SPBE {uuid.uuid4().hex[:8]}"

    _login(page, server, server.demo_username("employee"))
    page.goto(f"{server.url}/development/jp/?year={year}")
    before = _total(page)
    form = page.locator("#record-form")
    form.locator("input[name=title]").fill(title)
    form.locator("select[name=form]").select_option("seminar")
    form.locator("input[name=completed_on]").fill(date.today().isoformat())
    form.locator("input[name=minutes]").fill("200")
    form.locator("input[name=certificate_jp]").fill("6")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    [(public_id, jp, verified)] = server.query(
        "SELECT public_id, jp, verified FROM development_learningrecord WHERE title = ?", (title,))
    assert (jp, verified) == (6, 0)
    assert _total(page) == before  # not counted before HR verifies it

    _login(page, server, server.demo_username("hr_admin"))
    page.goto(f"{server.url}/development/jp/verification/")
    row = page.locator(f"#record-{uuid.UUID(public_id)}")
    row.get_by_role("button", name="Verify").or_(row.locator("form").first.locator("button")).first.click()
    page.wait_for_load_state("networkidle")
    assert server.query("SELECT verified FROM development_learningrecord WHERE title = ?", (title,)) == [(1,)]

    _login(page, server, server.demo_username("employee"))
    page.goto(f"{server.url}/development/jp/?year={year}")
    assert _total(page) == before + 6
    assert page.locator(f"#record-{uuid.UUID(public_id)}").get_attribute("data-verified") == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
