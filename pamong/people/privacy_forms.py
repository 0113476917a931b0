"""Forms of the personal-data pages: a correction request and HR's decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .corrections import CORRECTABLE_FIELDS, MAX_REASON_LENGTH, MAX_VALUE_LENGTH
from .forms import BootstrapForm


class CorrectionRequestForm(BootstrapForm):
    field = forms.ChoiceField(label=_("Data to correct"), choices=())
    requested_value = forms.CharField(
        label=_("Correct value"), max_length=MAX_VALUE_LENGTH,
        help_text=_("Dates as dd-mm-yyyy; for gender, religion or marital status the option as shown on your profile."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=MAX_REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))
    attachment = forms.FileField(label=_("Supporting document (optional; PDF, JPG or PNG)"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", "—"), *((name, str(label).capitalize())
                                                     for name, label in CORRECTABLE_FIELDS.items())]
        self.fields["attachment"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def to_kwargs(self) -> dict:
        upload = self.cleaned_data.get("attachment")
        return {
            "field": self.cleaned_data["field"],
            "requested_value": self.cleaned_data["requested_value"],
            "reason": self.cleaned_data["reason"],
            "attachment_name": upload.name if upload else "",
            "attachment_content": upload.read() if upload else None,
        }


class CorrectionDecisionForm(BootstrapForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("accept", _("Accept and apply the correction")),
                                                              ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason (required when rejecting)"), max_length=MAX_REASON_LENGTH,
                             required=False, widget=forms.Textarea(attrs={"rows": 3}))
