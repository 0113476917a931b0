"""An oversize upload is stopped while it streams: the employee sees a clear 413 page, nothing is stored.

At desktop width and at 390 px (a phone).
"""

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_an_oversize_leave_document_gets_a_clear_page_and_nothing_is_saved(page, live_pamong, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    employee = live_pamong.demo_username("employee")
    log_in(page, live_pamong, employee, with_totp=False)
    (before,) = live_pamong.query("SELECT count(*) FROM leave_leaveapplication")[0]

    page.goto(f"{live_pamong.url}/leave/apply/")
    page.select_option("select[name=leave_type]", "CT")
    page.fill("input[name=start_date]", "01-07-2030")
    page.fill("input[name=end_date]", "02-07-2030")
    page.fill("textarea[name=address]", "Jl. Ahmad Yani No. 5, Mamuju")
    page.select_option("select[name=doc_kind_0]", "other")
    page.set_input_files("input[name=doc_file_0]", files=[{
        "name": "surat-besar.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n" + b"0" * (6 * 1024 * 1024),
    }])
    with page.expect_navigation() as navigation:
        page.click("#leave-submit")

    assert navigation.value.status == 413
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().strip() == "413"
    text = page.locator("main").inner_text()
    assert "5 MB" in text
    assert page.locator("a.btn").is_visible()
    # The page fits the screen: no horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(tmp_path / f"upload-limit-{width}.png"), full_page=True)
    assert live_pamong.query("SELECT count(*) FROM leave_leaveapplication")[0] == (before,)
