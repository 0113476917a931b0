from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pamong.audit"
    label = "audit"

    def ready(self) -> None:
        from . import checks  # noqa: F401
