"""Forms of KP/KGB proposals: the list filters, a proposal's note, the bulk month, the decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm

from .list_forms import MonthField
from .promotion_models import ProposalStatus
from .selectors.promotion import ProposalFilters

KIND_FILTERS = [("", _("All kinds")), ("kp", _("KP (all)")), ("kp_regular", _("KP reguler")),
                ("kp_choice", _("KP pilihan (JF)")), ("kgb", _("KGB (periodic raise)"))]


class ProposalFilterForm(BootstrapForm):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *ProposalStatus.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=KIND_FILTERS)
    period = MonthField(label=_("TMT month"), required=False)

    def to_filters(self) -> ProposalFilters:
        data = self.cleaned_data
        return ProposalFilters(status=data.get("status") or "", kind=data.get("kind") or "",
                               period=data.get("period"))


class ProposeForm(BootstrapForm):
    note = forms.CharField(label=_("Note for the approver (optional)"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))


class BulkForm(BootstrapForm):
    kind = forms.ChoiceField(choices=[("kp", "KP"), ("kgb", "KGB")], widget=forms.HiddenInput)
    period = MonthField(label=_("Month of the list"))


class DecideForm(BootstrapForm):
    outcome = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                choices=[("approve", _("Approve")), ("reject", _("Do not approve"))])
    reason = forms.CharField(label=_("Reason (required to reject)"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))
