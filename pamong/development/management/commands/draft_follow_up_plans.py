"""Draft a follow-up development plan for every employee rated Butuh Perbaikan, Kurang or Sangat Kurang who has no
plan for the year yet (daily; idempotent: a second run drafts nothing)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pamong.development.services.plans import follow_up_plans_draft
from pamong.people.models import Pemda


class Command(BaseCommand):
    help = "Draft the follow-up development plans of a year (default: this year) for employees with a low predikat."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, help="The plan year (default: this year).")
        parser.add_argument("--pemda", type=int, help="Only this Pemda (its id).")

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        year = options["year"] or today.year
        if not today.year - 1 <= year <= today.year + 1:
            raise CommandError(f"Draft for last year, this year or next year only (asked: {year}).")
        pemda_id = options["pemda"]
        if pemda_id is not None and not Pemda.objects.filter(pk=pemda_id).exists():
            raise CommandError(f"No Pemda with id {pemda_id}.")
        drafted = follow_up_plans_draft(year=year, pemda_id=pemda_id, today=today)
        self.stdout.write(f"Follow-up development plans {year}: {drafted} drafted.")
