"""Recount the staff of the workload analyses (ABK, rules.md §5) after placements changed, and recompute them."""

from django.core.management.base import BaseCommand, CommandError

from pamong.mobility.services.workload import analyses_refresh_staff
from pamong.people.models import Pemda


class Command(BaseCommand):
    help = "Recount the staff (active holders) of every workload analysis and recompute its figures."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--pemda", help="The Pemda's public id (default: every active Pemda).")
        parser.add_argument("--year", type=int, help="Only the analyses of this year.")

    def handle(self, *args, pemda=None, year=None, **options) -> None:
        pemdas = Pemda.objects.filter(is_active=True)
        if pemda:
            pemdas = Pemda.objects.filter(public_id=pemda)
            if not pemdas.exists():
                raise CommandError(f"No Pemda {pemda}")
        for one in pemdas.order_by("pk"):
            changed = analyses_refresh_staff(pemda=one, year=year)
            self.stdout.write(f"{one.short_name}: {changed} analyses changed")
