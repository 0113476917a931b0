from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LeaveConfig(AppConfig):
    name = "pamong.leave"
    label = "leave"
    verbose_name = "Leave"

    def ready(self) -> None:
        from pamong.people.roles import ensure_role_groups, register_role_permissions

        from .roles import LEAVE_ROLE_PERMISSIONS
        from .services import register

        register()
        register_role_permissions(LEAVE_ROLE_PERMISSIONS)
        from .personal_data import register as register_personal_data
        from .retention import register as register_retention

        register_personal_data()
        register_retention()
        from .inbox import register as register_inbox

        register_inbox()
        # Again after this app's migrations: the rights of workcalendar, approvals and leave exist by then.
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="pamong_role_groups_leave")
