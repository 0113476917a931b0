from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pamong.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import login_throttle, signals, token_signals  # noqa: F401
