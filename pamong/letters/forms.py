from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LetterKind
from .patterns import MAX_LENGTH, pattern_problem

PATTERN_HELP = _("Placeholders: {seq} running number (required; {seq:03} pads it to 3 digits), {year}, {month}, "
                 "{month:02}, {month_roman} (I–XII). Example: 800.1.11.4/{seq:03}/BKPSDM/{month_roman}/{year}")


class SchemeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=LetterKind.choices)
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    pattern = forms.CharField(label=_("Numbering pattern"), max_length=MAX_LENGTH, help_text=PATTERN_HELP)
    issuer = forms.CharField(label=_("Signing office"), max_length=120, required=False,
                             help_text=_("Shown first on the verification page, e.g. BKPSDM; the signing official's "
                                         "position and the agency follow."))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
        else:
            del self.fields["active"]
        self.fields["pattern"].widget.attrs.update({
            "class": "font-monospace", "autocomplete": "off", "spellcheck": "false",
        })

    def clean_pattern(self) -> str:
        pattern = self.cleaned_data["pattern"].strip()
        if problem := pattern_problem(pattern):
            raise forms.ValidationError(problem)
        return pattern


class RegisterFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=[("", _("All kinds")), *LetterKind.choices],
                             required=False)
