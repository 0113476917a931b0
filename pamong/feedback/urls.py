"""HTML routes of the survey's staff pages, app_name "feedback" (mounted at /feedback/). The public questionnaire
has its own routes (public_urls.py, /skm/)."""

from django.urls import path

from . import follow_up_views, staff_views

app_name = "feedback"
urlpatterns = [
    path("", staff_views.results_page, name="results"),
    path("results/export.xlsx", staff_views.results_xlsx, name="results-xlsx"),
    path("results/export.pdf", staff_views.results_pdf, name="results-pdf"),
    path("points/", staff_views.point_list, name="point-list"),
    path("points/new/", staff_views.point_create, name="point-create"),
    path("points/<uuid:public_id>/", staff_views.point_detail, name="point-detail"),
    path("points/<uuid:public_id>/edit/", staff_views.point_edit, name="point-edit"),
    path("points/<uuid:public_id>/activate/", staff_views.point_activate, name="point-activate"),
    path("points/<uuid:public_id>/poster.pdf", staff_views.point_poster, name="point-poster"),
    path("points/<uuid:public_id>/paper/", staff_views.paper_entry, name="paper-entry"),
    path("periods/", staff_views.period_list, name="period-list"),
    path("periods/new/", staff_views.period_new, name="period-create"),
    path("periods/<uuid:public_id>/close/", staff_views.period_end, name="period-close"),
]
urlpatterns += [
    path("follow-ups/new/", follow_up_views.follow_up_add, name="follow-up-create"),
    path("follow-ups/<uuid:public_id>/status/", follow_up_views.follow_up_status, name="follow-up-status"),
    path("follow-ups/<uuid:public_id>/delete/", follow_up_views.follow_up_remove, name="follow-up-delete"),
]
