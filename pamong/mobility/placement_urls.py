"""HTML routes of placement runs (composed by urls.py, app_name "mobility")."""

from django.urls import path

from . import placement_views

urlpatterns: list = [
    path("placements/", placement_views.run_index, name="placement-list"),
    path("placements/new/", placement_views.run_create, name="placement-create"),
    path("placements/<uuid:public_id>/", placement_views.run_detail, name="placement-detail"),
    path("placements/<uuid:public_id>/loss/", placement_views.run_loss, name="placement-loss"),
]
