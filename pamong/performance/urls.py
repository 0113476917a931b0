"""HTML routes of the performance context, app_name "performance" (mounted at /performance/).

views.py: the employee's pages (home, plan, realisation, cascade, year view);
review_views.py: appraisers', leaders' and HR's pages (review, rating,
objections, organisation ratings and distribution, follow-up, dashboard);
report_urls.py: documents, reports and the HR reference pages.
"""

from django.urls import path

from . import review_views, views
from .report_urls import urlpatterns as report_urlpatterns

app_name = "performance"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/create/", views.plan_create, name="plan-create"),
    path("plans/<uuid:public_id>/", views.plan_detail, name="plan-detail"),
    path("plans/<uuid:public_id>/results/", views.result_add, name="result-add"),
    path("plans/<uuid:public_id>/indicators/", views.indicator_add, name="indicator-add"),
    path("plans/<uuid:public_id>/expectations/", views.expectation_set, name="expectation-set"),
    path("plans/<uuid:public_id>/submit/", views.plan_submit, name="plan-submit"),
    path("plans/<uuid:public_id>/revise/", views.plan_revise, name="plan-revise"),
    path("plans/<uuid:public_id>/feedback/", views.feedback_give, name="feedback-give"),
    path("plans/<uuid:public_id>/dialogues/", views.dialogue_record, name="dialogue-record"),
    path("plans/<uuid:public_id>/realisation/", views.realise, name="realise"),
    path("plans/<uuid:public_id>/realisation/import/", views.realisation_import, name="realisation-import"),
    path("realisations/<uuid:public_id>/evidence/", views.evidence_add, name="evidence-add"),
    path("evidence/<uuid:public_id>/download/", views.evidence_download, name="evidence-download"),
    path("indicator-library/", views.indicator_library_options, name="indicator-library"),
    path("cascade/", views.cascade, name="cascade"),
    path("units/<uuid:public_id>/targets/", views.organisation_target_add, name="organisation-target-add"),
    path("employees/<uuid:public_id>/history/", views.history, name="history"),
    path("reviews/", review_views.reviews, name="reviews"),
    path("plans/<uuid:public_id>/review/", review_views.plan_review, name="plan-review"),
    path("plans/<uuid:public_id>/rate/", review_views.rate, name="rate"),
    path("plans/<uuid:public_id>/rate/preview/", review_views.rate_preview, name="rate-preview"),
    path("evaluations/<uuid:public_id>/", review_views.evaluation_detail, name="evaluation-detail"),
    path("evaluations/<uuid:public_id>/objection/", review_views.objection_submit, name="objection-submit"),
    path("evaluations/<uuid:public_id>/calibrate/", review_views.evaluation_calibrate, name="evaluation-calibrate"),
    path("objections/<uuid:public_id>/decide/", review_views.objection_decide, name="objection-decide"),
    path("distribution/", review_views.distribution, name="distribution"),
    path("units/<uuid:public_id>/organisation-rating/", review_views.organisation_rating_set,
         name="organisation-rating-set"),
    path("follow-up/", review_views.follow_up, name="follow-up"),
    path("dashboard/", review_views.dashboard, name="dashboard"),
]
# Documents (PDF/xlsx), the indicator library and the conversion tables (report_views.py).
urlpatterns += report_urlpatterns
