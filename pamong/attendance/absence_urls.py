"""Routes of the attendance home, absence monitoring and the monthly recap (rules.md §3.2)."""

from django.urls import path

from . import absence_views, home_views, recap_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("absence/", absence_views.absence_list, name="absence-summary"),
    path("absence/<uuid:public_id>/", absence_views.employee_absence, name="employee-absence"),
    path("recap/", recap_views.recap, name="recap"),
    path("recap/export/", recap_views.recap_export, name="recap-export"),
]
