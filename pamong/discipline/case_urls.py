"""HTML routes of discipline cases (composed by urls.py)."""

from django.urls import path

from . import case_views

urlpatterns: list = [
    path("", case_views.home, name="home"),
    path("cases/new/", case_views.case_create, name="case-create"),
    path("cases/<uuid:public_id>/", case_views.case_detail, name="case-detail"),
    path("cases/<uuid:public_id>/summons/", case_views.case_summons, name="case-summons"),
    path("cases/<uuid:public_id>/summons-outcome/", case_views.case_summons_outcome, name="case-summons-outcome"),
    path("cases/<uuid:public_id>/examination/", case_views.case_examination, name="case-examination"),
    path("cases/<uuid:public_id>/release/", case_views.case_release, name="case-release"),
    path("cases/<uuid:public_id>/decision/", case_views.case_decision, name="case-decision"),
    path("cases/<uuid:public_id>/delivery/", case_views.case_delivery, name="case-delivery"),
    path("cases/<uuid:public_id>/objection/", case_views.case_objection, name="case-objection"),
    path("cases/<uuid:public_id>/objection/decide/", case_views.case_objection_decide, name="case-objection-decide"),
    path("cases/<uuid:public_id>/close/", case_views.case_close, name="case-close"),
    path("cases/<uuid:public_id>/documents/<slug:kind>.pdf", case_views.case_document, name="case-document"),
    path("authority/", case_views.authority_lookup, name="authority"),
]
