from django.contrib import admin

from .models import Golongan, Pemda


@admin.register(Pemda)
class PemdaAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "timezone", "is_active")


@admin.register(Golongan)
class GolonganAdmin(admin.ModelAdmin):
    list_display = ("code", "pangkat", "kind", "rank")
    list_filter = ("kind",)
