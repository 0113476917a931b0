from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .errors import AccountsError
from .lifecycle import mfa_reset_confirm
from .models import AccountCode, MfaResetRequest, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "pemda", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "groups", "pemda")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Pamong", {"fields": ("pemda", "display_name")}))


# --- Account life-cycle (lifecycle.py): read-only; the only write is the confirmation, through the service ---------


@admin.register(MfaResetRequest)
class MfaResetRequestAdmin(admin.ModelAdmin):
    """Where the platform superadmin, who has no agency screens, sees and confirms two-factor resets."""

    list_display = ("user", "requested_by", "reason", "status", "created_at", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("user__username", "user__display_name")
    readonly_fields = list_display
    actions = ["confirm_reset"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Confirm the selected two-factor resets (as the second administrator)"))
    def confirm_reset(self, request, queryset) -> None:
        for reset in queryset.select_related("user", "requested_by"):
            try:
                mfa_reset_confirm(actor=request.user, request=reset)
            except (AccountsError, PermissionDenied) as exc:
                self.message_user(request, f"{reset.user}: {getattr(exc, 'message', exc) or exc}", messages.ERROR)
            else:
                self.message_user(request, f"{reset.user}: OK", messages.SUCCESS)


@admin.register(AccountCode)
class AccountCodeAdmin(admin.ModelAdmin):
    """Issued codes (hashes only) for support: who got one, when it expires, whether it was used."""

    list_display = ("user", "purpose", "created_at", "expires_at", "used_at", "revoked_at", "issued_by")
    list_filter = ("purpose",)
    search_fields = ("user__username",)
    exclude = ("code_hash",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# django-otp's own device admins would let a superadmin delete or re-key any second factor, their own included,
# past the two-administrator reset (lifecycle.mfa_reset_request / mfa_reset_confirm): the devices stay out of it.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
