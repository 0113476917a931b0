"""HTML views of the personnel context: parse → fetch through a scope → one service → respond.

Out-of-scope objects are 404 (fetched through *_visible_to selectors);
refusals by a service are PermissionDenied (403) or PeopleError, whose field
errors are copied onto the form and re-rendered with status 422.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from django import forms as django_forms
from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import retarget

from pamong.core.dateranges import day_text
from pamong.core.htmx import notify, partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate

from . import privacy, profile_sections, selectors, services
from .actor_cache import current_version, remembered
from .choices import EmploymentStatus
from .context_processors import remember_menu_counts
from .errors import PeopleError
from .forms import (
    ContactForm,
    DeactivateForm,
    DocumentForm,
    EducationForm,
    EmployeeCreateForm,
    EmployeeFilterForm,
    EmployeeForm,
    FamilyForm,
    HistoryForm,
    OrgUnitForm,
    PositionAssignForm,
    PositionForm,
    RankForm,
    TrainingForm,
)
from .inbox import Task, inbox_for
from .models import Employee, EmployeeDocument, path_within
from .permissions import (
    can_edit_contact,
    can_manage_employee,
    can_manage_organisation,
    can_view_documents,
)
from .roles import roles_of
from .selectors import (
    actor_employee,
    employee_detail_queryset,
    employees_visible_to,
    positions_visible_to,
    supervisor_of,
    units_visible_to,
)
from .self_changes import SELF_CHANGE, SELF_CHANGE_KINDS, propose_self_change

GET_POST = require_http_methods(["GET", "POST"])
AGENCY_ROLES = {"hr_admin", "executive", "auditor", "superadmin"}


def _apply_errors(form: django_forms.Form, exc: PeopleError | ValidationError) -> None:
    """Copy a service refusal onto *form*: per field where the form has it, else non-field."""
    if isinstance(exc, ValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    else:
        fields = exc.field_errors or {None: [exc.message]}
    for name, messages in fields.items():
        target = name if name in form.fields and name != "__all__" else None
        for message in messages:
            form.add_error(target, message if target else _label_message(form, name, message))


def _label_message(form, name, message: str) -> str:
    """A field error the form cannot show next to a field, prefixed by the field's label."""
    field = form.fields.get(name) if name else None
    return f"{field.label}: {message}" if field is not None else str(message)


def _form_page(request, *, form, title: str, action: str, cancel_url: str, submit: str,
               status: int = 200, multipart: bool = False, extra: dict | None = None) -> TemplateResponse:
    context = {"form": form, "title": title, "action": action, "cancel_url": cancel_url,
               "submit": submit, "multipart": multipart, **(extra or {})}
    return TemplateResponse(request, "people/form_page.html", context, status=status)


# --- Home ----------------------------------------------------------------------------


def _agency_totals(actor) -> dict[str, int]:
    """Active employees by status and those retiring within 12 months: one aggregate query."""
    today = timezone.localdate()
    counts = {"total": Count("pk")}
    for status in EmploymentStatus:
        counts[status.value] = Count("pk", filter=Q(status=status.value))
    counts["retiring"] = Count("pk", filter=Q(retirement_date__gte=today, retirement_date__lte=today + timedelta(days=365)))
    return employees_visible_to(actor).filter(is_active=True).aggregate(**counts)


@dataclass(frozen=True, slots=True)
class TaskRow:
    task: Task
    state: str  # "overdue", "today", "soon" (within a week), "later" or "undated"
    due_text: str


def _task_rows(request: AuthedRequest) -> list[TaskRow]:
    """The actor's tasks with their deadline wording; the menu's counts are read in the same pass."""
    today = timezone.localdate()
    version = current_version()  # before reading: what changes meanwhile is not kept under it
    tasks, counts = inbox_for(request.user)
    remember_menu_counts(request, counts, version)
    rows = []
    for task in tasks:
        left = task.days_left(today)
        if left is None:
            rows.append(TaskRow(task, "undated", ""))
        elif left < 0:
            rows.append(TaskRow(task, "overdue", _("Overdue: due %(date)s") % {"date": day_text(task.due)}))
        elif left == 0:
            rows.append(TaskRow(task, "today", _("Due today")))
        else:
            text = ngettext("Due %(date)s (in %(n)d day)", "Due %(date)s (in %(n)d days)", left) % {
                "date": day_text(task.due), "n": left}
            rows.append(TaskRow(task, "soon" if left <= 7 else "later", text))
    return rows


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    """'Tugas saya': what waits for the actor across contexts (people.inbox), then the summary cards."""
    roles = roles_of(request.user)
    me = actor_employee(request.user)
    context: dict[str, Any] = {"summary": None, "team_count": None, "totals": None,
                               "task_rows": _task_rows(request)}
    if me is not None:
        context["summary"] = employee_detail_queryset(request.user).get(pk=me.pk)
        if {"supervisor", "unit_head"} & roles and not AGENCY_ROLES & roles:
            context["team_count"] = remembered(request.user, "team-count", lambda: employees_visible_to(
                request.user).filter(is_active=True).exclude(pk=me.pk).count())
    if AGENCY_ROLES & roles:
        context["totals"] = _agency_totals(request.user)
        context["statuses"] = [(status.label, status.value) for status in EmploymentStatus]
    return TemplateResponse(request, "people/home.html", context)


