"""Routes of the executive's cockpit and the workforce statistics (mounted at the site root, namespace "cockpit")."""

from django.urls import path

from . import cockpit_views as views

app_name = "cockpit"
urlpatterns = [
    path("cockpit/", views.cockpit, name="home"),
    path("statistics/workforce/", views.workforce_statistics, name="workforce-statistics"),
    path("statistics/workforce/retirements/", views.retirements, name="retirements"),
]
