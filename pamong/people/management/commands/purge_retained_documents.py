"""Delete the document files of former employees past the retention period (PAMONG_RETENTION_YEARS_AFTER_SERVICE)."""

from django.core.management.base import BaseCommand

from pamong.people.retention import purge_registered, purge_retained_documents, retention_cutoff, retention_years


class Command(BaseCommand):
    help = (
        "Delete the files of documents of employees whose service ended more than "
        "PAMONG_RETENTION_YEARS_AFTER_SERVICE years ago; rows are marked purged and audited, the audit trail stays."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list what would be deleted; change nothing")

    def handle(self, *args, **options) -> None:
        dry_run = options["dry_run"]
        count = 0
        for item in purge_retained_documents(dry_run=dry_run):
            count += 1
            document = item.document
            verb = "would delete" if dry_run else "deleted"
            self.stdout.write(f"{verb}: {document.public_id} ({document.kind}) of {document.employee.public_id}")
        for line in purge_registered(dry_run=dry_run):  # leave attachments and other contexts' files
            count += 1
            self.stdout.write(f"{'would delete' if dry_run else 'deleted'}: {line}")
        self.stdout.write(
            f"{count} document(s) {'due' if dry_run else 'purged'}; retention {retention_years()} year(s) after "
            f"service, cut-off {retention_cutoff():%Y-%m-%d}."
        )
