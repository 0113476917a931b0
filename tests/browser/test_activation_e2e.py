"""Account activation end to end: HR issues a code from the employee's page, the employee activates and logs in.

At desktop width and at 390 px (a phone): the login page's "Aktivasi akun" link, the activation form and the
first normal login must all work without horizontal scrolling.
"""

import re

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Sawah#Kalukku2026"


def _not_activated(server, index: int) -> tuple[str, str]:
    rows = server.query(
        "SELECT e.nip, e.public_id FROM people_employee e JOIN accounts_user u ON u.id = e.user_id "
        "WHERE e.is_active AND u.is_active AND u.password LIKE '!%' ORDER BY e.id LIMIT 2"
    )
    nip, public_id = rows[index]
    return nip, public_id


def _uuid(value: str) -> str:
    value = value.replace("-", "")
    return f"{value[:8]}-{value[8:12]}-{value[12:16]}-{value[16:20]}-{value[20:]}"


@pytest.mark.parametrize(("width", "index"), [(1280, 0), (390, 1)])
def test_hr_issues_a_code_and_the_employee_activates_and_logs_in(browser, live_pamong, tmp_path, width, index):
    nip, public_id = _not_activated(live_pamong, index)
    viewport = {"width": width, "height": 900}

    hr_context = browser.new_context(locale="id-ID", viewport=viewport)
    hr_page = hr_context.new_page()
    hr_page.set_default_timeout(15_000)
    log_in(hr_page, live_pamong, live_pamong.username_with_role("hr_admin"), with_totp=True)
    hr_page.goto(f"{live_pamong.url}/employees/{_uuid(public_id)}/")
    assert hr_page.locator("#account-card").is_visible()
    hr_page.locator(f"form[action$='/employees/{_uuid(public_id)}/account/activation/'] button").click()
    hr_page.wait_for_selector("#issued-code-value")
    code = hr_page.locator("#issued-code-value").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    hr_page.screenshot(path=str(tmp_path / f"code-{width}.png"), full_page=True)
    hr_context.close()

    context = browser.new_context(locale="id-ID", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_pamong.url}/accounts/login/")
    activate_link = page.locator("#account-links a[href='/accounts/activate/']")
    assert activate_link.is_visible()
    assert page.locator("#account-links a[href='/accounts/password/forgot/']").is_visible()
    activate_link.click()
    page.wait_for_url("**/accounts/activate/")
    page.fill("input[name=username]", nip)
    page.fill("input[name=code]", code.lower())
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / f"activate-{width}.png"), full_page=True)
    page.locator("#activate-form button[type=submit]").click()
    page.wait_for_url("**/accounts/login/")

    page.fill("input[name=username]", nip)
    page.fill("input[name=password]", NEW_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" not in page.url
    assert page.locator("form[action='/accounts/logout/']").count() == 1
    context.close()

    # The code worked once.
    (used,) = live_pamong.query(
        "SELECT COUNT(*) FROM accounts_accountcode c JOIN accounts_user u ON u.id = c.user_id "
        "WHERE u.username = ? AND c.used_at IS NOT NULL",
        (nip,),
    )[0]
    assert used == 1


@pytest.mark.parametrize("width", [1280, 390])
def test_backup_code_signs_in_instead_of_the_authenticator(browser, live_pamong, width):
    username = live_pamong.username_with_role("executive")
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_pamong, username, with_totp=True)
    page.goto(f"{live_pamong.url}/accounts/mfa/backup-codes/")
    page.locator("#backup-codes-form button[type=submit]").click()
    page.wait_for_selector("#new-backup-codes")
    codes = [c.strip() for c in page.locator("#new-backup-codes li").all_inner_texts()]
    assert len(codes) == 10
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()

    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_pamong, username, with_totp=False)
    page.wait_for_url("**/accounts/mfa/verify/**")
    page.locator("#backup-code-section summary").click()
    page.fill("input[name=backup_code]", codes[0])
    page.locator("#backup-code-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/mfa/" not in page.url
    assert page.locator("form[action='/accounts/logout/']").count() == 1
    context.close()
