"""Seed the development demo (pamong.development.demo) for the demo kabupaten; prints a summary. Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from pamong.core.db import refresh_planner_statistics
from pamong.development.demo import DemoMissing, seed_development_demo


class Command(BaseCommand):
    help = "Fill the demo agency's competencies, catalogue, e-learning, plans, mentoring and awards (once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        try:
            result = seed_development_demo(seed=options["seed"])
        except DemoMissing as exc:
            raise CommandError(str(exc)) from None
        if result.created:
            refresh_planner_statistics()
            self.stdout.write(f"Seeded the development demo in {result.seconds:.1f} s.")
        else:
            self.stdout.write("The development demo already exists; nothing changed.")
        self.stdout.write(", ".join(f"{name} {count}" for name, count in result.counts.items()))
