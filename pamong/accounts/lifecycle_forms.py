"""Forms of the account life-cycle pages (activation, forgotten password, backup codes)."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

_CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 \-]{5,22}$"


def _text(**attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def _password(**attrs) -> forms.PasswordInput:
    return forms.PasswordInput(attrs={"class": "form-control", "autocomplete": "new-password", **attrs})


class NewPasswordMixin(forms.Form):
    new_password1 = forms.CharField(
        label=_("New password"), strip=False, max_length=128, widget=_password(),
        help_text=password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(label=_("New password again"), strip=False, max_length=128, widget=_password())

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("new_password1"), cleaned.get("new_password2")
        if one and two and one != two:
            self.add_error("new_password2", _("The two passwords are not the same."))
        return cleaned


class ActivationForm(NewPasswordMixin):
    """NIP + the code HR gave (activation or reset) + the new password (checked by the service)."""

    username = forms.CharField(
        label=_("NIP or username"), max_length=150,
        widget=_text(autocomplete="username", spellcheck="false", autofocus=True),
    )
    code = forms.RegexField(
        label=_("Activation or reset code"), regex=_CODE_PATTERN, max_length=23,
        error_messages={"invalid": _("Enter the code as printed, e.g. ABCD-EFGH-JKMN.")},
        widget=_text(autocomplete="one-time-code", spellcheck="false", autocapitalize="characters"),
    )

    field_order = ["username", "code", "new_password1", "new_password2"]


class PasswordForgotForm(forms.Form):
    identifier = forms.CharField(
        label=_("NIP or e-mail address"), max_length=254,
        widget=_text(autocomplete="username", spellcheck="false", autofocus=True),
    )


class PasswordResetForm(NewPasswordMixin):
    pass


class BackupCodeForm(forms.Form):
    backup_code = forms.RegexField(
        label=_("Backup code"), regex=_CODE_PATTERN, max_length=23,
        error_messages={"invalid": _("Enter one of your backup codes, e.g. ABCD-EFGH-JK.")},
        widget=_text(autocomplete="off", spellcheck="false", autocapitalize="characters"),
    )
