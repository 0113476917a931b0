from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LeaveConfig(AppConfig):
    name = "pamong.leave"
    label = "leave"
    verbose_name = "Leave"

    def ready(self) -> None:
        from .roles import ensure_leave_role_permissions
        from .services import register

        register()
        # Connected to this app, the last of the contexts it grants rights of:
        # the permissions of workcalendar, approvals and leave exist by then.
        post_migrate.connect(ensure_leave_role_permissions, sender=self, dispatch_uid="pamong_leave_roles")
