"""manage.py backup --out DIR: the database and the uploaded files, with a manifest of checksums."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pamong.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database (SQLite: online backup API; PostgreSQL: pg_dump custom format, in one snapshot) and "
            "every uploaded file into a new directory under --out, with a manifest of row counts and checksums.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", required=True, help="Directory that receives pamong-backup-<UTC time>/.")

    def handle(self, *args, **options) -> None:
        try:
            result = backup(Path(options["out"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{result.path}")
        self.stderr.write(f"{result.tables} tables, {result.rows} rows, {result.files} files, "
                          f"{result.bytes / 1_048_576:.1f} MiB")
