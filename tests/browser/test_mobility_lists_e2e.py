"""The DUK in Chromium at 1366 and 390 px (issue #13): HR filters it by golongan, every row shown has that golongan,
the page does not overflow the phone's width (the table scrolls in its own box), and the .xlsx downloaded with the
same filter holds the same rows as values.
"""

import io

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def lists_server(live_pamong):
    return live_pamong


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_filters_the_duk_by_golongan_and_downloads_it(page, lists_server, viewport, tmp_path):
    from openpyxl import load_workbook

    server = lists_server
    page.set_viewport_size(viewport)
    page.context.clear_cookies()
    hr = server.username_with_role("hr_admin")
    log_in(page, server, hr, with_totp=True)
    (golongan,) = server.query(  # the golongan most PNS of HR's agency hold
        "SELECT g.code FROM people_employee e JOIN people_golongan g ON g.id = e.current_golongan_id "
        "WHERE e.is_active AND e.status IN ('pns', 'cpns') "
        "AND e.pemda_id = (SELECT pemda_id FROM accounts_user WHERE username = ?) "
        "GROUP BY g.code ORDER BY COUNT(*) DESC, g.code LIMIT 1", (hr,))[0]

    page.goto(f"{server.url}/mobility/lists/")
    page.locator("#hub-duk").click()
    page.wait_for_url("**/mobility/lists/duk/")
    page.select_option("#id_golongan", golongan)
    page.locator("#list-filter-submit").click()
    page.wait_for_url("**/mobility/lists/duk/?*golongan=*")
    rows = page.locator("#list-table tbody tr[id^=duk-]")
    assert rows.count() > 0
    shown = [rows.nth(index).locator("td").nth(2).inner_text().strip() for index in range(rows.count())]
    assert set(shown) == {golongan}
    # the page keeps to the viewport; a wide table scrolls inside .table-responsive
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1

    with page.expect_download() as info:
        page.locator("#export-xlsx").click()
    path = tmp_path / "duk.xlsx"
    info.value.save_as(path)
    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) - 1 >= rows.count()  # the export holds every row, the page shows one page
    assert {row[3] for row in values[1:]} == {golongan}
    names = [row[2] for row in values[1:]]
    assert names[: rows.count()] == [rows.nth(i).locator("td").nth(1).inner_text().split("\n")[0].strip()
                                     for i in range(rows.count())]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_hr_narrows_the_duk_to_a_unit_from_the_unit_filter(page, lists_server, viewport):
    """The unit filter (people's cached option list of the agency's units): the chosen unit stays chosen after the
    page reloads, every row shown belongs to it, and the select keeps to a phone's width."""
    import uuid

    server = lists_server
    page.set_viewport_size(viewport)
    page.context.clear_cookies()
    hr = server.username_with_role("hr_admin")
    log_in(page, server, hr, with_totp=True)
    public_id, name = server.query(  # a unit without sub-units that holds the most PNS of HR's agency
        "SELECT u.public_id, u.name FROM people_orgunit u JOIN people_employee e ON e.current_unit_id = u.id "
        "WHERE e.is_active AND e.status IN ('pns', 'cpns') AND u.is_active "
        "AND u.pemda_id = (SELECT pemda_id FROM accounts_user WHERE username = ?) "
        "AND NOT EXISTS (SELECT 1 FROM people_orgunit c WHERE c.parent_id = u.id) "
        "GROUP BY u.id ORDER BY COUNT(*) DESC, u.name LIMIT 1", (hr,))[0]
    value = str(uuid.UUID(public_id))

    page.goto(f"{server.url}/mobility/lists/duk/")
    page.select_option("#id_unit", value)
    page.locator("#list-filter-submit").click()
    page.wait_for_url("**/mobility/lists/duk/?*unit=*")
    assert page.locator("#id_unit").input_value() == value
    rows = page.locator("#list-table tbody tr[id^=duk-]")
    assert rows.count() > 0
    assert {rows.nth(index).locator("td").nth(5).inner_text().strip() for index in range(rows.count())} == {name}
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
