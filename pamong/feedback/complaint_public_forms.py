"""The public complaint pages' forms: the complaint, the tracking-number lookup and the complainant's reopening. They
shape input only (the rules are complaint_services'); the proof of work's two hidden fields and the honeypot are the
survey's (public_forms, proof_of_work; reliability-security.md G30)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .complaint_models import (
    DESCRIPTION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)
from .complaint_services import ComplainantContact
from .public_forms import HONEYPOT

DONT_KNOW = ""


class _Protected(forms.Form):
    """The proof of work's fields and the honeypot, hidden from people (CSS and aria-hidden)."""

    pow_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    pow_counter = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    website = forms.CharField(required=False, max_length=200, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class PublicComplaintForm(_Protected):
    org_unit = forms.ChoiceField(label=_("Which office is it about?"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    description = forms.CharField(label=_("What happened?"), max_length=DESCRIPTION_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 7}),
                                  help_text=_("When and where, what you expected and what happened. "
                                              "At most 4,000 characters."))
    is_anonymous = forms.BooleanField(label=_("Send anonymously (we will not be able to contact you)"),
                                      required=False)
    complainant_name = forms.CharField(label=_("Your name"), required=False, max_length=NAME_MAX_LENGTH)
    complainant_phone = forms.CharField(label=_("Phone or WhatsApp"), required=False, max_length=PHONE_MAX_LENGTH)
    complainant_email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(unit.public_id): unit for unit in units}
        self.fields["org_unit"].choices = [(DONT_KNOW, _("I don't know")),
                                           *((key, unit.name) for key, unit in self.units.items())]

    def unit(self):
        return self.units.get(self.cleaned_data["org_unit"])

    def contact(self) -> ComplainantContact:
        data = self.cleaned_data
        return ComplainantContact(name=data["complainant_name"], phone=data["complainant_phone"],
                                  email=data["complainant_email"])


class LookupForm(forms.Form):
    number = forms.CharField(label=_("Tracking number"), max_length=40,
                             widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                           "placeholder": "ADU-XXXXXXXXXXXX"}))


class PublicReopenForm(_Protected):
    number = forms.CharField(widget=forms.HiddenInput, max_length=40)
    reason = forms.CharField(label=_("Why is the matter not resolved?"), max_length=REPLY_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 4}))
