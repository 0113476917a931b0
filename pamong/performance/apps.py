from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PerformanceConfig(AppConfig):
    name = "pamong.performance"
    label = "performance"
    verbose_name = "Performance"

    def ready(self) -> None:
        from .roles import ensure_performance_role_permissions
        from .services import register

        register()
        post_migrate.connect(ensure_performance_role_permissions, sender=self, dispatch_uid="pamong_perf_roles")
