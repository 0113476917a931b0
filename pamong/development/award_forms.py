"""HTML input of the award pages → typed values (shape only; services.awards decides)."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm, DateInput
from pamong.people.models import Employee
from pamong.people.selectors import units_visible_to
from pamong.performance import rules as performance_rules

from . import award_rules
from .choices import AwardKind
from .selectors.awards import AwardFilters
from .services.awards import AwardInput

SEARCH_MIN, SEARCH_MAX, MATCHES_SHOWN = 2, 100, 20
WINDOWS = ((90, _("90 days")), (180, _("180 days")), (365, _("1 year")))


def _years():
    this_year = timezone.localdate().year
    return [("", _("All years"))] + [(str(year), str(year)) for year in range(this_year, this_year - 40, -1)]


class AwardFilterForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Award"), required=False, choices=[("", _("All awards")), *AwardKind.choices])
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None, choices=())
    unit = forms.ModelChoiceField(label=_("Unit (with its sub-units)"), queryset=None, to_field_name="public_id",
                                  required=False, empty_label=_("Whole agency"))

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
        self.fields["unit"].queryset = units_visible_to(actor).filter(
            pemda_id=actor.pemda_id, is_active=True).order_by("path")

    def to_filters(self) -> AwardFilters:
        data = self.cleaned_data
        return AwardFilters(kind=data.get("kind") or "", year=data.get("year"), unit=data.get("unit"))


class TopPerformersForm(BootstrapForm):
    period = forms.CharField(label=_("Period"), max_length=8, required=False,
                             help_text=_("A month (2026-05), quarter (2026-Q2), semester (2026-S1) or year (2026)."))
    unit = forms.ModelChoiceField(label=_("Unit (with its sub-units)"), queryset=None, to_field_name="public_id",
                                  required=False, empty_label=_("Whole agency"))

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(actor).filter(
            pemda_id=actor.pemda_id, is_active=True).order_by("path")

    def clean_period(self) -> str:
        period = (self.cleaned_data.get("period") or "").strip()
        if period and not performance_rules.is_valid_period(period):
            raise forms.ValidationError(_("Give a period as 2026-05, 2026-Q2, 2026-S1 or 2026."))
        return period


class MilestoneForm(BootstrapForm):
    within = forms.TypedChoiceField(label=_("Within"), required=False, coerce=int, empty_value=None,
                                    choices=[(str(days), label) for days, label in WINDOWS])
    unit = forms.ModelChoiceField(label=_("Unit (with its sub-units)"), queryset=None, to_field_name="public_id",
                                  required=False, empty_label=_("Whole agency"))

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(actor).filter(
            pemda_id=actor.pemda_id, is_active=True).order_by("path")


def employee_matches(employees, term: str) -> list[Employee]:
    """At most MATCHES_SHOWN active employees of *employees* whose name contains *term* or whose NIP starts with
    it (two characters at least). One query."""
    term = " ".join(str(term or "").split())[:SEARCH_MAX]
    if len(term) < SEARCH_MIN:
        return []
    return list(employees.filter(is_active=True).filter(Q(name__icontains=term) | Q(nip__startswith=term))
                .select_related("current_unit").order_by("name", "pk")[:MATCHES_SHOWN])


class AwardRecordForm(BootstrapForm):
    """The employee is named by NIP (chosen from the search above the form, or typed)."""

    nip = forms.CharField(label=_("NIP of the employee"), max_length=18, min_length=18,
                          help_text=_("Search the employee above, or type the 18-digit NIP."))
    kind = forms.ChoiceField(label=_("Award"), choices=AwardKind.choices)
    title = forms.CharField(label=_("Name of the award"), max_length=200, required=False,
                            help_text=_("Required for agency and other awards."))
    period = forms.CharField(label=_("Month (employee of the month)"), max_length=7, required=False,
                             help_text=_("YYYY-MM, e.g. 2026-05."))
    awarded_on = forms.DateField(label=_("Date awarded"), widget=DateInput)
    decree_number = forms.CharField(label=_("Decree (SK) number"), max_length=100, required=False)
    issuer = forms.CharField(label=_("Awarded by"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, employees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_nip(self) -> Employee:
        nip = self.cleaned_data["nip"].replace(" ", "")
        employee = self.employees.filter(nip=nip, is_active=True).first()
        if employee is None:
            raise forms.ValidationError(_("No active employee of your agency has this NIP."))
        return employee

    def clean_period(self) -> str:
        period = (self.cleaned_data.get("period") or "").strip()
        if period and not award_rules.is_month_period(period):
            raise forms.ValidationError(_("Give the month of the award as YYYY-MM, e.g. 2026-05."))
        return period

    def to_input(self) -> AwardInput:
        data = self.cleaned_data
        return AwardInput(kind=data["kind"], awarded_on=data["awarded_on"], title=data.get("title") or "",
                          period=data.get("period") or "", decree_number=data.get("decree_number") or "",
                          issuer=data.get("issuer") or "", note=data.get("note") or "")


class AwardRemoveForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for removing"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))
