"""HTML input of the sanction-effect pages → typed values (shape only; services.effects decides)."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm
from pamong.people.models import Position

MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


class MonthForm(BootstrapForm):
    """The month of the TPP-deduction list, as YYYY-MM (default: this month)."""

    month = forms.CharField(label=_("Month"), max_length=7, required=False, help_text=_("As YYYY-MM, e.g. 2026-12."),
                            widget=forms.TextInput(attrs={"placeholder": "2026-12", "inputmode": "numeric",
                                                          "pattern": r"\d{4}-\d{1,2}"}))

    def clean_month(self) -> date:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return timezone.localdate().replace(day=1)
        found = MONTH.match(value)
        if not found or not 1 <= int(found.group(2)) <= 12 or not 1900 <= int(found.group(1)) <= 2200:
            raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2026-12."))
        return date(int(found.group(1)), int(found.group(2)), 1)

    def to_month(self) -> date:
        return self.cleaned_data["month"]


class OnDateForm(BootstrapForm):
    """The date the restrictions are asked for (default: today)."""

    on = forms.DateField(label=_("On date"), required=False)

    def to_date(self) -> date:
        return self.cleaned_data.get("on") or timezone.localdate()


class TargetPositionForm(BootstrapForm):
    """The position an employee is lowered or released to (berat, rules.md §3.1)."""

    position = forms.ModelChoiceField(label=_("Target position"), queryset=None, to_field_name="public_id",
                                      empty_label=_("Choose a position"))

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        positions = Position.objects.filter(pemda_id=case.pemda_id, is_active=True).select_related("org_unit")
        if case.employee.current_position_id:
            positions = positions.exclude(pk=case.employee.current_position_id)
        self.fields["position"].queryset = positions.order_by("org_unit__name", "name")
        self.fields["position"].label_from_instance = lambda p: f"{p.name} — {p.org_unit.name}"
