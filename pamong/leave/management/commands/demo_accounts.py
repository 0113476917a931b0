"""Print every demo account as one table (all roles and the Plt) and publish it to the demo login page.

`make run` calls this once, after the seeds, so the accounts are the last thing in the terminal. The same rows are
written to VAR_DIR/demo-accounts.json, which the login page shows only while PAMONG_DEMO=1 (pamong.accounts.demo).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from pamong.accounts.demo import write_demo_accounts
from pamong.leave.demo import demo_account_rows


class Command(BaseCommand):
    help = "Print the demo accounts (every role, the Plt included) as one table and publish them to the demo login page."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-publish", action="store_true", help="Only print; do not write VAR_DIR/demo-accounts.json.")

    def handle(self, *args, **options) -> None:
        with translation.override("id"):
            rows = demo_account_rows()
        if not rows:
            raise CommandError("The demo agency does not exist: run `manage.py seed_demo` first.")
        if not options["no_publish"]:
            write_demo_accounts(rows)
        headers = ("Peran", "Nama pengguna", "Kata sandi", "TOTP (rahasia base32)", "Untuk dicoba")
        table = [headers] + [(r["role_label"], r["username"], r["password"], r["totp_secret"] or "—", r["hint"])
                             for r in rows]
        widths = [max(len(str(line[i])) for line in table) for i in range(len(headers))]
        rule = "+".join("-" * (w + 2) for w in widths)
        self.stdout.write("")
        self.stdout.write("Akun demo Pamong (semua kata sandi sama; pegawai masuk dengan NIP):")
        self.stdout.write(rule)
        for index, line in enumerate(table):
            self.stdout.write(" | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
            if index == 0:
                self.stdout.write(rule)
        self.stdout.write(rule)
        self.stdout.write("Kode TOTP saat ini tanpa ponsel: .venv/bin/python manage.py demo_otp <nama pengguna>")
