"""API token pages: create and revoke on the account page; the agency's tokens for HR."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pamong.core.http import AuthedRequest
from pamong.core.pagination import paginate

from .errors import AccountsError
from .forms import ApiTokenCreateForm
from .permissions import can_list_agency_tokens
from .selectors import agency_tokens_visible_to, tokens_revocable_by
from .services import api_token_create, api_token_revoke, token_default_days, token_max_days
from .views import _profile_response


@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    form = ApiTokenCreateForm(request.POST, max_days=token_max_days(user), default_days=token_default_days(user))
    if not form.is_valid():
        return _profile_response(request, status=422, token_form=form)
    try:
        token, raw = api_token_create(
            actor=user,
            user=user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            days=form.cleaned_data["validity"],
        )
    except AccountsError as exc:
        form.add_error(None, exc.message)
        return _profile_response(request, status=exc.http_status, token_form=form)
    # The raw value is shown in this response only; it is never stored.
    return _profile_response(request, new_token=token, new_token_raw=raw)


def _back(request: AuthedRequest) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "accounts:profile"


@require_POST
def token_revoke(request: AuthedRequest, public_id: UUID) -> HttpResponse:
    # Own tokens; HR those of their agency; the superadmin anyone's (a leaked token is an incident).
    token = get_object_or_404(tokens_revocable_by(request.user), public_id=public_id)
    try:
        api_token_revoke(actor=request.user, token=token)
    except AccountsError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The token has been revoked."))
    return redirect(_back(request))


@require_GET
def agency_tokens(request: AuthedRequest) -> HttpResponse:
    """HR: the API tokens of the agency's users (never their values), with revoke."""
    if not can_list_agency_tokens(request.user):
        raise PermissionDenied
    tokens = agency_tokens_visible_to(request.user)
    show = request.GET.get("show", "active")
    if show != "all":
        show = "active"
        tokens = tokens.usable()
    page = paginate(request, tokens)
    context = {"page": page, "tokens": page.object_list, "show": show}
    template = "accounts/_agency_token_results.html" if request.htmx else "accounts/agency_tokens.html"
    return TemplateResponse(request, template, context)
