"""Opening a notice: mark it read and go to what it is about.

Only the recipient opens their notice (anyone else gets 404, like a notice
that does not exist). The target is the notice's own url, followed only when
it is a relative url of this site; anything else leads back to the notices.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from pamong.approvals.selectors import notifications_for
from pamong.approvals.services import notifications_mark_read
from pamong.core.http import AuthedRequest


def _same_site(url: str) -> bool:
    """A path on this site ("/leave/…"): no scheme, no host, not protocol-relative."""
    return (url.startswith("/") and not url.startswith("//") and "\\" not in url
            and url_has_allowed_host_and_scheme(url, allowed_hosts=set(), require_https=False))


@require_GET
def notice_open(request: AuthedRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(notifications_for(request.user), pk=notice_id)
    if notice.read_at is None:
        notifications_mark_read(actor=request.user, ids=[notice.pk])
    return redirect(notice.url if _same_site(notice.url) else "leave:notifications")
