
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pamong.core.client_ip import client_ip

from .login_throttle import login_ip_throttled, login_retry_after
from .models import TokenScope


class LoginForm(AuthenticationForm):
    """Django's login form; the username of an employee is their NIP.

    The error for a wrong password and for an unknown user is the same
    message (``invalid_login``), so the form does not reveal which accounts
    exist. Django's own wording names the username field inside the sentence,
    which reads badly once that label is "NIP or username" (and worse in
    Bahasa Indonesia): Pamong words it itself.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The NIP or username and the password do not match. Check both and try again "
            "(capital and small letters are different)."
        ),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("NIP or username")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "class": "form-control", "inputmode": "text", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"class": "form-control"})

    def clean(self):
        # Too many failed sign-ins from this address (login_throttle.py): refuse
        # before any password is checked, whichever account is named.
        if self.request is not None and login_ip_throttled(client_ip(self.request)):
            raise ValidationError(
                _("Too many failed sign-ins from your network. Wait %(minutes)s minutes and try again."),
                code="throttled",
                params={"minutes": max(1, -(-login_retry_after() // 60))},
            )
        return super().clean()


class OtpTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from the authenticator app"),
        regex=r"^\d{6}$",
        max_length=6,
        min_length=6,
        strip=True,
        error_messages={"invalid": _("Enter the 6-digit code.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"\d{6}",
                "class": "form-control",
                "autofocus": True,
            }
        ),
    )


class ApiTokenCreateForm(forms.Form):
    """Name, scope and validity of a new token; the validities offered stop at the user's limit."""

    VALIDITY_CHOICES = [
        (7, _("7 days")),
        (30, _("30 days")),
        (90, _("90 days")),
        (180, _("180 days")),
        (365, _("1 year")),
    ]

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Payroll sync”."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        required=False,  # left out: read only (least privilege)
        help_text=_("A read-only token cannot change any data."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    validity = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, max_days: int, default_days: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(days, label) for days, label in self.VALIDITY_CHOICES if days <= max_days]
        if max_days not in {days for days, _label in choices}:
            choices.append((max_days, _("%(days)s days") % {"days": max_days}))
        self.fields["validity"].choices = choices
        self.fields["validity"].initial = default_days if default_days <= max_days else max_days

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or TokenScope.READ


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form: checks the old password and runs AUTH_PASSWORD_VALIDATORS on the new one."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
