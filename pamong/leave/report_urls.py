"""Routes of the leave documents and reports (included by leave/urls.py, app_name "leave")."""

from django.urls import path

from . import report_views as views

urlpatterns = [
    path("applications/<uuid:public_id>/form.pdf", views.application_form, name="application-form"),
    path("applications/<uuid:public_id>/letter.pdf", views.application_letter, name="application-letter"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.xlsx", views.statistics_export, name="statistics-export"),
]
