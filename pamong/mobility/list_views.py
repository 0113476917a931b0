"""HTML views of the BKPSDM standard lists (issue #13): the hub, DUK, daftar nominatif, upcoming KP, KGB and
retirements, their .xlsx/PDF exports, and an employee's DRH as a PDF.

Thin: parse the filters → scoped selector → render. HR, the executive and the auditor see the agency, a unit head
their unit tree, anyone else is refused (403); an employee outside the scope is 404. Reads of the nominatif and of
a DRH by anyone but HR are audited (UU PDP Pasal 31).
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pamong.audit.services import TargetRef, audit_read
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate

from . import careers, drh, list_exports
from .list_audit import ListAudit
from .list_forms import ListFilterForm
from .promotion_forms import BulkForm
from .selectors import lists
from .selectors import promotion as promotion_selectors
from .services import promotion as promotion_services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
PER_PAGE = 50


def _require(request: AuthedRequest) -> None:
    if not lists.can_use_lists(request.user):
        raise PermissionDenied


def _audit_nominatif(request: AuthedRequest, fields, how: str) -> None:
    if lists.is_hr(request.user):
        return
    pemda_id = request.user.pemda_id
    audit_read(actor=request.user, action=ListAudit.NOMINATIF_VIEWED,
               target=TargetRef("mobility.nominatif", str(pemda_id), label=how, pemda_id=pemda_id),
               fields=list(fields), pemda_id=pemda_id)


@require_GET
def hub(request: AuthedRequest) -> HttpResponse:
    _require(request)
    return TemplateResponse(request, "mobility/list_hub.html", {"agency": lists.sees_agency(request.user)})


def _list(request: AuthedRequest, kind: str) -> HttpResponse:
    _require(request)
    form = ListFilterForm(request.GET or None, actor=request.user)
    context = {"form": form, "page": None, "kind": kind, "query": "", "kgb_note": lists.KGB_BASIS_NOTE}
    template = f"mobility/list_{kind}.html"
    if form.is_bound and not form.is_valid():
        return TemplateResponse(request, template, context, status=422)
    filters = form.to_filters() if form.is_bound else lists.ListFilters()
    today = timezone.localdate()
    if kind == "duk":
        rows = lists.paged_employees(lists.duk(request.user, filters))
    elif kind == "nominatif":
        rows = lists.paged_nominatif(request.user, filters)
        context["fields"] = lists.nominatif_fields(request.user)
    elif kind == "kp":
        rows = lists.upcoming_kp(request.user, filters, today=today)
    elif kind == "kgb":
        rows = lists.upcoming_kgb(request.user, filters, today=today)
    else:
        rows = lists.upcoming_retirements(request.user, filters, today=today)
    page = paginate(request, rows, per_page=PER_PAGE)
    if kind in ("kp", "kgb"):  # KP/KGB proposals (helper F): each row's open proposal and the propose buttons
        _with_proposals(request, page.object_list, kp=kind == "kp", context=context)
    if kind == "nominatif" and page.object_list:
        _audit_nominatif(request, context["fields"], "page")
    query = request.GET.copy()
    query.pop("page", None)
    start, end = lists.window(filters, today)
    context.update(page=page, query=query.urlencode(), start=start, end=end, today=today,
                   offset=(page.number - 1) * PER_PAGE)
    return TemplateResponse(request, template, context)


def _with_proposals(request: AuthedRequest, rows, *, kp: bool, context: dict) -> None:
    """Attach each row's open KP/KGB proposal (one query) and say whether the actor may propose."""
    found = promotion_selectors.open_proposals_by_employee([row.employee.pk for row in rows], kp=kp)
    for row in rows:
        proposal = found.get(row.employee.pk)
        # An approved proposal counts for this row only until it takes effect (its golongan / its TMT).
        current = proposal is not None and (proposal.status == "pending" or (
            proposal.to_golongan.code == row.next_golongan if kp else proposal.tmt >= row.due))
        row.proposal = proposal if current else None
    today = timezone.localdate()
    month = careers.next_kp_period(today) if kp else today.replace(day=1)
    context.update(can_propose=promotion_services.can_propose(request.user), bulk_form=BulkForm(
        initial={"kind": "kp" if kp else "kgb", "period": month.strftime("%Y-%m")}))


@require_GET
def duk(request: AuthedRequest) -> HttpResponse:
    return _list(request, "duk")


@require_GET
def nominatif(request: AuthedRequest) -> HttpResponse:
    return _list(request, "nominatif")


@require_GET
def upcoming_kp(request: AuthedRequest) -> HttpResponse:
    return _list(request, "kp")


@require_GET
def upcoming_kgb(request: AuthedRequest) -> HttpResponse:
    return _list(request, "kgb")


@require_GET
def upcoming_bup(request: AuthedRequest) -> HttpResponse:
    return _list(request, "bup")


@require_GET
def export(request: AuthedRequest, kind: str, fmt: str) -> HttpResponse:
    """The list *kind* with the page's filters (all rows, not one page) as .xlsx or PDF."""
    if kind not in list_exports.KINDS or fmt not in list_exports.FORMATS:
        raise Http404
    _require(request)
    form = ListFilterForm(request.GET or None, actor=request.user)
    if form.is_bound and not form.is_valid():
        return HttpResponse(_("Correct the filters first."), status=422, content_type="text/plain; charset=utf-8")
    filters = form.to_filters() if form.is_bound else lists.ListFilters()
    today = timezone.localdate()
    title, headers, rows = list_exports.table(kind, request.user, filters, today=today)
    if kind == "nominatif":
        _audit_nominatif(request, lists.nominatif_fields(request.user), fmt)
    filename = f"{kind}-{today:%Y%m%d}.{fmt}"
    if fmt == "xlsx":  # written to a temporary file row by row, then streamed from it
        return FileResponse(list_exports.xlsx_file(title, headers, rows), as_attachment=True, filename=filename,
                            content_type=XLSX)
    else:
        subtitle = _("Printed on %(date)s") % {"date": today.strftime("%d-%m-%Y")}
        response = HttpResponse(list_exports.pdf_bytes(title, subtitle, headers, rows), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def drh_pdf(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    """An employee's DRH (of the list scope: else 404); the discipline section for HR only; audited but for HR."""
    _require(request)
    employee = (lists.list_scope(request.user)
                .select_related("pemda", "current_golongan", "current_position", "current_unit")
                .filter(public_id=public_id).first())
    if employee is None:
        raise Http404
    hr = lists.is_hr(request.user)
    content = drh.drh_pdf(request.user, employee, with_discipline=hr)
    if not hr:
        audit_read(actor=request.user, action=ListAudit.DRH_VIEWED, target=employee,
                   fields=drh.identity_fields(request.user, employee), pemda_id=employee.pemda_id)
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="drh-{employee.nip}.pdf"'
    return response
