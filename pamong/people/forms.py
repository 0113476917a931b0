"""HTML input → typed values. Forms never save domain rows; services do."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import EmploymentStatus, PositionKind
from .models import Golongan
from .selectors import EmployeeFilters, units_visible_to

ACTIVE_CHOICES = [("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))]


class EmployeeFilterForm(forms.Form):
    """Directory filters; shared by the directory page, its export and the API list."""

    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=100)
    unit = forms.UUIDField(label=_("Unit"), required=False)
    position_kind = forms.ChoiceField(label=_("Position kind"), required=False,
                                      choices=[("", _("All kinds")), *PositionKind.choices])
    golongan = forms.ChoiceField(label=_("Golongan"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *EmploymentStatus.choices])
    active = forms.ChoiceField(label=_("Active"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, data=None, *, actor, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.actor = actor
        self.fields["golongan"].choices = [("", _("All golongan"))] + [
            (code, code) for code in Golongan.objects.values_list("code", flat=True)
        ]

    def to_filters(self) -> EmployeeFilters:
        """Return the filters; call after is_valid(). Unknown or foreign units are ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        unit = None
        if data.get("unit"):
            unit = units_visible_to(self.actor).filter(public_id=data["unit"]).first()
        active = {"active": True, "inactive": False, "all": None}.get(data.get("active") or "active", True)
        return EmployeeFilters(
            q=data.get("q") or "",
            unit=unit,
            position_kind=data.get("position_kind") or "",
            golongan=data.get("golongan") or "",
            status=data.get("status") or "",
            active=active,
        )
