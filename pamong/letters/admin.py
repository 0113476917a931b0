from django.contrib import admin

from .models import IssuedLetter, LetterScheme


class _ReadOnly(admin.ModelAdmin):
    """Read-only for the platform superadmin: HR configures numbering in the app (audited), letters are issued by
    the documents, and a number once given is never edited or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LetterScheme)
class LetterSchemeAdmin(_ReadOnly):
    list_display = ("pemda", "kind", "pattern", "issuer", "active")
    list_filter = ("kind", "active", "pemda")


@admin.register(IssuedLetter)
class IssuedLetterAdmin(_ReadOnly):
    list_display = ("number", "issued_on", "kind", "subject", "pemda", "revoked_at")
    list_filter = ("kind", "pemda")
    search_fields = ("number",)
    exclude = ("verification_token",)
