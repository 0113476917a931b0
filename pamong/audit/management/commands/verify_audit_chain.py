from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pamong.audit.chain import CheckpointError, checkpoint_load, verify_against_checkpoint, verify_chain


class Command(BaseCommand):
    help = (
        "Verify the hash chain of the audit trail; exit 1 at the first broken link. With --checkpoint, also "
        "compare the trail with signed checkpoints (detects a truncated tail and a re-computed chain)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="A checkpoint written by `audit_checkpoint`, or a directory of them (may be given several times).",
        )

    def handle(self, *args, **options):
        checkpoints = []
        names = []
        for name in options["checkpoint"]:
            path = Path(name)
            # A directory holds the checkpoints kept so far: check against every one.
            names.extend(sorted(str(p) for p in path.glob("*.json")) if path.is_dir() else [name])
        for name in names:
            try:
                checkpoints.append(checkpoint_load(Path(name).read_text(encoding="utf-8")))
            except OSError as exc:
                raise CommandError(f"Cannot read {name}: {exc}") from None
            except CheckpointError as exc:
                raise CommandError(f"{name}: {exc}") from None
        ok, _count, message = verify_chain()
        if not ok:
            raise CommandError(message)
        for checkpoint in checkpoints:
            result = verify_against_checkpoint(checkpoint)
            if not result.ok:
                raise CommandError(result.message)
            self.stdout.write(result.message)
        self.stdout.write(self.style.SUCCESS(message))
        if not checkpoints:
            self.stdout.write(
                "Without --checkpoint, removed newest events and a chain recomputed over the whole table "
                "cannot be told apart from an intact trail: keep checkpoints (audit_checkpoint) off this server."
            )
