from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FeedbackConfig(AppConfig):
    name = "pamong.feedback"
    label = "feedback"
    verbose_name = "Feedback"

    def ready(self) -> None:
        from pamong.people.roles import ensure_role_groups, register_role_permissions

        from . import (
            audit,  # noqa: F401 (registers the audit labels)
            indicator,
        )
        from .roles import FEEDBACK_ROLE_PERMISSIONS

        indicator.register()  # performance indicator source "public_satisfaction" (the unit's IKM)
        register_role_permissions(FEEDBACK_ROLE_PERMISSIONS)
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="pamong_role_groups_feedback")
