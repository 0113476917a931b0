from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pamong.audit.chain import checkpoint_create, checkpoint_json


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of the audit chain head (last id, its hash, row count, time) as JSON. "
        "Keep the file outside this server; `verify_audit_chain --checkpoint FILE` compares the trail with it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            help="Write the checkpoint to this file (or a dated file in this directory) instead of standard output.",
        )
        parser.add_argument(
            "--pemda", type=int, help="Checkpoint one Pemda's events (its primary key) instead of the whole chain."
        )

    def handle(self, *args, **options):
        pemda_id = options.get("pemda")
        if pemda_id is not None:
            from django.apps import apps

            if not apps.get_model("people", "Pemda").objects.filter(pk=pemda_id).exists():
                raise CommandError(f"No Pemda with id {pemda_id}.")
        text = checkpoint_json(checkpoint_create(pemda_id=pemda_id))
        out = options.get("out")
        if not out:
            self.stdout.write(text)
            return
        path = Path(out)
        if path.is_dir():
            # A directory (e.g. an off-server mount written by cron): one dated file per checkpoint.
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            scope = f"pemda-{pemda_id}" if pemda_id is not None else "global"
            path = path / f"audit-checkpoint-{scope}-{stamp}.json"
        if path.exists():
            raise CommandError(f"{path} exists; checkpoints are never overwritten.")
        try:
            path.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Checkpoint written to {path}."))
