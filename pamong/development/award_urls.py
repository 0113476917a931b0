"""HTML routes of the development context: award pages (composed by urls.py)."""

from django.urls import path

from . import award_views

urlpatterns: list = [
    path("awards/", award_views.register, name="award-register"),
    path("awards/export.xlsx", award_views.register_export, name="award-export"),
    path("awards/record/", award_views.record, name="award-record"),
    path("awards/<uuid:public_id>/remove/", award_views.remove, name="award-remove"),
    path("awards/top-performers/", award_views.top_performers, name="award-top-performers"),
    path("awards/milestones/", award_views.milestones, name="award-milestones"),
    path("employees/<uuid:public_id>/awards/", award_views.employee_awards, name="employee-awards"),
]
