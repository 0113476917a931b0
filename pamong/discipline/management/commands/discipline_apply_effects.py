"""The nightly job: delivered sanctions whose effective date has come take effect; served ones complete
(pamong.discipline.services.effects.apply_due_effects; idempotent)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from pamong.discipline.services.effects import apply_due_effects


class Command(BaseCommand):
    help = "Apply the disciplinary sanctions due today (status, position, rank, dismissal); complete served ones."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Act as of this day (YYYY-MM-DD); default today.")

    def handle(self, *args, **options) -> None:
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        report = apply_due_effects(today=today)
        for case, why in report.waiting:
            self.stdout.write(f"waiting {case.public_id}: {why}")
        for case, why in report.failed:
            self.stderr.write(f"failed {case.public_id}: {why}")
        self.stdout.write(report.summary())
