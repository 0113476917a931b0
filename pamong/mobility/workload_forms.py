"""HTML forms of the workload analysis (ABK, rules.md §5): the analysis with its task rows, the settings, the import.

The forms only parse; the services validate (volume and norm > 0, year 2000–2100, ≤ 200 tasks, bands) and their
field errors are put back on the row and the field they name.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm, bootstrap_class, check_typed_text

from .choices import Rounding
from .services.workload import MAX_TASKS, MAX_WKE

MAX_BANDS = 10


class AnalysisForm(BootstrapForm):
    """The analysis' own fields; *positions* (a queryset) is given for a new analysis only."""

    position = forms.ModelChoiceField(label=_("Position"), queryset=None, required=True)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    wke_minutes = forms.IntegerField(label=_("Effective working time (minutes a year)"), required=False, min_value=1,
                                     max_value=MAX_WKE,
                                     help_text=_("Empty: the agency's setting (75,000 minutes = 1,250 hours)."))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, positions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if positions is None:
            del self.fields["position"]
            self.fields["year"].disabled = True
        else:
            self.fields["position"].queryset = positions
            self.fields["position"].label_from_instance = lambda p: f"{p.name} — {p.org_unit.name}"


class TaskForm(forms.Form):
    name = forms.CharField(label=_("Task"), required=False, max_length=300)
    output_unit = forms.CharField(label=_("Output unit"), required=False, max_length=60)
    volume = forms.CharField(label=_("Volume a year"), required=False, max_length=20,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    norm_minutes = forms.CharField(label=_("Norm time (minutes)"), required=False, max_length=20,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = bootstrap_class(field.widget) + " form-control-sm"
            check_typed_text(field)
        if "DELETE" in self.fields:
            self.fields["DELETE"].label = _("Remove")

    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(str(data.get(name) or "").strip() for name in ("name", "output_unit", "volume",
                                                                        "norm_minutes"))


TaskFormSet = forms.formset_factory(TaskForm, extra=1, can_delete=True, max_num=MAX_TASKS, absolute_max=MAX_TASKS + 5,
                                    validate_max=True)


def task_rows(formset) -> tuple[list[dict], list[int]]:
    """The rows to save (blank and removed rows left out) and, for each, its form's index (for the errors)."""
    rows, indexes = [], []
    for index, form in enumerate(formset.forms):
        if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE") or form.is_blank():
            continue
        data = form.cleaned_data
        rows.append({"name": data.get("name", ""), "output_unit": data.get("output_unit", ""),
                     "volume": (data.get("volume") or "").strip(), "norm_minutes": (data.get("norm_minutes") or "").strip()})
        indexes.append(index)
    return rows, indexes


def apply_task_errors(formset, indexes: list[int], field_errors: dict) -> dict:
    """Put ``tasks.<i>.<field>`` errors on their row's field; returns the errors left for the form."""
    rest = {}
    for key, messages in field_errors.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "tasks" and parts[1].isdigit() and int(parts[1]) < len(indexes):
            form = formset.forms[indexes[int(parts[1])]]
            for message in messages:
                form.add_error(parts[2] if parts[2] in form.fields else None, message)
        else:
            rest[key] = messages
    return rest


class SettingsForm(BootstrapForm):
    wke_minutes = forms.IntegerField(label=_("Effective working time (minutes a year)"), min_value=1,
                                     max_value=MAX_WKE,
                                     help_text=_("75,000 minutes = 1,250 hours (KepMenPAN 75/2004); 72,000 = 1,200 "
                                                 "hours (Perka BKN 19/2011). Applies to analyses saved from now on."))
    rounding = forms.ChoiceField(label=_("Rounding of the employees needed"), choices=Rounding.choices,
                                 widget=forms.RadioSelect,
                                 help_text=_("The regulation does not say; up (ceiling) is the default."))


class BandForm(forms.Form):
    lower = forms.DecimalField(label=_("From EJ"), required=False, min_value=0, max_value=100, decimal_places=4,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    code = forms.CharField(label=_("Code"), required=False, max_length=4)
    label = forms.CharField(label=_("Label"), required=False, max_length=60)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = bootstrap_class(field.widget) + " form-control-sm"
            check_typed_text(field)


BandFormSet = forms.formset_factory(BandForm, extra=2, max_num=MAX_BANDS, absolute_max=MAX_BANDS, validate_max=True)


def band_rows(formset) -> list[list]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {}) or {}
        if data.get("lower") is None and not (data.get("code") or "").strip() and not (data.get("label") or "").strip():
            continue
        rows.append([data.get("lower") if data.get("lower") is not None else "", data.get("code") or "",
                     data.get("label") or ""])
    return rows


class ImportForm(BootstrapForm):
    file = forms.FileField(label=_("ABK sheet (.xlsx)"),
                           help_text=_("One row per task: position (name or id), year, task, output unit, volume, "
                                       "norm minutes. All rows are saved or none."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class FilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    unit = forms.UUIDField(label=_("Unit"), required=False)
