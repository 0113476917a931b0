"""The audit trail, read-only: a filtered list, one event, and the chain check.

There is no view that edits or deletes an event; the table refuses both at
the database level anyway (migration 0002).
"""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pamong.core.forms import DateField, DateInput
from pamong.core.htmx import partial_template
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate

from .chain import verify_chain
from .models import AuditEvent
from .permissions import can_view_audit_trail
from .presentation import ChangeRow, describe
from .registry import action_choices, target_type_choices
from .selectors import AuditFilters, audit_event_list, audit_events_visible_to

PAGE_SIZE = 50
_VALUE_PREVIEW = 60


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=gettext_lazy("Action"),
        required=False,
        max_length=80,
        help_text=gettext_lazy("Prefix, e.g. “people.” or “accounts.api_token”."),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "list": "audit-action-codes"}),
    )
    actor = forms.CharField(
        label=gettext_lazy("Actor"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
    target_type = forms.CharField(
        label=gettext_lazy("Target type"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("e.g. people.employee"),
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "list": "audit-target-types"}),
    )
    date_from = DateField(
        label=gettext_lazy("From"), required=False, widget=DateInput(attrs={"class": "form-control form-control-sm"})
    )
    date_to = DateField(
        label=gettext_lazy("Until"), required=False, widget=DateInput(attrs={"class": "form-control form-control-sm"})
    )

    def to_filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(
            action=data["action"].strip(),
            actor=data["actor"].strip(),
            target_type=data["target_type"].strip().lower(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )


def _viewer_zone(user) -> ZoneInfo:
    """The viewer's Pemda time zone (WIB/WITA/WIT); the server zone for platform users."""
    name = getattr(getattr(user, "pemda", None), "timezone", "") or settings.TIME_ZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def _preview(text: str) -> str:
    return text if len(text) <= _VALUE_PREVIEW else text[: _VALUE_PREVIEW - 1] + "…"


def _decorate(event: AuditEvent, zone: ZoneInfo, *, preview: bool = True) -> AuditEvent:
    # Plain attributes for the template: it shows them as they are (no
    # further conversion to the active time zone).
    event.local_time = timezone.localtime(event.occurred_at, zone)
    describe(event, zone=zone)
    if preview:
        event.change_rows = [
            ChangeRow(row.field, row.label, _preview(row.old), _preview(row.new)) for row in event.change_rows
        ]
    return event


@require_GET
def event_list(request: AuthedRequest) -> HttpResponse:
    if not can_view_audit_trail(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = form.to_filters() if form.is_bound and form.is_valid() else None
    page = paginate(request, audit_event_list(actor=request.user, filters=filters), per_page=PAGE_SIZE)
    zone = _viewer_zone(request.user)
    for event in page.object_list:
        _decorate(event, zone)
    context = {
        "form": form,
        "page": page,
        "zone": zone,
        "zone_label": timezone.now().astimezone(zone).tzname(),
        "action_choices": action_choices(),
        "target_type_choices": target_type_choices(),
    }
    template_name = partial_template(request, "audit/event_list.html", "results")
    return TemplateResponse(request, template_name, context)


@require_GET
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    # Out of scope reads as "not found" (STYLE.md §4.8).
    event = get_object_or_404(audit_events_visible_to(request.user).select_related("actor", "pemda"), pk=pk)
    zone = _viewer_zone(request.user)
    _decorate(event, zone, preview=False)
    context = {"event": event, "zone_label": event.local_time.tzname()}
    return TemplateResponse(request, "audit/event_detail.html", context)


@require_POST
def chain_verify(request: AuthedRequest) -> HttpResponse:
    """Run the same check as ``manage.py verify_audit_chain`` and show its result."""
    if not can_view_audit_trail(request.user):
        raise PermissionDenied
    ok, count, detail = verify_chain()
    if ok:
        summary = _("The audit chain is intact: %(count)s events verified.") % {"count": count}
    else:
        summary = _("The audit chain is BROKEN after %(count)s intact events. Report this to the superadmin.") % {
            "count": count
        }
    context = {"ok": ok, "count": count, "summary": summary, "detail": detail}
    template_name = partial_template(request, "audit/chain_verify.html", "result")
    return TemplateResponse(request, template_name, context)
