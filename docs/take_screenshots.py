"""Take the README's screenshots: a freshly seeded demo, served on loopback, seen by each role in Chromium.

    .venv/bin/python docs/take_screenshots.py        # writes docs/screenshots/*.png (needs Debian's chromium)

Everything shown is invented demo data (seed_demo, seed_leave_demo, seed_performance_demo).
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "Demo#Mamuju2026"



def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("Needs Debian's chromium (apt-get install chromium).")
    var_dir = Path(tempfile.mkdtemp(prefix="pamong-shots-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "PAMONG_VAR_DIR": str(var_dir),
           "DEBUG": "False", "PAMONG_INLINE_TASKS": "eager", "PAMONG_DEMO": "1"}
    env.pop("DATABASE_URL", None)
    python = sys.executable
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--employees", "600"], ["seed_leave_demo"],
                    ["seed_performance_demo"], ["demo_accounts"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True,  # noqa: S603
                       stdout=subprocess.DEVNULL)
    from pamong.ops.testing import free_port, wait_until_listening

    port = free_port()
    log = (var_dir / "server.log").open("w")
    server = subprocess.Popen([python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],  # noqa: S603
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_listening(port, server, why=(var_dir / "server.log").read_text)
        _shoot(chromium, url, var_dir / "pamong.sqlite3")
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        shutil.rmtree(var_dir, ignore_errors=True)


def _username(db: Path, role: str) -> str:
    import json

    with sqlite3.connect(db) as conn:
        (changes,) = conn.execute("SELECT changes FROM audit_auditevent WHERE action = 'people.demo_seeded' "
                                  "ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(changes)["accounts"][1][role]


def _totp(db: Path, username: str) -> str:
    from django_otp.oath import totp

    with sqlite3.connect(db) as conn:
        (key,) = conn.execute("SELECT d.key FROM otp_totp_totpdevice d JOIN accounts_user u ON u.id = d.user_id "
                              "WHERE u.username = ? AND d.confirmed", (username,)).fetchone()
    return f"{totp(bytes.fromhex(key)):06d}"


def _log_in(page, url: str, db: Path, role: str) -> None:
    username = _username(db, role)
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda address: "/accounts/login/" not in address)
    if "/accounts/mfa/" in page.url:
        page.fill("input[name=token]", _totp(db, username))
        page.locator("main form button[type=submit]").first.click()  # not the menu's log-out button
        page.wait_for_url(lambda address: "/accounts/mfa/" not in address)


def _shoot(chromium: str, url: str, db: Path) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    shots = [  # file, role (None: signed out), path, viewport width
        ("01-login-demo-accounts.png", None, "/accounts/login/", 1366),
        ("02-tugas-saya.png", "supervisor", "/", 1366),
        ("03-antrean-cuti-ponsel.png", "supervisor", "/leave/queue/", 390),
        ("04-kokpit-sekda.png", "executive", "/cockpit/", 1366),
        ("05-statistik-pegawai.png", "executive", "/statistics/workforce/", 1366),
        ("06-dasbor-kinerja.png", "hr_admin", "/performance/dashboard/", 1366),
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        contexts: dict = {}
        for name, role, path, width in shots:
            key = (role, width)
            if key not in contexts:  # one sign-in per role and width: a TOTP code is accepted once
                context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 900})
                page = context.new_page()
                if role:
                    _log_in(page, url, db, role)
                contexts[key] = (context, page)
            _context, page = contexts[key]
            page.goto(f"{url}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / name), full_page=width < 400)
            sys.stdout.write(f"{OUT / name}\n")
        for context, _page in contexts.values():
            context.close()
        browser.close()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    main()
