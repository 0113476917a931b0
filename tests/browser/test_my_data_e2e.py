"""Data saya: an employee downloads their archive and asks for a correction; HR decides it (desktop and 390 px)."""

import io
import json
import re
import zipfile

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


def _employee_without_roles(server) -> str:
    rows = server.query(
        "SELECT u.username FROM accounts_user u JOIN people_employee e ON e.user_id = u.id "
        "WHERE u.password NOT LIKE '!%' AND NOT u.is_superuser AND e.is_active "
        "AND u.id NOT IN (SELECT user_id FROM accounts_user_groups) ORDER BY u.id"
    )
    return rows[0][0]


@pytest.mark.parametrize("width", [1280, 390])
def test_employee_downloads_their_data_and_asks_for_a_correction(browser, live_pamong, tmp_path, width):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        username = _employee_without_roles(live_pamong)
        log_in(page, live_pamong, username, with_totp=False)

        page.goto(f"{live_pamong.url}/me/data/")
        assert page.get_by_role("heading", level=1).count() == 1
        # Nothing overflows the viewport on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

        with page.expect_download() as download_info:
            page.locator("#my-data-export").click()
        archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
        (nip,) = live_pamong.query(
            "SELECT e.nip FROM people_employee e JOIN accounts_user u ON u.id = e.user_id WHERE u.username = ?",
            (username,),
        )[0]
        assert json.loads(archive.read("profile.json"))["nip"] == nip

        page.goto(f"{live_pamong.url}/me/data/corrections/new/")
        # One pending request per field: each width asks about another field of the same person.
        page.select_option("select[name=field]", "birth_place" if width > 500 else "back_title")
        page.fill("input[name=requested_value]", f"Majene {width}")
        page.fill("textarea[name=reason]", "Salah ketik pada saat pendataan")
        page.locator("#page-form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/me/data/$"))
        assert f"Majene {width}" in page.locator("#my-corrections").inner_text()
        page.screenshot(path=str(tmp_path / f"my-data-{width}.png"), full_page=True)
    finally:
        context.close()


def test_hr_accepts_a_correction(page, live_pamong):
    # given: a pending request of an employee (filed through the page in the test above, or file one now)
    username = _employee_without_roles(live_pamong)
    log_in(page, live_pamong, username, with_totp=False)
    page.goto(f"{live_pamong.url}/me/data/corrections/new/")
    page.select_option("select[name=field]", "phone")
    page.fill("input[name=requested_value]", "081377788899")
    page.fill("textarea[name=reason]", "Nomor lama tidak aktif")
    page.locator("#page-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/me/data/$"))
    page.context.clear_cookies()

    hr_username = live_pamong.username_with_role("hr_admin")
    log_in(page, live_pamong, hr_username, with_totp=True)
    page.goto(f"{live_pamong.url}/corrections/")
    page.locator("#correction-list tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/corrections/[0-9a-f-]{36}/$"))
    page.select_option("select[name=decision]", "accept")
    page.locator("#correction-decide-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    assert page.locator("#correction-status").inner_text().strip() in ("Diterima", "Accepted")
    (phone,) = live_pamong.query(
        "SELECT e.phone FROM people_employee e JOIN accounts_user u ON u.id = e.user_id WHERE u.username = ?",
        (username,),
    )[0]
    assert phone == "081377788899"
