"""Dates, NIP and positions on the new-employee form, in a browser set to English (en-US), at 1366 px and 390 px.

Before, date fields were <input type="date">: an English browser showed and expected mm/dd/yyyy, and a 556-option
select listed every position of the agency. Now dates are typed and shown dd-mm-yyyy (or "1 Maret 2015") whatever
the browser's language, the NIP fills birth date, TMT CPNS and gender as it is typed, and the position is found by
a search. What is saved is checked in the database.
"""

import re
import uuid

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser

WIDTHS = [1366, 390]


def _context(browser, width):
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _open_position(server, username: str) -> tuple[int, str, str]:
    """(id, public id, name) of an active position of the HR admin's agency with a free place, its name rare."""
    (pemda_id,) = server.query("SELECT pemda_id FROM accounts_user WHERE username = ?", (username,))[0]
    rows = server.query(
        "SELECT p.id, p.public_id, p.name FROM people_position p WHERE p.pemda_id = ? AND p.is_active "
        "AND p.capacity > (SELECT COUNT(*) FROM people_employee e WHERE e.current_position_id = p.id AND e.is_active) "
        "ORDER BY (SELECT COUNT(*) FROM people_position q WHERE q.pemda_id = p.pemda_id AND q.name = p.name), "
        "p.capacity DESC, p.id LIMIT 1",
        (pemda_id,),
    )
    position_id, public_id, name = rows[0]
    return position_id, str(uuid.UUID(str(public_id))), name


