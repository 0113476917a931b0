from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations: backup and restore of the whole installation (database and uploaded files)."""

    name = "pamong.ops"
    label = "ops"
    verbose_name = "Operations"
