from django.core.management.base import BaseCommand, CommandError

from pamong.audit.chain import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit 1 at the first broken link."

    def handle(self, *args, **options):
        ok, _count, message = verify_chain()
        if not ok:
            raise CommandError(message)
        self.stdout.write(self.style.SUCCESS(message))
