"""Forms of the talent pages: the 9-box and pool filters, the settings, recomputing a year, succession plans and
their candidates."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm
from pamong.people.choices import PositionKind
from pamong.people.models import OrgUnit, Position

from . import talent
from .services.talent import KEY_KINDS, MIN_YEAR

PREDIKAT_LABELS = {"sangat_baik": _("Score of Sangat Baik"), "baik": _("Score of Baik"),
                   "butuh_perbaikan": _("Score of Butuh Perbaikan"), "kurang": _("Score of Kurang/Misconduct"),
                   "sangat_kurang": _("Score of Sangat Kurang")}


class TalentFilterForm(BootstrapForm):
    """Year and unit of the 9-box and the pool (the units offered are those in the viewer's scope)."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False, to_field_name="public_id",
                                  label=_("Unit"), empty_label=_("All units in view"))

    def __init__(self, *args, years: list[int], units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years] or [("", "—")]
        self.fields["unit"].queryset = units


class PoolFilterForm(TalentFilterForm):
    box = forms.TypedChoiceField(label=_("Box"), required=False, coerce=int, empty_value=None,
                                 choices=[("", _("Boxes 7–9")), *[(n, n) for n in reversed(talent.POOL_BOXES)]])
    kind = forms.ChoiceField(label=_("Position kind"), required=False,
                             choices=[("", _("Any position kind")), *PositionKind.choices])


class ReviewForm(BootstrapForm):
    year = forms.IntegerField(label=_("Year to review"), min_value=MIN_YEAR)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].max_value = timezone.localdate().year
        self.fields["year"].widget.attrs.update({"max": timezone.localdate().year, "inputmode": "numeric"})


class TalentSettingsForm(BootstrapForm):
    performance_years = forms.TypedChoiceField(
        label=_("Years of predikat considered"), coerce=int,
        choices=[(n, n) for n in range(1, talent.MAX_PERFORMANCE_YEARS + 1)],
        help_text=_("The performance axis is the mean score of the last years' predikat (a year's annual predikat, "
                    "else its latest periodic one)."))
    performance_high = forms.DecimalField(label=_("Performance above expectation from"), min_value=0, max_value=100,
                                          decimal_places=2)
    performance_medium = forms.DecimalField(label=_("Performance as expected from"), min_value=0, max_value=100,
                                            decimal_places=2)
    potential_method = forms.ChoiceField(label=_("Potential from"), choices=talent.PotentialMethod.choices)
    potential_high = forms.DecimalField(label=_("Potential high from"), min_value=0, max_value=100, decimal_places=2)
    potential_medium = forms.DecimalField(label=_("Potential medium from"), min_value=0, max_value=100,
                                          decimal_places=2)
    retirement_margin_months = forms.IntegerField(
        label=_("Leave out of succession those retiring within (months)"), min_value=0, max_value=120)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for predikat in talent.PREDIKATS:
            self.fields[f"score_{predikat}"] = forms.IntegerField(
                label=PREDIKAT_LABELS[predikat], min_value=0, max_value=100,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control"}))

    @classmethod
    def initial_from(cls, values: dict) -> dict:
        initial = {k: v for k, v in values.items() if k != "predikat_scores"}
        initial.update({f"score_{p}": values["predikat_scores"].get(p) for p in talent.PREDIKATS})
        return initial

    def to_values(self) -> dict:
        data = dict(self.cleaned_data)
        data["predikat_scores"] = {p: data.pop(f"score_{p}") for p in talent.PREDIKATS}
        return data


class SuccessionPlanForm(BootstrapForm):
    position = forms.ModelChoiceField(queryset=Position.objects.none(), to_field_name="public_id",
                                      label=_("Key position"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, pemda_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = (
            Position.objects.filter(pemda_id=pemda_id, is_active=True, kind__in=KEY_KINDS,
                                    succession_plan__isnull=True)
            .select_related("org_unit").order_by("org_unit__path", "name", "pk"))
        self.fields["position"].label_from_instance = lambda p: f"{p.name} — {p.org_unit.name}"


class CandidateForm(BootstrapForm):
    nip = forms.RegexField(label=_("NIP of the candidate"), regex=r"^\d{18}$", max_length=18,
                           error_messages={"invalid": _("A NIP has 18 digits.")},
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    readiness = forms.ChoiceField(label=_("Readiness"), choices=talent.Readiness.choices)


class ReadinessForm(BootstrapForm):
    readiness = forms.ChoiceField(label=_("Readiness"), choices=talent.Readiness.choices)
