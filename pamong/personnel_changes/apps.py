from django.apps import AppConfig


class PersonnelChangesConfig(AppConfig):
    name = "pamong.personnel_changes"
    label = "personnel_changes"
    verbose_name = "Personnel changes"

    def ready(self) -> None:
        from pamong.approvals.registry import register_flow
        from pamong.people.self_changes import register_proposer

        from .services import SelfChangeFlow, self_change_request

        register_flow(SelfChangeFlow())
        register_proposer(self_change_request)
        from .inbox import register as register_inbox

        register_inbox()
