from django.core.management.base import BaseCommand, CommandError

from pamong.audit.chain import GENESIS, digest_of
from pamong.audit.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit 1 at the first broken link."

    def handle(self, *args, **options):
        prev = GENESIS
        count = 0
        for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
            if event.prev_hash != prev:
                raise CommandError(
                    f"Audit chain broken at event {event.pk}: previous hash does not match "
                    "(an event was removed or reordered)."
                )
            if digest_of(event) != event.hash:
                raise CommandError(
                    f"Audit chain broken at event {event.pk}: its content was changed."
                )
            prev = event.hash
            count += 1
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {count} events verified."))
