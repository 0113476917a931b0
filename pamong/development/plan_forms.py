"""Forms of the development plan pages (validation of shape only; the services decide the rest)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm

from .choices import ActivityForm
from .models import Competency, LearningActivity

MAX_TEXT = 2000


class PublicIdModelChoiceField(forms.ModelChoiceField):
    """A choice of rows addressed by their public id (the integer key never reaches the page)."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="public_id", **kwargs)


class ItemForm(BootstrapForm):
    """One plan item: what will be done, for which competency and level, by which activity or form."""

    description = forms.CharField(label=_("What will be done"), max_length=MAX_TEXT,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    competency = PublicIdModelChoiceField(Competency.objects.none(), label=_("Competency"), required=False,
                                          empty_label=_("— none —"))
    target_level = forms.TypedChoiceField(label=_("Target level"), required=False, coerce=int, empty_value=None,
                                          choices=[("", "—")] + [(n, str(n)) for n in range(1, 6)])
    activity = PublicIdModelChoiceField(LearningActivity.objects.none(), label=_("Catalogue activity"),
                                        required=False, widget=forms.RadioSelect, empty_label=_("— none —"))
    form = forms.ChoiceField(label=_("Form of development"), required=False,
                             choices=[("", "—"), *ActivityForm.choices])
    target_date = forms.DateField(label=_("Target date"), required=False)
    planned_jp = forms.IntegerField(label=_("Planned JP"), required=False, min_value=0, max_value=1000,
                                    help_text=_("Left empty: the JP of the linked activity."))

    def __init__(self, *args, competencies=None, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies if competencies is not None else Competency.objects.none()
        self.fields["activity"].queryset = (activities if activities is not None
                                            else LearningActivity.objects.none())


class GoalForm(BootstrapForm):
    goal = forms.CharField(label=_("Development goal"), max_length=4000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DraftForm(BootstrapForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    employee = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ReviewForm(BootstrapForm):
    """The supervisor's answer: agree, or send back with the reason (then required)."""

    AGREE, RETURN = "approve", "change"
    outcome = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect,
                                choices=[(AGREE, _("Agree")), (RETURN, _("Send back for changes"))])
    reason = forms.CharField(label=_("Comment"), max_length=MAX_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("outcome") == self.RETURN and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say what should change."))
        return data


class CancelForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 2}))
