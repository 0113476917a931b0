"""HTML views of the self-change context: the list of changes HR asked for on their own records, and the decision.

Parse → fetch through a scope → one service → respond. Refusals by the
approval engine (the requester, a non-HR user) are 403; a people rule that
refuses the change when applied is shown on the page (422).
"""

from uuid import UUID

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pamong.approvals.permissions import can_act_on_step
from pamong.core.errors import DomainError
from pamong.core.htmx import notify
from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate

from .choices import ChangeStatus
from .selectors import self_changes_visible_to
from .services import active_step, self_change_cancel, self_change_decide


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))])
    reason = forms.CharField(required=False, max_length=1000)


@require_GET
def change_list(request: AuthedRequest):
    """Pending changes first; each row says whether the viewer may decide it."""
    show = request.GET.get("show", "pending")
    rows = self_changes_visible_to(request.user).select_related("employee", "requested_by", "decided_by")
    if show != "all":
        rows = rows.filter(status=ChangeStatus.PENDING)
    page = paginate(request, rows.order_by("-created_at", "-pk"))
    for row in page:
        step = active_step(row) if row.status == ChangeStatus.PENDING else None
        row.can_decide = step is not None and can_act_on_step(request.user, step)
        row.can_cancel = row.status == ChangeStatus.PENDING and row.requested_by_id == request.user.pk
    return TemplateResponse(request, "personnel_changes/list.html", {"page": page, "show": show})


@require_POST
def change_decide(request: AuthedRequest, public_id: UUID):
    change = get_object_or_404(self_changes_visible_to(request.user), public_id=public_id)
    step = active_step(change)
    if step is not None and not can_act_on_step(request.user, step):
        raise PermissionDenied  # the requester, or anyone who is not another HR admin of the agency
    form = DecideForm(request.POST)
    if not form.is_valid():
        return notify(request, redirect("personnel_changes:list"), level="error", text=_("Choose approve or reject."))
    try:
        self_change_decide(actor=request.user, request=change, approve=form.cleaned_data["outcome"] == "approve",
                           reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return notify(request, redirect("personnel_changes:list"), level="error", text=exc.message)
    text = _("The change was approved and applied.") if change.status == ChangeStatus.APPROVED \
        else _("The change was rejected.")
    return notify(request, redirect("personnel_changes:list"), level="success", text=text)


@require_POST
def change_cancel(request: AuthedRequest, public_id: UUID):
    """The requester withdraws their own pending change."""
    change = get_object_or_404(self_changes_visible_to(request.user), public_id=public_id)
    try:
        self_change_cancel(actor=request.user, request=change)
    except DomainError as exc:
        return notify(request, redirect("personnel_changes:list"), level="error", text=exc.message)
    return notify(request, redirect("personnel_changes:list"), level="success", text=_("The change was withdrawn."))
