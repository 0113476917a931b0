"""HTML routes of talent management and succession plans (composed by urls.py, app_name "mobility")."""

from django.urls import path

from . import succession_views, talent_views

urlpatterns: list = [
    path("talent/", talent_views.nine_box, name="talent-boxes"),
    path("talent/review/", talent_views.review_compute, name="talent-review"),
    path("talent/pool/", talent_views.pool, name="talent-pool"),
    path("talent/settings/", talent_views.settings_edit, name="talent-settings"),
    path("succession/", succession_views.plan_index, name="succession-list"),
    path("succession/new/", succession_views.plan_create, name="succession-create"),
    path("succession/<uuid:public_id>/", succession_views.plan_detail, name="succession-detail"),
    path("succession/<uuid:public_id>/candidates/", succession_views.candidate_add, name="succession-candidate-add"),
    path("succession/<uuid:public_id>/candidates/<uuid:candidate_id>/", succession_views.candidate_update,
         name="succession-candidate-update"),
    path("succession/<uuid:public_id>/candidates/<uuid:candidate_id>/remove/", succession_views.candidate_remove,
         name="succession-candidate-remove"),
    path("succession/<uuid:public_id>/candidates/<uuid:candidate_id>/develop/", succession_views.candidate_develop,
         name="succession-candidate-develop"),
]
