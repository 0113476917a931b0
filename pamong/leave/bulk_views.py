"""The queue's "approve the selected" submit (thin: parse → one service → messages → back to the queue)."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pamong.core.http import AuthedRequest

from .bulk_approval import BulkApproveResult, leave_applications_bulk_approve
from .errors import LeaveError


def _uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value)
    except (TypeError, ValueError):
        return None


def _refusal_text(result: BulkApproveResult) -> str:
    application = result.application
    if application is None:
        return result.reason
    return _("%(employee)s, %(start)s – %(end)s: not approved. %(reason)s") % {
        "employee": application.employee.full_name,
        "start": date_format(application.start_date, "j F Y"),
        "end": date_format(application.end_date, "j F Y"),
        "reason": result.reason,
    }


@require_POST
def queue_approve_selected(request: AuthedRequest) -> HttpResponse:
    """Approve every ticked request of the queue, one by one; report each refusal with its reason."""
    values = request.POST.getlist("application")
    ids = [public_id for public_id in map(_uuid_or_none, values) if public_id is not None]
    unreadable = len(values) - len(ids)
    try:
        results = leave_applications_bulk_approve(actor=request.user, public_ids=ids) if ids or not unreadable else []
    except LeaveError as exc:
        messages.error(request, exc.message)
        return redirect("leave:queue")
    approved = sum(result.approved for result in results)
    if approved:
        messages.success(request, ngettext("%(count)d request approved.", "%(count)d requests approved.", approved)
                         % {"count": approved})
    for result in results:
        if not result.approved:
            messages.error(request, _refusal_text(result))
    if unreadable:
        messages.error(request, _("Request not found."))
    return redirect("leave:queue")
