"""The filter form of the BKPSDM lists (unit tree, golongan, status, month range)."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm
from pamong.people.models import Golongan
from pamong.people.unit_options import UnitSelect

from .selectors.lists import LIST_STATUSES, ListFilters, headed_unit, sees_agency, units_in_scope

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month input); cleaned to the 1st of the month."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM",
                                                           "maxlength": "7"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        found = MONTH.match(value.strip())
        if not found or not 1 <= int(found.group(2)) <= 12 or not 1900 <= int(found.group(1)) <= 2200:
            raise forms.ValidationError(_("Enter a month as YYYY-MM."), code="invalid")
        return date(int(found.group(1)), int(found.group(2)), 1)


class ListFilterForm(BootstrapForm):
    unit = forms.ModelChoiceField(label=_("Unit (with its sub-units)"), required=False, queryset=None,
                                  empty_label=_("All units"), to_field_name="public_id")
    golongan = forms.ChoiceField(label=_("Golongan"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *[(s.value, s.label) for s in LIST_STATUSES]])
    month_from = MonthField(label=_("From month"), required=False)
    month_to = MonthField(label=_("To month"), required=False)

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_in_scope(actor)
        # The options come from people's cached list (an agency has 1,800 units); a unit head's are their tree.
        within = None if sees_agency(actor) else headed_unit(actor)
        self.fields["unit"].widget = UnitSelect(actor, within=within, attrs=self.fields["unit"].widget.attrs)
        codes = Golongan.objects.order_by("kind", "-rank").values_list("code", flat=True)
        self.fields["golongan"].choices = [("", _("All golongan")), *[(code, code) for code in codes]]

    def clean(self):
        data = super().clean()
        first, last = data.get("month_from"), data.get("month_to")
        if first and last:
            if last < first:
                self.add_error("month_to", _("The last month cannot be before the first."))
            elif (last.year - first.year) * 12 + last.month - first.month > 35:
                self.add_error("month_to", _("Choose at most 36 months."))
        return data

    def to_filters(self) -> ListFilters:
        data = self.cleaned_data
        return ListFilters(unit=data.get("unit"), golongan=data.get("golongan") or "", status=data.get("status") or "",
                           month_from=data.get("month_from"), month_to=data.get("month_to"))
