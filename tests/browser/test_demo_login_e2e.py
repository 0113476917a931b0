"""A first-time visitor of the demo finds the accounts on the login page and signs in with one of them."""

import pytest

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_the_demo_login_page_lists_every_role_and_one_of_them_signs_in(page, live_pamong, width):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{live_pamong.url}/accounts/login/")

    table = page.locator("#demo-accounts table")
    table.wait_for()
    usernames = [cell.strip() for cell in table.locator("tbody td:nth-child(2)").all_inner_texts()]
    for role in ("employee", "supervisor", "unit_head", "hr_admin", "hr_admin_2", "executive", "auditor",
                 "attendance_officer", "superadmin"):
        assert live_pamong.demo_username(role) in usernames, role
    assert len(usernames) == 10  # the nine roles and the Plt
    assert table.locator("tbody td:nth-child(3)").first.inner_text().strip() == DEMO_PASSWORD
    # At phone width the table scrolls inside its card; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    # The supervisor's row is enough to sign in: no README needed.
    supervisor = live_pamong.demo_username("supervisor")
    page.fill("input[name=username]", supervisor)
    page.fill("input[name=password]", table.locator("tbody td:nth-child(3)").first.inner_text().strip())
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    assert page.locator("#demo-accounts").count() == 0
