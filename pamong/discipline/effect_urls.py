"""HTML routes of the sanctions' effects (composed by urls.py, app_name "discipline")."""

from django.urls import path

from . import effect_views

urlpatterns: list = [
    path("tpp-deductions/", effect_views.tpp_deductions, name="tpp-deductions"),
    path("tpp-deductions/export.xlsx", effect_views.tpp_deductions_export, name="tpp-deductions-export"),
    path("restrictions/<uuid:public_id>/", effect_views.restrictions, name="restrictions"),
    path("sanctions/to-apply/", effect_views.sanctions_to_apply, name="sanctions-to-apply"),
    path("sanctions/<uuid:public_id>/apply/", effect_views.sanction_apply, name="sanction-apply"),
]
