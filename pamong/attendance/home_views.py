"""The attendance home: role-aware links to every attendance page (each slice's page by URL name, shown only once it
exists) and the actor's own absence summary of the year."""

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from pamong.core.http import AuthedRequest
from pamong.people.selectors import actor_employee, has_subordinates

from .absence_access import sees_agency
from .absence_views import summary_context
from .capabilities import AttendancePerm
from .selectors.absence import absence_summary


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    actor = request.user
    me = actor_employee(actor)
    year = timezone.localdate().year
    context = {"me": me, "year": year, "team": has_subordinates(actor), "agency_wide": sees_agency(actor),
               "manage": actor.has_perm(AttendancePerm.MANAGE)}
    if me is not None:
        context.update(summary_context(absence_summary(me, year)))
    return TemplateResponse(request, "attendance/home.html", context)
