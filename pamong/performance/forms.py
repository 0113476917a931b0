"""HTML input of the performance pages → typed values. Forms never write; services do.

The business rules (who may, plan state, windows, the unit-head rule, the
cascade requirement) are checked by the services so the web pages and the API
refuse alike; the forms only parse and check shapes. No form has a predikat
field: it is always derived from the two ratings (rules.predikat_for), and a
request that sends one anyway is refused.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pamong.core.errors import DomainError
from pamong.core.forms import BootstrapForm, DateInput
from pamong.core.uploads import max_upload_bytes, too_large_message
from pamong.people.documents import check_document

from . import rules
from .choices import (
    Aspect,
    CoreValue,
    Direction,
    EvidenceKind,
    OrganisationRating,
    Rating,
    ResultKind,
    Sector,
)

MAX_TEXT = 2000
MIN_YEAR, MAX_YEAR = 2000, 2100
DECIMAL = {"max_digits": 14, "decimal_places": 2}


def _textarea(rows: int = 2) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class PublicIdChoiceField(forms.ModelChoiceField):
    """A choice of rows addressed by ``public_id`` (never the integer pk)."""

    def __init__(self, queryset, **kwargs) -> None:
        kwargs.setdefault("to_field_name", "public_id")
        super().__init__(queryset, **kwargs)


def _period_choices(pemda_id: int, year: int, *, annual: bool = True) -> list[tuple[str, str]]:
    from .selectors import settings_for

    kind = settings_for(pemda_id).period_kind
    choices = [(code, code) for code in rules.periods_of(kind, year)]
    if annual:
        choices.append((str(year), _("%(year)d (annual)") % {"year": year}))
    return choices


def _no_predikat(data) -> None:
    # The predikat is derived from the official matrix (PermenPANRB 6/2022), never typed.
    if data is not None and "predikat" in data:
        raise ValidationError(_("The predikat is derived from the two ratings and cannot be entered."),
                              code="performance.predikat_is_derived")


# --- Planning -----------------------------------------------------------------------------------------------


class PlanCreateForm(BootstrapForm):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class OrganisationTargetForm(BootstrapForm):
    """A unit's yearly target (from its Perjanjian Kinerja), the top of the cascade."""

    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, widget=forms.HiddenInput)
    text = forms.CharField(label=pgettext_lazy("indicator", "Target"), max_length=500, widget=_textarea())
    indicator = forms.CharField(label=_("Indicator"), max_length=300, required=False)
    target_value = forms.DecimalField(label=_("Target value"), required=False, min_value=0, **DECIMAL)
    unit_label = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)


