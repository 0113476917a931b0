"""An employee applies for cuti tahunan with the live preview; the supervisor finds it in the queue and considers it."""

import re

import pytest

from .conftest import APPLY_DAYS_AHEAD, log_in, three_working_days

pytestmark = pytest.mark.browser




def test_employee_applies_with_the_preview_and_the_supervisor_considers(page, live_pamong):
    start, end = three_working_days(not_before_days=APPLY_DAYS_AHEAD)
    employee = live_pamong.demo_username("employee")
    log_in(page, live_pamong, employee, with_totp=False)

    # The preview follows the form through htmx before anything is submitted.
    page.goto(f"{live_pamong.url}/leave/apply/")
    page.select_option("select[name=leave_type]", "CT")
    page.fill("input[name=start_date]", start.strftime("%d-%m-%Y"))
    page.fill("input[name=end_date]", end.strftime("%d-%m-%Y"))
    page.fill("textarea[name=address]", "Jl. Ahmad Yani No. 5, Mamuju")
    page.locator("textarea[name=address]").dispatch_event("change")
    # The last preview (after the address) says the request meets every rule.
    page.wait_for_selector("#leave-quote-ok")
    assert page.locator("#leave-quote-working-days").inner_text().strip() == "3"
    approvers = page.locator("#leave-quote-approvers li")
    assert approvers.count() >= 1

    page.click("#leave-submit")
    page.wait_for_url(re.compile(r"/leave/applications/[0-9a-f-]{36}/$"))
    detail_url = page.url
    assert start.strftime("%Y") in page.content()

    # The supervisor sees it waiting and gives a consideration from the queue.
    page.context.clear_cookies()
    log_in(page, live_pamong, live_pamong.demo_username("supervisor"), with_totp=False)
    page.goto(f"{live_pamong.url}/leave/queue/")
    row = page.locator("tr", has=page.locator(f"a[href='{detail_url.removeprefix(live_pamong.url)}']"))
    assert row.count() == 1
    row.locator("a", has_text=re.compile("…$")).first.click()
    page.wait_for_url(re.compile(r"/act/$"))
    page.check("input[name=outcome][value=approve]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")

    page.goto(detail_url)
    timeline = page.content()
    assert "approve" in timeline or "Setujui" in timeline or "Disetujui" in timeline
