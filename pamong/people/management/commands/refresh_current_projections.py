"""Recompute current rank/position/unit/education/retirement of employees whose records became effective."""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pamong.people.tasks import refresh_current_projections


class Command(BaseCommand):
    help = "Recompute employee projections for history rows effective since a date (default: yesterday), or --all."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--since", help="ISO date; records effective after it and up to today (default: yesterday)")
        parser.add_argument("--all", action="store_true", help="recompute every active employee")

    def handle(self, *args, **options) -> None:
        since = None
        if not options["all"]:
            try:
                since = date.fromisoformat(options["since"]) if options["since"] else timezone.localdate() - timedelta(days=1)
            except ValueError as exc:
                raise CommandError(f"--since must be YYYY-MM-DD: {exc}") from None
        changed = refresh_current_projections(since=since)
        self.stdout.write(f"{changed} employee projection(s) updated.")
