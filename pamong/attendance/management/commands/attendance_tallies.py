"""Rebuild the tallies the agency-wide recap and absence list read (per unit and month, per employee and year) from
the day rows, after restoring a backup or loading days in bulk outside the services. Idempotent: the tallies are
recounted, never added to."""

from django.core.management.base import BaseCommand, CommandError

from pamong.attendance.models import AttendanceDay
from pamong.attendance.services.tallies import refresh_pemda_year, refresh_unit_months
from pamong.people.models import Pemda


class Command(BaseCommand):
    help = "Recount the per-unit monthly attendance tallies of every month with days (or of --year)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pemda", type=int, help="Only this Pemda (its id).")
        parser.add_argument("--year", type=int, help="Only the months of this year.")

    def handle(self, *args, **options) -> None:
        pemdas = Pemda.objects.all()
        if options["pemda"] is not None:
            pemdas = pemdas.filter(pk=options["pemda"])
            if not pemdas.exists():
                raise CommandError(f"No Pemda with id {options['pemda']}.")
        for pemda in pemdas.order_by("pk"):
            days = AttendanceDay.objects.filter(pemda_id=pemda.pk)
            if options["year"] is not None:
                days = days.filter(date__year=options["year"])
            months = days.dates("date", "month")
            written = refresh_unit_months(pemda.pk, months)
            absent = sum(refresh_pemda_year(pemda.pk, year) for year in sorted({month.year for month in months}))
            self.stdout.write(f"{pemda.short_name}: {len(months)} months, {written} unit tallies, "
                              f"{absent} employee-years with unexcused days.")
