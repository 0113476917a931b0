"""The public survey's routes (/skm/…): the page of a service point's QR code, its thank-you page, and an agency's
published results (/skm/hasil/<agency>/)."""

from django.urls import path

from . import public_views, publication_views

app_name = "feedback-public"

urlpatterns = [
    path("hasil/<uuid:agency>/", publication_views.published, name="published"),
    path("<slug:code>/", public_views.survey, name="survey"),
    path("<slug:code>/thanks/", public_views.thanks, name="thanks"),
]
