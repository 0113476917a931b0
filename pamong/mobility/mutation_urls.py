"""HTML routes of mutation proposals (composed by urls.py, app_name "mobility")."""

from django.urls import path

from . import mutation_views

urlpatterns: list = [
    path("mutations/", mutation_views.mutation_index, name="mutation-list"),
    path("mutations/new/", mutation_views.mutation_create, name="mutation-create"),
    path("mutations/<uuid:public_id>/", mutation_views.mutation_detail, name="mutation-detail"),
    path("mutations/<uuid:public_id>/submit/", mutation_views.mutation_submit, name="mutation-submit"),
    path("mutations/<uuid:public_id>/decide/", mutation_views.mutation_decide, name="mutation-decide"),
    path("mutations/<uuid:public_id>/cancel/", mutation_views.mutation_cancel, name="mutation-cancel"),
    path("mutations/<uuid:public_id>/decree.pdf", mutation_views.mutation_decree, name="mutation-decree"),
    path("placements/<uuid:public_id>/mutations/", mutation_views.placement_propose, name="mutation-from-placement"),
]
