"""Issue #9: the live leave preview follows type and dates alone, at desktop width (1366 px) and on a phone (390 px).

Before, the form itself posted the preview and htmx first ran the browser's validation: with the required
address still empty nothing was sent, and the preview stayed silent after the dates were picked. Now the
working days, the balance and the approvers appear from type and dates, what is still missing (the address)
is listed apart from the rules the request breaks, and filling it in clears that list.
"""

from datetime import date, timedelta

import pytest

from .conftest import APPLY_DAYS_AHEAD, PREVIEW_DAYS_AHEAD, log_in, three_working_days

pytestmark = pytest.mark.browser




def _pick_dates(page, start: date, end: date) -> None:
    page.fill("input[name=start_date]", start.strftime("%d-%m-%Y"))
    page.fill("input[name=end_date]", end.strftime("%d-%m-%Y"))
    page.locator("input[name=end_date]").dispatch_event("change")


@pytest.mark.parametrize("width", [1366, 390])
def test_the_preview_follows_type_and_dates_alone(browser, live_pamong, width):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_pamong, live_pamong.demo_username("employee"), with_totp=False)
        # Clear of the week test_leave_e2e applies for as the same employee (an overlapping request breaks a rule).
        applied = three_working_days(not_before_days=APPLY_DAYS_AHEAD)
        start, end = three_working_days(not_before_days=PREVIEW_DAYS_AHEAD, skip=applied)

        page.goto(f"{live_pamong.url}/leave/apply/")
        page.select_option("select[name=leave_type]", "CT")
        assert page.locator("textarea[name=address]").input_value() == ""
        _pick_dates(page, start, end)

        # The quote is there with the address still empty: working days, balance, who decides.
        page.wait_for_selector("#leave-quote-working-days")
        page.wait_for_function(
            "document.querySelector('#leave-quote-working-days')?.textContent.trim() === '3'")
        assert page.locator("#leave-quote-balance-before").count() == 1
        assert page.locator("#leave-quote-approvers li").count() >= 1
        # The type and dates meet the rules; the address is listed as still missing, apart from any rule.
        assert page.locator("#leave-quote-ok").is_visible()
        assert page.locator("#leave-quote-violations").count() == 0
        assert page.locator("#leave-quote-missing [data-code='leave.address_required']").count() == 1

        # Filling the address in clears the missing list: the request can be submitted.
        page.fill("textarea[name=address]", "Jl. Ahmad Yani No. 5, Mamuju")
        page.locator("textarea[name=address]").dispatch_event("change")
        page.wait_for_selector("#leave-quote-missing", state="detached")
        assert page.locator("#leave-quote-ok").is_visible()

        # Dates in the past break a rule: listed as a violation, not as something missing.
        past = date.today() - timedelta(days=30)
        past -= timedelta(days=past.weekday())
        _pick_dates(page, past, past + timedelta(days=1))
        page.wait_for_selector("#leave-quote-violations [data-code='leave.start_in_past']")
        assert page.locator("#leave-quote-missing").count() == 0
        assert page.locator("#leave-quote-ok").count() == 0
    finally:
        context.close()
