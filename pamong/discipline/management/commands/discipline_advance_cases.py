"""Daily: delivered cases whose effective date has come are in effect; served ones are completed."""

from django.core.management.base import BaseCommand

from pamong.discipline.services.cases import cases_advance


class Command(BaseCommand):
    help = "Move discipline cases to 'in effect' / 'served' by their dates (run daily)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{cases_advance()} discipline cases moved on.")
