"""Seed the demo kabupaten (pamong.people.demo); names the demo accounts (demo_accounts prints them). Idempotent."""

from django.core.management.base import BaseCommand

from pamong.core.db import refresh_planner_statistics
from pamong.people.demo import seed_demo


class Command(BaseCommand):
    help = "Create the demo Pemerintah Kabupaten Mamuju with N employees (once), and name the demo accounts."

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
        self.stdout.write("Demo accounts: `manage.py demo_accounts` prints them as one table (`make run` does so last).")
