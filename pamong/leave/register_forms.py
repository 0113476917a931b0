"""Filters of HR's leave register and of "who is away" (parse only; register.py reads)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm, DateInput
from pamong.people.models import path_within
from pamong.people.selectors import units_visible_to

from .choices import LeaveStatus, LeaveType
from .register import RegisterFilters

SEARCH_MAX = 100


class RegisterFilterForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("Unit (with its sub-units)"), queryset=None, to_field_name="public_id",
                                  required=False, empty_label=_("Whole agency"))
    leave_type = forms.ChoiceField(label=_("Leave type"), required=False,
                                   choices=[("", _("All types")), *LeaveType.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *LeaveStatus.choices])
    date_from = forms.DateField(label=_("On leave from"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("On leave until"), required=False, widget=DateInput)
    q = forms.CharField(label=_("Employee (name or NIP)"), required=False, max_length=SEARCH_MAX)

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(actor).filter(is_active=True).order_by("path")
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def to_filters(self) -> RegisterFilters:
        """The filters; call after is_valid()."""
        data = self.cleaned_data
        return RegisterFilters(unit=data.get("unit"), leave_type=data.get("leave_type") or "",
                               status=data.get("status") or "", date_from=data.get("date_from"),
                               date_to=data.get("date_to"), search=data.get("q") or "")


class AwayFilterForm(BootstrapForm):
    period = forms.ChoiceField(label=_("Period"), required=False,
                               choices=[("today", _("Today")), ("week", _("This week"))])
    unit = forms.ModelChoiceField(label=_("Unit (with its sub-units)"), queryset=None, to_field_name="public_id",
                                  required=False, empty_label=_("Everyone I oversee"))

    def __init__(self, *args, actor, scope=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = units_visible_to(actor).filter(is_active=True)
        if scope is not None:
            units = units.filter(path_within("path", scope.path))
        self.fields["unit"].queryset = units.order_by("path")
