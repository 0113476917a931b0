import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.models import PublicIdModel

TOKEN_PREFIX = "pmg_"


class User(AbstractUser):
    """A login. Employees log in with their NIP as username.

    ``pemda`` is the tenant the login belongs to; only platform superadmins
    have none.
    """

    pemda = models.ForeignKey(
        "people.Pemda",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("regional government"),
    )
    display_name = models.CharField(_("display name"), max_length=200, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class TokenScope(models.TextChoices):
    """What a token may do: ``read`` only safe methods (GET, HEAD, OPTIONS); ``write`` everything its user may."""

    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


def default_token_expiry():
    return timezone.now() + timedelta(days=settings.PAMONG_API_TOKEN_DEFAULT_DAYS)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(PublicIdModel):
    """A bearer token for the API. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Every token expires (default PAMONG_API_TOKEN_DEFAULT_DAYS); the services cap the validity.
    expires_at = models.DateTimeField(_("expires"), default=default_token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("manage_agency_tokens", "Can list and revoke the API tokens of the agency's users")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE


# --- Account life-cycle: activation and reset codes, MFA reset requests -------------------------


class CodePurpose(models.TextChoices):
    ACTIVATION = "activation", _("Activation")
    RESET = "reset", _("Password reset")
    EMAIL_RESET = "email_reset", _("Password reset by e-mail")


class AccountCodeQuerySet(models.QuerySet["AccountCode"]):
    def usable(self):
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class AccountCode(PublicIdModel):
    """A single-use, expiring secret that lets its user set a password.

    Only a keyed hash (HMAC-SHA256 with a key derived from SECRET_KEY) is
    stored; the raw code is shown or sent once. Issuing a new code revokes
    every earlier usable code of the same user.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_codes")
    purpose = models.CharField(max_length=16, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = AccountCodeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "purpose"], name="account_code_user")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.user}"


class MfaResetStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second administrator")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class MfaResetRequest(PublicIdModel):
    """A request to remove a user's second factor; a different administrator must confirm it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mfa_reset_requests")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), max_length=500)
    status = models.CharField(max_length=16, choices=MfaResetStatus.choices, default=MfaResetStatus.PENDING)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_mfa_reset_per_user"
            ),
            models.CheckConstraint(
                condition=~models.Q(requested_by=models.F("user")), name="mfa_reset_not_own_factor"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done")
                | models.Q(decided_by__isnull=False)
                & ~models.Q(decided_by=models.F("requested_by"))
                & ~models.Q(decided_by=models.F("user")),
                name="mfa_reset_second_admin",
            ),
        ]

    def __str__(self) -> str:
        return f"MFA reset {self.user}"
