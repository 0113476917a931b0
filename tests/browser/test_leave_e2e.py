"""An employee applies for cuti tahunan with the live preview; the supervisor finds it in the queue and considers it."""

import re
from datetime import date, timedelta

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


def _three_working_days_ahead() -> tuple[date, date]:
    """A Monday to Wednesday at least two weeks ahead with no national holiday or cuti bersama in it."""
    import holidays

    start = date.today() + timedelta(days=14)
    start += timedelta(days=(7 - start.weekday()) % 7)
    while True:
        days_off = holidays.country_holidays("ID", years=start.year, categories=("public", "government"))
        if not any(start + timedelta(days=n) in days_off for n in range(3)):
            return start, start + timedelta(days=2)
        start += timedelta(days=7)


def test_employee_applies_with_the_preview_and_the_supervisor_considers(page, live_pamong):
    start, end = _three_working_days_ahead()
    employee = live_pamong.demo_username("employee")
    log_in(page, live_pamong, employee, with_totp=False)

    # The preview follows the form through htmx before anything is submitted.
    page.goto(f"{live_pamong.url}/leave/apply/")
    page.select_option("select[name=leave_type]", "CT")
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", end.isoformat())
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
