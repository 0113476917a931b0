from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pamong.audit"
    label = "audit"

    def ready(self) -> None:
        from django.contrib import admin
        from django.utils.module_loading import autodiscover_modules

        from . import auth_events, checks  # noqa: F401
        from .admin_audit import install

        # Every context's audit.py registers its action labels (registry.py).
        autodiscover_modules("audit")
        # django.contrib.admin (first in INSTALLED_APPS) has registered every ModelAdmin by now.
        install(admin.site)
