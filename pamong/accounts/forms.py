from datetime import timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form; the username of an employee is their NIP.

    The error for a wrong password and for an unknown user is the same
    message (Django's ``invalid_login``), so the form does not reveal which
    accounts exist.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("NIP or username")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "class": "form-control", "inputmode": "text", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"class": "form-control"})


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
    VALIDITY_CHOICES = [
        ("30", _("30 days")),
        ("90", _("90 days")),
        ("180", _("180 days")),
        ("365", _("1 year")),
    ]

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Payroll sync”."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    validity = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=VALIDITY_CHOICES,
        coerce=int,
        initial="90",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def expires_at(self):
        return timezone.now() + timedelta(days=self.cleaned_data["validity"])


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form: checks the old password and runs AUTH_PASSWORD_VALIDATORS on the new one."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