# --- Directory and profile -------------------------------------------------------------


# What a directory row shows: loading only these halves the time to build the page's 25 rows.
DIRECTORY_COLUMNS = ("public_id", "front_title", "name", "back_title", "nip", "status", "is_active",
                     "current_position__name", "current_unit__name", "current_golongan__code")


@require_GET
def employee_list(request: AuthedRequest) -> HttpResponse:
    form = EmployeeFilterForm(request.GET or None, actor=request.user)
    filters = form.to_filters() if form.is_bound else None
    rows = selectors.employee_list(actor=request.user, filters=filters).only(*DIRECTORY_COLUMNS)
    page = paginate(request, rows)
    template_name = partial_template(request, "people/employee_list.html", "results")
    return TemplateResponse(request, template_name, {"form": form, "page": page})


def _employee_or_404(request, public_id: UUID) -> Employee:
    return get_object_or_404(employee_detail_queryset(request.user), public_id=public_id)


def _sections(employee: Employee, actor) -> dict[str, Any]:
    """Everything the history sections of a profile show.

    The add forms are not built here: an HR admin's "Add …" button fetches its form when opened (htmx GET of the
    add URL, which answers the form fragment; without JavaScript the button's link opens the form page). Six
    forms on every profile view were half of its rendering time (issue #10).
    """
    groups = privacy.visible_groups(actor, employee)
    context: dict[str, Any] = {"employee": employee, "privacy": groups, "manage": can_manage_employee(actor, employee)}
    for key, spec in HISTORY.items():
        if key == "family" and privacy.FieldGroup.FAMILY not in groups:
            continue  # family members: the person and HR only (pamong.people.privacy)
        context[f"{key}_records"] = spec.records(employee)
    if can_view_documents(actor, employee):
        context["document_records"] = privacy.documents_visible(actor, employee)
    return context


@require_GET
def employee_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    employee = _employee_or_404(request, public_id)
    context = _sections(employee, request.user)
    context["supervisor"] = supervisor_of(employee)
    # Sections of the contexts above people (discipline, development's awards): at most one query each.
    context["profile_sections"] = profile_sections.render_sections(request.user, employee, request=request)
    # Reads of unmasked NIK and family data are logged (UU PDP Pasal 31).
    family = context.get("family_records")
    privacy.profile_read_record(actor=request.user, employee=employee, groups=context["privacy"],
                                has_family=family is not None and family.exists())
    return TemplateResponse(request, "people/employee_detail.html", context)


@GET_POST
def employee_create(request: AuthedRequest) -> HttpResponse:
    pemda = request.user.pemda
    if pemda is None or not can_manage_employee(request.user, pemda_id=pemda.pk):
        raise PermissionDenied
    form = EmployeeCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.employee_create(actor=request.user, pemda=pemda, **form.to_kwargs())
        except PeopleError as exc:
            _apply_errors(form, exc)
        else:
            response = redirect("people:employee-detail", public_id=employee.public_id)
            return notify(request, response, level="success", text=_("Employee registered."))
    return _form_page(
        request, form=form, title=_("Register an employee"), action=reverse("people:employee-create"),
        cancel_url=reverse("people:employee-list"), submit=_("Register"),
        status=422 if form.is_bound else 200,
    )


