from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ForumConfig(AppConfig):
    name = "pamong.forum"
    label = "forum"
    verbose_name = "Forum"

    def ready(self) -> None:
        from pamong.people.roles import ensure_role_groups, register_role_permissions

        from . import audit  # noqa: F401 (registers the audit labels)
        from .personal_data import register as register_personal_data
        from .roles import FORUM_ROLE_PERMISSIONS

        register_personal_data()
        register_role_permissions(FORUM_ROLE_PERMISSIONS)
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="pamong_role_groups_forum")
