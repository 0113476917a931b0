"""HR adds a training record on a profile: the add form is fetched when its button is opened, then saved in place
(desktop and 390 px); what was typed is what the training history shows."""

from uuid import UUID

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1366, 390])
def test_hr_opens_the_add_form_and_saves_a_training(browser, live_pamong, width):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_pamong, live_pamong.username_with_role("hr_admin"), with_totp=True)
        ((public_id,),) = live_pamong.query(
            "SELECT e.public_id FROM people_employee e JOIN accounts_user u ON u.id = e.user_id WHERE e.is_active "
            "AND NOT u.is_superuser AND u.id NOT IN (SELECT user_id FROM accounts_user_groups) ORDER BY e.id DESC LIMIT 1"
        )
        page.goto(f"{live_pamong.url}/employees/{UUID(public_id)}/")
        assert page.locator("#training-form").count() == 0  # not built with the page

        with page.expect_response(lambda r: r.url.endswith("/trainings/") and r.request.method == "GET"):
            page.locator("#training-add summary").click()
        form = page.locator("#training-form")
        form.locator("select[name=kind]").select_option("technical")
        name = f"Bimtek Penyusunan SKP {width}"
        form.locator("input[name=name]").fill(name)
        form.locator("input[name=organiser]").fill("BKPSDM Kabupaten Mamuju")
        form.locator("input[name=start_date]").fill("02-03-2026")
        form.locator("input[name=end_date]").fill("04-03-2026")
        form.locator("input[name=hours]").fill("24")
        form.get_by_role("button", name="Simpan").click()

        row = page.locator("#training-section tbody tr", has_text=name)
        row.wait_for()
        assert "24" in row.inner_text()
        assert "2 Maret 2026" in row.inner_text()
        saved = live_pamong.query("SELECT kind, hours, organiser FROM people_traininghistory WHERE name = ?", (name,))
        assert saved == [("technical", 24, "BKPSDM Kabupaten Mamuju")]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()