@pytest.mark.parametrize("width", WIDTHS)
def test_hr_registers_an_employee_from_the_nip_in_an_english_browser(browser, live_pamong, width):
    username = live_pamong.username_with_role("hr_admin")
    day = 12 if width == 1366 else 13
    nip = f"199003{day}2015032{width % 1000:03d}"  # born 1990-03-day, TMT CPNS March 2015, female
    position_id, position_public_id, position_name = _open_position(live_pamong, username)
    context, page = _context(browser, width)
    try:
        log_in(page, live_pamong, username, with_totp=True)
        page.goto(f"{live_pamong.url}/employees/new/")

        # Date fields are text boxes for dd-mm-yyyy, not the browser's (English) date picker.
        birth = page.locator("#id_birth_date")
        assert birth.get_attribute("type") == "text"
        assert birth.get_attribute("placeholder") == "dd-mm-yyyy"
        assert page.locator("input[type=date]").count() == 0

        # Typing the NIP fills birth date, TMT CPNS and gender.
        page.locator("#id_nip").fill(nip)
        assert birth.input_value() == f"{day}-03-1990"
        assert page.locator("#id_first_appointment_date").input_value() == "01-03-2015"
        assert page.locator("#id_gender").input_value() == "f"

        page.fill("#id_name", f"Rahmawati Uji {width}")
        page.select_option("#id_status", "pns")
        golongan = page.locator("#id_golongan option", has_text="III/a").first.get_attribute("value")
        page.select_option("#id_golongan", golongan)
        page.fill("#id_golongan_date", "01-03-2015")
        page.fill("#id_position_date", "1 Maret 2015")  # a month name is understood too

        # The position is a search: two letters or more list at most 20 positions of the agency.
        assert page.locator("select#id_position").count() == 0
        page.locator("#id_position").fill(position_name)
        option = page.locator(f"input[type=radio][name=position][value='{position_public_id}']")
        option.wait_for()
        assert page.locator("input[type=radio][name=position]").count() <= 20
        option.check()

        page.locator("#page-form button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/employees/[0-9a-f-]{36}/$"))

        # What was saved: the facts the NIP states, the typed dates, the chosen position.
        saved = live_pamong.query(
            "SELECT birth_date, first_appointment_date, gender, current_position_id FROM people_employee WHERE nip = ?",
            (nip,),
        )
        assert saved == [(f"1990-03-{day}", "2015-03-01", "f", position_id)]
        (position_date,) = live_pamong.query(
            "SELECT h.effective_date FROM people_positionhistory h JOIN people_employee e ON e.id = h.employee_id "
            "WHERE e.nip = ?", (nip,))[0]
        assert position_date == "2015-03-01"
        # Shown the Indonesian way although the browser speaks English.
        assert f"{day} Maret 1990" in page.locator("main").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_birth_date_the_nip_contradicts_is_refused_saying_what_the_nip_states(browser, live_pamong, width):
    username = live_pamong.username_with_role("hr_admin")
    nip = f"19880709201204{1 if width == 1366 else 2}9{width % 100:02d}"
    context, page = _context(browser, width)
    try:
        log_in(page, live_pamong, username, with_totp=True)
        page.goto(f"{live_pamong.url}/employees/new/")
        page.locator("#id_nip").fill(nip)
        page.fill("#id_birth_date", "10-07-1988")  # typed by hand: the NIP no longer overwrites it
        page.locator("#id_nip").fill(nip)
        assert page.locator("#id_birth_date").input_value() == "10-07-1988"
        page.fill("#id_name", "Budi Tidak Cocok")
        page.select_option("#id_status", "pns")
        page.locator("#page-form button[type=submit]").click()
        page.wait_for_load_state("networkidle")

        assert "9 Juli 1988" in page.locator("main").inner_text()  # "the NIP says 9 Juli 1988"
        assert live_pamong.query("SELECT COUNT(*) FROM people_employee WHERE nip = ?", (nip,)) == [(0,)]
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_leave_calendar_writes_dd_mm_yyyy_into_the_date_fields(browser, live_pamong, width):
    context, page = _context(browser, width)
    try:
        log_in(page, live_pamong, live_pamong.demo_username("employee"), with_totp=False)
        page.goto(f"{live_pamong.url}/leave/apply/")
        page.select_option("select[name=leave_type]", "CT")
        button = page.locator("[data-leave-day]").last
        button.wait_for()
        day = button.get_attribute("data-leave-day")  # ISO
        button.click()

        year, month, dom = day.split("-")
        assert page.locator("#id_start_date").input_value() == f"{dom}-{month}-{year}"
        assert page.locator("#id_end_date").input_value() == f"{dom}-{month}-{year}"
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_hr_adds_a_position_choosing_its_supervisor_by_search(browser, live_pamong, width):
    username = live_pamong.username_with_role("hr_admin")
    supervisor_id, supervisor_public_id, supervisor_name = _open_position(live_pamong, username)
    (unit_id,) = live_pamong.query("SELECT org_unit_id FROM people_position WHERE id = ?", (supervisor_id,))[0]
    (unit_public_id,) = live_pamong.query("SELECT public_id FROM people_orgunit WHERE id = ?", (unit_id,))[0]
    name = f"Analis Uji Pencarian {width}"
    context, page = _context(browser, width)
    try:
        log_in(page, live_pamong, username, with_totp=True)
        page.goto(f"{live_pamong.url}/organisation/positions/new/")
        assert page.locator("select#id_supervisor_position").count() == 0

        page.fill("#id_name", name)
        page.select_option("#id_org_unit", str(uuid.UUID(str(unit_public_id))) if page.locator(
            f"#id_org_unit option[value='{uuid.UUID(str(unit_public_id))}']").count() else str(unit_id))
        page.select_option("#id_kind", "pelaksana")
        page.locator("#id_supervisor_position").fill(supervisor_name)
        option = page.locator(
            f"input[type=radio][name=supervisor_position][value='{supervisor_public_id}']")
        option.wait_for()
        option.check()
        page.locator("#page-form button[type=submit]").click()
        page.wait_for_load_state("networkidle")

        assert live_pamong.query("SELECT supervisor_position_id FROM people_position WHERE name = ?", (name,)) == [
            (supervisor_id,)]
    finally:
        context.close()
