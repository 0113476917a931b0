"""HR routes of the account life-cycle (activation, reset codes, MFA reset), included from people/urls.py."""

from django.urls import path

from . import activation_views as views

urlpatterns = [
    path("accounts/", views.activation_home, name="activation-home"),
    path("accounts/activation-sheet/", views.activation_sheet, name="activation-sheet"),
    path("employees/<uuid:public_id>/account/activation/", views.employee_activation, name="employee-activation"),
    path("employees/<uuid:public_id>/account/reset-code/", views.employee_reset_code, name="employee-reset-code"),
    path("employees/<uuid:public_id>/account/mfa-reset/", views.employee_mfa_reset_request,
         name="employee-mfa-reset"),
    path("accounts/mfa-resets/<uuid:public_id>/confirm/", views.mfa_reset_confirm, name="mfa-reset-confirm"),
    path("accounts/mfa-resets/<uuid:public_id>/cancel/", views.mfa_reset_cancel, name="mfa-reset-cancel"),
]
