"""Form plumbing shared by every context's HTML forms (Bootstrap 5 classes, typed dd-mm-yyyy dates, service errors)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .dates import DISPLAY_FORMAT, parse_typed_date
from .errors import DomainError
from .schemas import MAX_YEAR, MIN_YEAR
from .text import validate_multiline_text, validate_single_line_text

FIRST_DAY, LAST_DAY = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)


class DateInput(forms.DateInput):
    """A text input for a date typed as dd-mm-yyyy (or "6 Desember 2026"), the same in every browser language.

    ``<input type="date">`` shows its value in the browser's language (mm/dd/yyyy in an English browser), which
    is how dates got typed with day and month swapped; the server parses what is typed (pamong.core.dates).
    """

    input_type = "text"

    def __init__(self, attrs=None) -> None:
        defaults = {
            "inputmode": "numeric",
            "placeholder": "dd-mm-yyyy",
            "autocomplete": "off",
            # A hint for the browser's own check; the server accepts more (month names) and decides.
            "pattern": DATE_PATTERN,
            "title": _lazy("A date as dd-mm-yyyy, e.g. 06-12-2026"),
            "data-date-input": "",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DISPLAY_FORMAT)


# dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd, or a day, a month name and a year.
DATE_PATTERN = r"\s*(\d{1,2}[\-\/.]\d{1,2}[\-\/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[\s\-]+[A-Za-z]+\.?,?[\s\-]+\d{4})\s*"


class DateField(forms.DateField):
    """A date typed in any of the forms pamong.core.dates accepts; anything else is a field error in the UI language."""

    widget = DateInput
    default_error_messages = {"invalid": _lazy("Enter a date as dd-mm-yyyy, for example 06-12-2026.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        parsed = parse_typed_date(str(value))
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def typed_date_field(field: forms.Field) -> forms.Field:
    """*field* as a DateField with the text widget; other fields unchanged (used on every form's fields)."""
    if not isinstance(field, forms.DateField) or isinstance(field, forms.DateTimeField):
        return field
    if type(field) is forms.DateField:
        field.__class__ = DateField  # same state, our to_python and error message
        field.error_messages = {**field.error_messages, "invalid": DateField.default_error_messages["invalid"]}
    if not isinstance(field.widget, DateInput) and not isinstance(field.widget, forms.HiddenInput):
        css = field.widget.attrs.get("class", "")
        field.widget = DateInput(attrs={"class": css} if css else None)
        field.widget.is_required = field.required
    return field


def plausible_date(value: date) -> None:
    """A form date within the years the API accepts too (core.schemas.Day): date arithmetic cannot overflow."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(_("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
                              code="date_out_of_range")


def bound_dates(form: forms.BaseForm) -> None:
    """Every date field of *form* typed as dd-mm-yyyy (DateField) within the plausible range, checked on the server."""
    for field in form.fields.values():
        typed_date_field(field)
        if isinstance(field, forms.DateField) and plausible_date not in field.validators:
            field.validators = [*field.validators, plausible_date]


def check_typed_text(field: forms.Field) -> None:
    """Typed text refuses bidi/zero-width/control characters (pamong.core.text); newlines only in a textarea."""
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput | forms.HiddenInput):
        return
    check = validate_multiline_text if isinstance(field.widget, forms.Textarea) else validate_single_line_text
    if validate_multiline_text not in field.validators and validate_single_line_text not in field.validators:
        field.validators.append(check)


def bootstrap_class(widget: forms.Widget) -> str:
    """The Bootstrap 5 class of a widget ("" for hidden inputs)."""
    if isinstance(widget, forms.HiddenInput):
        return ""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


class BootstrapForm(forms.Form):
    """Adds the Bootstrap 5 class of each widget; shows service refusals on the fields they name."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bound_dates(self)
        for field in self.fields.values():
            css = bootstrap_class(field.widget)
            classes = field.widget.attrs.get("class", "").split()
            if css and css not in classes:  # a widget that names its class already is not given it twice
                field.widget.attrs["class"] = " ".join([*classes, css])
            check_typed_text(field)

    def apply_errors(self, exc: DomainError) -> None:
        apply_service_errors(self, exc)


def apply_service_errors(form: forms.Form, exc: DomainError) -> None:
    """Copy a DomainError's ``extra["fields"]`` onto *form*; names the form lacks become non-field errors."""
    fields = (getattr(exc, "extra", None) or {}).get("fields") or {}
    if not fields:
        form.add_error(None, exc.message)
        return
    for name, messages in fields.items():
        target = name if name in form.fields and name != "__all__" else None
        for message in messages if isinstance(messages, list | tuple) else [messages]:
            form.add_error(target, message)
