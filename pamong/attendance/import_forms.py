"""Forms of the punch import pages: the upload, a machine, a machine-user link and the links filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm
from pamong.people.models import Employee, OrgUnit

from .choices import ImportFormat
from .models import Device


class PunchImportForm(BootstrapForm):
    file = forms.FileField(label=_("Attendance file"),
                           help_text=_("The attendance log (.dat) downloaded from the machine, or a CSV file."))
    format = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices, initial=ImportFormat.ZKTECO)
    device = forms.ModelChoiceField(label=_("Machine"), queryset=Device.objects.none(), required=False,
                                    empty_label=_("— machine not named (links valid on every machine) —"),
                                    help_text=_("The machine the log comes from, so its own user ids apply."))
    dry_run = forms.BooleanField(label=_("Check only (dry run): show the report, import nothing"), required=False)

    def __init__(self, *args, devices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices if devices is not None else Device.objects.none()
        self.fields["file"].widget.attrs["accept"] = ".dat,.txt,.csv,text/csv,text/plain"


class DeviceForm(BootstrapForm):
    serial = forms.CharField(label=_("Serial number or code"), max_length=64)
    name = forms.CharField(label=_("Name"), max_length=100)
    org_unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = units if units is not None else OrgUnit.objects.none()


class MappingForm(BootstrapForm):
    machine_user_id = forms.CharField(label=_("Machine user id"), max_length=32)
    nip = forms.CharField(label=_("Employee NIP"), max_length=18)
    device = forms.ModelChoiceField(label=_("Machine"), queryset=Device.objects.none(), required=False,
                                    empty_label=_("— every machine of the agency —"))

    def __init__(self, *args, devices=None, employees=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices if devices is not None else Device.objects.none()
        self._employees = employees if employees is not None else Employee.objects.none()

    def clean_nip(self) -> Employee:
        nip = self.cleaned_data["nip"].strip()
        employee = self._employees.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("No employee of the agency has this NIP."))
        return employee


class MappingFilterForm(BootstrapForm):
    device = forms.CharField(label=_("Machine"), required=False, widget=forms.Select)
    q = forms.CharField(label=_("NIP, name or machine user id"), max_length=100, required=False)

    def __init__(self, *args, devices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All")), ("any", _("Every machine (agency-wide links)"))]
        choices += [(str(d.public_id), d.name) for d in (devices or [])]
        self.fields["device"].widget.choices = choices


class MappingSheetForm(BootstrapForm):
    file = forms.FileField(label=_("CSV of machine user ids"),
                           help_text=_("Columns user_id and nip; every row is linked, or none if one is refused."))
    device = forms.ModelChoiceField(label=_("Machine"), queryset=Device.objects.none(), required=False,
                                    empty_label=_("— every machine of the agency —"))

    def __init__(self, *args, devices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices if devices is not None else Device.objects.none()
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
