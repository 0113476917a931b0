import logging
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.forms import otp_verification_failed
from django_otp.plugins.otp_totp.models import TOTPDevice

from pamong.audit.services import audit_record
from pamong.core.client_ip import client_ip
from pamong.core.http import AuthedRequest

from .audit import AccountsAction
from .demo import demo_accounts_for_login
from .errors import AccountsError
from .forms import ApiTokenCreateForm, LoginForm, OtpTokenForm, PasswordChangeForm
from .lifecycle import backup_codes_remaining
from .lifecycle_forms import BackupCodeForm
from .lifecycle_views import mfa_verify_backup
from .login_throttle import login_retry_after
from .mfa import confirmed_totp_device, mfa_required, totp_code_already_used
from .selectors import tokens_of
from .services import (
    mfa_enrol_confirm,
    mfa_pending_device,
    mfa_setup_start,
    password_change,
    token_default_days,
    token_max_days,
)

security_log = logging.getLogger("pamong.security")


def _next_value(request: HttpRequest) -> str:
    """Return the ``next`` target if it stays on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _next_query(request: HttpRequest) -> str:
    target = _next_value(request)
    return "?" + urlencode({"next": target}) if target else ""


def _safe_next(request: HttpRequest) -> str:
    return _next_value(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


# --- Login and logout -------------------------------------------------------------


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = demo_accounts_for_login()  # [] unless PAMONG_DEMO=1 (make run)
        return context

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code="throttled"):
            # Password spraying from this address (login_throttle.py): 429, like an axes lockout.
            # Logged, not audited: no password was checked, and a sprayer must not fill the audit trail.
            security_log.warning("Sign-in refused: too many failed sign-ins from %s", client_ip(self.request))
            response.status_code = 429
            response["Retry-After"] = str(login_retry_after())
        return response


login_view = login_not_required(LoginView.as_view())


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


# --- MFA ---------------------------------------------------------------------------


def _qr_svg(device: TOTPDevice) -> str:
    # Inline SVG with presentation attributes only: no style attribute, no
    # script, no external request (CSP style-src/img-src 'self').
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        svgclass="qr-code",
        lineclass=None,
        title=_("QR code for the authenticator app"),
    )


@require_http_methods(["GET", "POST"])
def mfa_setup(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if confirmed_totp_device(user) is not None:
        # Adding or replacing a factor needs the existing one (ASVS 5.0 7.5.1).
        if user.is_verified():
            messages.info(request, _("Two-factor authentication is already active."))
            return redirect("accounts:profile")
        return redirect(resolve_url("accounts:mfa-verify") + _next_query(request))
    form = OtpTokenForm()
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "start":
            mfa_setup_start(user=user)
            return redirect(resolve_url("accounts:mfa-setup") + _next_query(request))
        device = mfa_pending_device(user=user)
        if device is None:
            return redirect("accounts:mfa-setup")
        form = OtpTokenForm(request.POST)
        if form.is_valid():
            try:
                device = mfa_enrol_confirm(user=user, device=device, token=form.cleaned_data["token"])
            except AccountsError as exc:
                form.add_error("token", exc.message)
            else:
                request.session.cycle_key()
                django_otp.login(request, device)
                messages.success(request, _("Two-factor authentication is now active."))
                return redirect(_safe_next(request))
        status = 422
    device = mfa_pending_device(user=user)
    context = {
        "form": form,
        "device": device,
        "mfa_required": mfa_required(user),
        "next": _next_value(request),
    }
    if device is not None:
        context["qr_svg"] = mark_safe(_qr_svg(device))  # noqa: S308 - segno output, no user input
        secret = b32encode(device.bin_key).decode()
        context["secret_groups"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return TemplateResponse(request, "accounts/mfa_setup.html", context, status=status)


@require_http_methods(["GET", "POST"])
def mfa_verify(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    device = confirmed_totp_device(user)
    if device is None:
        return redirect(resolve_url("accounts:mfa-setup") + _next_query(request))
    backup_form = None
    if request.method == "POST" and "backup_code" in request.POST:
        # A backup code instead of the authenticator (lifecycle_views.mfa_verify_backup).
        outcome = mfa_verify_backup(request, _safe_next(request))
        if isinstance(outcome, HttpResponse):
            return outcome
        context = {"form": OtpTokenForm(), "backup_form": outcome, "next": _next_value(request),
                   "backup_left": backup_codes_remaining(user)}
        return TemplateResponse(request, "accounts/mfa_verify.html", context, status=422)
    form = OtpTokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                form.add_error("token", _("Too many wrong codes. Wait a moment and try again."))
            # django_otp.verify_token locks the device row and counts failures
            # toward its throttle; the device's last_t refuses a replayed code.
            elif verified := django_otp.verify_token(user, device.persistent_id, form.cleaned_data["token"]):
                # A new privilege level gets a new session id.
                request.session.cycle_key()
                django_otp.login(request, verified)
                with transaction.atomic():
                    audit_record(actor=user, action=AccountsAction.MFA_VERIFIED, target=user)
                return redirect(_safe_next(request))
            else:
                # The audit trail records the failure (pamong.audit.auth_events listens to this signal).
                otp_verification_failed.send(sender=type(form), user=user)
                device.refresh_from_db(fields=["last_t", "drift"])
                if totp_code_already_used(device, form.cleaned_data["token"]):
                    form.add_error("token", _("This code has already been used. Wait for the next code in the "
                                              "authenticator app."))
                else:
                    form.add_error("token", _("The code is not correct."))
    context = {"form": form, "backup_form": backup_form or BackupCodeForm(), "next": _next_value(request),
               "backup_left": backup_codes_remaining(user)}
    return TemplateResponse(request, "accounts/mfa_verify.html", context, status=status)


# --- Profile ------------------------------------------------------------------------


def _profile_response(request: AuthedRequest, *, status: int = 200, **extra) -> TemplateResponse:
    user = request.user
    device = confirmed_totp_device(user)
    context = {
        "account": user,
        "mfa_device": device,
        "backup_left": backup_codes_remaining(user) if device else None,
        "mfa_required": mfa_required(user),
        "password_form": PasswordChangeForm(user),
        "token_form": ApiTokenCreateForm(max_days=token_max_days(user), default_days=token_default_days(user)),
        "token_max_days": token_max_days(user),
        "tokens": tokens_of(user),
        **extra,
    }
    return TemplateResponse(request, "accounts/profile.html", context, status=status)


@require_GET
def profile(request: AuthedRequest) -> HttpResponse:
    return _profile_response(request)


@require_http_methods(["GET", "POST"])
def profile_password_change(request: AuthedRequest) -> HttpResponse:
    if request.method == "GET":
        # The form lives on the profile page; a direct link shows that page.
        return _profile_response(request)
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _profile_response(request, status=422, password_form=form)
    user = password_change(user=request.user, new_password=form.cleaned_data["new_password1"])
    # Keeps this session (with a new id); every other session of the user ends.
    update_session_auth_hash(request, user)
    messages.success(
        request, _("Your password has been changed. Other sessions have been logged out and your API tokens revoked.")
    )
    return redirect("accounts:profile")