def _employee_update(request, public_id: UUID, *, form_class, title: str, allowed) -> HttpResponse:
    employee = _employee_or_404(request, public_id)
    if not allowed(request.user, employee):
        raise PermissionDenied
    initial = {name: getattr(employee, name) for name in form_class.model_fields}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            try:
                services.employee_update(actor=request.user, employee=employee, data=form.to_data())
            except PeopleError as exc:
                if exc.code != SELF_CHANGE:
                    raise
                changed = {k: v for k, v in form.to_data().items() if getattr(employee, k) != v}
                return _self_change_proposed(request, employee, "employee", changed)
        except PeopleError as exc:
            _apply_errors(form, exc)
        else:
            response = redirect("people:employee-detail", public_id=employee.public_id)
            return notify(request, response, level="success", text=_("Changes saved."))
    return _form_page(
        request, form=form, title=title, action=request.path,
        cancel_url=reverse("people:employee-detail", args=[employee.public_id]), submit=_("Save"),
        status=422 if form.is_bound else 200, extra={"employee": employee},
    )


@GET_POST
def employee_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _employee_update(request, public_id, form_class=EmployeeForm, title=_("Edit employee data"),
                            allowed=can_manage_employee)


@GET_POST
def employee_contact_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _employee_update(request, public_id, form_class=ContactForm, title=_("Edit contact details"),
                            allowed=can_edit_contact)


