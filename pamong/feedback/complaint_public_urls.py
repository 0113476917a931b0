"""The public complaint routes (/pengaduan/…): an agency's complaint form (by the Pemda's public id: its ``code`` is
optional and not unique), and the tracking page with the complainant's reopening (the number is POSTed)."""

from django.urls import path

from . import complaint_public_views as views

app_name = "complaints-public"

urlpatterns = [
    path("status/", views.complaint_status, name="status"),
    path("status/reopen/", views.complaint_reopen, name="reopen"),
    path("<uuid:agency>/", views.complaint_form, name="form"),
]
