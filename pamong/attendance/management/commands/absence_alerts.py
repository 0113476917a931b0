"""Warn employees approaching or reaching an absence threshold of PP 94/2021, and their supervisors (daily)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from pamong.attendance.services.alerts import absence_alerts_send


class Command(BaseCommand):
    help = "Send the absence early warnings and threshold notices (idempotent: each once per threshold)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options) -> None:
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be YYYY-MM-DD") from exc
        result = absence_alerts_send(today=today)
        self.stdout.write(f"Absence alerts: {result.alerts} alert(s), {result.notices} notice(s).")
