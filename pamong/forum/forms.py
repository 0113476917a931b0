"""HTML input of the forum pages → typed values (shape only; the services decide)."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm

from .choices import AnswerStatus, SupportPeriod, TopicKind, TopicSort
from .rules import (
    ANSWER_MAX_LENGTH,
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    POLL_MAX_OPTIONS,
    POLL_MIN_OPTIONS,
    QUESTION_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TOWNHALL_MAX_ITEMS,
    answer_choices_after,
)
from .selectors import TopicFilters

AGENCY = "agency"  # the value that names the agency-wide forum in a unit choice


def indent(unit) -> str:
    return "\u2003" * unit.depth + unit.name


class UnitChoiceField(forms.ChoiceField):
    """A unit forum by public id among *units*; "agency" for the agency-wide forum when offered. ``clean`` gives
    the OrgUnit, None for the agency-wide forum, or "" when nothing was chosen (an optional filter)."""

    def __init__(self, *, units=(), agency: bool = True, empty_label=None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_units(units, agency=agency, empty_label=empty_label)

    def set_units(self, units, *, agency: bool, empty_label=None) -> None:
        self.units = {str(unit.public_id): unit for unit in units}
        choices = [("", empty_label)] if empty_label is not None else []
        if agency:
            choices.append((AGENCY, _("Agency-wide")))
        choices += [(key, indent(unit)) for key, unit in self.units.items()]
        self.choices = choices

    def clean(self, value):
        value = super().clean(value)
        if value == AGENCY:
            return None
        if value == "":
            return ""
        return self.units[value]


class TopicFilterForm(BootstrapForm):
    unit = UnitChoiceField(label=_("Forum"), required=False, empty_label=_("All forums"))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *TopicKind.choices])
    status = forms.ChoiceField(label=_("Answer"), required=False,
                               choices=[("", _("Any answer")), *AnswerStatus.choices])
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=TopicSort.choices)

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units, agency=True, empty_label=_("All forums"))

    def to_filters(self) -> TopicFilters:
        data = self.cleaned_data
        unit = data.get("unit")
        return TopicFilters(unit=unit or None, agency_wide_only=unit is None, kind=data.get("kind") or "",
                            answer_status=data.get("status") or "", q=(data.get("q") or "").strip(),
                            sort=data.get("sort") or TopicSort.SUPPORT)


class TopicForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=TopicKind.choices, initial=TopicKind.PROPOSAL,
                             widget=forms.RadioSelect)
    unit = UnitChoiceField(label=_("Forum"))
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(label=_("Text"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Plain text. Do not write personal data of colleagues."))
    is_anonymous = forms.BooleanField(
        label=_("Post anonymously"), required=False,
        help_text=_("Colleagues see “Anonymous”; the forum's moderators still see your name."))

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units, agency=True)


class CommentForm(BootstrapForm):
    body = forms.CharField(label=_("Comment"), max_length=COMMENT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}))
    is_anonymous = forms.BooleanField(label=_("Comment anonymously"), required=False)


class AnswerForm(BootstrapForm):
    status = forms.ChoiceField(label=_("Answer"))
    text = forms.CharField(label=_("Explanation"), required=False, max_length=ANSWER_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required for a rejection: supporters and the author read it."))

    def __init__(self, *args, current: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(AnswerStatus.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in answer_choices_after(current)]


class ModerationForm(BootstrapForm):
    publish = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                     choices=[("1", _("Publish")), ("0", _("Do not publish"))])
    reason = forms.CharField(label=_("Reason (told to the author)"), required=False, max_length=REASON_MAX_LENGTH)


class PollForm(BootstrapForm):
    unit = UnitChoiceField(label=_("Forum"))
    question = forms.CharField(label=_("Question"), max_length=QUESTION_MAX_LENGTH)
    options = forms.CharField(label=_("Options, one per line"), widget=forms.Textarea(attrs={"rows": 4}))
    closes_on = forms.DateField(label=_("Closes on"))
    closes_time = forms.TimeField(label=_("at"), initial=time(16, 0), widget=forms.TimeInput(format="%H:%M"))

    def __init__(self, *args, units=None, agency: bool = False, on_topic: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Formatted per request, not at import: a lazy msgid formatted at class level is frozen in one language.
        self.fields["options"].help_text = gettext("Between %(min)d and %(max)d options.") % {
            "min": POLL_MIN_OPTIONS, "max": POLL_MAX_OPTIONS}
        if on_topic:
            del self.fields["unit"]
        else:
            self.fields["unit"].set_units(units or (), agency=agency)

    def closes_at(self) -> datetime:
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["closes_on"], data["closes_time"]))

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class VoteForm(BootstrapForm):
    option = forms.TypedChoiceField(label=_("Your vote"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, options, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = {option.position: option for option in options}
        self.fields["option"].choices = [(option.position, option.label) for option in options]

    def clean_option(self):
        return self.options[self.cleaned_data["option"]]


class TownHallForm(BootstrapForm):
    unit = UnitChoiceField(label=_("Forum"))
    held_on = forms.DateField(label=_("Date of the town hall"))
    n = forms.IntegerField(label=_("Number of topics"), min_value=1, max_value=TOWNHALL_MAX_ITEMS, initial=5)

    def __init__(self, *args, units, agency: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units, agency=agency)


class RecapForm(BootstrapForm):
    unit = UnitChoiceField(label=_("Forum"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, f"Q{q}") for q in range(1, 5)])

    def __init__(self, *args, units, agency: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units, agency=agency)


class SettingsForm(BootstrapForm):
    moderate_before_publication = forms.BooleanField(label=_("Moderate topics and comments before publication"),
                                                     required=False)
    support_limit = forms.IntegerField(label=_("Supports per person"), required=False, min_value=1, max_value=100,
                                       help_text=_("Leave empty for no limit."))
    support_period = forms.ChoiceField(label=_("Period of the limit"), choices=SupportPeriod.choices)
