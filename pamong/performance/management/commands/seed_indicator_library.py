"""Load the national starter indicator library (pamong.performance.library). Idempotent."""

from django.core.management.base import BaseCommand

from pamong.performance.library import STARTER_LIBRARY, indicator_library_seed


class Command(BaseCommand):
    help = "Add the starter indicator library (per sector) to the national library; existing entries are kept."

    def handle(self, *args, **options) -> None:
        added = indicator_library_seed()
        if added:
            self.stdout.write(f"Added {added} indicators to the national library ({len(STARTER_LIBRARY)} in the "
                              "starter set).")
        else:
            self.stdout.write("The national indicator library already holds the starter set; nothing changed.")
