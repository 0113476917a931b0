"""Forms of the survey's staff pages (SKM, PermenPANRB 14/2017). They only shape the input: every rule is the
services' (services.service_point_create/update, period_create, paper_responses_enter), whose refusals are shown
on the fields they name.

The paper grid is a formset of one form per questionnaire: the nine answers typed as digits 1–4 (blank = the
unsur was left blank on the form), then the optional respondent profile, the date written on the form and the
comment. Rows left entirely empty are skipped, so a grid of ten holds a stack of seven.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm
from pamong.people.unit_options import UnitSelect

from . import rules
from .choices import AgeBand, RespondentEducation, RespondentGender, RespondentOccupation
from .models import ANSWER_FIELDS, COMMENT_MAX_LENGTH, SERVICE_TYPE_MAX_LENGTH
from .permissions import can_manage_feedback
from .services import (
    DESCRIPTION_MAX_LENGTH,
    MAX_PAPER_ROWS,
    MAX_YEARLY_USERS,
    NAME_MAX_LENGTH,
    PaperRow,
    RespondentProfile,
)

DEFAULT_PAPER_ROWS = 10
MORE_PAPER_ROWS = 10  # added by the "more rows" button
MAX_GRID_ROWS = 200  # rows one page draws; a bigger stack is entered in several batches


class ServicePointForm(BootstrapForm):
    org_unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, to_field_name="public_id",
                                      help_text=_("The unit that serves the public at this point."))
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH,
                           help_text=_("As the public knows it, e.g. “Loket Perizinan Terpadu”."))
    description = forms.CharField(label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    yearly_users = forms.IntegerField(
        label=_("Service users per year (estimate)"), required=False, min_value=0, max_value=MAX_YEARLY_USERS,
        help_text=_("The population of the sample check (Krejcie–Morgan). Leave empty if unknown."))

    def __init__(self, *args, actor, units, single_tree=None, **kwargs) -> None:
        """*units*: the active units *actor* may give a point to; *single_tree*: the one unit a unit head heads
        (its tree is the whole choice), None for HR (the agency's units) or a head of several trees."""
        super().__init__(*args, **kwargs)
        field = self.fields["org_unit"]
        field.queryset = units
        if single_tree is not None or can_manage_feedback(actor, actor.pemda_id):
            field.widget = UnitSelect(actor, within=single_tree, attrs={"class": "form-select"},
                                      empty_label=_("— choose a unit —"))
        else:
            field.widget.attrs["class"] = "form-select"
        self.fields["yearly_users"].widget.attrs["inputmode"] = "numeric"


class PeriodForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("E.g. “Semester I 2027”."))
    start_date = forms.DateField(label=_("First day"))
    end_date = forms.DateField(label=_("Last day"))


def _optional(choices) -> list:
    return [("", _("— not given —")), *choices]


ANSWER_WIDGET_ATTRS = {
    "class": "form-control form-control-sm text-center px-0",
    "inputmode": "numeric",
    "maxlength": "1",
    "pattern": "[1-4]",
    "autocomplete": "off",
}


class PaperRowForm(BootstrapForm):
    """One paper questionnaire. Answers are digits 1–4 or blank; the rest is optional."""

    gender = forms.ChoiceField(label=_("Gender"), choices=_optional(RespondentGender.choices), required=False)
    age_band = forms.ChoiceField(label=_("Age"), choices=_optional(AgeBand.choices), required=False)
    education = forms.ChoiceField(label=_("Education"), choices=_optional(RespondentEducation.choices),
                                  required=False)
    occupation = forms.ChoiceField(label=_("Main occupation"), choices=_optional(RespondentOccupation.choices),
                                   required=False)
    service_type = forms.CharField(label=_("Service used"), max_length=SERVICE_TYPE_MAX_LENGTH, required=False)
    filled_on = forms.DateField(label=_("Date on the form"), required=False)
    comment = forms.CharField(label=_("Comment or suggestion"), max_length=COMMENT_MAX_LENGTH, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        answer_error = _("Choose an answer from 1 to 4.")
        for unsur in reversed(rules.UNSUR):
            field = forms.IntegerField(
                label=unsur.name, required=False, min_value=rules.ANSWER_MIN, max_value=rules.ANSWER_MAX,
                widget=forms.TextInput(attrs={**ANSWER_WIDGET_ATTRS, "aria-label": f"{unsur.code} {unsur.name}"}),
                error_messages={"invalid": answer_error, "min_value": answer_error, "max_value": answer_error})
            self.fields = {ANSWER_FIELDS[unsur.code]: field, **self.fields}
        for name in ("gender", "age_band", "education", "occupation", "service_type", "filled_on"):
            css = self.fields[name].widget.attrs.get("class", "")
            self.fields[name].widget.attrs["class"] = f"{css} form-control-sm" if "form-control" in css \
                else f"{css} form-select-sm"

    @property
    def answer_fields(self):
        return [self[ANSWER_FIELDS[code]] for code in rules.UNSUR_CODES]

    @property
    def profile_fields(self):
        return [self[name] for name in ("gender", "age_band", "education", "occupation", "service_type",
                                        "filled_on", "comment")]

    @property
    def has_profile_input(self) -> bool:
        return self.is_bound and any(self[name].value() for name in ("gender", "age_band", "education",
                                                                       "occupation", "service_type", "filled_on",
                                                                       "comment"))

    def clean(self):
        cleaned = super().clean()
        if self.has_changed() and not any(cleaned.get(field) is not None for field in ANSWER_FIELDS.values()):
            raise forms.ValidationError(_("Answer at least one question."), code="no_answer")
        return cleaned

    def to_row(self) -> PaperRow:
        data = self.cleaned_data
        return PaperRow(
            answers={code: data.get(field) for code, field in ANSWER_FIELDS.items()},
            profile=RespondentProfile(gender=data.get("gender", ""), age_band=data.get("age_band", ""),
                                      education=data.get("education", ""), occupation=data.get("occupation", ""),
                                      service_type=data.get("service_type", "")),
            comment=data.get("comment", ""),
            filled_on=data.get("filled_on"),
        )


_PaperFormSet = forms.formset_factory(PaperRowForm, extra=0, max_num=MAX_PAPER_ROWS, absolute_max=MAX_PAPER_ROWS,
                                      validate_max=True)
PAPER_PREFIX = "rows"


def paper_formset(data=None, *, rows: int = DEFAULT_PAPER_ROWS, more: int = 0):
    """The grid: *rows* empty questionnaires, or the posted ones (plus *more* empty rows at the end)."""
    if data is None:
        return forms.formset_factory(PaperRowForm, extra=max(1, min(rows, MAX_GRID_ROWS)))(prefix=PAPER_PREFIX)
    if more:
        data = data.copy()
        key = f"{PAPER_PREFIX}-TOTAL_FORMS"
        try:
            total = int(data.get(key) or 0)
        except ValueError:
            total = 0
        data[key] = str(min(max(total, 0) + more, MAX_GRID_ROWS))
    return _PaperFormSet(data, prefix=PAPER_PREFIX)


class PaperBatchForm(BootstrapForm):
    period = forms.ModelChoiceField(label=_("Survey period"), queryset=None, to_field_name="public_id",
                                    empty_label=None)

    def __init__(self, *args, periods, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
