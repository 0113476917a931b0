"""Pages of the account life-cycle: activation, forgotten password, backup codes.

Activation and the forgotten-password pages are public (no session yet);
they are rate-limited per client address and per (identifier, address), and
their answers do not tell whether an account exists.
"""

import time

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.forms import otp_verification_failed

from pamong.core.client_ip import client_ip
from pamong.core.http import AuthedRequest

from . import lifecycle, mail, throttle
from .errors import AccountsError
from .lifecycle_forms import ActivationForm, BackupCodeForm, PasswordForgotForm, PasswordResetForm
from .mfa import confirmed_totp_device

# Attempts per 15 minutes: per account+address (tight: protects one person's code) and per client address
# (generous: a whole office activating together sits behind one NAT address; a 57-bit code is not guessed
# anyway, and the answer never tells whether a NIP exists).
WINDOW = 15 * 60
PER_ADDRESS = 300
PER_ACCOUNT_ADDRESS = 5
# Reset e-mails per account and hour, whoever asks (no mail bombing); the answer stays the same.
RESET_MAILS_PER_HOUR = 3


def _throttled(request: HttpRequest, page: str, identifier: str) -> bool:
    address = client_ip(request) or "-"
    over_address = throttle.hit(f"{page}:ip:{address}", limit=PER_ADDRESS, window=WINDOW)
    over_pair = throttle.hit(f"{page}:id:{identifier.strip().lower()}:{address}", limit=PER_ACCOUNT_ADDRESS,
                             window=WINDOW)
    return over_address or over_pair


def _too_many() -> str:
    return _("Too many attempts. Wait 15 minutes and try again.")


@login_not_required
@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    """First sign-in: NIP + the code from HR (activation or reset) + a new password under the password policy."""
    form = ActivationForm(request.POST or None, initial={"username": request.GET.get("nip", "")[:18]})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            if _throttled(request, "activate", data["username"]):
                form.add_error(None, _too_many())
                status = 429
            else:
                try:
                    lifecycle.account_activate(
                        username=data["username"], code=data["code"], password=data["new_password1"]
                    )
                except AccountsError as exc:
                    fields = exc.field_errors
                    for name, errors in fields.items():
                        for error in errors:
                            form.add_error(name, error)
                    if not fields:
                        form.add_error(None, exc.message)
                else:
                    messages.success(request, _("Your password is set. Log in with your NIP and the new password."))
                    return redirect("accounts:login")
    return TemplateResponse(request, "accounts/activate.html", {"form": form}, status=status)


@login_not_required
@require_http_methods(["GET", "POST"])
def password_forgot(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link by e-mail. The answer is the same, and as slow, whether or not the account exists."""
    form = PasswordForgotForm(request.POST or None)
    context = {"form": form, "email_enabled": settings.PAMONG_ACCOUNT_EMAIL,
               "reset_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}
    if request.method != "POST":
        return TemplateResponse(request, "accounts/password_forgot.html", context)
    started = time.monotonic()
    if not form.is_valid():
        return TemplateResponse(request, "accounts/password_forgot.html", context, status=422)
    identifier = form.cleaned_data["identifier"].strip()
    if _throttled(request, "forgot", identifier):
        form.add_error(None, _too_many())
        return TemplateResponse(request, "accounts/password_forgot.html", context, status=429)
    mail_allowed = not throttle.hit(f"forgot:mail:{identifier.lower()}", limit=RESET_MAILS_PER_HOUR, window=3600)
    if settings.PAMONG_ACCOUNT_EMAIL and mail_allowed:
        issued = lifecycle.password_reset_request(identifier=identifier)
        if issued is not None:
            user, token = issued
            mail.send_reset_link(user.email, str(user), token, request)
    else:
        lifecycle.code_hash(identifier)  # the same work as a lookup that finds nothing
    # Pad to a fixed minimum so that the time taken does not tell whether an e-mail went out.
    remaining = settings.PAMONG_RESET_MIN_SECONDS - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    return TemplateResponse(request, "accounts/password_forgot_sent.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a new password with the e-mailed link (single use, expiring)."""
    code = lifecycle.email_reset_token_valid(token)
    form = PasswordResetForm(request.POST or None)
    status = 200
    if code is None:
        response = TemplateResponse(request, "accounts/password_reset.html", {"form": None}, status=200)
        response["Referrer-Policy"] = "no-referrer"
        return response
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                lifecycle.password_reset_complete(token=token, password=form.cleaned_data["new_password1"])
            except AccountsError as exc:
                for name, errors in exc.field_errors.items():
                    for error in errors:
                        form.add_error(name, error)
                if not exc.field_errors:
                    form.add_error(None, exc.message)
            else:
                messages.success(request, _("Your password has been changed. Log in with the new password."))
                return redirect("accounts:login")
    response = TemplateResponse(request, "accounts/password_reset.html", {"form": form}, status=status)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "POST"])
def backup_codes(request: AuthedRequest) -> HttpResponse:
    """Show how many backup codes remain; generate a new set (shown once). Needs a verified session."""
    user = request.user
    has_totp = confirmed_totp_device(user) is not None
    if has_totp and not user.is_verified():
        return redirect(resolve_url("accounts:mfa-verify") + "?next=" + resolve_url("accounts:backup-codes"))
    context = {"has_totp": has_totp, "remaining": lifecycle.backup_codes_remaining(user), "codes": None}
    if request.method == "POST":
        try:
            context["codes"] = lifecycle.backup_codes_generate(user=user)
        except AccountsError as exc:
            messages.error(request, exc.message)
            return TemplateResponse(request, "accounts/backup_codes.html", context, status=exc.http_status)
        context["remaining"] = len(context["codes"])
    response = TemplateResponse(request, "accounts/backup_codes.html", context)
    response["Cache-Control"] = "no-store"
    return response


def mfa_verify_backup(request: AuthedRequest, next_url: str) -> HttpResponse | BackupCodeForm:
    """The TOTP step with a backup code instead: each code works once; django-otp throttles failures.

    Returns a redirect on success, else the bound form with its error.
    """
    user = request.user
    form = BackupCodeForm(request.POST)
    if not form.is_valid():
        return form
    device = lifecycle.backup_device(user)
    if device is None:
        form.add_error("backup_code", _("The code is not correct."))
        return form
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        form.add_error("backup_code", _("Too many wrong codes. Wait a moment and try again."))
        return form
    value = lifecycle.backup_token_value(form.cleaned_data["backup_code"])
    verified = django_otp.verify_token(user, device.persistent_id, value)
    if not verified:
        otp_verification_failed.send(sender=type(form), user=user)
        form.add_error("backup_code", _("The code is not correct."))
        return form
    request.session.cycle_key()
    django_otp.login(request, verified)
    lifecycle.backup_code_audit(user=user)
    left = lifecycle.backup_codes_remaining(user)
    messages.warning(
        request,
        _("You signed in with a backup code. %(left)s backup codes remain; make new ones if you run low.")
        % {"left": left},
    )
    return redirect(next_url)
