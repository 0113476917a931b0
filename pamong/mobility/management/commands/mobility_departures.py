"""Nightly: outgoing mutations whose TMT has come end the employee's service in the agency (transferred out)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from pamong.mobility.services.mutation import departures_due


class Command(BaseCommand):
    help = "Record the departures of outgoing mutations whose TMT has come (idempotent; run nightly)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", help="ISO date (default: today in the server's time zone)")

    def handle(self, *args, **options) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as exc:
            raise CommandError(f"--today must be YYYY-MM-DD: {exc}") from None
        result = departures_due(today=today)
        for proposal, reason in result.skipped:
            self.stderr.write(f"Not recorded: mutation {proposal.public_id} ({proposal.employee.nip}): {reason}")
        self.stdout.write(f"{len(result.recorded)} departure(s) recorded, {len(result.skipped)} left for HR.")
