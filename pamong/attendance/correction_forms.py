"""HTML forms of attendance corrections: the request, the supervisor's decision, the withdrawal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.approvals.choices import Outcome
from pamong.core.forms import BootstrapForm, DateField

from .choices import CorrectionReason, CorrectionStatus

MAX_TEXT = 2000


class CorrectionForm(BootstrapForm):
    start = DateField(label=_("From"))
    end = DateField(label=_("Until"), help_text=_("The same day for a single day."))
    reason = forms.ChoiceField(label=_("Reason"), choices=CorrectionReason.choices)
    explanation = forms.CharField(label=_("Explanation"), max_length=MAX_TEXT,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(label=_("Supporting document (PDF, JPG or PNG)"),
                               widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))


class DecisionForm(BootstrapForm):
    outcome = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect,
                                choices=[(Outcome.APPROVE.value, _("Approve: the days count as excused")),
                                         (Outcome.REJECT.value, _("Reject"))])
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for rejecting."))
        return data


class WithdrawForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionFilterForm(BootstrapForm):
    SCOPES = [("", _("All I may see")), ("mine", _("My requests")), ("decide", _("Waiting for my decision"))]
    scope = forms.ChoiceField(label=_("Show"), choices=SCOPES, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("Any status")), *CorrectionStatus.choices],
                               required=False)
