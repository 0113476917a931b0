from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "pamong.core"
    label = "core"

    def ready(self) -> None:
        from . import checks, sqlite  # noqa: F401  (registers checks and SQLite hooks)
        from .db import analyze_after_migrate

        # Sent once per app; with sender=self it runs once per `migrate`.
        post_migrate.connect(analyze_after_migrate, sender=self, dispatch_uid="pamong.core.analyze_after_migrate")
