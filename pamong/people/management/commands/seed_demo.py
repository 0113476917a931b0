"""Seed the demo kabupaten (pamong.people.demo); prints the demo accounts. Idempotent."""

from django.core.management.base import BaseCommand

from pamong.core.db import refresh_planner_statistics
from pamong.people.demo import MFA_ROLES, seed_demo


class Command(BaseCommand):
    help = "Create the demo Pemerintah Kabupaten Mamuju with N employees (once), and print the demo accounts."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--employees", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        result = seed_demo(employees=max(options["employees"], 20), seed=options["seed"])
        if result.created:
            refresh_planner_statistics()
            self.stdout.write(f"Seeded {result.employees} employees in {result.seconds:.1f} s.")
        else:
            self.stdout.write("The demo agency already exists; nothing changed.")
        self.stdout.write("")
        self.stdout.write(f"{'role':<11} {'username':<20} {'password':<17} TOTP secret (base32)")
        for account in result.accounts:
            self.stdout.write(
                f"{account['role']:<11} {account['username']:<20} {account['password']:<17} {account['totp_secret']}"
            )
        if any(a["role"] in MFA_ROLES for a in result.accounts):
            self.stdout.write("")
            self.stdout.write("MFA roles: current code: .venv/bin/python manage.py demo_otp <username>")
