"""HTML forms of mentoring and coaching: input → typed values; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm, DateInput

from .choices import GuidanceKind
from .services.mentoring import SESSION_MINUTES_MAX, SESSION_MINUTES_MIN


class FindMentorForm(BootstrapForm):
    """The mentee (by NIP) and the competency the mentoring is about: what the suggestions are computed for."""

    mentee = forms.CharField(label=_("NIP of the mentee"), max_length=18, min_length=18,
                             widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                                           "pattern": r"\d{18}"}))
    competency = forms.ModelChoiceField(label=_("Competency (optional)"), queryset=None, required=False,
                                        to_field_name="public_id", empty_label=_("— any: by the mentee's gaps —"))

    def __init__(self, *args, competencies, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies

    def clean_mentee(self) -> str:
        nip = "".join(self.cleaned_data["mentee"].split())
        if not nip.isdigit():
            raise forms.ValidationError(_("A NIP has 18 digits."), code="invalid_nip")
        return nip


class PairForm(BootstrapForm):
    """The mentor chosen among the suggestions (or by NIP), the kind, the goal and the start."""

    mentor = forms.ChoiceField(label=_("Mentor"), required=False, widget=forms.RadioSelect)
    mentor_nip = forms.CharField(label=_("…or the NIP of another mentor"), max_length=18, required=False,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=GuidanceKind.choices, initial=GuidanceKind.MENTORING)
    goal = forms.CharField(label=_("Goal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    started_on = forms.DateField(label=_("Start"), required=False, widget=DateInput,
                                 help_text=_("Today when left empty."))

    def __init__(self, *args, suggestions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = [(str(s.employee.public_id), s.employee.full_name) for s in suggestions]

    def clean(self):
        data = super().clean()
        if not data.get("mentor") and not data.get("mentor_nip"):
            self.add_error("mentor", _("Choose a mentor."))
        return data


class SessionForm(BootstrapForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=SESSION_MINUTES_MIN,
                                 max_value=SESSION_MINUTES_MAX)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    notes = forms.CharField(label=_("Minutes of the session"), max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    agreed_actions = forms.CharField(label=_("Agreed actions"), max_length=2000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
