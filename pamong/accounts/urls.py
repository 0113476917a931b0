from django.urls import path

from . import lifecycle_views, token_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("mfa/setup/", views.mfa_setup, name="mfa-setup"),
    path("mfa/verify/", views.mfa_verify, name="mfa-verify"),
    path("profile/", views.profile, name="profile"),
    path("profile/password/", views.profile_password_change, name="password-change"),
    path("profile/tokens/", token_views.token_create, name="token-create"),
    path("profile/tokens/<uuid:public_id>/revoke/", token_views.token_revoke, name="token-revoke"),
    path("tokens/", token_views.agency_tokens, name="agency-tokens"),
    # Account life-cycle (lifecycle_views.py)
    path("activate/", lifecycle_views.activate, name="activate"),
    path("password/forgot/", lifecycle_views.password_forgot, name="password-forgot"),
    path("password/reset/<str:token>/", lifecycle_views.password_reset, name="password-reset"),
    path("mfa/backup-codes/", lifecycle_views.backup_codes, name="backup-codes"),
]