class ResultForm(BootstrapForm):
    """A work result (RHK) and the appraiser's result it supports (RHK atasan yang diintervensi)."""

    text = forms.CharField(label=_("Work result"), max_length=500, widget=_textarea())
    kind = forms.ChoiceField(label=_("Kind"), choices=ResultKind.choices, initial=ResultKind.MAIN)
    parent = PublicIdChoiceField(None, label=_("Supervisor's result supported"), required=False,
                                 empty_label=_("— none —"))
    organisation_target = PublicIdChoiceField(None, label=_("Organisation target"), required=False,
                                              empty_label=_("— none —"))
    perspective = forms.CharField(label=_("Perspective (JPT)"), max_length=40, required=False)

    def __init__(self, *args, parents, targets, is_jpt: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda result: result.text
        self.fields["organisation_target"].queryset = targets
        self.is_jpt = is_jpt
        if not is_jpt:
            del self.fields["perspective"]
            del self.fields["organisation_target"]


class IndicatorForm(BootstrapForm):
    """An indicator (IKI) of a result: from the library (by sector) or written by the employee."""

    result = PublicIdChoiceField(None, label=_("Work result"), empty_label=None)
    sector = forms.ChoiceField(label=_("Sector of the library"), required=False,
                               choices=[("", _("All sectors")), *Sector.choices])
    template = forms.ChoiceField(label=_("Indicator from the library"), required=False)
    name = forms.CharField(label=_("Indicator"), max_length=300, required=False,
                           help_text=_("Leave empty to use the library indicator's name."))
    aspect = forms.ChoiceField(label=_("Aspect"), required=False, choices=[("", "—"), *Aspect.choices])
    target_value = forms.DecimalField(label=pgettext_lazy("indicator", "Target"), **DECIMAL)
    unit = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices, initial=Direction.HIGHER_IS_BETTER)

    def __init__(self, *args, results, library, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result"].queryset = results
        self.fields["result"].label_from_instance = lambda result: result.text
        self.templates = {str(t.public_id): t for t in library}
        self.fields["template"].choices = template_choices(self.templates.values())

    def clean(self):
        data = super().clean()
        key = data.get("template") or ""
        data["template"] = self.templates.get(key) if key else None
        if key and data["template"] is None:
            self.add_error("template", _("Choose an indicator of the library."))
        if data["template"] is None:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Name the indicator or choose one from the library."))
            if not data.get("aspect"):
                self.add_error("aspect", _("Choose quantity, quality, time or cost."))
            if not (data.get("unit") or "").strip():
                self.add_error("unit", _("Give the unit of the target."))
        return data


def template_groups(templates) -> list[tuple[str, list[tuple[str, str]]]]:
    """Library indicators grouped by sector: ``[(sector label, [(public id, label), …]), …]``."""
    groups: dict[str, list] = {}
    for template in templates:
        label = f"{template.name} ({template.get_aspect_display()}, {template.unit})"
        groups.setdefault(str(template.get_sector_display()), []).append((str(template.public_id), label))
    return list(groups.items())


def template_choices(templates) -> list:
    """Choices of a ``<select>`` with an ``optgroup`` per sector, "write my own" first."""
    return [("", _("— write my own —")), *template_groups(templates)]


class ExpectationForm(BootstrapForm):
    value = forms.ChoiceField(choices=CoreValue.choices, widget=forms.HiddenInput)
    expectation = forms.CharField(label=_("Specific expectation of the supervisor"), max_length=MAX_TEXT,
                                  required=False, widget=_textarea())


class ReviseForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for the new version"), max_length=MAX_TEXT, widget=_textarea())


class ReviewForm(BootstrapForm):
    """The appraiser's answer: agree, or send back with what to change (the reason is then required)."""

    AGREE, CHANGES = "approve", "reject"
    outcome = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect,
                                choices=[(AGREE, _("Agree")), (CHANGES, _("Ask for changes"))])
    reason = forms.CharField(label=_("Comment"), max_length=MAX_TEXT, required=False, widget=_textarea())

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.CHANGES and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say what should change."))
        return data


# --- Realisation and evidence -------------------------------------------------------------------------------


