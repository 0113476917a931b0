"""Seed the discipline case demo (pamong.discipline.demo) for the demo kabupaten; prints a summary. Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from pamong.discipline.demo import DemoMissing, seed_discipline_demo


class Command(BaseCommand):
    help = "Open one discipline case at each stage in the demo agency (once)."

    def handle(self, *args, **options) -> None:
        try:
            result = seed_discipline_demo()
        except DemoMissing as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Seeded the discipline demo." if result.created
                          else "The discipline demo already exists; nothing changed.")
        self.stdout.write(", ".join(f"{name} {count}" for name, count in result.counts.items()))
