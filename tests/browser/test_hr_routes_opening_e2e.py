"""Issue #9 (S): HR adds an approval route step and records an opening leave balance — at 1280 and 390 px."""

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                && !el.parentElement.closest('.table-responsive'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""


def _fits(page, width: int) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"at {width}px the page is {overflow}px wider than the viewport: {page.evaluate(WIDEST)}"


def test_hr_configures_a_route_and_records_an_opening_balance(page, live_pamong):
    username = live_pamong.username_with_role("hr_admin")
    (pemda_id, own_id) = live_pamong.query("SELECT e.pemda_id, e.id FROM accounts_user u JOIN people_employee e "
                                           "ON e.user_id = u.id WHERE u.username = ?", (username,))[0]
    (nip,) = live_pamong.query("SELECT nip FROM people_employee WHERE pemda_id = ? AND id != ? AND is_active "
                               "ORDER BY id LIMIT 1", (pemda_id, own_id))[0]
    (year,) = live_pamong.query("SELECT CAST(strftime('%Y', 'now') AS INTEGER)")[0]
    log_in(page, live_pamong, username, with_totp=True)

    # An approval route step: the form refuses a position approver without a position, then saves a supervisor step.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_pamong.url}/leave/routes/new/")
    page.select_option("select[name=flow]", "leave")
    page.fill("input[name=order]", "7")
    page.select_option("select[name=role]", "position")
    page.fill("input[name=label]", "Atasan langsung (uji)")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("#id_position.is-invalid, #route-form .invalid-feedback")
    page.select_option("select[name=role]", "supervisor")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/leave/routes/")
    assert "Atasan langsung (uji)" in page.inner_text("#route-results")
    assert live_pamong.query("SELECT count(*) FROM approvals_approvalroutestep WHERE label = ? AND pemda_id = ?",
                             ("Atasan langsung (uji)", pemda_id))[0][0] == 1

    # An opening balance for last year's pot, written as an 'opening' ledger line.
    page.goto(f"{live_pamong.url}/leave/balances/opening/")
    page.fill("input[name=nip]", nip)
    page.select_option("select[name=pot_year]", str(year - 1))
    page.fill("input[name=days]", "4")
    page.fill("input[name=reason]", "Rekap SIMPEG lama (uji)")
    page.locator("#opening-form button[type=submit]").click()
    page.wait_for_selector("text=Rekap SIMPEG lama (uji)")
    rows = live_pamong.query("SELECT l.pot_year FROM leave_leaveledgerentry l JOIN people_employee e "
                             "ON e.id = l.employee_id WHERE l.kind = 'opening' AND e.nip = ?", (nip,))
    assert rows == [(year - 1,)]

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("/leave/routes/", "/leave/routes/new/", "/leave/balances/opening/"):
            page.goto(f"{live_pamong.url}{path}")
            _fits(page, width)
