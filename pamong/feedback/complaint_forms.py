"""The staff pages' forms for complaints: they shape input; the rules are complaint_services'."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm
from pamong.people.models import Employee, OrgUnit

from .complaint_choices import ComplaintChannel, ComplaintClass, ComplaintStatus, DayCount
from .complaint_models import (
    DESCRIPTION_MAX_LENGTH,
    LAPOR_TICKET_MAX_LENGTH,
    NAME_MAX_LENGTH,
    PHONE_MAX_LENGTH,
    REPLY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
)
from .complaint_rules import MAX_SLA_DAYS
from .complaint_selectors import ComplaintFilters
from .complaint_services import ComplainantContact


class UnitChoiceField(forms.ModelChoiceField):
    """A unit of the agency, chosen by its public id (the integer key never reaches a page)."""

    def __init__(self, queryset, **kwargs) -> None:
        super().__init__(queryset=queryset, to_field_name="public_id", **kwargs)

    def label_from_instance(self, obj: OrgUnit) -> str:
        return ("— " * obj.depth) + obj.name


def _agency_units(pemda_id: int | None):
    return OrgUnit.objects.filter(pemda_id=pemda_id, is_active=True).order_by("path")


class ComplaintFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("Subject, tracking number or LAPOR! ticket"))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *ComplaintStatus.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def to_filters(self) -> ComplaintFilters:
        data = self.cleaned_data
        return ComplaintFilters(status=data["status"], overdue_only=data["overdue"], query=data["q"].strip())


class ComplaintEntryForm(BootstrapForm):
    """A complaint received by phone, letter, WhatsApp, in person or through SP4N-LAPOR!."""

    channel = forms.ChoiceField(label=_("Received by"),
                                choices=[c for c in ComplaintChannel.choices if c[0] != ComplaintChannel.WEB])
    lapor_ticket = forms.CharField(label=_("SP4N-LAPOR! ticket number"), required=False,
                                   max_length=LAPOR_TICKET_MAX_LENGTH,
                                   help_text=_("Required when the complaint came through SP4N-LAPOR!."))
    received_on = forms.DateField(label=_("Received on"))
    org_unit = UnitChoiceField(OrgUnit.objects.none(), label=_("Unit concerned"), required=False,
                               empty_label=_("— not known yet —"))
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    description = forms.CharField(label=_("What happened"), max_length=DESCRIPTION_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 6}))
    is_anonymous = forms.BooleanField(label=_("The complainant asks to stay anonymous"), required=False)
    complainant_name = forms.CharField(label=_("Complainant's name"), required=False, max_length=NAME_MAX_LENGTH)
    complainant_phone = forms.CharField(label=_("Complainant's phone"), required=False, max_length=PHONE_MAX_LENGTH)
    complainant_email = forms.EmailField(label=_("Complainant's e-mail"), required=False)

    def __init__(self, *args, pemda_id: int | None, **kwargs) -> None:
        kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = _agency_units(pemda_id)

    def contact(self) -> ComplainantContact:
        data = self.cleaned_data
        return ComplainantContact(name=data["complainant_name"], phone=data["complainant_phone"],
                                  email=data["complainant_email"])


class ClassifyForm(BootstrapForm):
    complaint_class = forms.ChoiceField(label=_("Class"), choices=ComplaintClass.choices)
    org_unit = UnitChoiceField(OrgUnit.objects.none(), label=_("Responsible unit"))
    employee_nip = forms.CharField(label=_("NIP of the employee concerned"), required=False, max_length=18,
                                   help_text=_("Only when the complaint is about an employee's conduct."))

    def __init__(self, *args, pemda_id: int | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.pemda_id = pemda_id
        self.fields["org_unit"].queryset = _agency_units(pemda_id)

    def clean_employee_nip(self) -> Employee | None:
        nip = "".join((self.cleaned_data.get("employee_nip") or "").split())
        if not nip:
            return None
        employee = Employee.objects.filter(pemda_id=self.pemda_id, nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("No employee of the agency has this NIP."))
        return employee


class ReplyForm(BootstrapForm):
    text = forms.CharField(label=_("Text"), max_length=REPLY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}))
    public = forms.TypedChoiceField(label=_("Visible to"), coerce=lambda value: value == "public",
                                    choices=[("public", _("The complainant (on the tracking page)")),
                                             ("internal", _("Staff only (internal note)"))],
                                    widget=forms.RadioSelect, initial="public")


class AnswerForm(BootstrapForm):
    text = forms.CharField(label=_("The answer to the complainant"), max_length=REPLY_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 5}))


class ReopenForm(BootstrapForm):
    reason = forms.CharField(label=_("Why is it reopened?"), max_length=REPLY_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}))


class DisciplineForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind of violation"), choices=())
    description = forms.CharField(label=_("What happened"), max_length=DESCRIPTION_MAX_LENGTH,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Do not copy the complainant's name or contact."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from pamong.discipline.choices import ViolationKind

        self.fields["kind"].choices = ViolationKind.choices


class RecapForm(BootstrapForm):
    start = forms.DateField(label=_("Received from"), required=False)
    end = forms.DateField(label=_("to"), required=False)

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        start = self.cleaned_data.get("start") or today.replace(month=1, day=1)
        end = self.cleaned_data.get("end") or today
        return start, end

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        return data


class SlaForm(BootstrapForm):
    complaint_class = forms.ChoiceField(choices=ComplaintClass.choices, widget=forms.HiddenInput)
    first_response_days = forms.IntegerField(label=_("First response within"), min_value=1, max_value=MAX_SLA_DAYS)
    resolution_days = forms.IntegerField(label=_("Resolution within"), min_value=1, max_value=MAX_SLA_DAYS)
    day_count = forms.ChoiceField(label=_("Counted in"), choices=DayCount.choices)
