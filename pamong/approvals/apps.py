from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "pamong.approvals"
    label = "approvals"
    verbose_name = "Approvals"
