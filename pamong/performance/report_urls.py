"""Routes of the performance documents, reports and HR reference pages (included by performance/urls.py)."""

from django.urls import path

from . import report_views as views

urlpatterns = [
    path("plans/<uuid:public_id>/skp.pdf", views.plan_pdf, name="plan-pdf"),
    path("evaluations/<uuid:public_id>/evaluation.pdf", views.evaluation_pdf, name="evaluation-pdf"),
    path("employees/<uuid:public_id>/annual/<int:year>.pdf", views.annual_pdf, name="annual-pdf"),
    path("recap.xlsx", views.recap_xlsx, name="recap-xlsx"),
    path("library/", views.indicator_library_page, name="library"),
    path("conversions/", views.conversions, name="conversions"),
]