class RealisationForm(BootstrapForm):
    indicator = PublicIdChoiceField(None, widget=forms.HiddenInput)
    period = forms.CharField(max_length=8, widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Realised"), **DECIMAL)
    note = forms.CharField(label=_("Note"), max_length=MAX_TEXT, required=False, widget=_textarea(1))

    def __init__(self, *args, indicators, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class EvidenceForm(BootstrapForm):
    """Bukti dukung: a file (PDF/JPG/PNG, checked by content), a link or a figure."""

    kind = forms.ChoiceField(label=_("Evidence"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    url = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    number = forms.DecimalField(label=_("Figure"), required=False, **DECIMAL)
    file = forms.FileField(label=_("File"), required=False,
                           widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == EvidenceKind.FILE:
            upload = data.get("file")
            if not upload:
                self.add_error("file", _("Choose the file."))
            elif upload.size > max_upload_bytes():
                self.add_error("file", too_large_message())
            else:
                content = upload.read()
                try:
                    check_document(upload.name, content)
                except DomainError as exc:
                    self.add_error("file", exc.message)
                else:
                    data["upload"] = (upload.name, content)
        elif kind == EvidenceKind.LINK and not data.get("url"):
            self.add_error("url", _("Give the link."))
        elif kind == EvidenceKind.NUMBER and data.get("number") is None:
            self.add_error("number", _("Give the figure."))
        return data

    def to_kwargs(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "kind": kind, "description": data.get("description") or "",
            "url": (data.get("url") or "") if kind == EvidenceKind.LINK else "",
            "number": data.get("number") if kind == EvidenceKind.NUMBER else None,
            "upload": data.get("upload") if kind == EvidenceKind.FILE else None,
        }


class RealisationImportForm(BootstrapForm):
    """A realisation sheet (.xlsx or .csv: indicator, period, value, note); every row or none is written."""

    file = forms.FileField(label=_("Sheet (.xlsx or .csv)"),
                           widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}))
    dry_run = forms.BooleanField(label=_("Only check the sheet, write nothing"), required=False)


# --- Feedback and dialogue ------------------------------------------------------------------------------------


class FeedbackForm(BootstrapForm):
    """Umpan balik berkelanjutan on one work result or one BerAKHLAK value, for a period."""

    period = forms.ChoiceField(label=_("Period"))
    about = forms.ChoiceField(label=_("About"))
    text = forms.CharField(label=_("Feedback"), max_length=MAX_TEXT, widget=_textarea())

    def __init__(self, *args, skp, results, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _period_choices(skp.pemda_id, skp.year)
        self.results = {str(r.public_id): r for r in results}
        self.fields["about"].choices = [
            (_("Work results"), [(f"result:{key}", r.text[:80]) for key, r in self.results.items()]),
            (_("BerAKHLAK values"), [(f"value:{v}", label) for v, label in CoreValue.choices]),
        ]

    def clean(self):
        data = super().clean()
        about = data.get("about") or ""
        kind, _sep, key = about.partition(":")
        data["result"] = self.results.get(key) if kind == "result" else None
        data["value"] = key if kind == "value" else ""
        return data


class DialogueForm(BootstrapForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    notes = forms.CharField(label=_("What was discussed"), max_length=MAX_TEXT, widget=_textarea(3))
    agreed_actions = forms.CharField(label=_("Agreed actions"), max_length=MAX_TEXT, required=False,
                                     widget=_textarea())


# --- Rating, objections, organisation ratings, calibration ----------------------------------------------------


def _rating_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=Rating.choices, widget=forms.RadioSelect)


class RatingForm(BootstrapForm):
    """The two official ratings; the predikat is shown from rules.predikat_for, never entered."""

    work_result = _rating_field(_("Rating of the work results (hasil kerja)"))
    behaviour = _rating_field(_("Rating of the work behaviour (perilaku kerja)"))
    note = forms.CharField(label=_("Note"), max_length=MAX_TEXT, required=False, widget=_textarea())

    def __init__(self, *args, work_result_fixed: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.work_result_fixed = work_result_fixed
        if work_result_fixed is not None:
            # A unit head's work result is the unit's organisation rating (SE MenPANRB 3/2023).
            self.fields["work_result"].required = False
            self.fields["work_result"].disabled = True
            self.fields["work_result"].initial = work_result_fixed

    def clean(self):
        _no_predikat(self.data)
        data = super().clean()
        if self.work_result_fixed is not None:
            data["work_result"] = self.work_result_fixed
        return data


class PredikatPreviewForm(forms.Form):
    work_result = forms.ChoiceField(choices=Rating.choices, required=False)
    behaviour = forms.ChoiceField(choices=Rating.choices, required=False)


class ObjectionForm(BootstrapForm):
    text = forms.CharField(label=_("Reasons for the objection"), max_length=MAX_TEXT, widget=_textarea(3))


class ObjectionDecisionForm(BootstrapForm):
    UPHOLD, REJECT = "uphold", "reject"
    decision_kind = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (UPHOLD, _("Uphold: change the rating")), (REJECT, _("Reject: the rating stands"))])
    work_result = forms.ChoiceField(label=_("New rating of the work results"), required=False,
                                    choices=[("", "—"), *Rating.choices])
    behaviour = forms.ChoiceField(label=_("New rating of the work behaviour"), required=False,
                                  choices=[("", "—"), *Rating.choices])
    decision = forms.CharField(label=_("Reasons for the decision"), max_length=MAX_TEXT, widget=_textarea(3))

    def clean(self):
        _no_predikat(self.data)
        data = super().clean()
        if data.get("decision_kind") == self.UPHOLD:
            for name in ("work_result", "behaviour"):
                if not data.get(name):
                    self.add_error(name, _("Choose the new rating."))
        return data


class OrganisationRatingForm(BootstrapForm):
    period = forms.CharField(max_length=8, widget=forms.HiddenInput)
    rating = forms.ChoiceField(label=_("Organisation rating (capaian kinerja organisasi)"),
                               choices=OrganisationRating.choices)
    reason = forms.CharField(label=_("Basis"), max_length=MAX_TEXT, required=False, widget=_textarea())

    def clean_period(self) -> str:
        period = self.cleaned_data["period"]
        if not rules.is_valid_period(period):
            raise ValidationError(_("Unknown period."))
        return period


class CalibrationForm(BootstrapForm):
    work_result = forms.ChoiceField(label=_("Work results"), choices=Rating.choices)
    behaviour = forms.ChoiceField(label=_("Work behaviour"), choices=Rating.choices)
    reason = forms.CharField(label=_("Reason for the calibration"), max_length=MAX_TEXT, widget=_textarea())

    def clean(self):
        _no_predikat(self.data)
        return super().clean()


# --- Filters --------------------------------------------------------------------------------------------------


def clean_period(value: str | None, default: str) -> str:
    """A valid period code from the query string, else *default*."""
    value = (value or "").strip()
    return value if value and rules.is_valid_period(value) else default
