"""Recompute the attendance days of the months not yet verified or closed (nightly): leave decided, duties and
corrections approved, punches imported since the last run reach each day's status. Idempotent."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from pamong.attendance.services.days import recompute_open_days
from pamong.people.models import Pemda


class Command(BaseCommand):
    help = "Recompute the attendance days of open months (default: from the first day of the previous month)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pemda", type=int, help="Only this Pemda (its id).")
        parser.add_argument("--since", help="First day to recompute, YYYY-MM-DD (default: previous month's first).")

    def handle(self, *args, **options) -> None:
        since = None
        if options["since"]:
            try:
                since = date.fromisoformat(options["since"])
            except ValueError as error:
                raise CommandError(f"--since must be YYYY-MM-DD (got {options['since']!r}).") from error
        pemdas = Pemda.objects.filter(is_active=True)
        if options["pemda"] is not None:
            pemdas = Pemda.objects.filter(pk=options["pemda"])
            if not pemdas.exists():
                raise CommandError(f"No Pemda with id {options['pemda']}.")
        for pemda in pemdas.order_by("pk"):
            written = recompute_open_days(pemda.pk, since=since)
            self.stdout.write(f"{pemda.short_name}: {written} attendance days recomputed.")
