"""Seed the performance demo (pamong.performance.demo) for the demo kabupaten; prints a summary. Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from pamong.core.db import refresh_planner_statistics
from pamong.performance.demo import DemoMissing, seed_performance_demo


class Command(BaseCommand):
    help = "Fill the demo agency's SKPs, realisations, ratings and organisation ratings (once), and print them."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options) -> None:
        try:
            result = seed_performance_demo(seed=options["seed"])
        except DemoMissing as exc:
            raise CommandError(str(exc)) from None
        counts = result.counts
        if result.created:
            refresh_planner_statistics()
            self.stdout.write(f"Seeded the performance demo in {result.seconds:.1f} s.")
        else:
            self.stdout.write("The performance demo already exists; nothing changed.")
        by_status = ", ".join(f"{status} {n}" for status, n in sorted(counts["by_status"].items()))
        by_predikat = ", ".join(f"{predikat} {n}" for predikat, n in sorted(counts["by_predikat"].items()))
        self.stdout.write(f"SKPs: {counts['plans']} ({by_status}); results {counts['results']} "
                          f"({counts['cascading']} cascading); indicators {counts['indicators']}; "
                          f"realisations {counts['realisations']}")
        self.stdout.write(f"Evaluations: {counts['evaluations']} ({by_predikat}); organisation ratings "
                          f"{counts['organisation_ratings']}; objections {counts['objections']}; "
                          f"library {counts['library']} indicators")
        for note in result.notes:
            self.stdout.write(f"  {note}")
