from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "pamong.core"
    label = "core"

    def ready(self) -> None:
        from . import checks, sqlite  # noqa: F401  (registers checks and SQLite hooks)
