"""End-to-end tests: a real Pamong server on loopback, driven by Debian's Chromium.

The server runs in its own process on a throwaway SQLite database seeded with
``seed_demo``; the tests read the demo accounts from that database. Playwright
cannot download a browser here, so it launches /usr/bin/chromium; without it
the tests are skipped with a message.
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DEMO_PASSWORD = "Demo#Mamuju2026"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Two test processes share the browser tests, each starting its seeded server and Chromium once per run: the
    # development context's flows in one, the rest in the other (one group alone had become the suite's long pole).
    for item in items:
        if "browser" in item.keywords:
            group = "browser-development" if "/test_development_" in item.nodeid else "browser"
            item.add_marker(pytest.mark.xdist_group(group))
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        # The live server below always runs on its own SQLite database (DATABASE_URL is dropped for it), so the
        # PostgreSQL pass would repeat the SQLite pass's browser run exactly: skip it there (about 6 minutes of CI).
        reason = "browser tests drive their own SQLite-backed server: they run in the SQLite pass"
    elif CHROMIUM:
        return
    else:
        reason = "browser tests need Debian's chromium (apt-get install chromium)"
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)



@dataclass
class LiveServer:
    url: str
    db_path: Path

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with sqlite3.connect(self.db_path) as connection:
            return connection.execute(sql, params).fetchall()

    def username_with_role(self, group: str) -> str:
        rows = self.query(
            "SELECT u.username FROM accounts_user u JOIN accounts_user_groups ug ON ug.user_id = u.id "
            "JOIN auth_group g ON g.id = ug.group_id WHERE g.name = ? AND u.is_active ORDER BY u.id LIMIT 1",
            (group,),
        )
        return rows[0][0]

    def demo_username(self, role: str) -> str:
        """The username of the demo account of *role*, as seed_demo recorded it in its audit event."""
        (changes,) = self.query(
            "SELECT changes FROM audit_auditevent WHERE action = 'people.demo_seeded' ORDER BY id DESC LIMIT 1"
        )[0]
        import json

        return json.loads(changes)["accounts"][1][role]

    def totp_code(self, username: str) -> str:
        """A code the server accepts now, without waiting for the next 30-second step when it can.

        django-otp refuses a step this device has already used (``last_t``) but accepts the steps within
        ``tolerance`` of the current one (shifted by the device's ``drift``): the next step's code is valid now.
        Using it moves the drift forward, so the following sign-in can take the step after. Only when every
        acceptable step is used does it wait for time to move on.
        """
        from django_otp.oath import TOTP

        while True:
            key, step, t0, digits, tolerance, drift, last_t = self.query(
                "SELECT d.key, d.step, d.t0, d.digits, d.tolerance, d.drift, d.last_t FROM otp_totp_totpdevice d "
                "JOIN accounts_user u ON u.id = d.user_id WHERE u.username = ? AND d.confirmed ORDER BY d.id LIMIT 1",
                (username,),
            )[0]
            now = int((time.time() - t0) // step) + drift
            for candidate in (now, now + 1, *range(now + 2, now + tolerance + 1), now - 1):
                if candidate > last_t and abs(candidate - now) <= tolerance:
                    token = TOTP(bytes.fromhex(key), step, t0, digits)
                    token.time = t0 + candidate * step + step / 2
                    return f"{token.token():0{digits}d}"
            time.sleep(0.5)


@pytest.fixture(scope="session")
def live_pamong(tmp_path_factory):
    if not CHROMIUM:
        pytest.skip("browser tests need Debian's chromium")
    var_dir = tmp_path_factory.mktemp("pamong-e2e")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "PAMONG_VAR_DIR": str(var_dir),
        "DEBUG": "False",
        "PAMONG_INLINE_TASKS": "eager",
        "PAMONG_DEMO": "1",  # as `make run`: the login page lists the demo accounts
    }
    env.pop("DATABASE_URL", None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "seed_demo", "--employees", "120", "--seed", "7"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
    )
    # The holiday calendars and leave ledgers the leave pages work on.
    subprocess.run(
        [python, "manage.py", "seed_leave_demo", "--seed", "7"], cwd=ROOT, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([python, "manage.py", "demo_accounts"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    from pamong.ops.testing import free_port, wait_until_listening

    port = free_port()
    log = (var_dir / "server.log").open("w")
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        # runserver logs every request: to a file, never a pipe nobody reads (a full pipe froze the server).
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_listening(port, server, why=(var_dir / "server.log").read_text)
    try:
        yield LiveServer(url=url, db_path=var_dir / "pamong.sqlite3")
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.skip("browser tests need Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, server: LiveServer, username: str, *, with_totp: bool) -> None:
    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    if with_totp:
        page.wait_for_url("**/accounts/mfa/**")
        page.fill("input[name=token]", server.totp_code(username))
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def three_working_days(*, not_before_days: int, skip: tuple[date, date] | None = None) -> tuple[date, date]:
    """A Monday to Wednesday at least *not_before_days* ahead with no national holiday or cuti bersama in it.

    Tests that apply for leave as the same demo employee pass each other's dates as *skip*: the live server is
    shared by the whole browser session, and an overlapping application is (rightly) refused.
    """
    import holidays

    start = date.today() + timedelta(days=not_before_days)
    start += timedelta(days=(7 - start.weekday()) % 7)
    while True:
        days_off = holidays.country_holidays("ID", years=start.year, categories=("public", "government"))
        if not any(start + timedelta(days=n) in days_off for n in range(3)) and (skip is None or start != skip[0]):
            return start, start + timedelta(days=2)
        start += timedelta(days=7)


# How far ahead the leave e2e test applies, and the preview test looks (it stays clear of the first).
APPLY_DAYS_AHEAD = 14
PREVIEW_DAYS_AHEAD = 7
