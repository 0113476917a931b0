"""Deployment checks of the audit trail."""

from django.conf import settings
from django.core.checks import Error, Tags, register

MIN_KEY_LENGTH = 32


@register(Tags.security, deploy=True)
def audit_key_is_configured(app_configs, **kwargs):
    """Production keys the audit chain with its own secret, not one derived from SECRET_KEY."""
    key = getattr(settings, "PAMONG_AUDIT_KEY", "") or ""
    if len(key) < MIN_KEY_LENGTH:
        return [
            Error(
                f"PAMONG_AUDIT_KEY (or PAMONG_AUDIT_KEY_FILE) of at least {MIN_KEY_LENGTH} characters is required "
                "in production: it keys the audit hash chain and signs its checkpoints.",
                hint="Generate one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`, keep a "
                "copy off the server (checkpoints can only be verified with it) and never change it casually.",
                id="pamong.audit.E001",
            )
        ]
    if key == settings.SECRET_KEY:
        return [
            Error(
                "PAMONG_AUDIT_KEY must differ from SECRET_KEY.",
                id="pamong.audit.E002",
            )
        ]
    return []
