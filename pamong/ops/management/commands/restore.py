"""manage.py restore DIR: a backup into an empty database and storage, checked table by table afterwards."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pamong.ops.backup import BackupError, restore, verify_backup


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into the configured database and file storage, which must "
            "both be empty (do not migrate first). Every checksum is checked before anything is written; afterwards "
            "each table's row count is compared with the manifest and the audit trail's hash chain is verified.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="A pamong-backup-<time> directory.")
        parser.add_argument("--check", action="store_true", help="Only verify the backup's checksums; write nothing.")

    def handle(self, *args, **options) -> None:
        path = Path(options["backup"])
        try:
            if options["check"]:
                manifest = verify_backup(path)
                self.stdout.write(f"Backup intact: {len(manifest['tables'])} tables, "
                                  f"{sum(manifest['tables'].values())} rows, {len(manifest['files'])} files.")
                return
            result = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if result.mismatches:
            raise CommandError("Restored, but it differs from the backup:\n  " + "\n  ".join(result.mismatches))
        self.stdout.write(f"Restored {result.tables} tables, {result.rows} rows and {result.files} files; "
                          f"audit chain intact ({result.audit_events} events).")
