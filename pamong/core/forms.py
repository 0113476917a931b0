"""Form plumbing shared by every context's HTML forms (Bootstrap 5 classes, ISO date inputs, service errors)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .errors import DomainError
from .schemas import MAX_YEAR, MIN_YEAR
from .text import validate_multiline_text, validate_single_line_text

FIRST_DAY, LAST_DAY = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)


class DateInput(forms.DateInput):
    """``<input type="date">``: the browser sends and shows ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def plausible_date(value: date) -> None:
    """A form date within the years the API accepts too (core.schemas.Day): date arithmetic cannot overflow."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValidationError(_("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
                              code="date_out_of_range")


def bound_dates(form: forms.BaseForm) -> None:
    """Give every date field of *form* the plausible range, checked on the server and offered to the browser."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField) and plausible_date not in field.validators:
            field.validators = [*field.validators, plausible_date]
            field.widget.attrs.setdefault("min", FIRST_DAY.isoformat())
            field.widget.attrs.setdefault("max", LAST_DAY.isoformat())


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
