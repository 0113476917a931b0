"""Seed the forum demo (pamong.forum.demo) for the demo kabupaten; prints a summary. Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from pamong.forum.demo import DemoMissing, seed_forum_demo


class Command(BaseCommand):
    help = "Post a few forum topics with supports, answers, a poll and a town-hall agenda in the demo agency (once)."

    def handle(self, *args, **options) -> None:
        try:
            result = seed_forum_demo()
        except DemoMissing as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Seeded the forum demo." if result.created
                          else "The forum demo already exists; nothing changed.")
        self.stdout.write(", ".join(f"{name} {count}" for name, count in result.counts.items()))
