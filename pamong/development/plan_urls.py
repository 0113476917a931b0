"""HTML routes of the development context: plan pages (composed by urls.py)."""

from django.urls import path

from . import plan_views

urlpatterns: list = [
    path("plans/", plan_views.plan_mine, name="plan-mine"),
    path("plans/draft/", plan_views.plan_draft, name="plan-draft"),
    path("plans/overview/", plan_views.plan_overview, name="plan-overview"),
    path("plans/overview/follow-up/", plan_views.plan_follow_up_run, name="plan-follow-up-run"),
    path("plans/activities/", plan_views.plan_activity_options, name="plan-activity-options"),
    path("plans/<uuid:public_id>/", plan_views.plan_detail, name="plan-detail"),
    path("plans/<uuid:public_id>/goal/", plan_views.plan_goal, name="plan-goal"),
    path("plans/<uuid:public_id>/items/add/", plan_views.plan_item_add, name="plan-item-add"),
    path("plans/<uuid:public_id>/items/<uuid:item_id>/", plan_views.plan_item_edit, name="plan-item-edit"),
    path("plans/<uuid:public_id>/items/<uuid:item_id>/remove/", plan_views.plan_item_remove,
         name="plan-item-remove"),
    path("plans/<uuid:public_id>/submit/", plan_views.plan_submit, name="plan-submit"),
    path("plans/<uuid:public_id>/review/", plan_views.plan_review, name="plan-review"),
    path("plans/<uuid:public_id>/cancel/", plan_views.plan_cancel, name="plan-cancel"),
]
