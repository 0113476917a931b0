"""Forms of the competency pages: a dictionary entry with its five level descriptors, a position's standards, a
recorded level, and the two sheet imports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm

from . import rules
from .choices import AssessmentSource, CompetencyKind
from .models import Competency

LEVELS = range(rules.LEVEL_MIN, rules.LEVEL_MAX + 1)
LEVEL_CHOICES = [(level, str(level)) for level in LEVELS]


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class CompetencyForm(BootstrapForm):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=CompetencyKind.choices)
    field = forms.CharField(label=_("Field (technical competencies)"), max_length=100, required=False)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000, widget=_textarea(3))
    level_1 = forms.CharField(label=_("Level 1 (lowest)"), max_length=2000, widget=_textarea())
    level_2 = forms.CharField(label=_("Level 2"), max_length=2000, widget=_textarea())
    level_3 = forms.CharField(label=_("Level 3"), max_length=2000, widget=_textarea())
    level_4 = forms.CharField(label=_("Level 4"), max_length=2000, widget=_textarea())
    level_5 = forms.CharField(label=_("Level 5 (highest)"), max_length=2000, widget=_textarea())

    @classmethod
    def initial_for(cls, competency: Competency) -> dict:
        initial = {"code": competency.code, "name": competency.name, "kind": competency.kind,
                   "field": competency.field, "description": competency.description}
        initial.update({f"level_{row.level}": row.descriptor for row in competency.levels.all()})
        return initial

    def to_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"code": data["code"], "name": data["name"], "kind": data["kind"], "field": data["field"],
                "description": data["description"],
                "descriptors": {level: data[f"level_{level}"] for level in LEVELS}}


class StandardsForm(BootstrapForm):
    """One select per active competency: the required level, or empty (not required)."""

    def __init__(self, *args, rows: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            competency = row["competency"]
            self.fields[f"level_{competency.public_id}"] = forms.TypedChoiceField(
                label=f"{competency.code} · {competency.name}", required=False,
                help_text=" · ".join(filter(None, [competency.get_kind_display(), competency.field])), coerce=int, empty_value=None,
                choices=[("", _("not required")), *LEVEL_CHOICES], initial=row["required"],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def levels(self) -> dict[Competency, int | None]:
        return {row["competency"]: self.cleaned_data.get(f"level_{row['competency'].public_id}") for row in self.rows}


class AssessmentForm(BootstrapForm):
    competency = forms.ModelChoiceField(label=_("Competency"), queryset=Competency.objects.none(),
                                        to_field_name="public_id")
    level = forms.TypedChoiceField(label=_("Level"), choices=LEVEL_CHOICES, coerce=int)
    source = forms.ChoiceField(label=_("Source"))
    assessed_on = forms.DateField(label=_("Assessment date"))
    valid_until = forms.DateField(label=_("Valid until (optional)"), required=False)
    reference = forms.CharField(label=_("Reference (report, certificate)"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=_textarea())

    def __init__(self, *args, competencies, hr: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies
        sources = AssessmentSource.choices if hr else [
            (value, label) for value, label in AssessmentSource.choices if value == AssessmentSource.SUPERVISOR]
        self.fields["source"].choices = sources
        self.fields["source"].initial = AssessmentSource.SUPERVISOR


class SheetImportForm(BootstrapForm):
    file = forms.FileField(label=_("Sheet (.xlsx)"), widget=forms.FileInput(attrs={"accept": ".xlsx"}))
    dry_run = forms.BooleanField(label=_("Only check the sheet, write nothing"), required=False, initial=True)
