"""The public results page of an agency's satisfaction survey (/skm/hasil/<agency>/; rules.md §4, item 4:
"Publish results and follow-up actions"; PermenPANRB 14/2017 requires the results to be published).

For the latest closed period (or ``?period=<public_id>`` among the closed ones; an open period is not published:
its figures still move): the agency's IKM, and per unit with service points its IKM (NIK), category A–D,
respondents, weakest unsur and follow-up actions with their status. Nothing personal: no comments, no respondent
profile, no staff names.

The survey's public surface (public_views.public_view): anonymous, its own strict CSP, never cached, rendered
without the request's context processors. Indonesian unless the visitor chose otherwise; phone first.
"""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from .complaint_selectors import public_agency
from .public_views import public_page, public_view
from .publication_selectors import closed_periods_of, publication


def _not_found() -> HttpResponse:
    return public_page("feedback/public/published_not_found.html", {}, status=404)


def _wanted_period(request: HttpRequest) -> UUID | None:
    try:
        return UUID(request.GET.get("period", ""))
    except ValueError:
        return None


@public_view
@require_GET
def published(request: HttpRequest, agency: UUID) -> HttpResponse:
    """An active agency's published survey results; an unknown or inactive agency, or a period that is not one of
    its closed periods: 404; no closed period yet: a page saying so (200). Five queries whatever the size."""
    pemda = public_agency(agency)
    if pemda is None:
        return _not_found()
    periods = list(closed_periods_of(pemda))
    context = {"pemda": pemda, "periods": periods}
    if "period" in request.GET:
        wanted = _wanted_period(request)
        period = next((p for p in periods if p.public_id == wanted), None)
        if period is None:
            return _not_found()
    elif periods:
        period = periods[0]
    else:
        return public_page("feedback/public/published.html", {**context, "publication": None})
    return public_page("feedback/public/published.html",
                 {**context, "publication": publication(pemda=pemda, period=period)})
