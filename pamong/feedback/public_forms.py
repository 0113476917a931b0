"""The public questionnaire's form (issue #14): the nine questions as radio buttons, the optional respondent
profile, the optional comment, the proof of work's two hidden fields and a honeypot (reliability-security.md G30).
It only shapes the input: the rules are services.response_submit's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AgeBand, RespondentEducation, RespondentGender, RespondentOccupation
from .models import COMMENT_MAX_LENGTH, SERVICE_TYPE_MAX_LENGTH
from .questionnaire import QUESTIONS
from .services import RespondentProfile

HONEYPOT = "website"


def _optional(choices) -> list:
    return [("", _("— not given —")), *choices]


class SurveyForm(forms.Form):
    gender = forms.ChoiceField(label=_("Gender"), choices=_optional(RespondentGender.choices), required=False)
    age_band = forms.ChoiceField(label=_("Age"), choices=_optional(AgeBand.choices), required=False)
    education = forms.ChoiceField(label=_("Education"), choices=_optional(RespondentEducation.choices),
                                  required=False)
    occupation = forms.ChoiceField(label=_("Main occupation"), choices=_optional(RespondentOccupation.choices),
                                   required=False)
    service_type = forms.CharField(label=_("Service you used"), max_length=SERVICE_TYPE_MAX_LENGTH, required=False)
    comment = forms.CharField(label=_("Comment or suggestion"), max_length=COMMENT_MAX_LENGTH, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    pow_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    pow_counter = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    # Hidden from people (CSS and aria-hidden); a form-filling robot fills it in.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.code] = forms.TypedChoiceField(
                label=question.text, choices=question.choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")})
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def questions(self):
        return [(question, self[question.code]) for question in QUESTIONS]

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get(HONEYPOT))

    def answers(self) -> dict[str, int]:
        return {question.code: self.cleaned_data[question.code] for question in QUESTIONS}

    def profile(self) -> RespondentProfile:
        data = self.cleaned_data
        return RespondentProfile(gender=data["gender"], age_band=data["age_band"], education=data["education"],
                                 occupation=data["occupation"], service_type=data["service_type"])
