from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PeopleConfig(AppConfig):
    name = "pamong.people"
    label = "people"

    def ready(self) -> None:
        from . import actor_cache
        from .cockpit import discover_panels
        from .cockpit_panels import register as register_cockpit_panels
        from .models import Employee, Position
        from .roles import ensure_role_groups

        register_cockpit_panels()
        # Who holds which post decides whose turn an approval step is: the menu's cached task counts follow.
        actor_cache.connect()
        actor_cache.watch_model(Employee)
        actor_cache.watch_model(Position)
        discover_panels()  # leave, performance and approvals add their panels (each app's cockpit.register())

        # Connected to this app: by the time it runs, the permissions of
        # audit and people (earlier in INSTALLED_APPS) exist.
        post_migrate.connect(ensure_role_groups, sender=self, dispatch_uid="pamong_role_groups")
