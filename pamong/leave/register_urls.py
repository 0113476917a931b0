"""Routes of HR's leave register and "who is away" (included by leave/urls.py, app_name "leave")."""

from django.urls import path

from . import register_views as views

urlpatterns = [
    path("register/", views.register_list, name="register"),
    path("register/export.xlsx", views.register_export, {"fmt": "xlsx"}, name="register-export-xlsx"),
    path("register/export.csv", views.register_export, {"fmt": "csv"}, name="register-export-csv"),
    path("away/", views.away, name="away"),
]
