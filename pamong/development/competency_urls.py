"""HTML routes of the development context: competency pages (composed by urls.py)."""

from django.urls import path

from . import competency_views as views

urlpatterns: list = [
    path("competencies/", views.competency_list, name="competency-list"),
    path("competencies/new/", views.competency_create, name="competency-create"),
    path("competencies/<uuid:public_id>/edit/", views.competency_edit, name="competency-edit"),
    path("competencies/<uuid:public_id>/active/", views.competency_active, name="competency-active"),
    path("standards/", views.standard_positions, name="standard-positions"),
    path("standards/import/", views.standards_import, name="standards-import"),
    path("standards/<uuid:public_id>/", views.position_standards, name="position-standards"),
    path("assessments/import/", views.assessments_import, name="assessments-import"),
    path("employees/<uuid:public_id>/competencies/", views.employee_competencies, name="employee-competencies"),
    path("employees/<uuid:public_id>/competencies/record/", views.assessment_record, name="assessment-record"),
    path("gaps/", views.gap_map, name="gap-map"),
]
