"""Seed the attendance demo (pamong.attendance.demo) for the demo kabupaten; prints a summary. Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from pamong.attendance.demo import DemoMissing, seed_attendance_demo
from pamong.core.db import refresh_planner_statistics


class Command(BaseCommand):
    help = "Fill the demo agency's last full month of punches, derived days and verified months (once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        try:
            result = seed_attendance_demo(seed=options["seed"])
        except DemoMissing as exc:
            raise CommandError(str(exc)) from None
        if result.created:
            refresh_planner_statistics()
            self.stdout.write(f"Seeded the attendance demo in {result.seconds:.1f} s.")
        else:
            self.stdout.write("The attendance demo already exists; nothing changed.")
        self.stdout.write(", ".join(f"{name} {count}" for name, count in result.counts.items()))
