"""The form that adds a follow-up action on the staff results page. It only shapes the input; every rule is
follow_up_services.follow_up_create's, whose refusals are shown on the fields they name.

The element select lists the unsur of the shown results lowest NRR first (rules.md §4, item 4), the lowest chosen
by default; the hidden fields carry the results' scope (period, and the point or the unit)."""

from collections.abc import Mapping
from fractions import Fraction

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm

from . import rules
from .follow_up_models import ACTION_MAX_LENGTH


def unsur_choices(nrr_by_unsur: Mapping[str, Fraction | None] | None) -> list[tuple[str, str]]:
    """The unsur as select options, lowest NRR first (with the NRR), then those without an NRR in regulation order;
    first an option for an action aimed at no single element."""
    nrr_by_unsur = nrr_by_unsur or {}
    order = rules.lowest_first(nrr_by_unsur)
    order += [code for code in rules.UNSUR_CODES if code not in order]
    choices = [("", str(_("— not aimed at one element —")))]
    for code in order:
        unsur = rules.UNSUR_BY_CODE[code]
        value = nrr_by_unsur.get(code)
        if value is None:
            label = f"{code} {unsur.name}"
        else:
            label = str(_("%(code)s %(name)s (NRR %(nrr)s)") % {
                "code": code, "name": unsur.name, "nrr": number_format(rules.round_half_up(value, 2), 2)})
        choices.append((code, label))
    return choices


class FollowUpForm(BootstrapForm):
    period = forms.UUIDField(widget=forms.HiddenInput)
    point = forms.UUIDField(widget=forms.HiddenInput, required=False)
    unit = forms.UUIDField(widget=forms.HiddenInput, required=False)
    unsur = forms.ChoiceField(label=_("Survey element"), required=False,
                              help_text=_("The element the action improves; the lowest-rated comes first."))
    action = forms.CharField(label=_("Action"), max_length=ACTION_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("What the unit will do, as the public will read it (at most 1,000 characters)."))
    target_date = forms.DateField(label=_("Target date"), required=False)

    def __init__(self, *args, nrr: Mapping[str, Fraction | None] | None = None, **kwargs) -> None:
        """*nrr*: the NRR per unsur of the shown results (orders the element select, the lowest chosen first)."""
        kwargs.setdefault("auto_id", "follow-up-%s")
        super().__init__(*args, **kwargs)
        self.fields["unsur"].choices = unsur_choices(nrr)
        weakest = rules.weakest(nrr or {})
        if weakest is not None and "unsur" not in self.initial:
            self.initial = {**self.initial, "unsur": weakest}  # a copy: the caller's dict stays as given

    def clean(self):
        cleaned = super().clean()
        if not self.errors and bool(cleaned.get("point")) == bool(cleaned.get("unit")):
            raise forms.ValidationError(_("Choose a service point or a unit for the action."), code="target")
        return cleaned
