"""HTML routes of the monthly verification and closing (app "attendance")."""

from django.urls import path

from . import month_views as views

urlpatterns = [
    path("months/", views.month_list, name="month-list"),
    path("months/<uuid:unit_id>/verify/", views.month_verify, name="month-verify"),
    path("months/<uuid:unit_id>/close/", views.month_close, name="month-close"),
]
