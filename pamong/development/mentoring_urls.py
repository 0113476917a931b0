"""HTML routes of the development context: mentoring and coaching (composed by urls.py)."""

from django.urls import path

from . import mentoring_views as views

urlpatterns = [
    path("mentoring/", views.pair_list_view, name="mentoring-pairs"),
    path("mentoring/new/", views.pair_create_view, name="mentoring-pair-create"),
    path("mentoring/<uuid:public_id>/", views.pair_detail_view, name="mentoring-pair"),
    path("mentoring/<uuid:public_id>/sessions/", views.session_record_view, name="mentoring-session-record"),
    path("mentoring/<uuid:public_id>/end/", views.pair_end_view, name="mentoring-pair-end"),
    path("mentoring/sessions/<uuid:public_id>/confirm/", views.session_confirm_view,
         name="mentoring-session-confirm"),
]
