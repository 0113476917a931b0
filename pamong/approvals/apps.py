from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "pamong.approvals"
    label = "approvals"
    verbose_name = "Approvals"

    def ready(self) -> None:
        from .inbox import register as register_inbox

        register_inbox()
