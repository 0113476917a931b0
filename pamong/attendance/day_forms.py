"""HTML input of the day, duty and settings pages → typed values (shape only; the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm
from pamong.people.models import Employee

from .choices import DutyKind


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs={"step": 60, **(attrs or {})}, format="%H:%M")


def _time(label, *, required=True, help_text=""):
    return forms.TimeField(label=label, required=required, widget=TimeInput, help_text=help_text,
                           input_formats=["%H:%M", "%H:%M:%S", "%H.%M"])


class EmployeeByNipForm(BootstrapForm):
    """The employee named by NIP (typed, or chosen through ?employee=<public id>)."""

    nip = forms.CharField(label=_("NIP of the employee"), max_length=18, min_length=18,
                          help_text=_("The 18-digit NIP."))

    def __init__(self, *args, employees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_nip(self) -> Employee:
        nip = self.cleaned_data["nip"].replace(" ", "")
        employee = self.employees.filter(nip=nip).select_related("pemda", "current_unit").first()
        if employee is None:
            raise forms.ValidationError(_("No employee of your agency has this NIP."))
        return employee


class ManualDayForm(EmployeeByNipForm):
    day = forms.DateField(label=_("Day"))
    first_in = _time(_("Arrival"))
    last_out = _time(_("Departure"), required=False, help_text=_("Leave empty if the employee has not left yet."))
    note = forms.CharField(label=_("Note"), max_length=200, required=False,
                           help_text=_("E.g. the unit's signed attendance list."))


class DutyForm(EmployeeByNipForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=DutyKind.choices)
    start = forms.DateField(label=_("From"))
    end = forms.DateField(label=_("Until"))
    letter_number = forms.CharField(label=_("Letter number"), max_length=100)
    letter_date = forms.DateField(label=_("Letter date"))
    purpose = forms.CharField(label=_("Purpose and destination"), max_length=300)
    document = forms.FileField(label=_("Letter (PDF, JPG or PNG)"))

    def to_input(self) -> dict:
        data = self.cleaned_data
        upload = data["document"]
        return {"kind": data["kind"], "start": data["start"], "end": data["end"],
                "letter_number": data["letter_number"], "letter_date": data["letter_date"],
                "purpose": data["purpose"], "document": (upload.name, upload.read())}


class DutyCancelForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class SettingsForm(BootstrapForm):
    grace_minutes = forms.IntegerField(label=_("Minutes of grace before late"), min_value=0, max_value=120)
    convert_lateness = forms.BooleanField(
        label=_("Count late and early minutes as absence days"), required=False,
        help_text=_("PP 53/2010: 7½ hours of lateness make one day. Only if the Pemda's own regulation says so."))
    lateness_minutes_per_day = forms.IntegerField(label=_("Minutes that make one day"), min_value=60,
                                                  max_value=1440)
    warn_days_before = forms.IntegerField(label=_("Warn this many days before a threshold"), min_value=0,
                                          max_value=5)


class ScheduleForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    is_default = forms.BooleanField(label=_("Default for the agency"), required=False)
    six_day_week = forms.BooleanField(label=_("Six-day week (Saturday is a working day)"), required=False)
    mon_thu_start = _time(_("Monday–Thursday start"))
    mon_thu_end = _time(_("Monday–Thursday end"))
    fri_start = _time(_("Friday start"))
    fri_end = _time(_("Friday end"))
    sat_start = _time(_("Saturday start"), required=False)
    sat_end = _time(_("Saturday end"), required=False)
    ramadan_start = _time(_("Ramadan start"), required=False)
    ramadan_end = _time(_("Ramadan end (Monday–Thursday)"), required=False)
    ramadan_fri_end = _time(_("Ramadan end (Friday)"), required=False)
    ramadan_sat_end = _time(_("Ramadan end (Saturday)"), required=False)


class UnitScheduleForm(BootstrapForm):
    unit = forms.UUIDField(label=_("Unit (with its sub-units)"))
    schedule = forms.CharField(label=_("Working hours"), required=False)


class RamadanForm(BootstrapForm):
    start = forms.DateField(label=_("First day"))
    end = forms.DateField(label=_("Last day"))
