"""HTML input of the employee's leave pages → typed values. Forms never write; services do.

Business rules (eligibility, balance, documents required, address during
leave …) are checked by ``services.leave_quote`` / ``leave_application_submit``
so the web form, the quote preview and the API refuse alike; the forms only
parse and check shapes (dates, choices, one file per document line).
"""

from uuid import uuid4

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import BootstrapForm, DateInput
from pamong.core.text import validate_multiline_text, validate_phone, validate_single_line_text
from pamong.core.uploads import max_upload_bytes, too_large_message

from . import rules
from .choices import DocumentKind, Ground, LeaveStatus, LeaveType
from .selectors import LeaveApplicationFilters
from .services import MAX_ATTACHMENTS, LeaveInput, Upload

DOCUMENT_SLOTS = range(MAX_ATTACHMENTS)
# Fields the quote preview does not validate: it only notes whether they are filled in.
QUOTE_ONLY_PRESENCE = ("address", "phone", "reason")
MAX_CHILD_ORDER = 20  # plausibility bound of the input only; the rule itself is rules.MAX_MATERNITY_CHILD
# Plausibility bounds of a typed date only (not a rule): keeps typos such as 20226 out of the calendar.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def leave_types_for(employee) -> list[tuple[str, str]]:
    """The leave types open to *employee*'s employment status (rules.TYPE_RULES[...].statuses)."""
    return [(code, label) for code, label in LeaveType.choices
            if employee is not None and employee.status in rules.TYPE_RULES[code].statuses]


def grounds_for(leave_type: str) -> list[tuple[str, str]]:
    """The grounds of *leave_type*, in the order of ``Ground`` ("—" first where no ground is allowed)."""
    allowed = rules.GROUNDS_FOR_TYPE.get(leave_type, frozenset())
    choices = [(value, label) for value, label in Ground.choices if value and value in allowed]
    return [("", "—"), *choices]


