"""Import/export routes; appended to pamong.people.urls (app_name "people")."""

from django.urls import path

from . import transfer_views

urlpatterns = [
    path("employees/export/", transfer_views.employee_export, name="employee-export"),
    path("employees/export/<uuid:job_id>/", transfer_views.export_detail, name="export-detail"),
    path("employees/export/<uuid:job_id>/download/", transfer_views.export_download, name="export-download"),
    path("employees/import/", transfer_views.import_upload, name="import-upload"),
    path("employees/import/template/", transfer_views.import_template, name="import-template"),
    path("employees/import/<uuid:job_id>/", transfer_views.import_detail, name="import-detail"),
    path("employees/import/<uuid:job_id>/report/", transfer_views.import_report, name="import-report"),
    path("employees/import/<uuid:job_id>/apply/", transfer_views.import_apply, name="import-apply"),
]
