"""Mutation forms (issue #13): HTML input → typed values; the services decide and refuse."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm
from pamong.people.models import Employee, Position

from .mutation_models import MutationKind, MutationStatus


class MutationFilterForm(BootstrapForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *MutationStatus.choices])
    kind = forms.ChoiceField(label=_("Kind of mutation"), required=False,
                             choices=[("", _("All kinds")), *MutationKind.choices])
    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=100)


class MutationForm(BootstrapForm):
    employee = forms.CharField(label=_("Employee NIP"), max_length=18,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    kind = forms.ChoiceField(label=_("Kind of mutation"), choices=MutationKind.choices, initial=MutationKind.INTRA)
    position = forms.ModelChoiceField(label=_("Target position (within the agency)"), required=False,
                                      queryset=Position.objects.none(), to_field_name="public_id")
    destination_agency = forms.CharField(label=_("Destination agency (other kinds)"), required=False,
                                         max_length=200)
    destination_position = forms.CharField(label=_("Destination position (other kinds)"), required=False,
                                           max_length=200)
    effective_date = forms.DateField(label=_("Effective date (TMT)"),
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason for the mutation"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    override_reason = forms.CharField(
        label=_("Override reason"), required=False, max_length=500,
        help_text=_("Only for a check that allows an override (2-year minimum for organisational need, the "
                    "position's minimum golongan or education)."))
    draft = forms.BooleanField(label=_("Save as a draft (submit later)"), required=False)

    def __init__(self, *args, pemda_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.pemda_id = pemda_id
        self.fields["position"].queryset = (Position.objects.filter(pemda_id=pemda_id, is_active=True)
                                            .select_related("org_unit").order_by("org_unit__name", "name"))
        self.fields["position"].label_from_instance = lambda p: f"{p.name} — {p.org_unit.name}"
        if not self.is_bound and "effective_date" not in self.initial:
            self.initial["effective_date"] = timezone.localdate() + timedelta(days=30)

    def clean_employee(self) -> Employee:
        nip = "".join((self.cleaned_data.get("employee") or "").split())
        found = Employee.objects.filter(pemda_id=self.pemda_id, nip=nip, is_active=True).select_related(
            "current_unit", "current_position").first()
        if found is None:
            raise forms.ValidationError(_("No active employee of the agency has this NIP."))
        return found

    def apply_errors(self, exc) -> None:
        fields = exc.field_errors
        for name, messages in fields.items():
            self.add_error(name if name in self.fields else None, messages)
        if not fields:
            self.add_error(None, exc.message)


class DecisionForm(BootstrapForm):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                choices=[("approve", _("Approve")), ("reject", _("Do not approve"))])
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Required when not approving."))


class CancelForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
