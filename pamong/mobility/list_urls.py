"""HTML routes of the BKPSDM lists (issue #13); the lead composes them into urls.py (app_name "mobility")."""

from django.urls import path

from . import list_views

urlpatterns: list = [
    path("lists/", list_views.hub, name="list-hub"),
    path("lists/duk/", list_views.duk, name="list-duk"),
    path("lists/nominatif/", list_views.nominatif, name="list-nominatif"),
    path("lists/promotions/", list_views.upcoming_kp, name="list-kp"),
    path("lists/periodic-raises/", list_views.upcoming_kgb, name="list-kgb"),
    path("lists/retirements/", list_views.upcoming_bup, name="list-bup"),
    path("lists/<slug:kind>/export.<slug:fmt>", list_views.export, name="list-export"),
    path("lists/drh/<uuid:public_id>.pdf", list_views.drh_pdf, name="drh-pdf"),
]
