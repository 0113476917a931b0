"""HTML routes of the development context: training pages (composed by urls.py)."""

from django.urls import path

from . import training_views as views

urlpatterns: list = [
    path("activities/", views.activity_list, name="activity-list"),
    path("activities/new/", views.activity_edit, name="activity-create"),
    path("activities/<uuid:public_id>/", views.activity_detail, name="activity-detail"),
    path("activities/<uuid:public_id>/edit/", views.activity_edit, name="activity-edit"),
    path("activities/<uuid:public_id>/enrol/", views.activity_enrol, name="activity-enrol"),
    path("activities/<uuid:public_id>/participants/", views.activity_participants, name="activity-participants"),
    path("enrolments/mine/", views.enrolment_mine, name="my-enrolments"),
    path("enrolments/<uuid:public_id>/", views.enrolment_detail, name="enrolment-detail"),
    path("enrolments/<uuid:public_id>/decide/", views.enrolment_decide, name="enrolment-decide"),
    path("enrolments/<uuid:public_id>/withdraw/", views.enrolment_withdraw_view, name="enrolment-withdraw"),
    path("enrolments/<uuid:public_id>/record/", views.enrolment_record, name="enrolment-record"),
    path("enrolments/<uuid:public_id>/certificate/", views.certificate_download, name="certificate-download"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate-verify"),
]
