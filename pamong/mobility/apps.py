from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MobilityConfig(AppConfig):
    name = "pamong.mobility"
    label = "mobility"
    verbose_name = "Mobility and careers"

    def ready(self) -> None:
        from pamong.people.roles import ensure_role_groups, register_role_permissions

        from .roles import MOBILITY_ROLE_PERMISSIONS

        register_role_permissions(MOBILITY_ROLE_PERMISSIONS)
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="pamong_role_groups_mobility")
        from . import personal_data
        from .services.mutation import register as register_mutation
        from .services.promotion import register as register_promotion

        register_promotion()  # the approval flows of KP/KGB proposals and of mutations
        register_mutation()
        personal_data.register()
