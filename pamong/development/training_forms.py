"""HTML forms of the training pages: catalogue filter, activity (HR), enrolment request, decision, completion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.approvals.choices import Outcome
from pamong.core.forms import BootstrapForm, DateField

from .choices import ActivityForm, ActivityMode, ActivityStatus
from .models import Competency

MAX_TEXT = 2000


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CatalogueFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    form = forms.ChoiceField(label=_("Form"), required=False, choices=[("", _("All forms")), *ActivityForm.choices])
    mode = forms.ChoiceField(label=_("Mode"), required=False, choices=[("", _("All modes")), *ActivityMode.choices])
    competency = forms.ModelChoiceField(label=_("Competency"), required=False, queryset=Competency.objects.none(),
                                        to_field_name="public_id", empty_label=_("All competencies"))

    def __init__(self, *args, pemda_id=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = Competency.objects.filter(pemda_id=pemda_id, is_active=True)


class LearningActivityForm(BootstrapForm):
    """The catalogue entry; the competencies it develops are typed one a line as "CODE:level"."""

    title = forms.CharField(label=_("Title"), max_length=200)
    form = forms.ChoiceField(label=_("Form"), choices=ActivityForm.choices)
    jp = forms.IntegerField(label=_("Learning hours (JP)"), min_value=0, max_value=1000)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    location = forms.CharField(label=_("Place or link"), max_length=300, required=False)
    start_date = DateField(label=_("Start date"), required=False)
    end_date = DateField(label=_("End date"), required=False)
    enrolment_deadline = DateField(label=_("Enrolment deadline"), required=False)
    quota = forms.IntegerField(label=_("Quota"), min_value=1, required=False,
                               help_text=_("Empty: no limit."))
    cost = forms.DecimalField(label=_("Cost per participant (Rp)"), min_value=0, decimal_places=0, max_digits=14,
                              initial=0)
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices, initial=ActivityStatus.DRAFT)
    competencies = forms.CharField(
        label=_("Competencies it develops"), required=False, widget=_textarea(3),
        help_text=_("One a line: the competency code, a colon and the level (1–5), e.g. T001:3."))
    description = forms.CharField(label=_("Description"), max_length=4000, required=False, widget=_textarea(4))

    def __init__(self, *args, pemda_id=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pemda_id = pemda_id

    def clean_competencies(self) -> list:
        rows = []
        text = self.cleaned_data.get("competencies") or ""
        by_code = {c.code.lower(): c for c in Competency.objects.filter(pemda_id=self.pemda_id)}
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            code, _sep, level = line.rpartition(":")
            competency = by_code.get(code.strip().lower())
            if competency is None or not level.strip().isdigit():
                raise forms.ValidationError(_("Unknown competency or level: %(line)s") % {"line": line[:60]})
            rows.append((competency, int(level)))
        return rows


class EnrolmentRequestForm(BootstrapForm):
    reason = forms.CharField(label=_("Why do you want to take part?"), max_length=MAX_TEXT, required=False,
                             widget=_textarea(3))


class EnrolmentDecisionForm(BootstrapForm):
    outcome = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect,
                                choices=[(Outcome.APPROVE.value, _("Approve")),
                                         (Outcome.REJECT.value, _("Do not approve"))])
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, required=False, widget=_textarea(2))

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.REJECT and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for not approving."))
        return data


class WithdrawForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, required=False, widget=_textarea(2))


class CompletionForm(BootstrapForm):
    """HR records a participant's completion: verified minutes, the certificate's JP and number, the STTPP."""

    COMPLETED, NOT_COMPLETED = "completed", "not_completed"
    result = forms.ChoiceField(label=_("Result"), widget=forms.RadioSelect, initial=COMPLETED,
                               choices=[(COMPLETED, _("Completed")), (NOT_COMPLETED, _("Did not complete"))])
    completed_on = DateField(label=_("Completion date"), required=False)
    minutes = forms.IntegerField(label=_("Verified minutes"), min_value=0, max_value=100_000, required=False)
    certificate_jp = forms.IntegerField(label=_("JP on the certificate"), min_value=0, max_value=1000, required=False,
                                        help_text=_("Empty: whole 45-minute units of the minutes."))
    certificate_number = forms.CharField(label=_("Certificate (STTPP) number"), max_length=100, required=False)
    certificate = forms.FileField(label=_("Certificate file (PDF, JPG or PNG)"), required=False)
    issue_certificate = forms.BooleanField(label=_("Issue Pamong's certificate"), required=False)
    reason = forms.CharField(label=_("Note (when not completed)"), max_length=MAX_TEXT, required=False)

    def clean(self):
        data = super().clean()
        if data.get("result") == self.COMPLETED:
            if data.get("completed_on") is None and "completed_on" not in self.errors:
                self.add_error("completed_on", _("Enter the completion date."))
            if data.get("minutes") is None and "minutes" not in self.errors:
                self.add_error("minutes", _("Enter the verified minutes."))
        return data
