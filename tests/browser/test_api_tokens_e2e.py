"""API tokens end to end: an employee creates a read-only token on the account page, HR sees it on the agency's
token page (prefix only, never the value) and revokes it; the API then refuses the token.

Both pages are checked at desktop width and at 390 px (a phone): no horizontal scrolling.
"""

import re

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)


def _employee_without_roles(server) -> str:
    rows = server.query(
        "SELECT u.username FROM accounts_user u JOIN people_employee e ON e.user_id = u.id "
        "WHERE u.password NOT LIKE '!%' AND NOT u.is_superuser AND u.is_active "
        "AND u.id NOT IN (SELECT user_id FROM accounts_user_groups) "
        "AND u.id NOT IN (SELECT user_id FROM otp_totp_totpdevice) ORDER BY u.id DESC LIMIT 1"
    )
    return rows[0][0]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_employee_creates_a_token_and_hr_revokes_it(browser, live_pamong, tmp_path):
    username = _employee_without_roles(live_pamong)
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_pamong, username, with_totp=False)

    # The employee creates a read-only token; its value is shown once.
    page.goto(f"{live_pamong.url}/accounts/profile/")
    page.fill("#token-form input[name=name]", "Sinkron laporan")
    assert page.locator("#token-form select[name=scope]").input_value() == "read"
    page.locator("#token-form button[type=submit]").click()
    page.wait_for_selector("#new-token")
    raw = page.locator("#new-token code").inner_text().strip()
    assert re.fullmatch(r"pmg_[A-Za-z0-9_-]{40,}", raw)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert _fits(page), f"profile scrolls sideways at {width}px"
        page.screenshot(path=str(tmp_path / f"profile-{width}.png"), full_page=True)

    # The token reads, but cannot write.
    headers = {"Authorization": f"Bearer {raw}"}
    assert page.request.get(f"{live_pamong.url}/api/v1/me", headers=headers).status == 200
    refused = page.request.post(f"{live_pamong.url}/api/v1/units", headers=headers, data={"name": "x"})
    assert refused.status == 403
    assert refused.json()["code"] == "auth.token_scope"
    context.close()

    # HR of the agency sees it (prefix, never the value) and revokes it.
    hr_context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    hr_page = hr_context.new_page()
    hr_page.set_default_timeout(15_000)
    log_in(hr_page, live_pamong, live_pamong.username_with_role("hr_admin"), with_totp=True)
    hr_page.goto(f"{live_pamong.url}/accounts/tokens/")
    row = hr_page.locator("#token-results tbody tr", has_text="Sinkron laporan")
    assert row.count() == 1
    assert raw[:8] in row.inner_text()
    assert raw not in hr_page.content()
    for width in WIDTHS:
        hr_page.set_viewport_size({"width": width, "height": 900})
        assert hr_page.locator("#token-results").is_visible()
        assert _fits(hr_page), f"the agency's token page scrolls sideways at {width}px"
        hr_page.screenshot(path=str(tmp_path / f"agency-tokens-{width}.png"), full_page=True)
    row.locator("button[type=submit]").click()
    hr_page.wait_for_load_state("networkidle")
    assert "/accounts/tokens/" in hr_page.url
    assert hr_page.locator("#token-results tbody tr", has_text="Sinkron laporan").count() == 0
    hr_context.close()

    # The revoked token no longer authenticates.
    api = browser.new_context()
    assert api.request.get(f"{live_pamong.url}/api/v1/me", headers=headers).status == 401
    api.close()
