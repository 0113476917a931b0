"""HTML input of the approvers' and HR's leave pages → typed values. Forms never save; services do.

Forms check the *shape* of input only (a date is a date, a choice is one
of the choices). Business rules (a reason for a refusal, a cuti bersama
day, an acting official of the same agency) stay in the services, whose
field errors the views copy back onto the form.
"""

import contextlib
from datetime import date

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pamong.approvals.choices import ActingKind, Outcome
from pamong.core.forms import BootstrapForm, DateInput
from pamong.people.models import Employee, Position
from pamong.workcalendar.choices import DayKind

# The search-selects list at most this many matches (a Pemda has thousands of positions and employees).
SHOWN = 30



# --- Consideration and decision -------------------------------------------------------------


class StepActForm(BootstrapForm):
    """The four answers of form sections VII–VIII (Perban 24/2017 Lampiran I.b), with a reason and new dates.

    ``step`` pins the answer to the step the approver was shown: answering a
    step that has moved on is then a conflict (409), never an answer to the
    next step by accident.
    """

    step = forms.UUIDField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Answer"), choices=Outcome.choices,
                                widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you change, defer or do not approve the request."),
    )
    start_date = forms.DateField(label=_("New start date"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("New end date"), required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == Outcome.CHANGE:
            start, end = cleaned.get("start_date"), cleaned.get("end_date")
            for name in ("start_date", "end_date"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Give the changed dates for an approval with changes."))
            if start and end and end < start:
                self.add_error("end_date", _("The leave ends before it starts."))
        return cleaned

    def change_data(self) -> dict | None:
        if self.cleaned_data["outcome"] != Outcome.CHANGE:
            return None
        return {"start_date": self.cleaned_data["start_date"].isoformat(),
                "end_date": self.cleaned_data["end_date"].isoformat()}


class RevokeForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for revoking"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


# --- Calendar ----------------------------------------------------------------------------------


class CalendarDayForm(BootstrapForm):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=DayKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)


class CollectiveCreditForm(BootstrapForm):
    """PP 11/2017 Pasal 333(4): an employee who worked on a cuti bersama day gets the day back."""

    nip = forms.CharField(label=_("NIP of the employee"), max_length=18, min_length=18)
    day = forms.DateField(label=_("Cuti bersama day worked"), widget=DateInput)
    note = forms.CharField(label=_("Note (e.g. the assignment letter)"), max_length=200, required=False)

    def __init__(self, *args, employees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees

    def clean_nip(self) -> Employee:
        nip = self.cleaned_data["nip"].replace(" ", "")
        employee = self.employees.filter(nip=nip, is_active=True).first()
        if employee is None:
            raise forms.ValidationError(_("No active employee of your agency has this NIP."))
        return employee


def parse_month(value: str | None, default: date) -> date | None:
    """``"2026-07"`` → 1 July 2026; the default's month when empty; None when malformed."""
    if not value:
        return default.replace(day=1)
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1) if 2000 <= year <= 2100 else None
    except ValueError:
        return None


def parse_year(value: str | None, default: int) -> int | None:
    if not value:
        return default
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else None


# --- Acting officials (Plt/Plh) --------------------------------------------------------------------


class ActingForm(BootstrapForm):
    """Appoint a Plt/Plh. Position and employee are search-selects over the HR's own Pemda only.

    Each select shows at most SHOWN matches of its search box (refreshed by
    htmx as HR types); validation accepts any active position or employee of
    the Pemda, so a value chosen before a new search stays valid.
    """

    position_search = forms.CharField(label=_("Find the position (name or unit)"), required=False, max_length=100)
    position = forms.ModelChoiceField(label=_("Position covered"), queryset=Position.objects.none(),
                                      to_field_name="public_id")
    acting_search = forms.CharField(label=_("Find the acting official (name or NIP)"), required=False,
                                    max_length=100)
    acting = forms.ModelChoiceField(label=_("Acting official"), queryset=Employee.objects.none(),
                                    to_field_name="public_id")
    kind = forms.ChoiceField(label=_("Kind"), choices=ActingKind.choices)
    start_date = forms.DateField(label=_("From"), widget=DateInput)
    end_date = forms.DateField(label=_("Until"), widget=DateInput)
    decree_number = forms.CharField(label=_("Decree (SK / surat perintah) number"), max_length=100)
    decree_date = forms.DateField(label=_("Decree date"), widget=DateInput)

    def __init__(self, *args, positions, employees, action: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        data = self.data if self.is_bound else self.initial
        self._setup("position", positions.select_related("org_unit").order_by("org_unit__path", "path"),
                    str(data.get("position_search") or "").strip(), str(data.get("position") or ""),
                    lambda term: Q(name__icontains=term) | Q(org_unit__name__icontains=term), _position_label)
        self._setup("acting", employees.select_related("current_position").order_by("name", "pk"),
                    str(data.get("acting_search") or "").strip(), str(data.get("acting") or ""),
                    _employee_match, _employee_label)
        for name in ("position_search", "acting_search"):
            self.fields[name].widget.input_type = "search"
            self.fields[name].widget.attrs.update({
                "hx-get": action, "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#acting-form", "hx-swap": "outerHTML", "hx-include": "closest form",
                "autocomplete": "off",
            })
        self.order_fields(["position_search", "position", "acting_search", "acting", "kind", "start_date",
                           "end_date", "decree_number", "decree_date"])

    def _setup(self, name: str, queryset, term: str, selected: str, match, label) -> None:
        field = self.fields[name]
        field.queryset = queryset
        field.label_from_instance = label
        shown = list((queryset.filter(match(term)) if term else queryset)[:SHOWN])
        if selected and all(str(row.public_id) != selected for row in shown):
            with contextlib.suppress(ValueError, forms.ValidationError):
                shown += list(queryset.filter(public_id=selected))
        field.widget.choices = [("", _("— choose —"))] + [(str(row.public_id), label(row)) for row in shown]

    def to_kwargs(self) -> dict:
        return {name: self.cleaned_data[name]
                for name in ("position", "acting", "kind", "start_date", "end_date", "decree_number", "decree_date")}


def _employee_match(term: str) -> Q:
    digits = term.replace(" ", "")
    return Q(nip__startswith=digits) if digits.isdigit() else Q(name__icontains=term)


def _position_label(position: Position) -> str:
    return f"{position.name} — {position.org_unit.name}"


def _employee_label(employee: Employee) -> str:
    position = employee.current_position.name if employee.current_position_id else ""
    return f"{employee.full_name} ({employee.nip}){' — ' + position if position else ''}"
