"""Forms of HR's opening-balance and approval-route pages (issue #9)."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.approvals.choices import ApproverRole
from pamong.approvals.registry import registered_flows
from pamong.approvals.routes import MAX_ORDER, MAX_REMIND_DAYS, ROUTE_ROLES
from pamong.core.forms import BootstrapForm
from pamong.people.models import Employee, OrgUnit, Position

from .opening import MAX_REASON, opening_pot_years
from .rules import MAX_TOTAL_TWO_YEARS_UNUSED


class OpeningBalanceForm(BootstrapForm):
    nip = forms.CharField(label=_("NIP of the employee"), max_length=18, min_length=18)
    pot_year = forms.TypedChoiceField(label=_("Year of the entitlement"), coerce=int)
    days = forms.IntegerField(label=_("Remaining days in the previous system"), min_value=0,
                              max_value=MAX_TOTAL_TWO_YEARS_UNUSED)
    reason = forms.CharField(label=_("Source of the figure (e.g. the previous system's report)"),
                             max_length=MAX_REASON)

    def __init__(self, *args, employees, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employees = employees
        years = opening_pot_years()
        self.fields["pot_year"].choices = [(y, str(y)) for y in reversed(years)]
        self.fields["days"].widget.attrs["inputmode"] = "numeric"
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_nip(self) -> Employee:
        nip = self.cleaned_data["nip"].replace(" ", "")
        employee = self.employees.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("No employee of your agency has this NIP."))
        return employee


class RouteStepForm(BootstrapForm):
    flow = forms.ChoiceField(label=_("Flow"))
    request_kind = forms.CharField(label=_("Request kind (empty: every kind)"), max_length=32, required=False)
    org_unit = forms.ModelChoiceField(label=_("Unit subtree (empty: the whole agency)"), required=False,
                                      queryset=OrgUnit.objects.none(), to_field_name="public_id")
    condition = forms.CharField(label=_("Condition (JSON, e.g. {\"abroad\": true}; empty: every request)"),
                                max_length=500, required=False)
    order = forms.IntegerField(label=_("Step number"), min_value=1, max_value=MAX_ORDER)
    role = forms.ChoiceField(label=_("Approver"), choices=[(r.value, r.label) for r in ROUTE_ROLES])
    position = forms.ModelChoiceField(label=_("Position (when the approver is the holder of a position)"),
                                      required=False, queryset=Position.objects.none(), to_field_name="public_id")
    label = forms.CharField(label=_("Label on the request"), max_length=120)
    is_binding = forms.BooleanField(label=_("Decides (not only considers)"), required=False, initial=True)
    remind_after_days = forms.IntegerField(label=_("Remind after (working days)"), min_value=1,
                                           max_value=MAX_REMIND_DAYS, initial=3)
    escalate = forms.BooleanField(label=_("Also tell the approver's supervisor when overdue"), required=False,
                                  initial=True)

    def __init__(self, *args, units, positions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["flow"].choices = [(f, f) for f in registered_flows(configurable=True)]
        self.fields["org_unit"].queryset = units.order_by("path")
        self.fields["position"].queryset = positions.select_related("org_unit").order_by("org_unit__path", "path")
        self.fields["position"].label_from_instance = lambda p: f"{p.name} — {p.org_unit.name}"

    def clean_condition(self) -> dict:
        text = (self.cleaned_data.get("condition") or "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("Write the condition as JSON, e.g. {\"abroad\": true}.")) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Write the condition as JSON, e.g. {\"abroad\": true}."))
        return value

    def to_data(self):
        from pamong.approvals.routes import RouteStepInput

        data = self.cleaned_data
        return RouteStepInput(
            flow=data["flow"], request_kind=(data.get("request_kind") or "").strip(), org_unit=data.get("org_unit"),
            condition=data.get("condition") or {}, order=data["order"], role=data["role"],
            position=data.get("position"), label=data["label"], is_binding=bool(data.get("is_binding")),
            remind_after_days=data["remind_after_days"], escalate=bool(data.get("escalate")))

    @staticmethod
    def initial_for(step) -> dict:
        return {"flow": step.flow, "request_kind": step.request_kind,
                "org_unit": step.org_unit.public_id if step.org_unit_id else None,
                "condition": json.dumps(step.condition) if step.condition else "", "order": step.order,
                "role": step.role, "position": step.position.public_id if step.position_id else None,
                "label": step.label, "is_binding": step.is_binding, "remind_after_days": step.remind_after_days,
                "escalate": step.escalate}


ROLE_LABELS = dict(ApproverRole.choices)
