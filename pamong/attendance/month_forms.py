"""HTML forms of the monthly verification and closing: the unit and year filter, the confirmation of an action."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm


class MonthFilterForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, to_field_name="public_id", required=False,
                                  empty_label=_("Choose a unit"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class MonthActionForm(BootstrapForm):
    """The verify and close buttons post the month (YYYY-MM) and an explicit confirmation."""

    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I have checked this month's attendance."), required=True)
