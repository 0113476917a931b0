"""Tell PNS/CPNS behind the pro-rated JP target, and their supervisors, once a month from the alert month (daily)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from pamong.development.services.learning import jp_alerts_send


class Command(BaseCommand):
    help = "Alert employees behind the yearly JP target and their supervisors (idempotent within a month)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options) -> None:
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be YYYY-MM-DD") from exc
        result = jp_alerts_send(today=today)
        self.stdout.write(f"JP alerts: {result.employees} employee(s), {result.supervisors} supervisor(s).")
