"""Seed the leave demo (pamong.leave.demo) for the demo kabupaten; prints a summary. Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from pamong.core.db import refresh_planner_statistics
from pamong.leave.demo import DemoMissing, seed_leave_demo


class Command(BaseCommand):
    help = "Fill the demo agency's calendars, leave ledgers and applications (once), and print what they show."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        try:
            result = seed_leave_demo(seed=options["seed"])
        except DemoMissing as exc:
            raise CommandError(str(exc)) from None
        counts = result.counts
        if result.created:
            refresh_planner_statistics()
            self.stdout.write(f"Seeded the leave demo in {result.seconds:.1f} s.")
        else:
            self.stdout.write("The leave demo already exists; nothing changed.")
        by_status = ", ".join(f"{status} {count}" for status, count in counts["by_status"].items() if count)
        self.stdout.write(f"Calendar days off: {counts['calendar_days']}; ledger lines: {counts['ledger_lines']}; "
                          f"approval routes: {counts['routes']}; acting officials: {counts['acting']}")
        self.stdout.write(f"Leave applications: {counts['applications']} ({by_status})")
        for note in result.notes:
            self.stdout.write(f"  {note}")
