"""HTML routes of the JP ledger, evaluation, recap and settings (composed by urls.py)."""

from django.urls import path

from . import learning_views as views

urlpatterns = [
    path("jp/", views.jp_mine, name="jp-mine"),
    path("jp/records/add/", views.learning_record_add, name="learning-record-add"),
    path("jp/verification/", views.verification, name="jp-verification"),
    path("jp/records/<uuid:public_id>/verify/", views.learning_record_verify, name="learning-record-verify"),
    path("jp/records/<uuid:public_id>/reject/", views.learning_record_reject, name="learning-record-reject"),
    path("jp/recap/", views.recap, name="jp-recap"),
    path("jp/recap.xlsx", views.recap_xlsx, name="jp-recap-xlsx"),
    path("jp/employees/<uuid:public_id>/", views.jp_employee, name="jp-employee"),
    path("enrolments/<uuid:public_id>/evaluation/", views.evaluation, name="enrolment-evaluation"),
    path("enrolments/<uuid:public_id>/evaluation/reaction/", views.evaluation_reaction, name="evaluation-reaction"),
    path("enrolments/<uuid:public_id>/evaluation/tests/", views.evaluation_tests, name="evaluation-tests"),
    path("enrolments/<uuid:public_id>/evaluation/follow-up/", views.evaluation_follow_up,
         name="evaluation-follow-up"),
    path("enrolments/<uuid:public_id>/evaluation/apply/", views.evaluation_apply, name="evaluation-apply"),
    path("settings/", views.settings_page, name="development-settings"),
]
