from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DevelopmentConfig(AppConfig):
    name = "pamong.development"
    label = "development"
    verbose_name = "Development"

    def ready(self) -> None:
        from pamong.people.roles import ensure_role_groups, register_role_permissions

        from . import audit  # noqa: F401 (registers the audit labels)
        from .roles import DEVELOPMENT_ROLE_PERMISSIONS
        from .services import register

        register()
        from pamong.people.placement import register_placement_listener

        from .onboarding import onboarding_assign

        register_placement_listener("development.onboarding", onboarding_assign)
        from .profile import register as register_profile_section

        register_profile_section()  # the awards on the people profile
        register_role_permissions(DEVELOPMENT_ROLE_PERMISSIONS)
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="pamong_role_groups_development")
