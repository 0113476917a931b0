from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PerformanceConfig(AppConfig):
    name = "pamong.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        from pamong.people.roles import ensure_role_groups, register_role_permissions

        from .roles import PERFORMANCE_ROLE_PERMISSIONS
        from .services import register

        register()
        register_role_permissions(PERFORMANCE_ROLE_PERMISSIONS)
        from .personal_data import register as register_personal_data

        register_personal_data()
        from .inbox import register as register_inbox

        register_inbox()
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="pamong_role_groups_performance")
