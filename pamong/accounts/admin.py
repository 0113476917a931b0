from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "pemda", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "groups", "pemda")
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Pamong", {"fields": ("pemda", "display_name")}))
