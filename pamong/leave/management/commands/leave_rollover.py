"""Open a year's cuti tahunan for every active employee (1 January). Idempotent."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pamong.leave.services import leave_rollover
from pamong.people.models import Pemda


class Command(BaseCommand):
    help = "Open cuti tahunan of a year (default: this year) for every active employee; a second run writes nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, help="The year to open (default: this year).")
        parser.add_argument("--pemda", type=int, help="Only this Pemda (its id).")

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        year = options["year"] or today.year
        if not today.year - 1 <= year <= today.year + 1:
            raise CommandError(f"Open last year, this year or next year only (asked: {year}).")
        pemda_id = options["pemda"]
        if pemda_id is not None and not Pemda.objects.filter(pk=pemda_id).exists():
            raise CommandError(f"No Pemda with id {pemda_id}.")
        lines = leave_rollover(year=year, pemda_id=pemda_id)
        self.stdout.write(f"Cuti tahunan {year}: {lines} ledger line(s) written.")
