"""A large directory export as a background job: its page polls the progress, then offers the file (1366 / 390 px).

The live server has 120 employees, under the 5,000 rows that make an export a job, so the test writes the job
row (and its finished file) into the server's database and private storage, as the worker would.
"""

import io
import re
import sqlite3
import uuid
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook

from .conftest import log_in

pytestmark = pytest.mark.browser


def _job(server, username: str) -> tuple[str, int]:
    (user_id, pemda_id) = server.query("SELECT id, pemda_id FROM accounts_user WHERE username = ?", (username,))[0]
    public_id = uuid.uuid4()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(server.db_path) as connection:
        connection.execute(
            "INSERT INTO people_exportjob (created_at, updated_at, public_id, pemda_id, created_by_id, kind, format,"
            " query, status, total_rows, processed_rows, file, error) VALUES (?, ?, ?, ?, ?, 'employees', 'xlsx', '{}',"
            " 'running', 4000, 1000, '', '')",
            (now, now, public_id.hex, pemda_id, user_id),
        )
    return str(public_id), pemda_id


def _finish(server, public_id: str, pemda_id: int) -> bytes:
    """What export_job_run does at the end: the file in private storage, then the job marked ready."""
    workbook = Workbook()
    workbook.active.append(["NIP", "NAMA"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    name = f"exports/{pemda_id}/{uuid.uuid4().hex}.xlsx"
    target = server.db_path.parent / "private-media" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(buffer.getvalue())
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(server.db_path) as connection:
        connection.execute(
            "UPDATE people_exportjob SET status = 'done', processed_rows = 4000, file = ?, finished_at = ? "
            "WHERE public_id = ?",
            (name, now, uuid.UUID(public_id).hex),
        )
    return buffer.getvalue()


@pytest.mark.parametrize("width", [1366, 390])
def test_export_job_page_shows_progress_then_the_download(browser, live_pamong, tmp_path, width):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        username = live_pamong.username_with_role("hr_admin")
        log_in(page, live_pamong, username, with_totp=True)
        public_id, pemda_id = _job(live_pamong, username)

        page.goto(f"{live_pamong.url}/employees/export/{public_id}/")
        assert page.get_by_role("heading", level=1).count() == 1
        assert page.locator("#export-progress [role=progressbar]").get_attribute("aria-valuenow") == "25"
        # the bar is drawn a quarter wide (set by app.js: CSP refuses a style attribute)
        assert page.locator("#export-progress .progress-bar").evaluate("el => el.style.width") == "25%"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.screenshot(path=str(tmp_path / f"export-running-{width}.png"), full_page=True)

        content = _finish(live_pamong, public_id, pemda_id)
        # The page polls every second: the link appears without a reload, and the polling stops.
        page.locator("#export-download").wait_for()
        assert page.locator("#export-progress[hx-trigger]").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        with page.expect_download() as download_info:
            page.locator("#export-download").click()
        assert download_info.value.path().read_bytes() == content
        assert re.fullmatch(r"pegawai-\d{8}-\d{4}\.xlsx", download_info.value.suggested_filename)
        page.screenshot(path=str(tmp_path / f"export-done-{width}.png"), full_page=True)
    finally:
        context.close()
