from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DisciplineConfig(AppConfig):
    name = "pamong.discipline"
    label = "discipline"
    verbose_name = "Discipline"

    def ready(self) -> None:
        from pamong.people.roles import ensure_role_groups, register_role_permissions

        from . import audit  # noqa: F401 (registers the audit labels)
        from .registrations import register
        from .roles import DISCIPLINE_ROLE_PERMISSIONS

        register()
        register_role_permissions(DISCIPLINE_ROLE_PERMISSIONS)
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="pamong_role_groups_discipline")
