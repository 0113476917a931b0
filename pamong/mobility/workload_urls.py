"""HTML routes of the workload analysis (ABK), for pamong/mobility/urls.py (app_name "mobility")."""

from django.urls import path

from . import workload_views as views

urlpatterns: list = [
    path("workload/", views.workload_list, name="workload-list"),
    path("workload/recap.xlsx", views.workload_recap_export, name="workload-recap-export"),
    path("workload/new/", views.workload_create, name="workload-create"),
    path("workload/settings/", views.workload_settings, name="workload-settings"),
    path("workload/import/", views.workload_import, name="workload-import"),
    path("workload/import/template.xlsx", views.workload_import_template, name="workload-import-template"),
    path("workload/<uuid:public_id>/", views.workload_detail, name="workload-detail"),
    path("workload/<uuid:public_id>/delete/", views.workload_delete, name="workload-delete"),
    path("workload/<uuid:public_id>/analysis.xlsx", views.workload_export, name="workload-export"),
]
