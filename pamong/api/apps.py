from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pamong.api"
    label = "api"
