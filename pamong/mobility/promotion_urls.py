"""HTML routes of KP/KGB proposals (composed by urls.py, app_name "mobility")."""

from django.urls import path

from . import promotion_views

urlpatterns: list = [
    path("promotions/proposals/", promotion_views.proposal_index, name="promotion-list"),
    path("promotions/proposals/bulk/", promotion_views.propose_bulk, name="promotion-bulk"),
    path("promotions/propose/<uuid:employee_id>/<slug:kind>/", promotion_views.propose, name="promotion-propose"),
    path("promotions/proposals/<uuid:public_id>/", promotion_views.proposal_detail, name="promotion-detail"),
    path("promotions/proposals/<uuid:public_id>/decide/", promotion_views.proposal_decide,
         name="promotion-decide"),
]
