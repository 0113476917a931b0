"""Forms of the JP ledger pages: parse and shape input only; the services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm

from .choices import ActivityForm, JpCapMode
from .services.learning import REACTION_QUESTIONS

LIKERT = [(n, str(n)) for n in range(1, 6)]


class LearningRecordForm(BootstrapForm):
    title = forms.CharField(label=_("Activity"), max_length=200)
    form = forms.ChoiceField(label=_("Form"), choices=ActivityForm.choices)
    completed_on = forms.DateField(label=_("Completion date"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(label=_("Minutes attended"), min_value=0,
                                 help_text=_("1 JP = 45 minutes; used when the certificate states no JP."))
    certificate_jp = forms.IntegerField(label=_("JP on the certificate"), min_value=1, max_value=999, required=False)


class RejectForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.TextInput())


class ReactionForm(BootstrapForm):
    reaction = forms.TypedChoiceField(label=_("Overall, how useful was the activity?"), choices=LIKERT, coerce=int,
                                      widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(
        attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, label in REACTION_QUESTIONS.items():
            self.fields[f"answer_{key}"] = forms.TypedChoiceField(
                label=label, choices=LIKERT, coerce=int, widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
        self.order_fields(["reaction", *[f"answer_{key}" for key in REACTION_QUESTIONS], "comment"])

    def answers(self) -> dict:
        return {key: self.cleaned_data[f"answer_{key}"] for key in REACTION_QUESTIONS}


class TestsForm(BootstrapForm):
    pre_test = forms.DecimalField(label=_("Pre-test score"), min_value=0, max_value=100, decimal_places=2)
    post_test = forms.DecimalField(label=_("Post-test score"), min_value=0, max_value=100, decimal_places=2)


class FollowUpForm(BootstrapForm):
    applied_rating = forms.TypedChoiceField(label=_("How well is the learning applied at work?"), choices=LIKERT,
                                            coerce=int, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Supervisor's note"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class SettingsForm(BootstrapForm):
    pns_target_jp = forms.IntegerField(label=_("Yearly JP target (PNS)"), min_value=0, max_value=200)
    pppk_cap_jp = forms.IntegerField(label=_("Yearly JP cap (PPPK)"), min_value=0, max_value=200)
    pppk_cap_mode = forms.ChoiceField(label=_("When the PPPK cap would be passed"), choices=JpCapMode.choices)
    alert_from_month = forms.IntegerField(label=_("Alert those behind from month"), min_value=1, max_value=12)
