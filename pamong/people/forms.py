"""HTML input → typed values. Forms never save domain rows; services do.

Model-backed forms reuse the model's labels, choices and lengths through
``fields_for_model``; they are plain ``forms.Form`` so that validation of
business rules stays in the services (their PeopleError field errors are
copied back onto the form by the view).
"""

from django import forms
from django.db import models
from django.db.models import Q
from django.forms.models import fields_for_model
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pamong.core.forms import DateField, DateInput, bound_dates, check_typed_text

from .choices import EducationLevel, EmploymentStatus, EndReason, PositionKind
from .models import (
    EducationHistory,
    Employee,
    EmployeeDocument,
    FamilyMember,
    Golongan,
    OrgUnit,
    Position,
    PositionHistory,
    RankHistory,
    TrainingHistory,
    path_within,
)
from .nip import DERIVED_FIELDS, derives_appointment, fill_from_nip
from .position_search import assignable_positions, chosen_position, position_matches
from .selectors import EmployeeFilters, golongan_for_status, positions_visible_to, units_visible_to
from .services import CONTACT_FIELDS, IDENTITY_FIELDS
from .unit_options import unit_options_html
from .validation import employee_text_errors

ACTIVE_CHOICES = [("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))]



def _formfield(db_field: models.Field, **kwargs):
    if isinstance(db_field, models.DateField):
        kwargs["widget"] = DateInput
    if isinstance(db_field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 2})
    return db_field.formfield(**kwargs)


class FastSelect(forms.Select):
    """A select that renders its options by plain string building.

    Django renders each option through a template (~0.1 ms each); a Pemda has
    thousands of units, which made the directory filter cost more than the
    rest of the page. ``options_html`` is a callable returning the escaped
    ``<option>`` list (cacheable); the selected value is marked afterwards.
    """

    def __init__(self, *args, options_html, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options_html = options_html

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        options = self.options_html()
        if value not in (None, ""):
            marker = f'value="{escape(str(value))}"'
            options = options.replace(marker, marker + " selected", 1)
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")  # noqa: S308 (escaped when built)


def _indented(units) -> list[tuple[str, str]]:
    return [(str(unit.public_id), "\u00a0\u00a0" * unit.depth + unit.name) for unit in units]


class BootstrapForm(forms.Form):
    """Adds Bootstrap classes to widgets; subclasses list model fields to copy."""

    model: type[models.Model] | None = None
    model_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.model is not None:
            copied = fields_for_model(self.model, fields=self.model_fields, formfield_callback=_formfield)
            declared = dict(self.fields)
            self.fields = {**copied, **declared}
        bound_dates(self)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            check_typed_text(field)  # no bidi/zero-width/control characters (pamong.core.text)


class EmployeeFilterForm(BootstrapForm):
    """Directory filters; shared by the directory page, its export and the API list."""

    q = forms.CharField(label=_("Name or NIP"), required=False, max_length=100)
    unit = forms.UUIDField(label=_("Unit"), required=False)
    position_kind = forms.ChoiceField(label=_("Position kind"), required=False,
                                      choices=[("", _("All kinds")), *PositionKind.choices])
    golongan = forms.ChoiceField(label=_("Golongan"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses")), *EmploymentStatus.choices])
    active = forms.ChoiceField(label=_("Active"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, data=None, *, actor, **kwargs) -> None:
        super().__init__(data, **kwargs)
        self.actor = actor
        self.fields["golongan"].choices = [("", _("All golongan"))] + [
            (code, code) for code in Golongan.objects.values_list("code", flat=True)
        ]
        # A callable: the unit query runs only when the select is rendered,
        # so the export and the API pay nothing for it.
        self.fields["unit"].widget = FastSelect(
            attrs={"class": "form-select"}, options_html=lambda: unit_options_html(actor)
        )
        self.fields["q"].widget.input_type = "search"

    def to_filters(self) -> EmployeeFilters:
        """Return the filters; call after is_valid(). Unknown or foreign units are ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        unit = None
        if data.get("unit"):
            unit = units_visible_to(self.actor).filter(public_id=data["unit"]).first()
        active = {"active": True, "inactive": False, "all": None}.get(data.get("active") or "active", True)
        return EmployeeFilters(
            q=data.get("q") or "",
            unit=unit,
            position_kind=data.get("position_kind") or "",
            golongan=data.get("golongan") or "",
            status=data.get("status") or "",
            active=active,
        )


# --- Employees ---------------------------------------------------------------------


class EmployeeForm(BootstrapForm):
    """Identity and contact fields, as HR edits them (services.employee_update)."""

    model = Employee
    model_fields = IDENTITY_FIELDS + CONTACT_FIELDS

    def clean(self):
        data = super().clean()
        # Bidi/zero-width/control characters and malformed phones (pamong.core.text), in what was changed:
        # a legacy value shown unchanged never blocks the form.
        changed = {name: data[name] for name in self.changed_data if name in data}
        for name, messages in employee_text_errors(changed)[0].items():
            for message in messages:
                self.add_error(name, message)
        return data

    def to_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.model_fields}


class PositionSearchInput(forms.Widget):
    """A position chosen by typing part of its name or unit (a Pemda has too many positions for a <select>).

    Renders a search box and the matching positions as radio buttons. With JavaScript the list follows the
    typing (htmx, people:position-search); without it the search is submitted with the form and the page
    comes back with the matches. The form sets ``matches``/``term``/``selected_id`` before rendering.
    """

    template_name = "people/widgets/position_search.html"

    def __init__(self, *, search_url: str, allow_empty: bool = False, attrs=None) -> None:
        super().__init__(attrs)
        self.search_url = search_url
        self.allow_empty = allow_empty  # an optional field offers "none" as its first choice
        self.matches: list[Position] = []
        self.term = ""
        self.selected_id = ""
        self.too_short = True

    def search_name(self, name: str) -> str:
        return f"{name}_q"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update({
            "search_name": self.search_name(name), "search_url": self.search_url, "matches": self.matches,
            "term": self.term, "selected_id": self.selected_id, "too_short": self.too_short,
            "allow_empty": self.allow_empty,
            "invalid": "is-invalid" in (attrs or {}).get("class", ""),
        })
        return context

    def id_for_label(self, id_):
        return id_  # the search box carries the field's id: the label names it


def use_position_search(form: forms.BaseForm, name: str, positions) -> None:
    """Make *form*'s position field *name* a PositionSearchInput over *positions* (validation stays the field's).

    The matches shown come from the submitted search (``<name>_q``) or, on a first rendering, none: the chosen
    position (submitted or initial) is always listed, so it stays chosen.
    """
    field = form.fields[name]
    field.to_field_name = "public_id"
    search_url = reverse("people:position-search")
    widget = field.widget = PositionSearchInput(
        search_url=search_url if name == "position" else f"{search_url}?field={name}", allow_empty=not field.required
    )
    source = form.data if form.is_bound else form.initial
    widget.term = str(source.get(f"{name}_q") or "").strip()[:100]
    chosen = source.get(name)
    if isinstance(chosen, Position):
        chosen = chosen.public_id
    elif form.is_bound is False and isinstance(chosen, int):
        chosen = positions.filter(pk=chosen).values_list("public_id", flat=True).first()
    selected = chosen_position(positions, chosen)
    widget.selected_id = str(selected.public_id) if selected else ""
    widget.matches = position_matches(positions, widget.term, selected=selected)
    widget.too_short = len(widget.term) < 2 and not widget.matches


class NipInput(forms.TextInput):
    """The NIP box; pamong/nip.js fills birth date, TMT CPNS and gender from it as it is typed."""

    template_name = "people/widgets/nip_input.html"


class EmployeeCreateForm(EmployeeForm):
    """A new employee with their first rank and position (services.employee_create).

    Birth date, TMT CPNS and gender may be left empty: they are taken from the NIP (rules.md §9.6); a value
    given that the NIP contradicts is a field error saying what the NIP states.
    """

    golongan = forms.ModelChoiceField(label=_("Golongan"), queryset=Golongan.objects.all())
    golongan_date = DateField(label=_("Rank effective date (TMT)"))
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.none(), to_field_name="public_id")
    position_date = DateField(label=_("Position effective date (TMT)"))
    education_level = forms.ChoiceField(
        label=_("Highest education"), required=False, choices=[("", "—"), *EducationLevel.choices]
    )

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in DERIVED_FIELDS:
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave empty to take it from the NIP.")
        self.fields["nip"].widget = NipInput(attrs=self.fields["nip"].widget.attrs)
        self.fields["nip"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        positions = assignable_positions(actor)
        field = self.fields["position"]
        field.queryset = positions
        use_position_search(self, "position", positions)

    def clean(self):
        data = super().clean()
        status = str(data.get("status") or "")
        filled, problems = fill_from_nip(data, status)
        for name, message in problems.items():
            if name in self.fields:
                self.add_error(name, message)
        for name in DERIVED_FIELDS:
            if name in self.errors or name in problems:
                continue
            if filled.get(name) in (None, ""):
                if name == "first_appointment_date" and not derives_appointment(status):
                    self.add_error(name, _("An NI PPPK states only the year: enter the TMT PPPK."))
                elif "nip" not in self.errors:
                    self.add_error(name, _("This field is required."))
            else:
                data[name] = filled[name]
        return data

    def to_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "data": self.to_data(),
            "golongan": data["golongan"],
            "golongan_date": data["golongan_date"],
            "position": data["position"],
            "position_date": data["position_date"],
            "education_level": data["education_level"],
        }


class ContactForm(EmployeeForm):
    """What an employee may change about themself."""

    model_fields = CONTACT_FIELDS


class DeactivateForm(BootstrapForm):
    reason = forms.ChoiceField(label=_("Reason for leaving"), choices=EndReason.choices)
    end_date = forms.DateField(label=_("Date of leaving"), widget=DateInput)

    def to_kwargs(self) -> dict:
        return {"reason": self.cleaned_data["reason"], "end_date": self.cleaned_data["end_date"]}


# --- Histories ---------------------------------------------------------------------


class HistoryForm(BootstrapForm):
    """A history record form; ``to_kwargs()`` gives the service's keyword arguments."""

    def __init__(self, *args, employee: Employee, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employee = employee
        self.actor = actor

    def to_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class RankForm(HistoryForm):
    model = RankHistory
    # legal_basis: blank for a one-step promotion; a jump states its basis (rules.md §8.1).
    model_fields = ("golongan", "effective_date", "decree_number", "decree_date", "legal_basis", "note")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["golongan"].queryset = golongan_for_status(self.employee.status)


class PositionAssignForm(HistoryForm):
    """Assign a position. The choice is a search-select: a Pemda has thousands of
    positions, so the list shows at most SHOWN matches of ``position_search``
    (or, before a search, the positions of the employee's own unit tree).
    Validation still accepts any active position of the Pemda.
    """

    SHOWN = 30
    model = PositionHistory
    model_fields = ("position", "effective_date", "decree_number", "decree_date", "note")
    position_search = forms.CharField(label=_("Find a position (name or unit)"), required=False, max_length=100)
    override_reason = forms.CharField(
        label=_("Reason to proceed although requirements are not met"), required=False, max_length=200
    )

    def __init__(self, *args, search: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["position"]
        field.queryset = (
            positions_visible_to(self.actor)
            .filter(pemda_id=self.employee.pemda_id, is_active=True)
            .select_related("org_unit")
            .order_by("org_unit__path", "path")
        )
        field.label_from_instance = _position_label
        term = (self.data.get("position_search") if self.is_bound else search) or ""
        self.initial.setdefault("position_search", term)
        field.widget.choices = self._shown_choices(field.queryset, term.strip())
        action = reverse("people:position-assign", args=[self.employee.public_id])
        self.fields["position_search"].widget.attrs.update({
            "type": "search",
            "hx-get": action,
            "hx-trigger": "input changed delay:300ms, search",
            "hx-target": "#position-form",
            "hx-swap": "outerHTML",
            "hx-include": "this",
        })
        self.order_fields(["position_search", "position"])
        # Shown only once the service reported requirement gaps (or a reason was given).
        self.show_override = bool(self.data.get("override_reason"))
        if not self.show_override:
            self.fields["override_reason"].widget = forms.HiddenInput()

    def to_kwargs(self) -> dict:
        kwargs = super().to_kwargs()
        kwargs.pop("position_search", None)
        return kwargs

    def _shown_choices(self, queryset, term: str) -> list[tuple]:
        shown = queryset
        if term:
            shown = shown.filter(Q(name__icontains=term) | Q(org_unit__name__icontains=term))
        elif self.employee.current_unit_id:
            shown = shown.filter(path_within("org_unit__path", self.employee.current_unit.path))
        positions = list(shown[: self.SHOWN])
        selected = self.data.get("position") if self.is_bound else None
        if selected and str(selected).isdigit() and all(str(p.pk) != str(selected) for p in positions):
            positions += list(queryset.filter(pk=selected))
        return [("", _("— choose a position —"))] + [(p.pk, _position_label(p)) for p in positions]


def _position_label(position: Position) -> str:
    return f"{position.name} — {position.org_unit.name}"


class EducationForm(HistoryForm):
    model = EducationHistory
    model_fields = ("level", "institution", "major", "graduation_year", "diploma_number")


class TrainingForm(HistoryForm):
    model = TrainingHistory
    model_fields = ("kind", "name", "organiser", "start_date", "end_date", "hours", "certificate_number")


class FamilyForm(HistoryForm):
    model = FamilyMember
    model_fields = ("relation", "name", "birth_date", "gender", "occupation")


class DocumentForm(HistoryForm):
    model = EmployeeDocument
    model_fields = ("kind", "title")
    file = forms.FileField(label=_("File (PDF, JPG or PNG, at most 5 MB)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

    def to_kwargs(self) -> dict:
        upload = self.cleaned_data["file"]
        return {
            "kind": self.cleaned_data["kind"],
            "title": self.cleaned_data["title"],
            "name": upload.name,
            "content": upload.read(),
        }


# --- Organisation ------------------------------------------------------------------


class OrgUnitForm(BootstrapForm):
    """A unit; ``parent`` is limited to the units of the actor's Pemda."""

    model = OrgUnit
    model_fields = ("name", "kind", "code", "parent", "is_active")

    def __init__(self, *args, actor, unit: OrgUnit | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        parents = units_visible_to(actor).filter(is_active=True)
        if unit is not None:
            parents = parents.filter(pemda_id=unit.pemda_id).exclude(path__startswith=unit.path)
        else:
            del self.fields["is_active"]
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda u: "\u00a0\u00a0" * u.depth + u.name

    def to_data(self) -> dict:
        return dict(self.cleaned_data)


class PositionForm(BootstrapForm):
    """A position; the unit and supervising position are limited to the actor's Pemda."""

    model = Position
    model_fields = (
        "name", "org_unit", "kind", "grade", "class_level", "min_golongan", "min_education",
        "supervisor_position", "is_unit_head", "capacity", "retirement_age", "is_active",
    )

    def __init__(self, *args, actor, position: Position | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = units_visible_to(actor).filter(is_active=True)
        supervisors = positions_visible_to(actor).filter(is_active=True).select_related("org_unit")
        if position is not None:
            units = units.filter(pemda_id=position.pemda_id)
            supervisors = supervisors.filter(pemda_id=position.pemda_id).exclude(path__startswith=position.path)
        else:
            del self.fields["is_active"]
        self.fields["org_unit"].queryset = units
        self.fields["org_unit"].label_from_instance = lambda u: "\u00a0\u00a0" * u.depth + u.name
        self.fields["supervisor_position"].queryset = supervisors.order_by("org_unit__path", "path")
        self.fields["supervisor_position"].label_from_instance = lambda p: f"{p.name} — {p.org_unit.name}"
        if actor.pemda_id:  # HR of an agency searches its positions; the agency-less superadmin keeps the list
            use_position_search(self, "supervisor_position", supervisors)

    def to_data(self) -> dict:
        return dict(self.cleaned_data)
