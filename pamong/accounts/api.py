"""API tokens over the API: /api/v1/tokens (the caller's own) and revoke.

Reads go through the same selectors as the HTML pages (a token outside the
caller's scope is a 404); revoking goes through api_token_revoke(). Token
values and hashes are never part of any payload. Creating a token is not an
API operation: it needs a browser session (with the second factor for MFA roles).
"""

from datetime import datetime
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from pamong.core.schemas import PublicIdOut, error_responses, limit_param, offset_param, page_of

from .models import TokenScope
from .selectors import tokens_of, tokens_revocable_by
from .services import api_token_revoke

router = Router(tags=["tokens"])


class TokenOut(PublicIdOut):
    name: str
    prefix: str
    scope: TokenScope
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None
    active: bool

    @staticmethod
    def resolve_active(obj) -> bool:
        return obj.is_active


class TokenPageOut(Schema):
    count: int
    items: list[TokenOut]


@router.get(
    "/tokens",
    response={200: TokenPageOut, **error_responses(401, 422)},
    summary="List the caller's own API tokens (never their values)",
    operation_id="token_list",
)
def token_list(request, limit: int = limit_param(), offset: int = offset_param()):
    return page_of(tokens_of(request.user), limit, offset)


@router.post(
    "/tokens/{token_id}/revoke",
    response={200: TokenOut, **error_responses(401, 403, 404, 422)},
    summary="Revoke an API token (own tokens; HR: the agency's; superadmin: any)",
    operation_id="token_revoke",
)
def token_revoke(request, token_id: UUID):
    token = get_object_or_404(tokens_revocable_by(request.user), public_id=token_id)
    return api_token_revoke(actor=request.user, token=token)