class LeaveApplyForm(BootstrapForm):
    """The employee's request (Perban 24/2017 Lampiran I.b sections II–VI) plus up to five documents.

    ``with_files=False`` parses the same fields without the files (the
    browser sends the chosen document kinds only). ``quote=True`` is the live
    preview, which follows type and dates alone: the contact fields and the
    reason are not validated there (a half-typed phone must not silence it);
    the quote only notes whether an address is given yet (QUOTE_ONLY_PRESENCE).
    """

    leave_type = forms.ChoiceField(label=_("Leave type"))
    ground = forms.ChoiceField(label=_("Ground"), required=False)
    child_order = forms.IntegerField(label=_("Which child (1st, 2nd, …)"), required=False, min_value=1,
                                     max_value=MAX_CHILD_ORDER)
    start_date = forms.DateField(label=_("From"), widget=DateInput)
    end_date = forms.DateField(label=_("Until"), widget=DateInput)
    abroad = forms.BooleanField(label=_("Taken abroad"), required=False)
    # Required by the rules (form section VI): the service refuses without it, with the citation.
    # Typed text: no bidi/zero-width/control characters, a phone is a phone (pamong.core.text).
    address = forms.CharField(label=_("Address during the leave"), required=False, max_length=500,
                              validators=[validate_multiline_text],
                              help_text=_("Required: where you can be reached during the leave (form section VI)."),
                              widget=forms.Textarea(attrs={"rows": 2, "required": True}))
    phone = forms.CharField(label=_("Phone during the leave"), required=False, max_length=32,
                            validators=[validate_single_line_text, validate_phone],
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000, validators=[validate_multiline_text],
                             widget=forms.Textarea(attrs={"rows": 3}))
    idempotency_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, data=None, files=None, *, employee, with_files: bool = True, quote: bool = False,
                 **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("idempotency_key", uuid4().hex)
        super().__init__(data, files, **kwargs)
        self.employee = employee
        self.with_files = with_files and not quote
        self.quote = quote
        if quote:
            for name in QUOTE_ONLY_PRESENCE:
                del self.fields[name]
        type_choices = leave_types_for(employee)
        self.fields["leave_type"].choices = type_choices
        self.selected_type = self._selected_type(type_choices)
        # Every ground is accepted by the field; clean() checks it belongs to the type.
        self.fields["ground"].choices = [("", "—"), *[(v, label) for v, label in Ground.choices if v]]
        self.ground_choices = grounds_for(self.selected_type)
        self.fields["ground"].widget.choices = self.ground_choices
        for slot in DOCUMENT_SLOTS:
            self.fields[f"doc_kind_{slot}"] = forms.ChoiceField(
                label=_("Document"), required=False, choices=[("", "—"), *DocumentKind.choices],
                widget=forms.Select(attrs={"class": "form-select leave-doc-kind"}),
            )
            self.fields[f"doc_file_{slot}"] = forms.FileField(
                label=_("File"), required=False,
                widget=forms.FileInput(attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png"}),
            )

    def _selected_type(self, type_choices) -> str:
        values = [code for code, _label in type_choices]
        if self.is_bound:
            chosen = self.data.get("leave_type", "")
        else:
            chosen = self.initial.get("leave_type", "")
        return chosen if chosen in values else (values[0] if values else "")

    @property
    def has_grounds(self) -> bool:
        return self.selected_type in rules.GROUNDS_FOR_TYPE

    @property
    def asks_child_order(self) -> bool:
        return self.selected_type == LeaveType.MATERNITY

    @property
    def file_field_names(self) -> str:
        """The file inputs, comma-separated: the quote preview leaves them out (``hx-params="not …"``)."""
        return ",".join(f"doc_file_{slot}" for slot in DOCUMENT_SLOTS)

    def document_rows(self):
        """(kind field, file field) for each of the document lines."""
        return [(self[f"doc_kind_{slot}"], self[f"doc_file_{slot}"]) for slot in DOCUMENT_SLOTS]

    def _clean_date(self, name: str):
        value = self.cleaned_data.get(name)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(_("Give a date between %(first)d and %(last)d.")
                                        % {"first": FIRST_YEAR, "last": LAST_YEAR})
        return value

    def clean_start_date(self):
        return self._clean_date("start_date")

    def clean_end_date(self):
        return self._clean_date("end_date")

    def clean(self):
        data = super().clean()
        leave_type = data.get("leave_type", "")
        ground = data.get("ground") or ""
        if leave_type in rules.GROUNDS_FOR_TYPE:
            if ground and ground not in rules.GROUNDS_FOR_TYPE[leave_type]:
                self.add_error("ground", _("This ground does not belong to the chosen leave type."))
        else:
            data["ground"] = ""
        if leave_type != LeaveType.MATERNITY:
            data["child_order"] = None
        if self.with_files:
            self._clean_documents(data)
        return data

    def _clean_documents(self, data) -> None:
        for slot in DOCUMENT_SLOTS:
            kind, upload = data.get(f"doc_kind_{slot}"), data.get(f"doc_file_{slot}")
            if kind and not upload:
                self.add_error(f"doc_file_{slot}", _("Choose the file of this document."))
            elif upload and not kind:
                self.add_error(f"doc_kind_{slot}", _("Say what this document is."))
            elif upload and upload.size > max_upload_bytes():
                self.add_error(f"doc_file_{slot}", too_large_message())

    def document_kinds(self) -> frozenset[str]:
        """The kinds chosen on the document lines (the quote counts them as attached)."""
        return frozenset(kind for slot in DOCUMENT_SLOTS if (kind := self.cleaned_data.get(f"doc_kind_{slot}")))

    def to_input(self) -> LeaveInput:
        """The request as the services take it; call after is_valid()."""
        data = self.cleaned_data
        if self.quote:  # the preview: only whether they are given counts (raw text, never stored)
            data = {**data, **{name: str(self.data.get(name) or "") for name in QUOTE_ONLY_PRESENCE}}
        return LeaveInput(
            leave_type=data["leave_type"], start_date=data["start_date"], end_date=data["end_date"],
            address=data.get("address") or "", phone=data.get("phone") or "", reason=data.get("reason") or "",
            ground=data.get("ground") or "", abroad=bool(data.get("abroad")), child_order=data.get("child_order"),
            document_kinds=self.document_kinds(),
        )

    def to_uploads(self) -> list[Upload]:
        """The attached files with their kinds; call after is_valid() on a form built with files."""
        uploads = []
        for slot in DOCUMENT_SLOTS:
            upload = self.cleaned_data.get(f"doc_file_{slot}")
            kind = self.cleaned_data.get(f"doc_kind_{slot}")
            if upload and kind:
                uploads.append(Upload(kind=kind, name=upload.name, content=upload.read()))
        return uploads


class LeaveCancelForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500, validators=[validate_multiline_text],
                             widget=forms.Textarea(attrs={"rows": 2}))


def _year_choices(first: int, last: int, empty_label) -> list[tuple[str, str]]:
    years = [(str(year), str(year)) for year in range(last, first - 1, -1)]
    return [("", empty_label), *years] if empty_label is not None else years


class MyApplicationFilterForm(BootstrapForm):
    """Filters of "My applications"."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *LeaveStatus.choices])
    leave_type = forms.ChoiceField(label=_("Leave type"), required=False,
                                   choices=[("", _("All types")), *LeaveType.choices])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = _year_choices(this_year - 10, this_year + 1, _("All years"))

    def to_filters(self) -> LeaveApplicationFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return LeaveApplicationFilters(mine=True, year=data.get("year"), status=data.get("status") or "",
                                       leave_type=data.get("leave_type") or "")


class BalanceFilterForm(BootstrapForm):
    """The year (and, for HR and supervisors, the employee) of the balance page."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    employee = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = _year_choices(this_year - 10, this_year + 1, None)