@GET_POST
def employee_deactivate(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    employee = _employee_or_404(request, public_id)
    if not can_manage_employee(request.user, employee):
        raise PermissionDenied
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_deactivate(actor=request.user, employee=employee, **form.to_kwargs())
        except PeopleError as exc:
            _apply_errors(form, exc)
        else:
            response = redirect("people:employee-detail", public_id=employee.public_id)
            return notify(request, response, level="success", text=_("The employee's service has been ended."))
    return _form_page(
        request, form=form, title=_("End service"), action=request.path,
        cancel_url=reverse("people:employee-detail", args=[employee.public_id]), submit=_("End service"),
        status=422 if form.is_bound else 200, extra={"employee": employee, "danger": True},
    )


# --- Histories and documents ---------------------------------------------------------------


@dataclass(frozen=True)
class HistorySpec:
    form: type[HistoryForm]
    service: Any
    template: str
    url_name: str
    title: Any
    related: str
    select_related: tuple[str, ...] = ()
    changes_header: bool = False  # the record moves the current rank/position shown in the header

    def records(self, employee: Employee):
        rows = getattr(employee, self.related).all()
        return rows.select_related(*self.select_related) if self.select_related else rows


HISTORY: dict[str, HistorySpec] = {
    "rank": HistorySpec(RankForm, services.rank_record, "people/_rank_section.html", "people:rank-add",
                        gettext_lazy("Add rank record"), "rank_history", ("golongan",), changes_header=True),
    "position": HistorySpec(PositionAssignForm, services.position_assign, "people/_position_section.html",
                            "people:position-assign", gettext_lazy("Assign position"), "position_history",
                            ("position", "org_unit"), changes_header=True),
    "education": HistorySpec(EducationForm, services.education_record, "people/_education_section.html",
                             "people:education-add", gettext_lazy("Add education record"), "education_history"),
    "training": HistorySpec(TrainingForm, services.training_record, "people/_training_section.html",
                            "people:training-add", gettext_lazy("Add training record"), "training_history"),
    "family": HistorySpec(FamilyForm, services.family_member_record, "people/_family_section.html",
                          "people:family-add", gettext_lazy("Add family member"), "family"),
}
DOCUMENT = HistorySpec(DocumentForm, services.document_upload, "people/_document_section.html",
                       "people:document-upload", gettext_lazy("Upload document"), "documents")


def _history_add(request: AuthedRequest, public_id: UUID, key: str, spec: HistorySpec) -> HttpResponse:
    """Add one history record through its service.

    htmx: success returns the refreshed section (retargeted onto it);
    errors return the form fragment with 422. Without JavaScript: a redirect
    to the profile, or a form page with 422.
    """
    employee = _employee_or_404(request, public_id)
    if not can_manage_employee(request.user, employee):
        raise PermissionDenied
    extra = {"search": request.GET.get("position_search", "")} if key == "position" else {}
    form = spec.form(request.POST or None, request.FILES or None, employee=employee, actor=request.user,
                     auto_id=f"{key}_%s", **extra)
    if request.method == "POST" and form.is_valid():
        try:
            try:
                spec.service(actor=request.user, employee=employee, **form.to_kwargs())
            except PeopleError as exc:
                if exc.code != SELF_CHANGE or key not in SELF_CHANGE_KINDS:
                    raise
                params = {k: v for k, v in form.to_kwargs().items() if k not in ("position_search", "override_reason")
                          or (k == "override_reason" and v)}
                return _self_change_proposed(request, employee, key, params)
        except PeopleError as exc:
            if exc.code == "people.position_requirements_not_met" and isinstance(form, PositionAssignForm):
                form.fields["override_reason"].widget = django_forms.TextInput(attrs={"class": "form-control"})
                form.show_override = True
            _apply_errors(form, exc)
        else:
            return _history_saved(request, employee, key, spec)
    status = 422 if form.is_bound else 200
    context = {"employee": employee, "form": form, "key": key, "spec": spec,
               "action": reverse(spec.url_name, args=[employee.public_id])}
    if request.htmx:
        return TemplateResponse(request, "people/_history_form.html", context, status=status)
    return _form_page(
        request, form=form, title=str(spec.title), action=context["action"],
        cancel_url=reverse("people:employee-detail", args=[employee.public_id]), submit=_("Save"),
        status=status, multipart=key == "document", extra={"employee": employee},
    )


def _self_change_proposed(request, employee: Employee, kind: str, params: dict) -> HttpResponse:
    """HR changed their own record: the change waits for a second HR admin (issue #8 §2)."""
    propose_self_change(actor=request.user, employee=employee, kind=kind, params=params)
    text = _("This is your own record: the change was sent to another HR admin for approval.")
    if request.htmx:
        # A full reload of the profile (its sections did not change); the notice waits for it.
        django_messages.info(request, text)
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("people:employee-detail", args=[employee.public_id])
        return response
    return notify(request, redirect("people:employee-detail", public_id=employee.public_id), level="info", text=text)


def _history_saved(request, employee: Employee, key: str, spec: HistorySpec) -> HttpResponse:
    text = _("Record saved.")
    if not request.htmx:
        response = redirect(reverse("people:employee-detail", args=[employee.public_id]) + f"#{key}-section")
        return notify(request, response, level="success", text=text)
    employee = _employee_or_404(request, employee.public_id)  # reload the header projection
    context = _sections(employee, request.user)
    context["oob_header"] = spec.changes_header
    context["supervisor"] = supervisor_of(employee) if spec.changes_header else None
    response = TemplateResponse(request, spec.template, context)
    return notify(request, retarget(response, f"#{key}-section"), level="success", text=text)


@GET_POST
def rank_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _history_add(request, public_id, "rank", HISTORY["rank"])


@GET_POST
def position_assign(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _history_add(request, public_id, "position", HISTORY["position"])


@GET_POST
def education_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _history_add(request, public_id, "education", HISTORY["education"])


@GET_POST
def training_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _history_add(request, public_id, "training", HISTORY["training"])


@GET_POST
def family_add(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _history_add(request, public_id, "family", HISTORY["family"])


@GET_POST
def document_upload(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    return _history_add(request, public_id, "document", DOCUMENT)


@require_GET
def document_download(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    documents = EmployeeDocument.objects.select_related("employee").filter(
        employee__in=employees_visible_to(request.user)
    )
    document = get_object_or_404(documents, public_id=public_id)
    if not privacy.can_see_document(request.user, document):
        raise Http404  # visible employee, private documents: do not confirm they exist
    if document.purged_at is not None:
        raise Http404  # retention ended: the file is gone, the row and the audit trail stay
    services.document_record_download(actor=request.user, document=document)
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Organisation ---------------------------------------------------------------------------


def _head_name():
    heads = Employee.objects.filter(
        current_position__org_unit=OuterRef("pk"), current_position__is_unit_head=True, is_active=True
    )
    return Subquery(heads.values("name")[:1])


def _units_with_counts(actor):
    return units_visible_to(actor).annotate(
        member_count=Count("members", filter=Q(members__is_active=True)),
        head_name=_head_name(),
    )


@require_GET
def unit_list(request: AuthedRequest) -> HttpResponse:
    units = _units_with_counts(request.user).order_by("pemda_id", "path")
    return TemplateResponse(request, "people/unit_list.html", {"units": units})


def _positions_with_counts(actor):
    return positions_visible_to(actor).select_related("org_unit", "min_golongan", "supervisor_position").annotate(
        holder_count=Count("holders", filter=Q(holders__is_active=True))
    )


@require_GET
def unit_detail(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    unit = get_object_or_404(units_visible_to(request.user).select_related("parent"), public_id=public_id)
    context = {
        "unit": unit,
        "children": _units_with_counts(request.user).filter(parent=unit),
        "positions": _positions_with_counts(request.user).filter(org_unit=unit).order_by("path"),
        "head_name": _units_with_counts(request.user).filter(pk=unit.pk).values_list("head_name", flat=True).first(),
    }
    return TemplateResponse(request, "people/unit_detail.html", context)


def _require_org_manager(request) -> None:
    if not can_manage_organisation(request.user, request.user.pemda_id):
        raise PermissionDenied


@GET_POST
def unit_create(request: AuthedRequest) -> HttpResponse:
    _require_org_manager(request)
    parent_id = request.GET.get("parent")
    initial = {}
    if parent_id:
        initial["parent"] = units_visible_to(request.user).filter(public_id=_uuid_or_none(parent_id)).first()
    form = OrgUnitForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        pemda = data["parent"].pemda if data["parent"] else request.user.pemda
        try:
            if pemda is None:  # a platform superadmin has no Pemda of their own
                raise PeopleError(_("Choose the parent unit."), extra={"fields": {"parent": [_("Choose the parent unit.")]}})
            unit = services.org_unit_create(actor=request.user, pemda=pemda, **data)
        except (PeopleError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            response = redirect("people:unit-detail", public_id=unit.public_id)
            return notify(request, response, level="success", text=_("Unit created."))
    return _form_page(
        request, form=form, title=_("New unit"), action=request.get_full_path(),
        cancel_url=reverse("people:unit-list"), submit=_("Create"), status=422 if form.is_bound else 200,
    )


@GET_POST
def unit_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    unit = get_object_or_404(units_visible_to(request.user), public_id=public_id)
    if not can_manage_organisation(request.user, unit.pemda_id):
        raise PermissionDenied
    initial = {name: getattr(unit, name) for name in OrgUnitForm.model_fields}
    form = OrgUnitForm(request.POST or None, actor=request.user, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_unit_update(actor=request.user, unit=unit, data=form.to_data())
        except (PeopleError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            response = redirect("people:unit-detail", public_id=unit.public_id)
            return notify(request, response, level="success", text=_("Changes saved."))
    return _form_page(
        request, form=form, title=_("Edit unit"), action=request.path,
        cancel_url=reverse("people:unit-detail", args=[unit.public_id]), submit=_("Save"),
        status=422 if form.is_bound else 200,
    )


def _uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except (TypeError, ValueError):
        return None


@require_GET
def position_list(request: AuthedRequest) -> HttpResponse:
    unit = None
    if request.GET.get("unit"):
        unit = units_visible_to(request.user).filter(public_id=_uuid_or_none(request.GET["unit"])).first()
    positions = _positions_with_counts(request.user).order_by("org_unit__path", "path")
    if unit is not None:
        positions = positions.filter(path_within("org_unit__path", unit.path))
    vacant = request.GET.get("vacant") == "1"
    if vacant:  # the cockpit's "vacant positions": active, and nobody active holds them now
        positions = positions.filter(is_active=True, holder_count=0)
    units = units_visible_to(request.user).filter(is_active=True).only("public_id", "name", "depth", "path")
    page = paginate(request, positions)
    template_name = partial_template(request, "people/position_list.html", "results")
    return TemplateResponse(request, template_name, {"page": page, "unit": unit, "units": units, "vacant": vacant})


@GET_POST
def position_create(request: AuthedRequest) -> HttpResponse:
    _require_org_manager(request)
    initial = {}
    if request.GET.get("unit"):
        initial["org_unit"] = units_visible_to(request.user).filter(public_id=_uuid_or_none(request.GET["unit"])).first()
    form = PositionForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        try:
            position = services.position_create(actor=request.user, pemda=data["org_unit"].pemda, data=data)
        except (PeopleError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            response = redirect("people:unit-detail", public_id=position.org_unit.public_id)
            return notify(request, response, level="success", text=_("Position created."))
    return _form_page(
        request, form=form, title=_("New position"), action=request.get_full_path(),
        cancel_url=reverse("people:position-list"), submit=_("Create"), status=422 if form.is_bound else 200,
    )


@GET_POST
def position_edit(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    position = get_object_or_404(positions_visible_to(request.user).select_related("org_unit"), public_id=public_id)
    if not can_manage_organisation(request.user, position.pemda_id):
        raise PermissionDenied
    initial = {name: getattr(position, name) for name in PositionForm.model_fields}
    form = PositionForm(request.POST or None, actor=request.user, position=position, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.position_update(actor=request.user, position=position, data=form.to_data())
        except (PeopleError, ValidationError) as exc:
            _apply_errors(form, exc)
        else:
            response = redirect("people:unit-detail", public_id=position.org_unit.public_id)
            return notify(request, response, level="success", text=_("Changes saved."))
    return _form_page(
        request, form=form, title=_("Edit position"), action=request.path,
        cancel_url=reverse("people:unit-detail", args=[position.org_unit.public_id]), submit=_("Save"),
        status=422 if form.is_bound else 200,
    )
