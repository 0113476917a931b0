"""Issue #9: HR's leave register (filters through htmx, .csv export) and "who is away", at 1366 and 390 px."""

import csv
import io

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_hr_filters_and_exports_the_register_and_sees_who_is_away(browser, live_pamong, tmp_path):
    context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_pamong, live_pamong.username_with_role("hr_admin"), with_totp=True)

        # The leave home links the register and shows who is away today.
        page.goto(f"{live_pamong.url}/leave/")
        assert page.locator("#leave-away-count").is_visible()
        page.click("#leave-register-link")
        page.wait_for_url("**/leave/register/")
        assert page.locator("tr[id^=leave-register-]").count() >= 1

        # Filtering by type swaps the results in place (htmx) and keeps the filter in the address bar.
        page.select_option("select[name=leave_type]", "CT")
        page.wait_for_url("**leave_type=CT**")
        page.wait_for_load_state("networkidle")
        types = page.locator("tr[id^=leave-register-] td:nth-child(3)").all_inner_texts()
        assert types
        assert all("tahunan" in text.lower() for text in types)

        # The export follows the filters and is formula-safe text.
        with page.expect_download() as download_info:
            page.click("#leave-register-export-csv")
        path = tmp_path / "register.csv"
        download_info.value.save_as(path)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert rows[0][0] == "NIP"
        assert len(rows) - 1 >= len(types)
        assert not any(cell.startswith(("=", "+", "@")) for row in rows[1:] for cell in row)

        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            assert _fits(page), f"the register scrolls sideways at {width}px"
            page.screenshot(path=str(tmp_path / f"register-{width}.png"), full_page=True)

        # Who is away this week: the period and the list.
        page.goto(f"{live_pamong.url}/leave/away/?period=week")
        assert page.locator("#leave-away-period").is_visible()
        assert page.locator("#leave-away-table").is_visible()
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 900})
            assert _fits(page), f"who is away scrolls sideways at {width}px"
    finally:
        context.close()
