"""The placement form: vacancies, the candidate pool (filters), the weights and the minimum score."""

from django import forms
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm
from pamong.people.choices import PositionKind
from pamong.people.models import Golongan, OrgUnit, Position, path_within

from .placement.scoring import COMPONENTS, DEFAULT_WEIGHTS
from .services.placement import MAX_SIDE, MAX_WEIGHT

COMPONENT_LABELS = {
    "competency": _("Competency fit"),
    "education": _("Education level"),
    "field": _("Field of study"),
    "rank": _("Rank range"),
    "predikat": _("Recent predikat"),
    "tenure": _("Time in current post"),
    "unit": _("Home unit and distance"),
}


def vacancies(pemda_id: int, unit: OrgUnit | None = None):
    """The agency's active positions with fewer holders than their capacity (formasi), by unit and name."""
    positions = (Position.objects.filter(pemda_id=pemda_id, is_active=True)
                 .annotate(holder_count=Count("holders", filter=Q(holders__is_active=True)))
                 .filter(holder_count__lt=F("capacity")).select_related("org_unit"))
    if unit is not None:
        positions = positions.filter(path_within("org_unit__path", unit.path))
    return positions.order_by("org_unit__path", "name", "pk")


class VacancyFilterForm(BootstrapForm):
    vacancy_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False, label=_("Vacancies in unit"))

    def __init__(self, *args, pemda_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vacancy_unit"].queryset = OrgUnit.objects.filter(pemda_id=pemda_id, is_active=True).order_by(
            "path")
        self.fields["vacancy_unit"].to_field_name = "public_id"


class PlacementForm(BootstrapForm):
    name = forms.CharField(label=_("Name of the run"), max_length=200, required=False)
    positions = forms.ModelMultipleChoiceField(queryset=Position.objects.none(), label=_("Vacancies"),
                                               widget=forms.CheckboxSelectMultiple, to_field_name="public_id")
    pool_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False, to_field_name="public_id",
                                       label=_("Candidates from unit"), help_text=_("Empty: the whole agency."))
    golongan_min = forms.ModelChoiceField(queryset=Golongan.objects.all(), required=False, to_field_name="code",
                                          label=_("Golongan from"))
    golongan_max = forms.ModelChoiceField(queryset=Golongan.objects.all(), required=False, to_field_name="code",
                                          label=_("Golongan up to"))
    kind = forms.ChoiceField(choices=[("", _("Any position kind")), *PositionKind.choices], required=False,
                             label=_("Current position kind"))
    talent_pool = forms.BooleanField(label=_("Only the talent pool (boxes 7–9 of the latest talent review)"),
                                     required=False)
    min_score = forms.FloatField(label=_("Minimum score"), required=False, min_value=0, max_value=1,
                                 help_text=_("Leave a post empty rather than fill it below this score (0–1)."))

    def __init__(self, *args, pemda_id: int, unit: OrgUnit | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["positions"].queryset = vacancies(pemda_id, unit)
        self.fields["positions"].label_from_instance = lambda p: f"{p.name} — {p.org_unit.name}"
        self.fields["pool_unit"].queryset = OrgUnit.objects.filter(pemda_id=pemda_id, is_active=True).order_by("path")
        for name in COMPONENTS:
            self.fields[f"weight_{name}"] = forms.FloatField(
                label=COMPONENT_LABELS[name], min_value=0, max_value=MAX_WEIGHT, initial=DEFAULT_WEIGHTS[name],
                widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal", "class": "form-control"}))

    def clean_positions(self):
        chosen = self.cleaned_data["positions"]
        if len(chosen) > MAX_SIDE:
            raise forms.ValidationError(_("At most %(max)s positions in one run.") % {"max": MAX_SIDE})
        return chosen

    def weight_fields(self):
        return [self[f"weight_{name}"] for name in COMPONENTS]

    def filter_fields(self):
        return [self["pool_unit"], self["golongan_min"], self["golongan_max"], self["kind"], self["talent_pool"]]

    def to_call(self) -> dict:
        data = self.cleaned_data
        return {
            "positions": [str(p.public_id) for p in data["positions"]],
            "filter": {"unit": str(data["pool_unit"].public_id) if data.get("pool_unit") else None,
                       "golongan_min": data["golongan_min"].code if data.get("golongan_min") else None,
                       "golongan_max": data["golongan_max"].code if data.get("golongan_max") else None,
                       "kind": data.get("kind") or None, "talent_pool": bool(data.get("talent_pool"))},
            "weights": {name: data[f"weight_{name}"] for name in COMPONENTS},
            "constraints": {"min_score": data.get("min_score")},
            "name": data.get("name") or "",
        }
